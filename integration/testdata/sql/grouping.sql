-- GROUP BY (names, ordinals, aliases, expressions), HAVING, DISTINCT and
-- DISTINCT ON.
SELECT region, count(*) FROM vpn_connections GROUP BY region ORDER BY region
;;
SELECT region, count(*) FROM vpn_connections GROUP BY 1 ORDER BY 1
;;
SELECT region AS r, count(*) AS n FROM vpn_connections GROUP BY r ORDER BY n DESC, r
;;
SELECT region, type, count(*) FROM vpn_connections GROUP BY region, type ORDER BY 1, 2
;;
SELECT "transitGatewayId" IS NOT NULL AS tgw, count(*) FROM vpn_connections GROUP BY "transitGatewayId" IS NOT NULL ORDER BY 1
;;
SELECT "transitGatewayId" IS NOT NULL AS tgw, count(*) FROM vpn_connections GROUP BY 1 ORDER BY 1
;;
SELECT tags->>'Env' AS env, count(*), min("vpnConnectionId") FROM vpn_connections GROUP BY tags->>'Env' ORDER BY env
;;
SELECT upper(tags->>'Team'), count(*) FROM vpn_connections GROUP BY upper(tags->>'Team') ORDER BY 1 NULLS FIRST
;;
SELECT tags->>'Team' AS team, tags->>'Env' AS env, count(*) FROM vpn_connections GROUP BY 1, 2 ORDER BY 1 NULLS LAST, 2
;;
SELECT region, count(*) FROM vpn_connections GROUP BY region HAVING count(*) > 3 ORDER BY 1
;;
SELECT region, count(*) AS n FROM vpn_connections GROUP BY region HAVING min("vpnConnectionId") < 'vpn-02' ORDER BY 1
;;
SELECT region FROM vpn_connections GROUP BY region HAVING bool_or("transitGatewayId" IS NOT NULL) AND count(*) >= 3 ORDER BY region
;;
SELECT tags->>'Env', count(*) FROM vpn_connections GROUP BY tags->>'Env' HAVING tags->>'Env' <> 'dev' ORDER BY 1
;;
SELECT region, count(*) * 10 AS score, max(jsonb_array_length(routes)) + 1 FROM vpn_connections GROUP BY region ORDER BY score DESC, region
;;
SELECT x % 3 AS m, sum(x), array_agg(x ORDER BY x) FROM generate_series(1, 10) x GROUP BY x % 3 ORDER BY m
;;
SELECT x % 3, count(*) FROM generate_series(1, 10) x GROUP BY 1 HAVING sum(x) > 12 ORDER BY 1
;;
SELECT length(region), count(*) FROM vpn_connections GROUP BY length(region) ORDER BY 1
;;
SELECT t->>'status' AS status, count(*) FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t GROUP BY t->>'status' ORDER BY 1
;;
SELECT k, count(*) FROM vpn_connections, jsonb_object_keys(tags) k GROUP BY k ORDER BY 2 DESC, 1
;;
SELECT region, "vpnConnectionId", count(*) FROM vpn_connections GROUP BY region, "vpnConnectionId" ORDER BY 2
;;
SELECT "vpnConnectionId", state, count(*) FROM vpn_connections GROUP BY "vpnConnectionId" ORDER BY 1
;;
SELECT DISTINCT region FROM vpn_connections ORDER BY region
;;
SELECT DISTINCT region, type FROM vpn_connections ORDER BY 1, 2
;;
SELECT DISTINCT tags->>'Team' FROM vpn_connections ORDER BY 1 NULLS FIRST
;;
SELECT count(*) FROM (SELECT DISTINCT state, type, category FROM vpn_connections) s
;;
SELECT DISTINCT x % 2, x > 2 FROM generate_series(1, 5) x
;;
SELECT DISTINCT ON (region) region, "vpnConnectionId" FROM vpn_connections ORDER BY region, "vpnConnectionId"
;;
SELECT DISTINCT ON (region) region, "vpnConnectionId", tags->>'Name' FROM vpn_connections ORDER BY region, "vpnConnectionId" DESC
;;
SELECT DISTINCT ON (tags->>'Env') tags->>'Env' AS env, "vpnConnectionId" FROM vpn_connections ORDER BY tags->>'Env', jsonb_array_length(routes) DESC, "vpnConnectionId"
;;
SELECT DISTINCT ON (1) region, "vpnConnectionId" FROM vpn_connections ORDER BY 1, 2 DESC
;;
SELECT DISTINCT ON (x % 3) x % 3 AS m, x FROM generate_series(1, 10) x ORDER BY x % 3, x DESC
;;
SELECT DISTINCT ON (region, "transitGatewayId" IS NULL) region, "transitGatewayId" IS NULL AS vgw, "vpnConnectionId" FROM vpn_connections ORDER BY region, "transitGatewayId" IS NULL, "vpnConnectionId"
;;
SELECT region, count(*) FROM vpn_connections WHERE state = 'available' GROUP BY ROLLUP (region) ORDER BY 1 NULLS LAST
;;
SELECT count(*), count(DISTINCT tags->>'Site') FROM vpn_connections GROUP BY ()
;;
SELECT DISTINCT count(*) OVER (PARTITION BY region) FROM vpn_connections ORDER BY 1
;;
-- ROLLUP over an empty input: the grand total has NULL grouping columns.
SELECT region, count(*) FROM vpn_connections WHERE false GROUP BY ROLLUP (region)
;;
-- Values equal but spelled differently group together.
SELECT x, count(*) FROM (VALUES (1.0::numeric), (1.00), ('-0'::float8::numeric), (0)) t(x) GROUP BY x ORDER BY x
;;
SELECT count(*) FROM (SELECT DISTINCT x FROM (VALUES ('0'::float8), ('-0'::float8)) t(x)) s
;;
SELECT count(DISTINCT x) FROM (VALUES ('1 day'::interval), ('24 hours'), ('1 day')) t(x)
