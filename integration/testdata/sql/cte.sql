-- WITH, non-recursive and recursive.
WITH r AS (SELECT region, count(*) AS n FROM vpn_connections GROUP BY region) SELECT region, n, n * 100 / (SELECT sum(n) FROM r) AS pct FROM r ORDER BY region
;;
WITH tgw AS (SELECT * FROM vpn_connections WHERE "transitGatewayId" IS NOT NULL) SELECT "vpnConnectionId", "transitGatewayId" FROM tgw ORDER BY 1
;;
WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT * FROM a, b
;;
WITH t(id, n) AS (SELECT "vpnConnectionId", jsonb_array_length(routes) FROM vpn_connections) SELECT id FROM t WHERE n > 0 ORDER BY id
;;
WITH tunnels AS (SELECT c."vpnConnectionId" AS id, t->>'status' AS status FROM vpn_connections c, jsonb_array_elements(c."vgwTelemetry") t) SELECT status, count(*) FROM tunnels GROUP BY status ORDER BY status
;;
WITH x AS (SELECT region FROM vpn_connections) SELECT count(*) FROM x a JOIN x b USING (region)
;;
WITH x AS MATERIALIZED (SELECT 1 AS v), y AS NOT MATERIALIZED (SELECT 2 AS v) SELECT * FROM x UNION ALL SELECT * FROM y ORDER BY 1
;;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r
;;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT string_agg(n::text, ',' ORDER BY n), sum(n) FROM r
;;
WITH RECURSIVE fib(a, b) AS (SELECT 0::bigint, 1::bigint UNION ALL SELECT b, a + b FROM fib WHERE b < 100) SELECT a FROM fib
;;
WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n % 3 + 1 FROM r) SELECT n FROM r ORDER BY n
;;
WITH RECURSIVE walk(path, depth) AS (SELECT 'us'::text, 1 UNION ALL SELECT path || '/' || depth, depth + 1 FROM walk WHERE depth < 4) SELECT path, depth FROM walk ORDER BY depth
;;
WITH RECURSIVE parts(id, rest, part) AS (SELECT "vpnConnectionId", tags->>'Name' || '-', NULL::text FROM vpn_connections WHERE region = 'eu-west-1' UNION ALL SELECT id, substr(rest, strpos(rest, '-') + 1), split_part(rest, '-', 1) FROM parts WHERE rest <> '') SELECT id, part FROM parts WHERE part IS NOT NULL
;;
WITH RECURSIVE doc(path, value) AS (SELECT ''::text, options FROM vpn_connections WHERE "vpnConnectionId" = 'vpn-0820266296a1bb6b8' UNION ALL SELECT d.path || '/' || e.key, e.value FROM doc d, jsonb_each(CASE WHEN jsonb_typeof(d.value) = 'object' THEN d.value ELSE '{}' END) e) SELECT path, jsonb_typeof(value) FROM doc ORDER BY path
;;
WITH counts AS (SELECT tags->>'Env' AS env, count(*) AS n FROM vpn_connections GROUP BY 1), total AS (SELECT sum(n) AS t FROM counts) SELECT env, n, round(100.0 * n / t, 1) FROM counts, total ORDER BY env
;;
WITH x AS (SELECT generate_series(1, 3) AS v) SELECT v, (SELECT count(*) FROM x WHERE x.v < o.v) FROM x o ORDER BY v
;;
SELECT (WITH z AS (SELECT 42 AS v) SELECT v FROM z), (WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3) SELECT max(i) FROM c)
;;
WITH a AS (SELECT 1 AS v) SELECT * FROM (WITH a AS (SELECT 2 AS v) SELECT v FROM a) s, a
;;
WITH regions AS (VALUES ('us-east-1'), ('eu-west-1')) SELECT column1, (SELECT count(*) FROM vpn_connections WHERE region = column1) FROM regions ORDER BY 1
;;
-- A window over a CTE must not change the rows other readers of the CTE see
WITH c AS (SELECT x FROM generate_series(1, 3) x) SELECT (SELECT sum(rn) FROM (SELECT row_number() OVER () AS rn FROM c) s), c.x, d.y FROM c, (VALUES (10)) d(y)
