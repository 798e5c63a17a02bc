-- Input nested past PostgreSQL 15's limits: 54001 stack depth limit
-- exceeded, with its max_stack_depth hint.
SELECT (repeat('[', 20000) || repeat(']', 20000))::jsonb
;;
SELECT (repeat('[', 15000) || repeat(']', 15000))::json IS NULL
;;
SELECT (repeat('{"a":', 14000) || '1' || repeat('}', 14000))::jsonb
;;
SELECT (repeat('1+', 19000) || '1')::jsonpath
;;
SELECT regexp_match('abc', 'b', 'g')
;;
