-- Common-type resolution (PostgreSQL's select_common_type): CASE, COALESCE,
-- NULLIF, GREATEST/LEAST, ARRAY[], VALUES, set operations, JOIN USING.
-- Result column type OIDs are compared, so each case shows the type chosen.

-- name: psqlodbc_sqlcolumns_case_oid
-- psqlODBC's SQLColumns: int4 then oid in one category gives oid (int4 is
-- not preferred and coerces to oid implicitly, not back).
SELECT t.typname, CASE t.typtype WHEN 'd' THEN t.typbasetype ELSE 0 END AS basetype FROM pg_type t WHERE t.typname IN ('int4', 'cardinal_number') ORDER BY 1
;;
-- name: psql_tab_completion_name_union_text
-- psql's tab completion: name then text stays name (text coerces to name).
SELECT c.relname FROM pg_class c WHERE c.relname = 'vpn_connections' UNION ALL SELECT NULL::text
;;
-- name: union_text_then_name
SELECT NULL::text AS n UNION ALL SELECT c.relname FROM pg_class c WHERE c.relname = 'vpn_connections'
;;
SELECT coalesce(1, 2.5) AS a, coalesce(1::int2, 2) AS b, coalesce(NULL, 'a') AS c, coalesce(1::oid, 2::int8) AS d, coalesce(1::regclass, 2::oid) AS e
;;
SELECT coalesce('a'::bpchar, 'b'::varchar) AS b, coalesce('a'::varchar, 'b'::bpchar) AS c, coalesce('a'::name, 'b'::varchar) AS d
;;
SELECT greatest(1, 2.5, 3::float4) AS a, least('a'::varchar, 'b'::text) AS b, greatest(1::int2, 2::int8) AS c
;;
SELECT ARRAY[1, 2::oid] AS a, ARRAY['a'::name, 'b'::text] AS b, ARRAY[1::float4, 2::numeric] AS c, ARRAY[NULL, 'x'] AS d
;;
SELECT * FROM (VALUES (1, 'a'::varchar, NULL), (2.5, 'b'::text, NULL)) v ORDER BY 1
;;
SELECT CASE WHEN "transitGatewayId" IS NULL THEN 1 WHEN false THEN 2.5 END AS a, CASE WHEN true THEN 'x' ELSE NULL END AS b FROM vpn_connections ORDER BY "vpnConnectionId"
;;
SELECT nullif(1, 2.5) AS a, nullif(1.5, 2) AS b, nullif(1::int2, 2) AS c, nullif('a'::varchar, 'b'::varchar) AS d, nullif('a'::name, 'b') AS e, nullif(1::float4, 2::float8) AS f, nullif(1::oid, 2) AS g
;;
SELECT x FROM (SELECT 1::float4 AS x UNION SELECT 1::numeric) s
;;
SELECT x FROM (SELECT 1::numeric AS x UNION SELECT 2::float4) s ORDER BY 1
;;
SELECT x FROM (SELECT '2024-01-02'::date AS x UNION SELECT '2024-01-03 04:05'::timestamp) s ORDER BY 1
;;
SELECT 1 AS v UNION SELECT 2::int8 UNION SELECT 3::int2 ORDER BY 1
;;
SELECT 'a' AS v UNION SELECT 'b'::name ORDER BY 1
;;
SELECT a FROM (SELECT 1::int8 AS a) x JOIN (SELECT 1::numeric AS a) y USING (a)
;;
SELECT '{}'::jsonb AS v UNION ALL SELECT NULL
;;
-- IN lists: the items that read no column take the common type with the
-- left side, then x = ANY; the others are compared one by one.
SELECT 1 IN (1, 2.5) AS a, 1.5 IN (1, 2) AS b, 'a' IN ('a', 'b') AS c, 1 IN (NULL, 2) AS d, 1 IN ('1', '2') AS e, '1' IN (1, 2) AS f
;;
SELECT 'x'::text IN ('x'::name, 'y'::varchar) AS a, 1::oid IN (1, 2::int8) AS b, 'a'::name IN ('a'::text, 'b'::varchar) AS c, 1 NOT IN (2, 3.5, NULL) AS d
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE "vpnConnectionId" IN ('vpn-0000', region, "vpnConnectionId") ORDER BY 1
