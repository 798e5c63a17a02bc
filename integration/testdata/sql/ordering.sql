-- ORDER BY (names, aliases, ordinals, expressions, ASC/DESC, NULLS
-- FIRST/LAST), LIMIT, OFFSET, FETCH FIRST.
SELECT "vpnConnectionId", region FROM vpn_connections ORDER BY "vpnConnectionId"
;;
SELECT "vpnConnectionId", region FROM vpn_connections ORDER BY region DESC, "vpnConnectionId" ASC
;;
SELECT "vpnConnectionId" AS id, region AS r FROM vpn_connections ORDER BY r, id DESC
;;
SELECT "vpnConnectionId", region FROM vpn_connections ORDER BY 2, 1 DESC
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY jsonb_array_length(routes) DESC, "vpnConnectionId"
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY tags->>'Name', 1
;;
SELECT "vpnConnectionId", tags->>'Team' AS team FROM vpn_connections ORDER BY team NULLS FIRST, 1
;;
SELECT "vpnConnectionId", tags->>'Team' AS team FROM vpn_connections ORDER BY team DESC NULLS LAST, 1
;;
SELECT "vpnConnectionId", tags->>'Owner' AS owner FROM vpn_connections ORDER BY owner, 1
;;
SELECT "vpnConnectionId", tags->>'Owner' AS owner FROM vpn_connections ORDER BY owner DESC, 1
;;
SELECT "vpnConnectionId", "transitGatewayId" FROM vpn_connections ORDER BY "transitGatewayId" NULLS FIRST, "vpnConnectionId" DESC
;;
SELECT x FROM (VALUES (3), (NULL), (1), (2)) t(x) ORDER BY x
;;
SELECT x FROM (VALUES (3), (NULL), (1), (2)) t(x) ORDER BY x DESC
;;
SELECT x FROM (VALUES (3), (NULL), (1), (2)) t(x) ORDER BY x ASC NULLS FIRST
;;
SELECT x FROM (VALUES (3), (NULL), (1), (2)) t(x) ORDER BY x DESC NULLS LAST
;;
SELECT x, y FROM (VALUES (1, 'b'), (1, 'a'), (2, 'a'), (NULL, 'z')) t(x, y) ORDER BY x DESC NULLS LAST, y DESC
;;
SELECT x FROM generate_series(1, 10) x ORDER BY x % 3, x DESC
;;
SELECT x AS v FROM generate_series(1, 5) x ORDER BY -x
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 LIMIT 3
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 LIMIT 3 OFFSET 2
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 OFFSET 9
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 OFFSET 20
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 LIMIT 0
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 LIMIT ALL
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 LIMIT NULL OFFSET 10
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 FETCH FIRST 2 ROWS ONLY
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 OFFSET 1 ROW FETCH NEXT 1 ROW ONLY
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 FETCH FIRST ROW ONLY
;;
SELECT region FROM vpn_connections ORDER BY region FETCH FIRST 4 ROWS WITH TIES
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY 1 LIMIT 1 + 1 OFFSET (SELECT 1)
;;
SELECT count(*) FROM (SELECT * FROM vpn_connections LIMIT 4) s
;;
SELECT x FROM generate_series(1, 100) x ORDER BY x DESC LIMIT 3
;;
SELECT region, count(*) AS n FROM vpn_connections GROUP BY region ORDER BY count(*) DESC, region LIMIT 2
;;
SELECT region, "vpnConnectionId" FROM vpn_connections ORDER BY length(tags::text) DESC, 2 LIMIT 4
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY region COLLATE "C", "vpnConnectionId" USING >
;;
SELECT x, y FROM (VALUES ('b', 1), ('B', 2), ('a', 3), ('_', 4)) t(x, y) ORDER BY x
;;
SELECT j FROM (VALUES ('{"a": 2}'::jsonb), ('[1]'), ('"x"'), ('1'), ('null'), ('true'), ('{"a": 1}'), ('{}'), ('[]')) t(j) ORDER BY j
;;
SELECT v FROM (VALUES (1.5::float8), ('NaN'), ('-Infinity'), ('Infinity'), (0)) t(v) ORDER BY v
;;
SELECT "vpnConnectionId" FROM vpn_connections ORDER BY "vgwTelemetry"->0->>'lastStatusChange' DESC, 1
;;
SELECT "vpnConnectionId", region FROM vpn_connections WHERE region <> 'us-east-1' ORDER BY CASE region WHEN 'eu-west-1' THEN 0 ELSE 1 END, 1
;;
SELECT x / 2 AS h FROM generate_series(1, 6) x ORDER BY 1 OFFSET 1 FETCH FIRST 2 ROWS WITH TIES
;;
SELECT x / 2 AS h FROM generate_series(1, 6) x ORDER BY 1 FETCH FIRST 0 ROWS WITH TIES
;;
SELECT region, count(*) OVER () AS n FROM vpn_connections ORDER BY region DESC FETCH FIRST 1 ROW WITH TIES
;;
SELECT 1 AS a UNION SELECT 2 UNION ALL SELECT 1 ORDER BY 1 FETCH FIRST 1 ROW WITH TIES
;;
VALUES (1), (1), (2) ORDER BY 1 FETCH FIRST 1 ROW WITH TIES
