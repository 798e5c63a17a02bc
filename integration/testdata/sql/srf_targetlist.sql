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
