-- Window functions.
SELECT region, "vpnConnectionId", row_number() OVER (PARTITION BY region ORDER BY "vpnConnectionId") AS n, count(*) OVER (PARTITION BY region) AS per_region FROM vpn_connections ORDER BY 1, 3
;;
SELECT "vpnConnectionId", row_number() OVER (ORDER BY "vpnConnectionId" DESC) FROM vpn_connections ORDER BY 1
;;
SELECT "vpnConnectionId", jsonb_array_length(routes) AS r, rank() OVER (ORDER BY jsonb_array_length(routes) DESC), dense_rank() OVER (ORDER BY jsonb_array_length(routes) DESC) FROM vpn_connections ORDER BY 3, 1
;;
SELECT region, "vpnConnectionId", lag("vpnConnectionId") OVER w, lead("vpnConnectionId") OVER w FROM vpn_connections WINDOW w AS (PARTITION BY region ORDER BY "vpnConnectionId") ORDER BY 1, 2
;;
SELECT "vpnConnectionId", lag("vpnConnectionId", 2) OVER (ORDER BY "vpnConnectionId"), lead("vpnConnectionId", 1, 'none') OVER (ORDER BY "vpnConnectionId") FROM vpn_connections ORDER BY 1
;;
SELECT region, "vpnConnectionId", first_value("vpnConnectionId") OVER (PARTITION BY region ORDER BY "vpnConnectionId" DESC), last_value("vpnConnectionId") OVER (PARTITION BY region ORDER BY "vpnConnectionId") FROM vpn_connections ORDER BY 1, 2
;;
SELECT region, "vpnConnectionId", count(*) OVER (PARTITION BY region ORDER BY "vpnConnectionId") AS running, count(*) OVER () AS total FROM vpn_connections ORDER BY 1, 2
;;
SELECT region, "vpnConnectionId", sum(jsonb_array_length(routes)) OVER (PARTITION BY region) AS region_routes, sum(jsonb_array_length(routes)) OVER (ORDER BY "vpnConnectionId") AS running FROM vpn_connections ORDER BY 2
;;
SELECT x, sum(x) OVER (ORDER BY x), avg(x) OVER (ORDER BY x), min(x) OVER (), max(x) OVER (ORDER BY x DESC) FROM generate_series(1, 5) x ORDER BY x
;;
SELECT x, x % 2 AS p, row_number() OVER (PARTITION BY x % 2 ORDER BY x), sum(x) OVER (PARTITION BY x % 2 ORDER BY x) FROM generate_series(1, 6) x ORDER BY x
;;
SELECT x, rank() OVER (ORDER BY x / 2), dense_rank() OVER (ORDER BY x / 2), percent_rank() OVER (ORDER BY x / 2), cume_dist() OVER (ORDER BY x / 2), ntile(3) OVER (ORDER BY x) FROM generate_series(1, 6) x ORDER BY x
;;
SELECT x, count(*) OVER (ORDER BY x), count(x) OVER (ORDER BY x) FROM (VALUES (1), (1), (2), (NULL)) t(x) ORDER BY x NULLS LAST
;;
SELECT x, lag(x, 1, 0) OVER (ORDER BY x), lead(x, 2) OVER (ORDER BY x), lag(x) OVER () IS NULL FROM generate_series(1, 4) x ORDER BY x
;;
SELECT region, count(*), rank() OVER (ORDER BY count(*) DESC) FROM vpn_connections GROUP BY region ORDER BY 3, 1
;;
SELECT region, sum(count(*)) OVER () AS total, count(*) FROM vpn_connections GROUP BY region ORDER BY region
;;
SELECT "vpnConnectionId", t->>'outsideIpAddress', row_number() OVER (PARTITION BY "vpnConnectionId" ORDER BY t->>'outsideIpAddress') FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t ORDER BY 1, 3
;;
SELECT * FROM (SELECT region, "vpnConnectionId", row_number() OVER (PARTITION BY region ORDER BY "vpnConnectionId" DESC) AS rn FROM vpn_connections) s WHERE rn = 1 ORDER BY region
;;
SELECT "vpnConnectionId", string_agg("vpnConnectionId", ',') OVER (PARTITION BY region ORDER BY "vpnConnectionId") FROM vpn_connections WHERE region = 'eu-west-1' ORDER BY 1
;;
SELECT x, array_agg(x) OVER (ORDER BY x), jsonb_agg(x) OVER (PARTITION BY x > 2) FROM generate_series(1, 4) x ORDER BY x
;;
SELECT x, row_number() OVER w, rank() OVER w FROM (VALUES (3), (1), (2), (1)) t(x) WINDOW w AS (ORDER BY x) ORDER BY x, 2
;;
SELECT x, first_value(x) OVER w, last_value(x) OVER w FROM generate_series(1, 4) x WINDOW w AS (ORDER BY x DESC) ORDER BY x
;;
SELECT x, sum(x) OVER (ORDER BY x ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM generate_series(1, 4) x ORDER BY x
;;
SELECT x, last_value(x) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM generate_series(1, 3) x ORDER BY x
;;
SELECT x, bool_and(x < 3) OVER (ORDER BY x), max(x) OVER (PARTITION BY x % 2) FROM generate_series(1, 4) x ORDER BY x
;;
SELECT region, "vpnConnectionId", round(100.0 * jsonb_array_length(routes) / nullif(sum(jsonb_array_length(routes)) OVER (PARTITION BY region), 0), 1) FROM vpn_connections ORDER BY 1, 2
;;
SELECT row_number() OVER (), count(*) OVER () FROM vpn_connections LIMIT 1
;;
SELECT x, row_number() OVER (ORDER BY x) AS rn FROM generate_series(1, 5) x ORDER BY rn DESC
;;
SELECT DISTINCT region, count(*) OVER (PARTITION BY region) FROM vpn_connections ORDER BY 1
;;
SELECT x, sum(x) OVER (ORDER BY x ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING), avg(x) OVER (ORDER BY x ROWS 2 PRECEDING), count(*) OVER (ORDER BY x RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) FROM generate_series(1, 5) x ORDER BY x
;;
SELECT x, first_value(x) OVER w, last_value(x) OVER w, nth_value(x, 2) OVER w FROM generate_series(1, 5) x WINDOW w AS (ORDER BY x ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) ORDER BY x
;;
SELECT region, "vpnConnectionId", lag(tags->>'Name') OVER (PARTITION BY region ORDER BY tags->>'Name'), sum(jsonb_array_length(routes)) OVER (PARTITION BY region ORDER BY "vpnConnectionId" ROWS UNBOUNDED PRECEDING) FROM vpn_connections ORDER BY 1, 2
;;
SELECT x, y, rank() OVER (PARTITION BY x ORDER BY y NULLS FIRST), count(y) OVER (PARTITION BY x) FROM (VALUES (1, 2), (1, NULL), (1, 2), (2, 5)) t(x, y) ORDER BY x, y NULLS FIRST
;;
SELECT x, ntile(5) OVER (ORDER BY x), ntile(2) OVER (ORDER BY x) FROM generate_series(1, 3) x ORDER BY x
;;
SELECT x, ntile(3) OVER (ORDER BY x) FROM generate_series(1, 7) x ORDER BY x
;;
-- A window copied from a named one keeps its PARTITION BY.
SELECT x % 2 AS p, x, sum(x) OVER w2 FROM generate_series(1, 6) x WINDOW w1 AS (PARTITION BY x % 2), w2 AS (w1 ORDER BY x) ORDER BY 1, 2
