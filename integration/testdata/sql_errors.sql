SELECT nosuch FROM vpn_connections
;;
SELECT * FROM nosuch_table
;;
SELECT 2147483647 + 1
;;
SELECT 1 / 0
;;
SELECT 'abc'::int
;;
SELECT nofunc(1)
;;
SELECT 1 = 'a'::text
;;
SELECT region, count(*) FROM vpn_connections
;;
SELECT state FROM vpn_connections a, vpn_connections b
;;
SELECT 1 +
;;
SELECT (SELECT region FROM vpn_connections)
;;
SELECT '{"a":1}'::jsonb -> 'a' -> 'b' ->> 0, jsonb_array_length('{}')
;;
SELECT x FROM generate_series(1, 3) x ORDER BY 5
;;
SET nosuch_setting = 1
;;
SELECT 9223372036854775807::bigint * 2
;;
SELECT ARRAY[1,2] = ANY(ARRAY[1])
