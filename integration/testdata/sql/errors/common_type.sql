-- Common-type resolution errors: categories that cannot be matched, and
-- types of one category without an implicit coercion between them.
SELECT CASE WHEN true THEN 1 ELSE 'a'::text END
;;
SELECT CASE WHEN true THEN '{}'::json ELSE '{}'::jsonb END
;;
SELECT CASE WHEN true THEN '{}'::jsonb ELSE '{}'::json END
;;
SELECT '{}'::json UNION ALL SELECT '{}'::jsonb
;;
SELECT 1 UNION SELECT 'a'::text
;;
SELECT * FROM (VALUES (1, 'a'), ('x', 2)) v
;;
SELECT ARRAY['{}'::json, '{}'::jsonb]
;;
SELECT coalesce('{}'::json, '{}'::jsonb)
;;
SELECT greatest(1, 'x'::text)
;;
SELECT CASE 1 WHEN 1 THEN 'a' WHEN 2 THEN 3 END
;;
-- "char" is of category Z (internal), text of S.
SELECT coalesce('a'::"char", 'b'::text)
