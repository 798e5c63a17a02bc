-- Joins: inner, left, right, full, cross, LATERAL, USING, NATURAL.
SELECT a."vpnConnectionId", b."vpnConnectionId" FROM vpn_connections a JOIN vpn_connections b ON a.region = b.region AND a."vpnConnectionId" < b."vpnConnectionId" ORDER BY 1, 2
;;
SELECT a."vpnConnectionId", b."vpnConnectionId" FROM vpn_connections a INNER JOIN vpn_connections b ON a."vpnGatewayId" = b."vpnGatewayId" AND a."vpnConnectionId" <> b."vpnConnectionId" ORDER BY 1, 2
;;
SELECT c."vpnConnectionId", r.name FROM vpn_connections c JOIN (VALUES ('us-east-1', 'N. Virginia'), ('eu-west-1', 'Ireland')) r(code, name) ON r.code = c.region ORDER BY 1
;;
SELECT c."vpnConnectionId", r.name FROM vpn_connections c LEFT JOIN (VALUES ('us-east-1', 'N. Virginia'), ('eu-west-1', 'Ireland')) r(code, name) ON r.code = c.region ORDER BY 1
;;
SELECT r.code, count(c."vpnConnectionId") FROM vpn_connections c RIGHT JOIN (VALUES ('us-east-1'), ('eu-west-1'), ('sa-east-1')) r(code) ON r.code = c.region GROUP BY r.code ORDER BY 1
;;
SELECT r.code, c.region, count(*) FROM vpn_connections c FULL JOIN (VALUES ('us-east-1'), ('sa-east-1')) r(code) ON r.code = c.region GROUP BY 1, 2 ORDER BY 1 NULLS FIRST, 2 NULLS FIRST
;;
SELECT r.code, c.region FROM (SELECT DISTINCT region FROM vpn_connections) c FULL OUTER JOIN (VALUES ('us-east-1'), ('sa-east-1')) r(code) ON r.code = c.region ORDER BY 1, 2
;;
SELECT count(*) FROM vpn_connections a CROSS JOIN vpn_connections b
;;
SELECT count(*) FROM vpn_connections a, vpn_connections b WHERE a.region = b.region
;;
SELECT a."vpnConnectionId", x FROM vpn_connections a CROSS JOIN generate_series(1, 2) x WHERE a.region = 'eu-west-1' ORDER BY 1, 2
;;
SELECT c."vpnConnectionId", r.route->>'destinationCidrBlock' AS cidr FROM vpn_connections c CROSS JOIN LATERAL jsonb_array_elements(c.routes) AS r(route) ORDER BY 1, 2
;;
SELECT c."vpnConnectionId", r.route->>'destinationCidrBlock' AS cidr FROM vpn_connections c LEFT JOIN LATERAL jsonb_array_elements(c.routes) AS r(route) ON true ORDER BY 1, 2
;;
SELECT c."vpnConnectionId", t.n FROM vpn_connections c, LATERAL (SELECT count(*) AS n FROM jsonb_array_elements(c."vgwTelemetry") e WHERE e->>'status' = 'UP') t ORDER BY 1
;;
SELECT c."vpnConnectionId", t.ip FROM vpn_connections c JOIN LATERAL (SELECT e->>'outsideIpAddress' AS ip FROM jsonb_array_elements(c."vgwTelemetry") e ORDER BY 1 LIMIT 1) t ON true ORDER BY 1
;;
SELECT c."vpnConnectionId", t.down FROM vpn_connections c LEFT JOIN LATERAL (SELECT e->>'outsideIpAddress' AS down FROM jsonb_array_elements(c."vgwTelemetry") e WHERE e->>'status' = 'DOWN') t ON true ORDER BY 1, 2
;;
SELECT x.a, y.b FROM (VALUES (1), (2), (3)) x(a) JOIN (VALUES (2), (3), (4)) y(b) ON x.a = y.b
;;
SELECT x.a, y.b FROM (VALUES (1), (2), (NULL)) x(a) LEFT JOIN (VALUES (2), (NULL)) y(b) ON x.a = y.b ORDER BY 1 NULLS LAST
;;
SELECT x.a, y.b FROM (VALUES (1), (2)) x(a) RIGHT JOIN (VALUES (2), (3)) y(b) ON x.a = y.b ORDER BY 2
;;
SELECT x.a, y.b FROM (VALUES (1), (2)) x(a) FULL JOIN (VALUES (2), (3)) y(b) ON x.a = y.b ORDER BY coalesce(x.a, y.b)
;;
SELECT * FROM (VALUES (1, 'x'), (2, 'y')) a(id, v) JOIN (VALUES (1, 'p'), (3, 'q')) b(id, w) USING (id)
;;
SELECT id, a.v, b.w FROM (VALUES (1, 'x'), (2, 'y')) a(id, v) LEFT JOIN (VALUES (1, 'p'), (3, 'q')) b(id, w) USING (id) ORDER BY id
;;
SELECT * FROM (VALUES (1, 'x'), (2, 'y')) a(id, v) NATURAL JOIN (VALUES (1, 'x'), (2, 'z')) b(id, v)
;;
SELECT * FROM (VALUES (1, 'x'), (2, 'y')) a(id, v) FULL JOIN (VALUES (2, 'p'), (3, 'q')) b(id, w) USING (id) ORDER BY id
;;
SELECT a.region, count(*) FROM vpn_connections a JOIN vpn_connections b USING (region) GROUP BY a.region ORDER BY 1
;;
SELECT region, count(*) FROM vpn_connections a JOIN vpn_connections b USING (region, type) GROUP BY region ORDER BY 1
;;
SELECT c."vpnConnectionId", k.key, k.value FROM vpn_connections c JOIN jsonb_each_text(c.tags) k ON k.key IN ('Env', 'Team') WHERE c.region = 'ap-southeast-2' ORDER BY 1, 2
;;
SELECT a."vpnConnectionId", b."vpnConnectionId" FROM vpn_connections a JOIN vpn_connections b ON a.tags->>'Site' = b.tags->>'Site' AND a."vpnConnectionId" < b."vpnConnectionId" ORDER BY 1, 2
;;
SELECT a.x, b.y, c.z FROM (VALUES (1)) a(x) JOIN (VALUES (1), (2)) b(y) ON a.x <= b.y JOIN (VALUES (2)) c(z) ON b.y = c.z
;;
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x) LEFT JOIN (VALUES (1), (2)) b(y) ON a.x = b.y AND b.y > 1 ORDER BY 1
;;
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x) LEFT JOIN (VALUES (1), (2)) b(y) ON a.x = b.y WHERE b.y IS NULL
;;
SELECT count(*) FROM vpn_connections a JOIN vpn_connections b ON true
;;
SELECT a.x, b.y FROM (VALUES (1), (2)) a(x) JOIN (VALUES (1), (2)) b(y) ON a.x < b.y OR b.y IS NULL
;;
SELECT * FROM (VALUES (1)) a(x) CROSS JOIN (VALUES ('a'), ('b')) b(y) CROSS JOIN (VALUES (true)) c(z) ORDER BY y
;;
SELECT c.region, t.status, count(*) FROM vpn_connections c JOIN LATERAL jsonb_to_recordset(c."vgwTelemetry") AS t(status text, "acceptedRouteCount" int) ON true GROUP BY 1, 2 ORDER BY 1, 2
;;
SELECT j.* FROM (VALUES (1), (2)) a(x) JOIN (VALUES (2), (3)) b(x) USING (x) AS j
;;
SELECT x, y FROM generate_series(1, 3) x, LATERAL generate_series(x, 3) y ORDER BY 1, 2
;;
SELECT a."vpnConnectionId", b.n FROM vpn_connections a LEFT JOIN (SELECT region, count(*) AS n FROM vpn_connections WHERE "transitGatewayId" IS NOT NULL GROUP BY region) b ON a.region = b.region ORDER BY 1
;;
SELECT a.x, b.x, c.x FROM (VALUES (1), (2)) a(x) LEFT JOIN (VALUES (2), (3)) b(x) ON a.x = b.x LEFT JOIN (VALUES (2)) c(x) ON b.x = c.x ORDER BY 1
;;
SELECT * FROM (VALUES (1, 2)) a(x, y) JOIN (VALUES (1, 2)) b(x, y) USING (x, y)
;;
SELECT x, a.y, b.y FROM (VALUES (1, 'a'), (NULL, 'n')) a(x, y) FULL JOIN (VALUES (1, 'b'), (NULL, 'm')) b(x, y) USING (x) ORDER BY 2 NULLS LAST, 3 NULLS LAST
;;
SELECT region, count(t) FROM vpn_connections c LEFT JOIN LATERAL jsonb_array_elements(c.routes) t ON true GROUP BY region ORDER BY 1
;;
SELECT a.x, b.y FROM (VALUES (1), (2), (3)) a(x) LEFT JOIN (VALUES (1, 'p'), (2, NULL), (4, 'q')) b(y, z) ON a.x = b.y WHERE b.z <> 'q' ORDER BY 1
;;
SELECT a.x, b.y FROM (VALUES (1), (2), (3)) a(x) LEFT JOIN (VALUES (1, 'p'), (2, NULL)) b(y, z) ON a.x = b.y WHERE b.z IS DISTINCT FROM 'p' ORDER BY 1
;;
SELECT a.x, b.y FROM (VALUES (1), (2), (3)) a(x) LEFT JOIN (VALUES (1, 'p'), (2, NULL)) b(y, z) ON a.x = b.y WHERE coalesce(b.z, 'none') <> 'p' ORDER BY 1
;;
SELECT a.x, b.y FROM (VALUES (1), (2), (3)) a(x) LEFT JOIN (VALUES (1, 'p'), (2, NULL)) b(y, z) ON a.x = b.y WHERE b.z = 'p' OR a.x = 3 ORDER BY 1
;;
SELECT a.x, b.y FROM (VALUES (1), (2), (3)) a(x) LEFT JOIN (VALUES (1, 'p'), (2, NULL)) b(y, z) ON a.x = b.y WHERE NOT (b.z = 'p') ORDER BY 1
;;
SELECT a.x, b.y FROM (VALUES (1), (2), (3)) a(x) RIGHT JOIN (VALUES (1), (2), (5)) b(y) ON a.x = b.y WHERE a.x > 1 ORDER BY 2
;;
SELECT a.x, b.y, c.z FROM (VALUES (1), (2), (3)) a(x) LEFT JOIN (VALUES (1), (2)) b(y) ON a.x = b.y LEFT JOIN (VALUES (1), (3)) c(z) ON c.z = a.x WHERE b.y IN (1, 2) ORDER BY 1
;;
SELECT n.nspname, c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam WHERE c.relkind IN ('r','p','') AND n.nspname <> 'pg_catalog' AND n.nspname !~ '^pg_toast' AND n.nspname <> 'information_schema' AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 1, 2
