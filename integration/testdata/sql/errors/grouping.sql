-- Grouping errors: 42803 and aggregates or windows where they do not belong.
SELECT region, count(*) FROM vpn_connections
;;
SELECT region, state, count(*) FROM vpn_connections GROUP BY region
;;
SELECT "vpnConnectionId" FROM vpn_connections GROUP BY region
;;
SELECT region, count(*) FROM vpn_connections GROUP BY 1 ORDER BY state
;;
SELECT region FROM vpn_connections GROUP BY region HAVING state = 'x'
;;
SELECT count(*) FROM vpn_connections HAVING region = 'x'
;;
SELECT upper(region), count(*) FROM vpn_connections GROUP BY lower(region)
;;
SELECT region || state, count(*) FROM vpn_connections GROUP BY region
;;
SELECT tags->>'Env', count(*) FROM vpn_connections GROUP BY tags->>'Team'
;;
SELECT count(*) FROM vpn_connections WHERE count(*) > 1
;;
SELECT region FROM vpn_connections GROUP BY count(*)
;;
SELECT sum(count(*)) FROM vpn_connections
;;
SELECT max(min(region)) FROM vpn_connections GROUP BY region
;;
SELECT region FROM vpn_connections a JOIN vpn_connections b ON count(*) > 0
;;
SELECT row_number() OVER () FROM vpn_connections WHERE row_number() OVER () > 1
;;
SELECT region FROM vpn_connections GROUP BY row_number() OVER ()
;;
SELECT count(row_number() OVER ()) FROM vpn_connections
;;
SELECT 1 FROM vpn_connections LIMIT count(*)
;;
SELECT region, (SELECT state) FROM vpn_connections GROUP BY region
;;
SELECT DISTINCT region FROM vpn_connections ORDER BY state
;;
SELECT DISTINCT ON (region) region, state FROM vpn_connections ORDER BY state
;;
SELECT x, sum(x) OVER (PARTITION BY y) FROM (VALUES (1, 2)) t(x, y) GROUP BY x
;;
SELECT generate_series(1, count(*)) FROM vpn_connections WHERE generate_series(1, 2) > 1
;;
SELECT region FROM vpn_connections GROUP BY state
;;
SELECT relname FROM pg_class LIMIT relpages
;;
SELECT x FROM generate_series(1, 3) x WINDOW w AS (ORDER BY x), w AS (ORDER BY x)
;;
SELECT sum(x) OVER w2 FROM generate_series(1, 3) x WINDOW w1 AS (ORDER BY x), w2 AS (w1 ORDER BY x)
;;
SELECT sum(x) OVER w2 FROM generate_series(1, 3) x WINDOW w1 AS (PARTITION BY x), w2 AS (w1 PARTITION BY x)
;;
-- A DISTINCT aggregate orders only by its arguments (42P10), a constant included.
SELECT array_agg(DISTINCT region ORDER BY 1) FROM vpn_connections
;;
SELECT string_agg(DISTINCT region, ',' ORDER BY state) FROM vpn_connections
