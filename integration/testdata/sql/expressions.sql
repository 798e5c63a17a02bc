-- Expressions: arithmetic, comparison, boolean logic with NULLs, CASE,
-- COALESCE, NULLIF, GREATEST/LEAST, IN, BETWEEN, pattern matching,
-- IS [NOT] DISTINCT FROM, casts and implicit coercions.
SELECT 1 + 2, 7 - 10, 6 * 7, 7 / 2, 7 % 3, -7 / 2, -7 % 3, 2 ^ 10, |/ 16.0, @ -5
;;
SELECT 1 + 2 * 3, (1 + 2) * 3, 10 - 2 - 3, 2 ^ 3 ^ 2, -2 ^ 2, 100 / 10 / 5
;;
SELECT 1.5 + 1, 1.50 * 2, 10.0 / 3, 1 / 3.0, 5 % 2.5, 0.1 + 0.2, 1e2 + 1, 2.5e-1 * 4
;;
SELECT 1::int2 + 1::int2, 1::int2 * 2, 1::int8 + 1, 2147483647::int8 + 1, 3::float4 * 2, 3::float8 / 2
;;
SELECT 9223372036854775807, -9223372036854775808, 2147483648, 4294967296 * 2, 123456789012345678901234567890
;;
SELECT 1 < 2, 2 <= 2, 3 > 4, 4 >= 5, 1 = 1, 1 <> 1, 1 != 2, 'a' < 'b', 'B' < 'a', 'abc' > 'ab'
;;
SELECT 1 = 1.0, 1 < 1.5, 2::int8 = 2::int2, 1.0::float8 = 1, '10' > '9', 10 > 9
;;
SELECT true AND NULL, false AND NULL, true OR NULL, false OR NULL, NOT NULL::bool, NULL AND NULL, NULL OR true
;;
SELECT a, b, a AND b AS "and", a OR b AS "or", NOT a AS "not" FROM (VALUES (true), (false), (NULL::bool)) x(a), (VALUES (true), (false), (NULL::bool)) y(b) ORDER BY a NULLS LAST, b NULLS LAST
;;
SELECT NULL = NULL, NULL <> 1, 1 + NULL, NULL || 'x', NULL IS NULL, 1 IS NOT NULL, NULL::int IS NULL
;;
SELECT "vpnConnectionId", "transitGatewayId" IS NULL AS no_tgw, "vpnGatewayId" IS NOT NULL AS has_vgw, ("transitGatewayId" = 'x') IS UNKNOWN AS unk FROM vpn_connections ORDER BY 1
;;
SELECT true IS TRUE, NULL::bool IS NOT TRUE, false IS FALSE, NULL::bool IS NOT FALSE, NULL::bool IS UNKNOWN, true IS NOT UNKNOWN
;;
SELECT CASE WHEN 1 > 0 THEN 'pos' WHEN 1 < 0 THEN 'neg' ELSE 'zero' END, CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END, CASE WHEN false THEN 1 END
;;
SELECT "vpnConnectionId", CASE WHEN "transitGatewayId" IS NOT NULL THEN 'transit' WHEN "vpnGatewayId" IS NOT NULL THEN 'virtual' ELSE 'none' END AS gateway_kind FROM vpn_connections ORDER BY 1
;;
SELECT "vpnConnectionId", CASE region WHEN 'us-east-1' THEN 1 WHEN 'eu-west-1' THEN 2 ELSE 3 END AS zone FROM vpn_connections ORDER BY zone, 1
;;
SELECT CASE WHEN x > 1 THEN x ELSE 0.5 END, CASE WHEN x > 1 THEN 'big' END FROM generate_series(1, 3) x
;;
SELECT CASE NULL WHEN NULL THEN 'matched' ELSE 'no match' END, CASE WHEN NULL THEN 1 ELSE 2 END
;;
SELECT coalesce(NULL, 1, 2), coalesce(NULL::text, 'x'), coalesce(NULL, NULL), coalesce(1, 2.5), coalesce("transitGatewayId", "vpnGatewayId", 'none') FROM vpn_connections ORDER BY 5
;;
SELECT nullif(1, 1), nullif(1, 2), nullif('a', 'a'), nullif(NULL, 1), nullif(state, 'available') FROM vpn_connections LIMIT 1
;;
SELECT greatest(1, 2, 3), least(1, 2, 3), greatest(1, NULL, 3), least(NULL::int, NULL), greatest('apple', 'banana'), least(1, 2.5), greatest(1.5, 2)
;;
SELECT "vpnConnectionId", greatest(jsonb_array_length(routes), 1), least(region, 'f') FROM vpn_connections ORDER BY 1
;;
SELECT 1 IN (1, 2), 3 IN (1, 2), 3 NOT IN (1, 2), 1 IN (NULL, 1), 3 IN (NULL, 1), 3 NOT IN (NULL, 1), NULL IN (1, 2)
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE region IN ('eu-west-1', 'ap-southeast-2') AND "vpnConnectionId" NOT IN ('vpn-03c3177160393f0bd') ORDER BY 1
;;
SELECT 'b' IN ('a', 'b'), 1.0 IN (1, 2), 2 IN (1.5, 2.0)
;;
SELECT 5 BETWEEN 1 AND 10, 5 BETWEEN 10 AND 1, 5 BETWEEN SYMMETRIC 10 AND 1, 5 NOT BETWEEN 1 AND 4, NULL BETWEEN 1 AND 2, 'm' BETWEEN 'a' AND 'z'
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE "vpnConnectionId" BETWEEN 'vpn-02' AND 'vpn-08' ORDER BY 1
;;
SELECT 'hello' LIKE 'h%', 'hello' LIKE 'H%', 'hello' ILIKE 'H%', 'hello' NOT LIKE '%z%', 'hello' LIKE 'h_llo', 'h%' LIKE 'h\%', 'hello' NOT ILIKE 'HE%'
;;
SELECT 'a.c' LIKE 'a.c', 'abc' LIKE 'a.c', 'a+c' LIKE 'a+c', 'x' LIKE '', '' LIKE '%', 'ab' LIKE 'a', 'A_B' LIKE 'a#_b' ESCAPE '#', 'A_B' ILIKE 'a#_b' ESCAPE '#'
;;
SELECT "vpnConnectionId", tags->>'Name' FROM vpn_connections WHERE tags->>'Name' LIKE '%-prod-%' ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE tags->>'Name' ILIKE 'LON%' OR tags->>'Site' ~~ 'hq' ORDER BY 1
;;
SELECT 'abc' SIMILAR TO 'abc', 'abc' SIMILAR TO 'a', 'abc' SIMILAR TO '%(b|d)%', 'abc' SIMILAR TO '(a|b)%', 'abd' NOT SIMILAR TO 'a[bc]d', 'aaa' SIMILAR TO 'a{2,3}', 'ab' SIMILAR TO 'a_'
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE tags->>'Name' SIMILAR TO '(lon|hq)-%' ORDER BY 1
;;
SELECT 'vpn-123' ~ '^vpn-[0-9]+$', 'VPN' ~* 'vpn', 'abc' !~ 'b', 'ABC' !~* 'b', 'a.c' ~ 'a\.c', 'foo bar' ~ '\s', 'x' ~ 'X'
;;
SELECT "vpnConnectionId", tags->>'Name' ~ 'vpn-[13]$' AS odd FROM vpn_connections ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE "vgwTelemetry"::text ~ 'DOWN' ORDER BY 1
;;
SELECT 1 IS DISTINCT FROM 1, 1 IS DISTINCT FROM 2, 1 IS DISTINCT FROM NULL, NULL IS DISTINCT FROM NULL, NULL IS NOT DISTINCT FROM NULL, 1 IS NOT DISTINCT FROM 1.0
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE "transitGatewayId" IS DISTINCT FROM NULL ORDER BY 1
;;
SELECT '42'::int, CAST('42' AS bigint), '3.14'::numeric, CAST(3.7 AS int), (-3.5)::int, 2.5::int, 3.5::int, '1e3'::float8, ' 12 '::int
;;
SELECT 42::text, 3.10::text, true::text, false::int, 1::bool, 0::boolean, 'yes'::bool, 'off'::boolean, 't'::bool, '1'::bool
;;
SELECT '2024-05-14'::date, '2024-05-14 10:00:00+02'::timestamptz, '1 day'::interval, '{"a": 1}'::jsonb, '{"a":1}'::json, '{1,2,3}'::int[], '{a,b}'::text[]
;;
SELECT 1::numeric, 1.0::float8, 1.5::float4, 10::int2, 100000::int8, 1.999::int, 12.345::numeric(5,2), 'abc'::varchar(2), 'ab'::char(4), 'ab'::char(4) = 'ab'
;;
SELECT CAST(region AS varchar(4)), CAST(jsonb_array_length(routes) AS numeric(6,2)), CAST(options->>'staticRoutesOnly' AS boolean) FROM vpn_connections ORDER BY 1, 2, 3
;;
SELECT (options->'tunnelOptionSet'->0->'logOptions'->'cloudWatchLogOptions'->>'logEnabled')::bool, (tags->>'CostCenter')::text FROM vpn_connections ORDER BY 2 NULLS FIRST, 1
;;
SELECT 1 + '2', '3' + 4, 1.5 + '1', 'a' || 1, 1 || 'a', 2 || 3::text, 10 = '10', 'x' = 'x'::text, 1 < '2'
;;
SELECT 1 + 1::int8, 1::int2 + 1.5, 1::float4 + 1::int8, 1 + 1::numeric, 2::int8 * 1.5::float8
;;
SELECT length(42::text), upper(1::text), 1::int = ANY('{1,2}'), 'x' = ANY('{x,y}'), 'z' = ALL('{z,z}')
;;
SELECT "vpnConnectionId" || ' @ ' || region, region || NULL, length("vpnConnectionId" || region) FROM vpn_connections ORDER BY 1
;;
SELECT +5, -(-5), - 5.5, -(2^2), abs(-0), -0.0
;;
SELECT 'it''s', E'tab\there', U&'\0041BC', $$dollar$$, $tag$with ' quote$tag$, 'con'
'cat'
;;
SELECT 1 AS one WHERE NULL UNION ALL SELECT 2 WHERE true UNION ALL SELECT 3 WHERE 1 = 1 AND NULL IS NULL
;;
SELECT x, x > 1 AND x < 4 AS mid, NOT (x = 2) AS not2, x % 2 = 0 OR x = 5 AS even_or_five FROM generate_series(0, 6) x ORDER BY x
;;
SELECT count(*) FILTER (WHERE state = 'available' AND (region = 'us-east-1' OR region = 'eu-west-1')), count(*) FILTER (WHERE NOT ("transitGatewayId" IS NULL)) FROM vpn_connections
;;
SELECT 'abc' COLLATE "C" < 'abd', 'B' < 'a' COLLATE "C", upper('x') COLLATE "C"
;;
SELECT 0.1::float8 + 0.2::float8, 1.0::float8 / 3, 1e300::float8 * 10, -1e-300::float8 / 1e10, 'NaN'::float8, 'Infinity'::float8, '-inf'::float8
;;
SELECT 'NaN'::float8 = 'NaN'::float8, 'NaN'::float8 > 1e308, 'NaN'::numeric, 'NaN'::numeric > 1
;;
SELECT NULL::int + 1, NULL::text || 'a', NULL::bool AND false, NULL::int IN (NULL), 1 = ANY(NULL::int[]), NOT (NULL::int > 1)
;;
SELECT CASE WHEN x IS NULL THEN 'null' WHEN x THEN 'yes' ELSE 'no' END FROM (VALUES (true), (false), (NULL)) t(x)
;;
SELECT coalesce(NULLIF(tags->>'Team', 'security'), 'other') AS team, count(*) FROM vpn_connections GROUP BY 1 ORDER BY 1
;;
SELECT x, x::text, x::numeric, x::int FROM (VALUES (1.5::float8), (-0.5), (2.5), (1e3)) t(x) ORDER BY 1
;;
SELECT 'abc' LIKE '%', 'a%c' LIKE 'a\%c', 'a%c' LIKE 'a%%c', '_' LIKE '\_', 'Ab' ILIKE 'a_', 'x' NOT LIKE NULL
;;
SELECT 7 / 2 * 2, 7 % -3, -7 % -3, 2 ^ -2, (-2) ^ 2, 10 / 3.0 * 3, 1 - - 1
;;
SELECT 9223372036854775807::int8 / -1, -9223372036854775807::int8 - 1, 32767::int2 * 1, (-32768)::int2
;;
SELECT 'true'::bool AND 'f'::bool, 'yes'::bool OR 'no'::bool, NOT 'on'::bool, '  TRUE  '::bool

;;
-- name: bitwise operators
SELECT 5 & 3, 5 | 3, 5 # 3, 1 << 4, 256 >> 2, 3::smallint & 1::smallint, pg_typeof(3::smallint & 1::smallint), 12::int8 & 10, -1::int2 >> 1
