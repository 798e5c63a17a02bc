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
;;
SELECT 1 IN (true, false)
;;
SELECT 1 IN (1, true)
;;
SELECT '{}'::jsonb IN ('{}'::json)
;;
SELECT region IN ('us-east-1', 1) FROM vpn_connections
;;
SELECT 1 IN (1, 'a')
;;
-- An untyped literal arm of a set operation is read as the common type, failing at itself.
SELECT 'a' UNION SELECT 1
;;
SELECT 1 UNION ALL SELECT 'x'
