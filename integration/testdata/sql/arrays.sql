-- Arrays, and pg_sleep.
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b'], ARRAY[1.5, 2], ARRAY[]::int[], ARRAY[NULL, 1], ARRAY[true, false], '{}'::text[]
;;
-- xfail: multidimensional arrays are not supported (0A000 arrays of integer[] are not supported)
SELECT ARRAY[[1, 2], [3, 4]], '{{1,2},{3,4}}'::int[]
;;
SELECT (ARRAY[10, 20, 30])[1], (ARRAY[10, 20, 30])[3], (ARRAY[10, 20, 30])[4], (ARRAY[10, 20, 30])[0], (ARRAY[10, 20, 30])[2:3], (ARRAY[10, 20, 30])[:2], (ARRAY[10, 20, 30])[2:], (ARRAY[10, 20, 30])[NULL]
;;
SELECT ARRAY[1, 2] || 3, 0 || ARRAY[1, 2], ARRAY[1] || ARRAY[2, 3], ARRAY['a'] || 'b'::text, ARRAY[1, 2] || NULL::int, NULL::int[] || ARRAY[1]
;;
SELECT array_length(ARRAY[1, 2, 3], 1), array_length(ARRAY[]::int[], 1), array_length(ARRAY[1], 2), cardinality(ARRAY['a', 'b']), cardinality('{}'::int[]), array_ndims(ARRAY[1]), array_upper(ARRAY[1, 2], 1), array_lower(ARRAY[1, 2], 1), array_dims(ARRAY[1, 2])
;;
SELECT array_position(ARRAY['a', 'b', 'c'], 'b'), array_position(ARRAY[1, 2], 3), array_positions(ARRAY[1, 2, 1], 1), array_append(ARRAY[1, 2], 3), array_prepend(0, ARRAY[1]), array_remove(ARRAY[1, 2, 1], 1), array_replace(ARRAY[1, 2, 1], 1, 9), array_cat(ARRAY[1], ARRAY[2])
;;
SELECT 2 = ANY(ARRAY[1, 2, 3]), 4 = ANY(ARRAY[1, 2, 3]), 4 <> ALL(ARRAY[1, 2, 3]), 1 < ALL(ARRAY[2, 3]), 5 > ANY(ARRAY[1, 9]), NULL = ANY(ARRAY[1]), 1 = ANY(ARRAY[NULL, 1]), 2 = ANY(ARRAY[NULL, 1]), 1 = ANY('{}'::int[])
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE region = ANY(ARRAY['eu-west-1', 'us-east-1']) ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE 'Owner' = ANY(ARRAY(SELECT jsonb_object_keys(tags))) ORDER BY 1
;;
SELECT "vpnConnectionId", ARRAY(SELECT t->>'outsideIpAddress' FROM jsonb_array_elements("vgwTelemetry") t ORDER BY 1) AS ips FROM vpn_connections ORDER BY 1
;;
SELECT unnest(ARRAY[1, 2, 3]), unnest(ARRAY['a', 'b'])
;;
SELECT * FROM unnest(ARRAY['x', 'y', NULL]) WITH ORDINALITY AS u(v, n)
;;
SELECT u, count(*) FROM vpn_connections, unnest(string_to_array(tags->>'Name', '-')) u GROUP BY u HAVING count(*) > 2 ORDER BY 2 DESC, 1
;;
SELECT ARRAY[1, 2] = ARRAY[1, 2], ARRAY[1, 2] < ARRAY[1, 3], ARRAY[1, 2] < ARRAY[1, 2, 0], ARRAY[1, 2] @> ARRAY[2], ARRAY[1] <@ ARRAY[1, 2], ARRAY[1, 2] && ARRAY[2, 3], ARRAY[1, NULL] = ARRAY[1, NULL]
;;
SELECT array_agg(region ORDER BY "vpnConnectionId") FROM vpn_connections
;;
SELECT region, array_agg("vpnConnectionId" ORDER BY "vpnConnectionId" DESC) FROM vpn_connections GROUP BY region ORDER BY 1
;;
SELECT array_agg(DISTINCT region ORDER BY region), array_agg(x) FILTER (WHERE x > 1), array_agg(NULL::int) FROM vpn_connections, (VALUES (1), (2)) v(x)
;;
SELECT ARRAY(SELECT generate_series(1, 3)), ARRAY(SELECT 'x' WHERE false), array_to_string(ARRAY(SELECT region FROM vpn_connections ORDER BY 1 LIMIT 2), ';')
;;
SELECT '{1,2,3}'::int[], '{"a b",c,NULL,"NULL",""}'::text[], '{1.5,2}'::numeric[], '{t,f}'::bool[], '{}'::int[], ARRAY['a,b', 'c"d', 'e\f', ' ']
;;
SELECT pg_typeof(ARRAY[1, 2]), pg_typeof(ARRAY[1.5]), pg_typeof(ARRAY['x']), pg_typeof(ARRAY[1::int8]), pg_typeof(array_agg(1)), pg_typeof(ARRAY[now()])
;;
SELECT string_to_array(tags->>'Name', '-'), (string_to_array(tags->>'Name', '-'))[1], array_length(string_to_array(tags->>'Name', '-'), 1) FROM vpn_connections ORDER BY 1
;;
SELECT pg_sleep(0.01), pg_sleep(0), pg_typeof(pg_sleep(0))
;;
SELECT count(*) FROM vpn_connections WHERE pg_sleep(0) IS NOT NULL OR true
;;
SELECT generate_subscripts(ARRAY['a', 'b', 'c'], 1), array_fill(7, ARRAY[3]), trim_array(ARRAY[1, 2, 3], 1)
