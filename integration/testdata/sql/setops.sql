-- UNION, INTERSECT, EXCEPT [ALL], and VALUES.
SELECT 1 UNION SELECT 2 UNION SELECT 1
;;
SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE "transitGatewayId" IS NOT NULL UNION ALL SELECT "vpnConnectionId" FROM vpn_connections WHERE "vpnGatewayId" IS NOT NULL ORDER BY 1
;;
SELECT region FROM vpn_connections UNION SELECT 'mars-1' ORDER BY 1
;;
SELECT region FROM vpn_connections UNION ALL SELECT region FROM vpn_connections ORDER BY 1 LIMIT 5
;;
SELECT region FROM vpn_connections INTERSECT SELECT 'eu-west-1' ORDER BY 1
;;
SELECT region FROM vpn_connections INTERSECT ALL SELECT region FROM vpn_connections WHERE "transitGatewayId" IS NOT NULL ORDER BY 1
;;
SELECT region FROM vpn_connections EXCEPT SELECT 'eu-west-1' ORDER BY 1
;;
SELECT region FROM vpn_connections EXCEPT ALL SELECT region FROM vpn_connections WHERE "transitGatewayId" IS NOT NULL ORDER BY 1
;;
SELECT x FROM (VALUES (1), (1), (2), (3)) t(x) EXCEPT ALL SELECT x FROM (VALUES (1), (3), (3)) u(x)
;;
SELECT x FROM (VALUES (1), (1), (2), (NULL)) t(x) INTERSECT ALL SELECT x FROM (VALUES (1), (1), (1), (NULL)) u(x)
;;
SELECT NULL::int UNION SELECT NULL::int UNION SELECT 1
;;
SELECT 1 AS a, 'x' AS b UNION SELECT 2, 'y' ORDER BY a DESC
;;
SELECT 1 UNION SELECT 2.5 UNION SELECT NULL
;;
SELECT 1::int8 AS v UNION ALL SELECT 2::int2 UNION ALL SELECT 3
;;
SELECT 'a' AS v UNION SELECT 'b'::varchar ORDER BY v
;;
SELECT 1 AS n UNION ALL SELECT 2 INTERSECT SELECT 2
;;
(SELECT 1 AS n UNION ALL SELECT 2) INTERSECT SELECT 2
;;
(SELECT region FROM vpn_connections ORDER BY 1 LIMIT 1) UNION ALL (SELECT region FROM vpn_connections ORDER BY 1 DESC LIMIT 1)
;;
SELECT tags->>'Env' AS v FROM vpn_connections UNION SELECT tags->>'Team' FROM vpn_connections ORDER BY v NULLS FIRST
;;
SELECT 'tgw' AS kind, count(*) FROM vpn_connections WHERE "transitGatewayId" IS NOT NULL UNION ALL SELECT 'vgw', count(*) FROM vpn_connections WHERE "vpnGatewayId" IS NOT NULL ORDER BY 1
;;
VALUES (1, 'one'), (2, 'two'), (3, NULL)
;;
VALUES (1, 'a'), (2, 'b') ORDER BY 1 DESC
;;
VALUES (1), (2), (3) ORDER BY column1 DESC LIMIT 2 OFFSET 1
;;
VALUES (1, 2.5), (2, 3), (NULL, NULL)
;;
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(n, s) WHERE n > 1
;;
SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t
;;
SELECT column1, column2 FROM (VALUES ('x', 1)) v
;;
SELECT t.* FROM (VALUES ('2024-01-01'::date, 1.5::numeric, true, '{"a":1}'::jsonb, ARRAY[1])) t
;;
SELECT * FROM (VALUES (1), (2)) t(x) UNION SELECT * FROM (VALUES (2), (3)) u(y) ORDER BY 1
;;
VALUES ((SELECT count(*) FROM vpn_connections), (SELECT min(region) FROM vpn_connections))
;;
SELECT v.* FROM vpn_connections c, LATERAL (VALUES (c.region, 1), ('x', 2)) v(a, b) WHERE c."vpnConnectionId" = 'vpn-0820266296a1bb6b8' ORDER BY 2
;;
SELECT region FROM vpn_connections UNION SELECT region FROM vpn_connections EXCEPT SELECT 'us-east-1' ORDER BY region DESC
;;
SELECT 1.0::numeric INTERSECT SELECT 1.00
;;
SELECT '1 day'::interval EXCEPT SELECT '24 hours'::interval
