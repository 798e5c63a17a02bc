-- Result column names (?column?, function names, aliases, casts) and result
-- types (OIDs and typmods).
SELECT 1, 1 + 1, 'x', NULL, true, 1.5, -1, count(*) FROM vpn_connections
;;
SELECT count(*), count(1), sum(1), max(region), min("vpnConnectionId") FROM vpn_connections
;;
SELECT vpn_connections.region, vpn_connections.state, ec2.vpn_connections.type, c.region FROM vpn_connections JOIN vpn_connections c USING ("vpnConnectionId") LIMIT 0
;;
SELECT c.region AS "Region", c.region AS r, c.region r2, c.region AS "select" FROM vpn_connections c LIMIT 0
;;
SELECT 1::int, '1'::text, 1::numeric, '1'::varchar, 1::int8, 1::int2, 1::float4, 1::float8, 't'::bool, '{}'::jsonb, '[]'::json, '2024-01-01'::date, '2024-01-01'::timestamp, '2024-01-01'::timestamptz, '1 day'::interval
;;
SELECT CAST(1 AS text), CAST(region AS varchar), region::text, (region)::varchar(20), "vpnConnectionId"::name FROM vpn_connections LIMIT 0
;;
SELECT upper(region), lower(region) AS l, length(region), coalesce(region, 'x'), nullif(region, 'x'), greatest(region, 'a'), least(1, 2) FROM vpn_connections LIMIT 0
;;
SELECT CASE WHEN true THEN 1 END, CASE WHEN true THEN 1 ELSE region::int END, CASE WHEN true THEN 1 ELSE 2 END AS c, CASE 1 WHEN 1 THEN 'a' ELSE upper('b') END FROM (SELECT '1' AS region) s
;;
SELECT EXISTS (SELECT 1), ARRAY[1], ARRAY(SELECT 1), (SELECT 1), (SELECT 1 AS inner_name), (SELECT region FROM vpn_connections ORDER BY region LIMIT 1)
;;
SELECT tags->'Name', tags->>'Name', tags #> '{Name}', options #>> '{x}', tags ? 'x', routes @> '[]', (routes->0)::text FROM vpn_connections LIMIT 0
;;
SELECT now(), current_timestamp, current_date, localtimestamp, current_user, session_user, current_schema, current_catalog, user LIMIT 0
;;
SELECT x, x.* FROM generate_series(1, 2) x
;;
SELECT g, g.g FROM generate_series(1, 2) AS g
;;
SELECT t, t.a FROM (VALUES (1), (2)) t(a) ORDER BY 1
;;
SELECT * FROM generate_series(1, 2) AS s(n), unnest(ARRAY['a']) u, jsonb_array_elements_text('["x"]')
;;
SELECT 'abc'::varchar(2)::char(1) = 'abcd'::varchar(3), 1 AS select, 'a' LIKE 'a\'
;;
SELECT 'a' AS x, 'b'::text AS y, 'c'::varchar(3) AS z, 'd'::char(2) AS w, 'e'::char AS v, 'f'::name AS u
;;
SELECT 1.50::numeric(10,2), 1.5::numeric(10), 1::numeric(3,0), 12.5::decimal(4,1), '1.5'::numeric(5,3)
;;
SELECT t.a, t.b FROM (SELECT 1.5::numeric(5,2) AS a, 'x'::varchar(5) AS b) t
;;
SELECT a FROM (SELECT 'x'::varchar(5) AS a UNION ALL SELECT 'yy'::varchar(5)) s
;;
SELECT a FROM (SELECT 'x'::varchar(5) AS a UNION ALL SELECT 'yy'::varchar(8)) s
;;
SELECT pg_typeof(1), pg_typeof('x'), pg_typeof(1.5), pg_typeof(NULL), pg_typeof(ARRAY[1]), pg_typeof(region), pg_typeof(tags), pg_typeof(tags->'x'), pg_typeof(tags->>'x') FROM vpn_connections LIMIT 1
;;
SELECT pg_typeof(CASE WHEN true THEN 1 ELSE 2.5 END), pg_typeof(coalesce(1, 2::int8)), pg_typeof(greatest(1, 2.5)), pg_typeof(nullif(1::int2, 2)), pg_typeof(ARRAY[1, 2.5])
;;
SELECT 'x' || 'y', 'x' || 1, pg_typeof('x' || 'y'), pg_typeof(1 || 'y')
;;
SELECT 1 AS a, 2 AS a, 3 AS "?column?"
;;
SELECT * FROM (SELECT 1, 2) s
;;
SELECT * FROM (SELECT 1 AS x, 2 AS x) s
;;
SELECT x FROM (SELECT 1 AS x) s WHERE s.x = 1
;;
SELECT * FROM (SELECT count(*), max(1) FROM vpn_connections) s
;;
SELECT row_number() OVER (), rank() OVER (ORDER BY 1), lag(1) OVER (), sum(1) OVER (), avg(1) OVER () FROM vpn_connections LIMIT 1
;;
SELECT exists(SELECT 1), (1, 2) = (1, 2), ROW(1, 'a') IS NOT NULL, (1, 'a') < (2, 'a')
;;
SELECT $$x$$ AS dollar, E'\x41' AS hex, B'101' AS bits, X'ff' AS xbits
;;
SELECT aws.ec2.vpn_connections.region, ec2.vpn_connections.type FROM aws.ec2.vpn_connections ORDER BY "vpnConnectionId" LIMIT 1
;;
SELECT * FROM aws.ec2.vpn_connections WHERE "vpnConnectionId" = 'vpn-0820266296a1bb6b8'
;;
SELECT * FROM ec2.vpn_connections ORDER BY "vpnConnectionId" LIMIT 2
;;
SELECT c.* FROM vpn_connections c ORDER BY c."vpnConnectionId" DESC LIMIT 1
;;
SELECT "accountId", region, "customerGatewayId", category, "gatewayAssociationState", "coreNetworkArn", "coreNetworkAttachmentArn" FROM vpn_connections ORDER BY "vpnConnectionId"
;;
-- uuid input as uuid_in reads it (braces, upper case, hyphens after any
-- group of four) and the name type's truncation to 63 bytes on a
-- character boundary.
SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid, '{a0eebc999c0b4ef8bb6d6bb9bd380a11}'::uuid, 'a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11'::uuid
;;
SELECT ('x' || repeat('é', 40))::name, octet_length(('x' || repeat('é', 40))::name), repeat('ab', 40)::name
;;
