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
-- xfail: a set-returning call in another's arguments is not expanded (PostgreSQL stacks ProjectSet nodes)
SELECT generate_series(1, generate_series(1, 3)) AS x
;;
-- name: srf_inside_grouping_expression
-- xfail: only a grouping item that is itself the set-returning call is computed below the aggregation
SELECT upper(jsonb_object_keys(tags)) AS k, count(*) FROM vpn_connections GROUP BY 1 ORDER BY 1
