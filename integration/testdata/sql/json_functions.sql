-- jsonb functions, and set-returning functions in FROM and the select list.
SELECT c."vpnConnectionId", t->>'outsideIpAddress' AS ip, t->>'status' AS status, (t->>'acceptedRouteCount')::int AS routes FROM vpn_connections c, jsonb_array_elements(c."vgwTelemetry") AS t ORDER BY 1, 2
;;
SELECT "vpnConnectionId", jsonb_array_elements("vgwTelemetry")->>'status' FROM vpn_connections ORDER BY 1, 2
;;
SELECT "vpnConnectionId", jsonb_array_elements_text(jsonb_path_query_array(routes, '$[*].destinationCidrBlock')) FROM vpn_connections ORDER BY 1, 2
;;
SELECT value, pg_typeof(value) FROM jsonb_array_elements('[1, "a", null, {"b": 2}, [3]]')
;;
SELECT value FROM jsonb_array_elements_text('[1, "a", null, {"b": 2}, [3], true]')
;;
SELECT * FROM jsonb_array_elements('[1, 2]') WITH ORDINALITY
;;
SELECT e.value->>'key' AS k, e.ordinality FROM vpn_connections c, jsonb_array_elements(c."tagSet") WITH ORDINALITY e WHERE c."vpnConnectionId" = 'vpn-03c3177160393f0bd' ORDER BY 2
;;
SELECT c."vpnConnectionId", e.key, e.value FROM vpn_connections c, jsonb_each(c.tags) e WHERE c.region = 'eu-west-1' ORDER BY 1, 2
;;
SELECT c."vpnConnectionId", e.key, e.value, pg_typeof(e.value) FROM vpn_connections c, jsonb_each_text(c.tags) e WHERE c.region = 'us-east-1' ORDER BY 1, 2
;;
SELECT key, value FROM jsonb_each('{"b": 2, "a": {"x": 1}, "c": null}')
;;
SELECT jsonb_each('{"b": 2, "a": 1}'), jsonb_each_text('{"k": "v"}')
;;
SELECT (jsonb_each(tags)).key, (jsonb_each(tags)).value FROM vpn_connections WHERE "vpnConnectionId" = 'vpn-0820266296a1bb6b8'
;;
SELECT k, count(*) FROM vpn_connections, jsonb_object_keys(tags) AS k GROUP BY k ORDER BY 2 DESC, 1
;;
SELECT jsonb_object_keys(options) FROM vpn_connections WHERE "vpnConnectionId" = 'vpn-0820266296a1bb6b8'
;;
SELECT DISTINCT jsonb_object_keys(t) FROM vpn_connections, jsonb_array_elements(options->'tunnelOptionSet') t ORDER BY 1
;;
SELECT "vpnConnectionId", jsonb_array_length(routes), jsonb_array_length("vgwTelemetry"), jsonb_array_length(options->'tunnelOptionSet') FROM vpn_connections ORDER BY 1
;;
SELECT jsonb_typeof(tags), jsonb_typeof(routes), jsonb_typeof(tags->'Name'), jsonb_typeof(options->'staticRoutesOnly'), jsonb_typeof("vgwTelemetry"->0->'acceptedRouteCount'), jsonb_typeof('null'), jsonb_typeof(tags->'x') FROM vpn_connections LIMIT 1
;;
SELECT "vpnConnectionId", jsonb_extract_path(options, 'tunnelOptionSet', '0', 'outsideIpAddress'), jsonb_extract_path_text(options, 'tunnelOptionSet', '1', 'tunnelInsideCidr'), jsonb_extract_path_text(tags, 'Env') FROM vpn_connections ORDER BY 1
;;
SELECT jsonb_build_object('a', 1, 'b', 'x', 'c', NULL, 'd', true, 'e', 1.5, 'f', ARRAY[1, 2]), jsonb_build_object(), jsonb_build_array(), jsonb_build_array(1, 'two', NULL, false, '{"x":1}'::jsonb, 2.50)
;;
SELECT "vpnConnectionId", jsonb_build_object('id', "vpnConnectionId", 'region', region, 'tunnels', jsonb_array_length("vgwTelemetry"), 'static', options->'staticRoutesOnly') FROM vpn_connections ORDER BY 1
;;
SELECT jsonb_build_object(1, 2, true, 'x'), jsonb_build_array(now() IS NOT NULL), json_build_object('a', 1), json_build_array(1, 'b')
;;
SELECT to_jsonb('x'::text), to_jsonb(42), to_jsonb(1.50), to_jsonb(true), to_jsonb(NULL::text), to_jsonb(ARRAY[1, 2]), to_jsonb(ARRAY['a', NULL]), to_jsonb('{"a": 1}'::jsonb), to_jsonb(2.5::float8), to_json('x'::text)
;;
SELECT to_jsonb(region), to_jsonb(jsonb_array_length(routes)), to_jsonb("vpnConnectionId" || '!') FROM vpn_connections ORDER BY 1, 2, 3
;;
SELECT to_jsonb(date '2024-05-14'), to_jsonb(timestamptz '2024-05-14 09:21:03+00'), to_jsonb(timestamp '2024-05-14 09:21:03.5'), to_jsonb('a"b'::text), to_jsonb(E'tab\t'::text)
;;
SELECT to_jsonb(s) FROM (SELECT 1 AS a, 'x' AS b) s
;;
SELECT jsonb_path_query('{"t":[{"ip":"1.1.1.1"},{"ip":"2.2.2.2"}]}', '$.t[*].ip')
;;
SELECT "vpnConnectionId", jsonb_path_query("vgwTelemetry", '$[*].outsideIpAddress') FROM vpn_connections ORDER BY 1, 2
;;
SELECT "vpnConnectionId", jsonb_path_query_array(routes, '$[*].destinationCidrBlock'), jsonb_path_query_first("vgwTelemetry", '$[*].status'), jsonb_path_exists(tags, '$.Owner') FROM vpn_connections ORDER BY 1
;;
SELECT jsonb_path_query_array('[1, 2, 3]', '$[last]'), jsonb_path_query_array('[1, 2, 3]', '$[0]'), jsonb_path_query_array('{"a": {"b": 1, "c": 2}}', '$.a.*'), jsonb_path_query_array('{"a": 1}', 'lax $.b'), jsonb_path_query_array('{"a": [{"b": 1}, {"b": 2}]}', '$.a.b'), jsonb_path_query_first('[]', '$[0]')
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE jsonb_path_exists("vgwTelemetry", '$[*] ? (@.status == "DOWN")') ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE "vgwTelemetry" @? '$[*] ? (@.acceptedRouteCount > 2)' ORDER BY 1
;;
SELECT jsonb_path_query_array(options, '$.tunnelOptionSet[*].outsideIpAddress') FROM vpn_connections ORDER BY 1
;;
SELECT jsonb_pretty(tags) FROM vpn_connections WHERE "vpnConnectionId" = 'vpn-03c3177160393f0bd'
;;
SELECT jsonb_pretty('[1, {"a": [], "b": {}}, "x"]'), jsonb_pretty('{}'), jsonb_pretty('1'), jsonb_pretty('{"a": {"b": [1, 2]}}')
;;
SELECT jsonb_pretty(routes) FROM vpn_connections WHERE jsonb_array_length(routes) > 1
;;
SELECT jsonb_strip_nulls('{"a": null, "b": {"c": null, "d": 1}, "e": [null]}'), jsonb_set('{"a": 1}', '{b}', '2'), jsonb_set('{"a": {"b": 1}}', '{a,b}', '"x"'), jsonb_insert('[1, 3]', '{1}', '2'), jsonb_set(tags, '{Env}', '"test"') FROM vpn_connections ORDER BY 1, "vpnConnectionId" LIMIT 1
;;
SELECT c."vpnConnectionId", r->>'destinationCidrBlock', r->>'source' FROM vpn_connections c CROSS JOIN LATERAL jsonb_array_elements(c.routes) r ORDER BY 1, 2
;;
SELECT c."vpnConnectionId", o.n FROM vpn_connections c, LATERAL (SELECT count(*) AS n FROM jsonb_each_text(c.tags) WHERE value LIKE '%o%') o ORDER BY 1
;;
SELECT t.status, count(*) FROM vpn_connections c, jsonb_to_recordset(c."vgwTelemetry") AS t(status text, "outsideIpAddress" text) GROUP BY 1 ORDER BY 1
;;
SELECT x.* FROM jsonb_to_record('{"a": 1, "b": "x", "c": true}') AS x(a int, b text, c bool)
;;
SELECT tunnel->>'outsideIpAddress' AS ip, tunnel->>'tunnelInsideCidr' AS cidr FROM vpn_connections, jsonb_array_elements(options->'tunnelOptionSet') AS tunnel WHERE region = 'eu-west-1' ORDER BY 1
;;
SELECT c."vpnConnectionId", count(t.*) FROM vpn_connections c LEFT JOIN LATERAL jsonb_array_elements(c.routes) t ON true GROUP BY 1 ORDER BY 1
;;
SELECT jsonb_array_elements(routes) FROM vpn_connections WHERE jsonb_array_length(routes) > 1
;;
SELECT generate_series(1, 3), jsonb_array_elements('["a", "b"]')
;;
SELECT "vpnConnectionId", jsonb_object_keys(tags) AS k FROM vpn_connections WHERE region = 'ap-southeast-2' ORDER BY 1, 2
;;
SELECT * FROM jsonb_each('{"a": 1}') AS e(k, v)
;;
SELECT json_array_length('[1, 2]'), json_typeof('{}'), json_extract_path_text('{"a": {"b": "c"}}', 'a', 'b'), json_object_keys('{"x": 1, "y": 2}')
;;
SELECT jsonb_agg(e ORDER BY e->>'key') FROM vpn_connections, jsonb_array_elements("tagSet") e WHERE "vpnConnectionId" = 'vpn-0820266296a1bb6b8'
;;
SELECT jsonb_object_agg(e->>'key', e->'value' ORDER BY e->>'key') = tags FROM vpn_connections, jsonb_array_elements("tagSet") e GROUP BY "vpnConnectionId", tags ORDER BY 1
;;
SELECT to_jsonb(ARRAY(SELECT jsonb_array_elements_text(jsonb_path_query_array("vgwTelemetry", '$[*].status')))) FROM vpn_connections ORDER BY 1
;;
SELECT row_to_json(s), jsonb_typeof(to_jsonb(s)) FROM (SELECT region, count(*) AS n FROM vpn_connections GROUP BY region) s ORDER BY row_to_json(s)::text
;;
SELECT jsonb_build_object('routes', routes, 'n', jsonb_array_length(routes)) FROM vpn_connections WHERE jsonb_array_length(routes) > 0 ORDER BY 1
;;
SELECT jsonb_agg(DISTINCT tags->'Env' ORDER BY tags->'Env'), jsonb_object_agg(DISTINCT tags->>'Env', 1) FROM vpn_connections
;;
SELECT "vpnConnectionId", jsonb_path_query_array(options, '$.tunnelOptionSet[*] ? (@.tunnelInsideCidr starts with "169.254.1").outsideIpAddress') FROM vpn_connections ORDER BY 1
;;
SELECT "vpnConnectionId", jsonb_path_query_first(tags, '$.keyvalue() ? (@.key == "Site").value') FROM vpn_connections ORDER BY 1
;;
SELECT jsonb_path_query_array('[1, 2, 3, 4]', '$[*] ? (@ > 1 && @ < 4)'), jsonb_path_query_array('[1, 2, 3]', '$[0 to 1]'), jsonb_path_query_array('{"a": [1, 2]}', '$.a.size()'), jsonb_path_query_array('[1, "a", null]', '$[*].type()'), jsonb_path_match('{"a": 1}', '$.a == 1'), '{"a": 1}'::jsonb @@ '$.a > 5'
;;
SELECT to_jsonb(t) FROM (SELECT "vpnConnectionId" AS id, jsonb_array_length(routes) AS n FROM vpn_connections WHERE region = 'eu-west-1') t ORDER BY 1
;;
SELECT json_build_object('a', 1, 'b', ARRAY[1, 2]), json_agg(x), json_object_agg(x, x * 2) FROM generate_series(1, 2) x
;;
-- Nesting just inside PostgreSQL 15's limits is read.
SELECT length((repeat('[', 14000) || repeat(']', 14000))::jsonb::text), length((repeat('{"a":', 13000) || '1' || repeat('}', 13000))::jsonb::text), (repeat('1+', 18000) || '1')::jsonpath IS NOT NULL
;;
-- A jsonb value built deep, but within PostgreSQL's line.
SELECT jsonb_typeof(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array(jsonb_build_array((repeat('[', 14490) || repeat(']', 14490))::jsonb)))))))))))
