-- Name resolution: 42703 (with PostgreSQL's hint), 42702, 42P01, 42883,
-- 42P10, 42804, 42846.
SELECT nosuch FROM vpn_connections
;;
SELECT regoin FROM vpn_connections
;;
SELECT c.regin FROM vpn_connections c
;;
SELECT vpnConnectionIdx FROM vpn_connections
;;
SELECT x.region FROM vpn_connections c
;;
SELECT vpn_connections.region FROM vpn_connections c
;;
SELECT region FROM vpn_connections WHERE stat = 'available'
;;
SELECT region FROM vpn_connections ORDER BY regio
;;
SELECT region FROM vpn_connections GROUP BY regionn
;;
SELECT * FROM nosuch_table
;;
SELECT * FROM ec2.nosuch
;;
SELECT * FROM nosuch.vpn_connections
;;
SELECT * FROM other.ec2.vpn_connections
;;
SELECT state FROM vpn_connections a, vpn_connections b
;;
SELECT region FROM vpn_connections a JOIN vpn_connections b ON a.region = b.region
;;
SELECT a FROM (SELECT 1 AS a, 2 AS a) s
;;
SELECT x FROM (VALUES (1)) a(x), (VALUES (2)) b(x)
;;
SELECT * FROM vpn_connections a, vpn_connections a
;;
SELECT nofunc(1)
;;
SELECT upper(1)
;;
SELECT length(42)
;;
SELECT substr(region) FROM vpn_connections
;;
SELECT jsonb_array_length(region) FROM vpn_connections
;;
SELECT pg_catalog.nofunc()
;;
SELECT nosuch.nofunc()
;;
SELECT sum(region) FROM vpn_connections
;;
SELECT avg(tags) FROM vpn_connections
;;
SELECT count(DISTINCT) FROM vpn_connections
;;
SELECT 1 = 'a'::text
;;
SELECT region + 1 FROM vpn_connections
;;
SELECT tags + 1 FROM vpn_connections
;;
SELECT - 'x'::text
;;
SELECT tags ->> 1.5 FROM vpn_connections
;;
SELECT true AND 1
;;
SELECT 1 WHERE 1
;;
SELECT region FROM vpn_connections WHERE region
;;
SELECT 1 LIKE 1
;;
SELECT CASE WHEN true THEN 1 ELSE 'x'::text END
;;
SELECT coalesce(1, 'x'::text)
;;
SELECT 1 UNION SELECT 'x'::text
;;
SELECT 1 UNION SELECT 1, 2
;;
SELECT ARRAY[1, 'x'::text]
;;
SELECT x FROM generate_series(1, 3) x ORDER BY 5
;;
SELECT x FROM generate_series(1, 3) x GROUP BY 2
;;
SELECT 1 AS a UNION SELECT 2 ORDER BY b
;;
SELECT 'x'::nosuchtype
;;
SELECT 1::regclass::text, 'nosuch'::regclass
;;
SELECT row_number() FROM vpn_connections
;;
SELECT region FROM vpn_connections WINDOW w AS (ORDER BY region) ORDER BY rank() OVER x
;;
SELECT upper(region) OVER () FROM vpn_connections
;;
WITH x AS (SELECT 1), x AS (SELECT 2) SELECT * FROM x
;;
SELECT * FROM (SELECT 1) AS s(a, b)
;;
WITH w(a, b) AS (SELECT 1) SELECT * FROM w
;;
SELECT * FROM (VALUES (1), (1, 2)) v
;;
SELECT (1, 2) = (1, 2, 3)
;;
SELECT 1 FROM vpn_connections JOIN (VALUES (1)) v(x) USING (nosuch)
;;
SELECT ARRAY[1][1] FROM nowhere
;;
SELECT min(true)
;;
SELECT jsonb_extract_path(tags) FROM vpn_connections
;;
SELECT vpn_connections.state FROM vpn_connections c
;;
SELECT CASE WHEN true THEN 1 ELSE region END FROM (SELECT '1' AS region) s
;;
SELECT x AS v FROM generate_series(1, 5) x ORDER BY -v
;;
SELECT concat()
;;
SELECT c.region, v.* FROM vpn_connections c, (VALUES (c.region)) v
