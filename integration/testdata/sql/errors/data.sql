-- Data errors: overflow 22003, division by zero 22012, invalid input 22P02
-- and friends.
SELECT 2147483647 + 1
;;
SELECT -2147483648 - 1
;;
SELECT 2147483647 * 2
;;
SELECT 9223372036854775807::bigint * 2
;;
SELECT 9223372036854775807 + 1
;;
SELECT 32767::int2 + 1::int2
;;
SELECT (-2147483648)::int / -1
;;
SELECT abs(-2147483648)
;;
SELECT 99999999999::int
;;
SELECT 40000::int2
;;
SELECT '99999999999'::int
;;
SELECT 1e10::int
;;
SELECT 123.456::numeric(4,2)
;;
SELECT sum(x) FROM (VALUES (9223372036854775807::int8), (1)) t(x) GROUP BY true HAVING sum(x)::int8 > 0
;;
SELECT 1 / 0
;;
SELECT 1.0 / 0
;;
SELECT 5 % 0
;;
SELECT 1::float8 / 0
;;
SELECT count(*) / 0 FROM vpn_connections
;;
SELECT jsonb_array_length(routes) / (jsonb_array_length(routes) * 0) FROM vpn_connections
;;
SELECT mod(1, 0)
;;
SELECT 'abc'::int
;;
SELECT ''::int
;;
SELECT '1.5'::int
;;
SELECT 'x'::numeric
;;
SELECT 'maybe'::bool
;;
SELECT '1.2.3'::float8
;;
SELECT region::int FROM (SELECT region FROM vpn_connections ORDER BY region LIMIT 1) s
;;
SELECT (tags->>'Name')::int FROM (SELECT tags FROM vpn_connections ORDER BY "vpnConnectionId" LIMIT 1) s
;;
SELECT '{"a":'::jsonb
;;
SELECT '{1,2'::int[]
;;
SELECT '{a,b}'::int[]
;;
SELECT 'not a date'::date
;;
SELECT '2024-13-01'::date
;;
SELECT '25:00'::interval + 'x'::interval
;;
SELECT sqrt(-1)
;;
SELECT ln(0)
;;
SELECT log(-1)
;;
SELECT substr('abc', 1, -1)
;;
SELECT repeat('x', 3), split_part('a', ',', 0)
;;
SELECT chr(0)
;;
SELECT jsonb_array_length('{}')
;;
SELECT jsonb_array_length(tags) FROM vpn_connections
;;
SELECT jsonb_array_elements(tags) FROM vpn_connections
;;
SELECT * FROM jsonb_each('[1]')
;;
SELECT jsonb_object_keys(routes) FROM vpn_connections
;;
SELECT '{"a": 1}'::jsonb - 1
;;
SELECT '1'::jsonb - 'a'
;;
SELECT (tags->'Name')::int FROM vpn_connections
;;
SELECT (tags)::bool FROM vpn_connections
;;
SELECT jsonb_build_object('a')
;;
SELECT jsonb_build_object(NULL, 1)
;;
SELECT jsonb_object_agg(NULL::text, 1)
;;
SELECT (SELECT region FROM vpn_connections)
;;
SELECT (SELECT 1 UNION SELECT 2)
;;
SELECT generate_series(1, 3, 0)
;;
SELECT ntile(0) OVER () FROM vpn_connections
;;
SELECT 1 LIMIT -1
;;
SELECT 1 OFFSET -1
;;
SELECT 'a' ~ '('
;;
SELECT date_trunc('fortnight', now())
;;
SELECT extract(fortnight FROM now())
;;
SELECT ARRAY[1, 2][0:1] || 'x'
;;
SELECT to_timestamp('x')
;;
SELECT 'Infinity'::float8::int
;;
SELECT 'NaN'::numeric::int
;;
SELECT '{"a":1}'::jsonb -> 'a' -> 'b' ->> 0, jsonb_array_length('{}')
;;
SET nosuch_setting = 1
;;
SELECT ARRAY[1,2] = ANY(ARRAY[1])
;;
SELECT (-8) ^ (1.0/3)
;;
SELECT 'ab' LIKE 'a\'
;;
SELECT min(y) FROM (VALUES ('{"a":1}'::jsonb)) t(y)
;;
SELECT * FROM generate_series(1, 2, 0::numeric)
;;
SELECT * FROM generate_series('NaN'::numeric, 2)
;;
-- uuid_in's syntax errors, and the message quoting the input as it is.
SELECT 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1'::uuid
;;
SELECT '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid
;;
SELECT 'a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11'::uuid
;;
SELECT 'a	b'::int
;;
