-- Subqueries: scalar, IN, EXISTS, ANY/ALL, correlated, in FROM.
SELECT (SELECT count(*) FROM vpn_connections), (SELECT max(region) FROM vpn_connections), (SELECT 1 WHERE false)
;;
SELECT "vpnConnectionId", (SELECT count(*) FROM vpn_connections b WHERE b.region = a.region) AS peers FROM vpn_connections a ORDER BY 1
;;
SELECT "vpnConnectionId", (SELECT count(*) FROM jsonb_array_elements(routes)) AS nroutes, (SELECT string_agg(key, ',' ORDER BY key) FROM jsonb_object_keys(tags) AS key) AS keys FROM vpn_connections ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE "vpnConnectionId" IN (SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1') ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE region NOT IN (SELECT region FROM vpn_connections WHERE "transitGatewayId" IS NULL AND region LIKE 'us%') ORDER BY 1
;;
SELECT 1 IN (SELECT 1), 2 IN (SELECT 1), 2 NOT IN (SELECT NULL::int), 1 IN (SELECT NULL::int UNION SELECT 1), NULL IN (SELECT 1)
;;
SELECT "vpnConnectionId" FROM vpn_connections c WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(c."vgwTelemetry") t WHERE t->>'status' = 'DOWN') ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections c WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements(c.routes)) ORDER BY 1
;;
SELECT EXISTS (SELECT 1 FROM vpn_connections WHERE region = 'eu-west-1'), EXISTS (SELECT 1 FROM vpn_connections WHERE region = 'mars-1'), NOT EXISTS (SELECT WHERE false)
;;
SELECT "vpnConnectionId" FROM vpn_connections a WHERE "vpnConnectionId" = (SELECT min("vpnConnectionId") FROM vpn_connections b WHERE b.region = a.region) ORDER BY 1
;;
SELECT "vpnConnectionId", jsonb_array_length(routes) FROM vpn_connections WHERE jsonb_array_length(routes) > (SELECT avg(jsonb_array_length(routes)) FROM vpn_connections) ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE region = ANY (SELECT region FROM vpn_connections WHERE tags ? 'Owner') ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE jsonb_array_length(routes) >= ALL (SELECT jsonb_array_length(routes) FROM vpn_connections) ORDER BY 1
;;
SELECT 3 > ALL (SELECT generate_series(1, 2)), 3 > ALL (SELECT NULL::int), 1 = ANY (SELECT 1 WHERE false), 1 <> ALL (SELECT 1 WHERE false), 2 < SOME (SELECT 3)
;;
SELECT s.region, s.n FROM (SELECT region, count(*) AS n FROM vpn_connections GROUP BY region) s WHERE s.n > 3 ORDER BY 1
;;
SELECT * FROM (SELECT "vpnConnectionId", row_number() OVER (ORDER BY "vpnConnectionId") AS rn FROM vpn_connections) s WHERE rn % 4 = 1 ORDER BY rn
;;
SELECT max(n) FROM (SELECT count(*) AS n FROM vpn_connections GROUP BY region) s
;;
SELECT * FROM (SELECT 1 AS a, 'x' AS b) s, (SELECT 2 AS c) t
;;
SELECT s.* FROM (SELECT region, type FROM vpn_connections ORDER BY 1 LIMIT 2) s
;;
SELECT "vpnConnectionId", (SELECT t->>'status' FROM jsonb_array_elements("vgwTelemetry") t ORDER BY t->>'lastStatusChange' DESC LIMIT 1) AS latest FROM vpn_connections ORDER BY 1
;;
SELECT a.region, (SELECT count(*) FROM vpn_connections b WHERE b.region = a.region AND EXISTS (SELECT 1 FROM jsonb_array_elements(b.routes) r WHERE r->>'source' = 'Static')) AS with_static FROM (SELECT DISTINCT region FROM vpn_connections) a ORDER BY 1
;;
SELECT (SELECT (SELECT 1 + x)) FROM generate_series(1, 2) x
;;
SELECT x, (SELECT sum(y) FROM generate_series(1, x) y), (SELECT array_agg(y ORDER BY y) FROM generate_series(x, 3) y) FROM generate_series(1, 3) x ORDER BY x
;;
SELECT ARRAY(SELECT region FROM vpn_connections GROUP BY region ORDER BY region), ARRAY(SELECT DISTINCT type FROM vpn_connections)
;;
SELECT region FROM vpn_connections GROUP BY region HAVING count(*) > (SELECT count(*) / 3 FROM vpn_connections) ORDER BY 1
;;
SELECT "vpnConnectionId", (SELECT count(*) FROM vpn_connections b WHERE b.tags->>'Env' = a.tags->>'Env') FROM vpn_connections a WHERE a.region = 'eu-west-1' ORDER BY 1
;;
SELECT (SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 LIMIT 1), (SELECT ROW(1, 2)) IS NOT NULL
;;
SELECT * FROM vpn_connections WHERE false
;;
SELECT count(*) FROM (SELECT * FROM (SELECT * FROM vpn_connections WHERE region LIKE 'eu%') a WHERE type = 'ipsec.1') b
;;
SELECT region, (SELECT max(x) FROM (VALUES (length(region)), (3)) v(x)) FROM vpn_connections GROUP BY region ORDER BY 1
;;
SELECT "vpnConnectionId", (SELECT string_agg(r->>'destinationCidrBlock', ',' ORDER BY r->>'destinationCidrBlock') FROM jsonb_array_elements(routes) r) FROM vpn_connections ORDER BY 1
;;
SELECT region FROM vpn_connections o WHERE (SELECT count(*) FROM vpn_connections i WHERE i.region = o.region) > 3 GROUP BY region ORDER BY 1
;;
SELECT x, (SELECT y FROM (VALUES (1, 'a'), (2, 'b')) v(k, y) WHERE k = x) FROM generate_series(0, 3) x ORDER BY x
