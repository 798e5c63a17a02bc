-- Queries over ec2.vpn_connections, run by TestSQLDiff against vpnsql (demo
-- data) and a PostgreSQL 15 holding the same rows. Statements are separated
-- by lines holding ";;".
SELECT "vpnConnectionId", state, region FROM vpn_connections ORDER BY region, 1
;;
SELECT region, count(*), count(DISTINCT "customerGatewayId"), min("vpnConnectionId"), max(type) FROM vpn_connections GROUP BY region ORDER BY 1
;;
SELECT c."vpnConnectionId", t->>'outsideIpAddress' AS ip, t->>'status' AS status, (t->>'acceptedRouteCount')::int AS routes FROM vpn_connections c, jsonb_array_elements(c."vgwTelemetry") AS t ORDER BY 1, 2
;;
SELECT "vpnConnectionId", tags->>'Name' AS name, jsonb_array_length(options->'tunnelOptionSet') AS tunnels, options->>'staticRoutesOnly' AS static FROM vpn_connections WHERE tags ? 'Name' ORDER BY 2
;;
SELECT k, count(*) FROM vpn_connections, jsonb_object_keys(tags) AS k GROUP BY k ORDER BY 2 DESC, 1
;;
SELECT region, "vpnConnectionId", row_number() OVER (PARTITION BY region ORDER BY "vpnConnectionId") AS n, count(*) OVER (PARTITION BY region) AS per_region FROM vpn_connections ORDER BY 1, 3
;;
SELECT a."vpnConnectionId", b."vpnConnectionId" FROM vpn_connections a JOIN vpn_connections b ON a.region = b.region AND a."vpnConnectionId" < b."vpnConnectionId" ORDER BY 1, 2
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE "transitGatewayId" IS NOT NULL UNION ALL SELECT "vpnConnectionId" FROM vpn_connections WHERE "vpnGatewayId" IS NOT NULL ORDER BY 1
;;
WITH r AS (SELECT region, count(*) AS n FROM vpn_connections GROUP BY region) SELECT region, n, n * 100 / (SELECT sum(n) FROM r) AS pct FROM r ORDER BY region
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
SELECT "vpnConnectionId" FROM vpn_connections WHERE "vpnConnectionId" IN (SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1') ORDER BY 1
;;
SELECT region FROM vpn_connections INTERSECT SELECT 'eu-west-1' ORDER BY 1
