-- Statements carried over from the first differential test and
-- executor/testdata/queries.sql.
SELECT "vpnConnectionId", state, region FROM vpn_connections ORDER BY region, 1
;;
SELECT region, count(*), count(DISTINCT "customerGatewayId"), min("vpnConnectionId"), max(type) FROM vpn_connections GROUP BY region ORDER BY 1
;;
SELECT "vpnConnectionId", tags->>'Name' AS name, jsonb_array_length(options->'tunnelOptionSet') AS tunnels, options->>'staticRoutesOnly' AS static FROM vpn_connections WHERE tags ? 'Name' ORDER BY 2, 1
;;
SELECT "vpnConnectionId", (SELECT count(*) FROM jsonb_array_elements(routes)) AS nroutes, EXISTS (SELECT 1 FROM jsonb_array_elements("tagSet") e WHERE e->>'key' = 'Env') AS has_env FROM vpn_connections ORDER BY 1
;;
SELECT "vpnConnectionId", CASE WHEN "transitGatewayId" IS NOT NULL THEN 'tgw' ELSE 'vgw' END AS kind, coalesce("vpnGatewayId", "transitGatewayId") AS gw FROM vpn_connections ORDER BY 1
;;
SELECT DISTINCT ON (region) region, "vpnConnectionId" FROM vpn_connections ORDER BY region, "vpnConnectionId" DESC
;;
SELECT string_agg("vpnConnectionId", ',' ORDER BY "vpnConnectionId"), bool_and(state = 'available'), jsonb_agg(region ORDER BY "vpnConnectionId") FROM vpn_connections
;;
SELECT "vpnConnectionId", "tagSet" @> '[{"key": "Env", "value": "prod"}]' AS prod, options #>> '{tunnelOptionSet,0,outsideIpAddress}' AS first_ip FROM vpn_connections ORDER BY 1
;;
SELECT upper(region), length("customerGatewayConfiguration") > 100, left("vpnConnectionId", 4) FROM vpn_connections ORDER BY 1, 3 LIMIT 5 OFFSET 2
;;
SELECT count(*) FILTER (WHERE "vpnGatewayId" IS NOT NULL) AS vgw, count(*) FILTER (WHERE "transitGatewayId" IS NOT NULL) AS tgw FROM vpn_connections
;;
SELECT r.route->>'destinationCidrBlock' AS cidr, c.region FROM vpn_connections c CROSS JOIN LATERAL jsonb_array_elements(c.routes) AS r(route) ORDER BY 1, 2
;;
SELECT a, b FROM (VALUES (1,'x'),(2,'y')) AS t(a,b) ORDER BY a DESC
;;
SELECT t.a, u.c FROM (VALUES (1),(2)) t(a) LEFT JOIN (VALUES (1,'one')) u(a,c) ON t.a = u.a ORDER BY 1
;;
WITH x AS (SELECT 1 AS n UNION ALL SELECT 2) SELECT sum(n) FROM x
;;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r WHERE n < 5) SELECT string_agg(n::text, ',') FROM r
;;
SELECT x, row_number() OVER (ORDER BY x DESC), sum(x) OVER () FROM generate_series(1,3) x ORDER BY x
;;
SELECT (SELECT max(a) FROM (VALUES (1),(5)) v(a)), EXISTS (SELECT 1 WHERE false), 3 IN (SELECT generate_series(1,4))
;;
SELECT jsonb_array_elements('[{"a":1},{"a":2}]'::jsonb)->>'a'
;;
SELECT key, value FROM jsonb_each('{"b":2,"a":1}'::jsonb) ORDER BY key
;;
SELECT CASE WHEN 1 > 2 THEN 'x' ELSE 'y' END, greatest(1, 3, 2), (ARRAY[1,2,3])[2]
;;
SELECT DISTINCT ON (a % 2) a FROM generate_series(1,6) a ORDER BY a % 2, a DESC
;;
SELECT 1 UNION SELECT 1 UNION SELECT 2 ORDER BY 1
;;
SELECT a % 2 AS m, count(*) FROM generate_series(1,5) a GROUP BY a % 2 ORDER BY m
;;
SELECT a, (SELECT count(*) FROM generate_series(1, t.a)) FROM generate_series(1,3) t(a)
;;
SELECT a, b FROM generate_series(1,2) a, LATERAL generate_series(1, a) b ORDER BY 1,2
;;
SELECT x.a, y.a FROM (VALUES (1),(2)) x(a) JOIN (VALUES (2),(3)) y(a) USING (a)
;;
SELECT n, lag(n) OVER (ORDER BY n), rank() OVER (ORDER BY n / 2) FROM generate_series(1,4) n
;;
SELECT count(*) FILTER (WHERE n > 2), array_agg(n ORDER BY n DESC) FROM generate_series(1,4) n
;;
SELECT upper('abc'), lower('ÀB'), length('héllo'), substr('hello', 2, 3), substring('hello' FROM 2), position('l' IN 'hello'), replace('a-b-c', '-', '+')
;;
SELECT split_part('a,b,c', ',', 2), lpad('7', 3, '0'), rpad('x', 3), btrim('  x  '), ltrim('xxy', 'x'), concat('a', NULL, 1), concat_ws('-', 'a', NULL, 'b')
;;
SELECT left('abcdef', 2), right('abcdef', -2), repeat('ab', 3), reverse('abc'), initcap('hello wORLD'), strpos('abc', 'c'), starts_with('abc', 'ab')
;;
SELECT regexp_replace('a1b22c', '[0-9]+', '#', 'g'), regexp_replace('foo', 'o', 'X'), (regexp_match('vpn-123abc', 'vpn-([0-9]+)'))[1], 'abc' ~ '^a', 'ABC' ~* 'b', 'abc' !~ 'z'
;;
SELECT 'abc' SIMILAR TO 'a(b|x)c', 'abc' NOT SIMILAR TO '%z%', 'a_c' LIKE 'a\_c', md5('x'), quote_ident('Foo'), quote_literal('it''s')
;;
SELECT abs(-5), abs(-2.5), ceil(1.2), floor(-1.2), round(2.5), round(-2.5), round(3.14159, 2), mod(7, 3), power(2, 10), sqrt(16.0)
;;
SELECT 5 / 2, 5.0 / 2, 5 % 3, -7 / 2, 2 ^ 3, 1e3::int, '12'::int + 1, 3::float8 / 2, 10::numeric / 4
;;
SELECT greatest('a', 'c', 'b'), least(3, NULL, 1), nullif('a', 'b'), coalesce(NULL, NULL, 3), 1 BETWEEN 0 AND 2, 5 NOT BETWEEN 1 AND 3
;;
SELECT NULL IS DISTINCT FROM 1, NULL IS NOT DISTINCT FROM NULL, true IS TRUE, NULL IS UNKNOWN, false IS NOT FALSE
;;
SELECT '{"a":1,"b":[1,2]}'::jsonb ? 'a', '{"a":1}'::jsonb ?| ARRAY['x','a'], '{"a":1}'::jsonb ?& ARRAY['x','a'], '{"a":1}'::jsonb || '{"b":2}', '{"a":1,"b":2}'::jsonb - 'a', '[1,2,3]'::jsonb - 1
;;
SELECT '{"a":{"b":[10,20]}}'::jsonb #> '{a,b}', '{"a":{"b":[10,20]}}'::jsonb #>> '{a,b,1}', jsonb_extract_path_text('{"a":{"b":"x"}}', 'a', 'b'), '{"a":{"b":1}}'::jsonb #- '{a,b}'
;;
SELECT jsonb_build_object('a', 1, 'b', 'x', 'c', NULL), jsonb_build_array(1, 'two', true), to_jsonb('x'::text), to_jsonb(42), jsonb_typeof('[1]'), jsonb_array_length('[1,2]')
;;
SELECT '[{"k":"a"},{"k":"b"}]'::jsonb @> '[{"k":"b"}]', '{"a":1}'::jsonb <@ '{"a":1,"b":2}', jsonb_strip_nulls('{"a":null,"b":1}')
;;
SELECT jsonb_path_query_array('{"t":[{"ip":"1"},{"ip":"2"}]}', '$.t[*].ip'), jsonb_path_exists('{"a":1}', '$.b')
;;
SELECT jsonb_object_agg(k, v ORDER BY k) FROM (VALUES ('b', 2), ('a', 1)) t(k, v)
;;
SELECT string_agg(DISTINCT x, ',' ORDER BY x), bool_and(x > 'a'), bool_or(x = 'c'), min(x), max(x) FROM (VALUES ('c'), ('b'), ('c')) t(x)
;;
SELECT avg(x), sum(x), count(x), count(*) FROM (VALUES (1), (2), (NULL::int)) t(x)
;;
SELECT g, count(*) FROM (VALUES ('a', 1), ('a', 2), ('b', 3)) t(g, n) GROUP BY g HAVING sum(n) > 2 ORDER BY g
;;
SELECT x, dense_rank() OVER w2, first_value(x) OVER (PARTITION BY x > 1 ORDER BY x DESC) FROM (VALUES (1), (2), (2), (3)) t(x) WINDOW w2 AS (ORDER BY x) ORDER BY 1
;;
SELECT 1 INTERSECT SELECT 1
;;
SELECT x FROM (VALUES (1), (2), (3)) t(x) EXCEPT SELECT 2 ORDER BY 1
;;
SELECT * FROM (SELECT 1 AS a, 'x' AS b) s WHERE s.a = 1
;;
SELECT ARRAY[1,2] || 3, array_length(ARRAY[1,2,3], 1), cardinality(ARRAY['a']), array_position(ARRAY['a','b'], 'b'), 2 = ANY(ARRAY[1,2]), 5 > ALL(ARRAY[1,2])
;;
SELECT t.* FROM unnest(ARRAY['a','b']) WITH ORDINALITY AS t(v, n)
;;
SELECT a FROM generate_series(10, 1, -3) a
;;
SELECT count(*) FROM generate_series(1, 3) a CROSS JOIN generate_series(1, 2) b
;;
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x) FULL JOIN (VALUES (2), (3)) b(y) ON a.x = b.y ORDER BY 1, 2
;;
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x) RIGHT JOIN (VALUES (2), (3)) b(y) ON a.x = b.y ORDER BY 2
;;
SELECT x FROM (VALUES (3), (1), (NULL), (2)) t(x) ORDER BY x DESC NULLS LAST LIMIT 3 OFFSET 1
;;
SELECT x FROM (VALUES (3), (1), (NULL), (2)) t(x) ORDER BY x NULLS FIRST FETCH FIRST 2 ROWS ONLY
;;
SELECT CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END FROM (VALUES (1), (2), (3)) t(x)
;;
SELECT 1::text || 'a', 'n' || 1, 1.50::numeric, 0.1::float8 + 0.2, 1e-7::float8, 123456789012345678::float8, (2^62)::bigint
;;
SELECT EXISTS (SELECT 1 FROM (VALUES (1)) v(x) WHERE x = o.y) FROM (VALUES (1), (2)) o(y)
;;
SELECT y, (SELECT array_agg(z ORDER BY z) FROM generate_series(1, y) z) FROM (VALUES (2), (3)) o(y)
;;
SELECT '2024-05-14 09:21:03+00'::timestamptz, '2024-05-14'::date, '2024-05-14 09:21:03.5'::timestamp, '1 day 2 hours'::interval, '90 minutes'::interval, '-1 days +02:00:00'::interval
;;
SELECT date_trunc('month', '2024-05-14 09:21:03+00'::timestamptz), date_trunc('week', '2024-05-16 09:21:03+00'::timestamptz), date_trunc('hour', '2024-05-14 09:21:03.5+00'::timestamptz)
;;
SELECT extract(year FROM '2024-05-14 09:21:03.5+00'::timestamptz), extract(epoch FROM '2024-05-14 09:21:03.5+00'::timestamptz), date_part('dow', '2024-05-14'::date), extract(second FROM '2024-05-14 09:21:03.5+00'::timestamptz)
;;
SELECT '2024-05-14 09:00:00+00'::timestamptz + '1 day 30 minutes'::interval, '2024-05-14'::date + 3, '2024-05-20'::date - '2024-05-14'::date, '2024-05-14 10:00:00+00'::timestamptz - '2024-05-13 08:30:00+00'::timestamptz
;;
SELECT age('2024-05-14'::timestamptz, '2023-02-20'::timestamptz), '2024-05-14'::date < '2024-06-01'::date, '1 hour'::interval > '59 minutes'::interval
;;
SELECT to_timestamp(1715678463), '2024-05-14T09:21:03.000Z'::timestamptz, '2024-05-14 09:21:03+02'::timestamptz
