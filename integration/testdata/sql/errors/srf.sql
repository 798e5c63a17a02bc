-- Set-returning functions where PostgreSQL refuses them: the place is
-- checked before the arguments' grouping.
SELECT jsonb_object_keys(tags) AS k, count(*) FROM vpn_connections GROUP BY 1 HAVING jsonb_object_keys(tags) <> 'Env'
;;
SELECT region FROM vpn_connections GROUP BY region HAVING generate_series(1, 2) > 1
;;
SELECT region FROM vpn_connections WHERE jsonb_object_keys(tags) = 'Env'
