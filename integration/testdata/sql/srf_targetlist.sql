-- Set-returning functions in the select list: with GROUP BY (computed
-- below the aggregation, as PostgreSQL's ProjectSet), over aggregates,
-- and beside other set-returning calls.

-- name: tag_keys_counted
SELECT jsonb_object_keys(tags) AS k, count(*) FROM vpn_connections GROUP BY 1 ORDER BY 1
;;
SELECT jsonb_object_keys(tags) AS k, count(*) FROM vpn_connections GROUP BY k ORDER BY count(*) DESC, k
;;
SELECT count(*) AS n FROM vpn_connections GROUP BY jsonb_object_keys(tags) ORDER BY 1
;;
SELECT jsonb_object_keys(tags) AS k FROM vpn_connections GROUP BY 1 HAVING count(*) > 3 ORDER BY 1
;;
SELECT jsonb_object_keys(tags) AS k, region, count(*) FROM vpn_connections GROUP BY 1, 2 ORDER BY 1, 2
;;
SELECT jsonb_array_elements_text(routes) AS r, count(*) FROM vpn_connections GROUP BY 1 ORDER BY 1
;;
SELECT unnest(ARRAY[1, 2, 2]) AS u, count(*) FROM generate_series(1, 3) GROUP BY 1 ORDER BY 1
;;
SELECT jsonb_object_keys(tags) AS k, count(DISTINCT region) FROM vpn_connections GROUP BY ROLLUP(1) ORDER BY 1
;;
SELECT region, generate_series(1, count(*)::int) AS n FROM vpn_connections GROUP BY region ORDER BY 1, 2
;;
SELECT unnest(array_agg(region ORDER BY region)) AS r FROM vpn_connections ORDER BY 1
;;
SELECT DISTINCT jsonb_object_keys(tags) AS k FROM vpn_connections ORDER BY 1
;;
SELECT generate_series(1, 3) AS a, generate_series(1, 2) AS b
;;
-- name: nested_srf
-- A call in another's arguments runs a level below it, as PostgreSQL
-- stacks ProjectSet nodes; calls of one level run in lockstep.
SELECT generate_series(1, generate_series(1, 3)) AS x
;;
SELECT generate_series(1, generate_series(1, 3)) AS x, generate_series(10, 11) AS y, generate_series(1, 5) AS z
;;
SELECT generate_series(1, generate_series(0, 2)) AS x, generate_series(1, 1) AS y
;;
SELECT jsonb_array_elements_text(jsonb_array_elements(routes)->'destinationCidrBlock' || '[]'::jsonb) AS cidr FROM vpn_connections
;;
SELECT unnest(ARRAY[generate_series(1, 2), 10]) AS x
;;
-- name: srf_inside_grouping_expression
SELECT upper(jsonb_object_keys(tags)) AS k, count(*) FROM vpn_connections GROUP BY 1 ORDER BY 1
;;
SELECT length(jsonb_object_keys(tags)) AS n, count(*) FROM vpn_connections GROUP BY 1 ORDER BY 1
;;
SELECT jsonb_object_keys(tags) AS k, count(*) FROM vpn_connections WHERE region = 'us-east-1' GROUP BY 1 ORDER BY 1
;;
-- Two different set-returning calls in GROUP BY run in lockstep, as
-- PostgreSQL's ProjectSet runs them.
SELECT jsonb_array_elements_text('[1,2,3]') AS k, generate_series(1, 2) AS g, count(*) FROM (VALUES (1), (2)) v(x) GROUP BY 1, 2 ORDER BY 1, 2
;;
SELECT upper(jsonb_object_keys('{"a":1,"b":2}')) AS u, count(*) FROM (VALUES (1)) v(x) GROUP BY jsonb_object_keys('{"a":1,"b":2}'), generate_series(1, 3) ORDER BY 1
;;
SELECT jsonb_object_keys(tags) AS k, jsonb_array_length(routes) AS r, generate_series(1, jsonb_array_length("tagSet")) AS g, count(*)
FROM vpn_connections GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
;;
-- ROWS FROM: lockstep, named after the functions, or by the alias's list.
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(ARRAY['a', 'b']))
;;
SELECT * FROM ROWS FROM (generate_series(1, 3), unnest(ARRAY['a', 'b'])) WITH ORDINALITY AS t(a, b, c)
;;
SELECT t.* FROM ROWS FROM (jsonb_each('{"a": 1}'), generate_series(1, 2)) t
;;
SELECT * FROM ROWS FROM (generate_series(1, 2)) AS t
;;
SELECT c."vpnConnectionId", r.* FROM vpn_connections c, ROWS FROM (jsonb_object_keys(c.tags), jsonb_array_elements(c.routes)) WITH ORDINALITY r ORDER BY 1, r.ordinality
;;
SELECT * FROM ROWS FROM (jsonb_to_recordset('[{"a": 1, "b": "x"}, {"a": 2}]') AS (a int, b text), generate_series(1, 3))
