-- Aggregates: count, count(DISTINCT), sum, avg, min, max, string_agg,
-- array_agg, bool_and/bool_or, jsonb_agg, jsonb_object_agg, with FILTER
-- and ORDER BY inside.
SELECT count(*), count("transitGatewayId"), count(DISTINCT region), count(DISTINCT "vpnGatewayId"), count(1), count(NULL::int) FROM vpn_connections
;;
SELECT count(*) FROM vpn_connections WHERE false
;;
SELECT count(*), sum(x), avg(x), min(x), max(x), string_agg(x::text, ','), array_agg(x), bool_and(x > 0), jsonb_agg(x), jsonb_object_agg(x, x) FROM (SELECT 1 AS x WHERE false) t
;;
SELECT sum(x), avg(x), min(x), max(x), count(x), count(*) FROM (VALUES (1), (2), (NULL::int), (4)) t(x)
;;
SELECT sum(x), avg(x), sum(x::int8), avg(x::int8), sum(x::float4), avg(x::float4), sum(x::numeric), avg(x::numeric) FROM generate_series(1, 3) x
;;
SELECT pg_typeof(sum(1::int2)), pg_typeof(sum(1)), pg_typeof(sum(1::int8)), pg_typeof(sum(1.0)), pg_typeof(sum(1::float4)), pg_typeof(avg(1)), pg_typeof(avg(1::float4)), pg_typeof(count(*)), pg_typeof(min(1::int2))
;;
SELECT sum(2147483647), sum(9223372036854775807::int8), avg(9223372036854775807::int8) FROM generate_series(1, 2)
;;
SELECT min(region), max(region), min("vpnConnectionId"), max(tags->>'Name'), min(jsonb_array_length(routes)), max(options->>'tunnelBandwidth') FROM vpn_connections
;;
SELECT min(x), max(x) FROM (VALUES ('2024-01-02'::date), ('2023-12-31'::date)) t(x)
;;
SELECT string_agg("vpnConnectionId", ', ' ORDER BY "vpnConnectionId"), string_agg(DISTINCT region, '|' ORDER BY region DESC) FROM vpn_connections
;;
SELECT region, string_agg(tags->>'Name', ';' ORDER BY tags->>'Name') FROM vpn_connections GROUP BY region ORDER BY region
;;
SELECT string_agg(x, NULL), string_agg(x, '-') FILTER (WHERE x <> 'b'), string_agg(NULL, ',') FROM (VALUES ('a'), ('b'), ('c')) t(x)
;;
SELECT bool_and(state = 'available'), bool_or("transitGatewayId" IS NOT NULL), every(region <> ''), bool_and(NULL::bool), bool_or(x) FROM vpn_connections, (VALUES (NULL::bool), (false)) v(x)
;;
SELECT region, bool_and(t->>'status' = 'UP') AS all_up, bool_or(t->>'status' = 'DOWN') AS any_down FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t GROUP BY region ORDER BY region
;;
SELECT jsonb_agg("vpnConnectionId" ORDER BY "vpnConnectionId") FROM vpn_connections WHERE region = 'eu-west-1'
;;
SELECT jsonb_agg(jsonb_build_object('id', "vpnConnectionId", 'tunnels', jsonb_array_length("vgwTelemetry")) ORDER BY "vpnConnectionId") FROM vpn_connections WHERE region = 'us-east-1'
;;
SELECT jsonb_agg(x), jsonb_agg(DISTINCT x), jsonb_agg(x ORDER BY x DESC NULLS LAST), json_agg(x) FROM (VALUES (1), (NULL), (2), (1)) t(x)
;;
SELECT jsonb_object_agg("vpnConnectionId", region), jsonb_object_agg(region, 1) FROM vpn_connections
;;
SELECT region, jsonb_object_agg(tags->>'Name', jsonb_array_length(routes) ORDER BY tags->>'Name') FROM vpn_connections GROUP BY region ORDER BY region
;;
SELECT jsonb_object_agg(k, v) FROM (VALUES ('a', '1'::jsonb), ('b', 'null'), ('a', '2')) t(k, v)
;;
SELECT count(*) FILTER (WHERE region = 'us-east-1') AS us, count(*) FILTER (WHERE tags ? 'Owner') AS owned, sum(jsonb_array_length(routes)) FILTER (WHERE options->>'staticRoutesOnly' = 'true') AS static_routes FROM vpn_connections
;;
SELECT region, count(*) FILTER (WHERE t->>'status' = 'DOWN') AS down, count(*) AS tunnels FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t GROUP BY region ORDER BY region
;;
SELECT array_agg(x ORDER BY x DESC), array_agg(x ORDER BY -x, x), string_agg(x::text, '' ORDER BY x % 2, x) FROM generate_series(1, 5) x
;;
SELECT count(DISTINCT x), sum(DISTINCT x), avg(DISTINCT x), array_agg(DISTINCT x), count(DISTINCT (x, y)) FROM (VALUES (1, 'a'), (1, 'b'), (2, 'a'), (NULL, 'a')) t(x, y)
;;
SELECT count(DISTINCT t->>'status'), count(DISTINCT k) FROM vpn_connections, jsonb_array_elements("vgwTelemetry") t, jsonb_object_keys(tags) k
;;
SELECT sum(x) + 1, max(x) - min(x), count(*) * 2, round(avg(x), 1), coalesce(sum(x) FILTER (WHERE x > 10), 0) FROM generate_series(1, 5) x
;;
SELECT sum(jsonb_array_length(routes)) AS n, avg(jsonb_array_length("vgwTelemetry")) AS tunnels, max(jsonb_array_length(tags->'x')) AS none FROM vpn_connections
;;
SELECT (SELECT count(*) FROM vpn_connections) AS total, (SELECT max(region) FROM vpn_connections) AS last_region
;;
SELECT count(*) AS n FROM vpn_connections HAVING count(*) > 5
;;
SELECT count(*) AS n FROM vpn_connections HAVING count(*) > 50
;;
SELECT 1 AS one, count(*) FROM vpn_connections
;;
SELECT max(x) FILTER (WHERE x < 3), min(x) FILTER (WHERE x > 3), count(x) FILTER (WHERE x IS NULL) FROM generate_series(1, 5) x
;;
SELECT string_agg(k, ',' ORDER BY k), count(*) FROM (SELECT DISTINCT jsonb_object_keys(tags) AS k FROM vpn_connections) s
;;
SELECT stddev(x), variance(x), stddev_pop(x), var_samp(x) FROM generate_series(1, 4) x
;;
SELECT bit_and(x), bit_or(x), xmlagg IS NULL FROM (SELECT x, NULL AS xmlagg FROM generate_series(1, 3) x) t GROUP BY xmlagg
;;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), percentile_disc(0.5) WITHIN GROUP (ORDER BY x), mode() WITHIN GROUP (ORDER BY x % 2) FROM generate_series(1, 4) x
;;
SELECT region, count(*) FILTER (WHERE jsonb_array_length(routes) > 0), string_agg(DISTINCT tags->>'Team', ',') FROM vpn_connections GROUP BY region ORDER BY 1
;;
SELECT sum(x) FILTER (WHERE x > 2) OVER (), x FROM generate_series(1, 4) x ORDER BY x
;;
SELECT array_agg(x ORDER BY x NULLS FIRST), array_agg(x ORDER BY x DESC NULLS LAST), string_agg(x::text, '-' ORDER BY x) FROM (VALUES (2), (NULL), (1)) t(x)
;;
SELECT avg(x), sum(x), count(x) FROM (VALUES (1.5::float4), (2.25)) t(x)
;;
-- Aggregates over a streamed series combine chunk results.
SELECT count(*), sum(x), sum(x::bigint), sum(x * 0.5), min(x), max(x), bool_and(x > 0), count(*) FILTER (WHERE x % 3 = 0), sum(x * interval '1 second') FROM generate_series(1, 300000) x WHERE x <> 7
;;
-- A DISTINCT aggregate may order by its arguments, however qualified.
SELECT array_agg(DISTINCT v.region ORDER BY region DESC), string_agg(DISTINCT region, ',' ORDER BY v.region), array_agg(DISTINCT (x + 1) ORDER BY (x + 1) DESC)
FROM vpn_connections v, (VALUES (1), (2)) t(x)
