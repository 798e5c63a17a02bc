-- jsonb operators: -> ->> #> #>> @> <@ ? ?| ?& || - #-
SELECT "vpnConnectionId", tags->'Name', tags->>'Name', tags->'Nope', tags->>'Nope' FROM vpn_connections ORDER BY 1
;;
SELECT "vpnConnectionId", routes->0, routes->0->>'destinationCidrBlock', routes->-1->>'destinationCidrBlock', routes->5 FROM vpn_connections ORDER BY 1
;;
SELECT "vpnConnectionId", options->'tunnelOptionSet'->1->>'outsideIpAddress', options->'tunnelOptionSet'->0->'logOptions' FROM vpn_connections ORDER BY 1
;;
SELECT "vpnConnectionId", options #> '{tunnelOptionSet,0,tunnelInsideCidr}', options #>> '{tunnelOptionSet,1,tunnelInsideCidr}', options #>> '{tunnelOptionSet,-1,outsideIpAddress}', options #> '{}', options #>> '{nope,x}' FROM vpn_connections ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE "tagSet" @> '[{"key": "Env", "value": "prod"}]' ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE tags @> '{"Env": "dev", "Team": "platform"}' ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE '{"staticRoutesOnly": true}' <@ options ORDER BY 1
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE "vgwTelemetry" @> '[{"status": "DOWN"}]' ORDER BY 1
;;
SELECT "vpnConnectionId", tags ? 'Owner', tags ?| ARRAY['Owner', 'Team'], tags ?& ARRAY['Owner', 'Team'], tags ?& '{}' FROM vpn_connections ORDER BY 1
;;
SELECT '["a", "b"]'::jsonb ? 'a', '["a", "b"]'::jsonb ? 'c', '"a"'::jsonb ? 'a', '{"a": null}'::jsonb ? 'a', '[1]'::jsonb ? '1'
;;
SELECT '{"a": 1}'::jsonb || '{"b": 2}', '{"a": 1}'::jsonb || '{"a": 2}', '[1]'::jsonb || '[2, 3]', '[1]'::jsonb || '2', '1'::jsonb || '[2]', '{"a": 1}'::jsonb || '[2]', '"x"'::jsonb || '"y"'
;;
SELECT "vpnConnectionId", tags || jsonb_build_object('Region', region) FROM vpn_connections WHERE region = 'eu-west-1' ORDER BY 1
;;
SELECT '{"a": 1, "b": 2}'::jsonb - 'a', '{"a": 1}'::jsonb - 'x', '["a", "b", "a"]'::jsonb - 'a', '[1, 2, 3]'::jsonb - 0, '[1, 2, 3]'::jsonb - -1, '[1, 2]'::jsonb - 5, '{"a": 1, "b": 2, "c": 3}'::jsonb - ARRAY['a', 'c']
;;
SELECT "vpnConnectionId", tags - 'Name' - 'Site' FROM vpn_connections ORDER BY 1
;;
SELECT '{"a": {"b": 1, "c": 2}}'::jsonb #- '{a,b}', '[1, [2, 3]]'::jsonb #- '{1,0}', '{"a": 1}'::jsonb #- '{x}', '[1, 2]'::jsonb #- '{-1}'
;;
SELECT "vpnConnectionId", options #- '{tunnelOptionSet}' FROM vpn_connections WHERE region = 'us-east-1' ORDER BY 1
;;
SELECT '{"a": 1}'::jsonb = '{"a": 1}', '{"a": 1, "b": 2}'::jsonb = '{"b": 2, "a": 1}', '[1, 2]'::jsonb = '[2, 1]', '1'::jsonb = '1.0', '{"a": 1}'::jsonb <> '{"a": 2}', '1'::jsonb < '2', '"a"'::jsonb < '1'
;;
SELECT '{"a": [1, 2, 3]}'::jsonb @> '{"a": [3, 1]}', '[1, 2, [3]]'::jsonb @> '[[3]]', '[1, 2]'::jsonb @> '1', '1'::jsonb @> '[1]', '{"a": {"b": 1}}'::jsonb @> '{"a": {}}', '[]'::jsonb <@ '[1]'
;;
SELECT '[1, 2, 3]'::jsonb -> 1, '[1, 2, 3]'::jsonb ->> 2, '{"a": "x"}'::jsonb -> 'a', '{"a": "x"}'::jsonb ->> 'a', '{"a": null}'::jsonb -> 'a', '{"a": null}'::jsonb ->> 'a', '"s"'::jsonb -> 0, '{"1": true}'::jsonb ->> '1'
;;
SELECT '{"a": {"b": [1, {"c": "d"}]}}'::jsonb #> '{a,b,1,c}', '{"a": {"b": [1, {"c": "d"}]}}'::jsonb #>> '{a,b,1,c}', '{"a": [1]}'::jsonb #>> '{a}', '[[1, 2]]'::jsonb #>> '{0,1}', '{"a": 1}'::jsonb #> '{a,b}'
;;
SELECT '{"a": 1}'::json -> 'a', '{"a": "x"}'::json ->> 'a', '[1, 2]'::json -> 1, '{"a": {"b": 2}}'::json #> '{a,b}', '{"a": {"b": 2}}'::json #>> '{a}'
;;
SELECT (tags->>'Name')::text, (routes->0->>'state') = 'available', (options->>'enableAcceleration')::boolean, ("vgwTelemetry"->0->>'acceptedRouteCount')::int + 1 FROM vpn_connections ORDER BY 1, 2, 3, 4
;;
SELECT "vpnConnectionId" FROM vpn_connections WHERE tags->>'Env' = 'prod' AND (tags ? 'Team') AND tags->>'Team' IN ('sre', 'platform') ORDER BY 1
;;
SELECT "vpnConnectionId", ("vgwTelemetry"->0->'acceptedRouteCount')::int, ("vgwTelemetry"->0->'acceptedRouteCount')::numeric, ("vgwTelemetry"->0->'acceptedRouteCount')::float8, (options->'staticRoutesOnly')::bool FROM vpn_connections ORDER BY 1
;;
SELECT tags['Name'], routes[0]['destinationCidrBlock'], options['tunnelOptionSet'][1]['outsideIpAddress'] FROM vpn_connections ORDER BY 1, 2, 3
;;
SELECT '{"a": 1}'::jsonb ? NULL, '{"a": 1}'::jsonb -> NULL, NULL::jsonb -> 'a', '{"a": 1}'::jsonb @> NULL
;;
SELECT "vpnConnectionId", "tagSet" @> jsonb_build_array(jsonb_build_object('key', 'Team', 'value', 'security')) FROM vpn_connections ORDER BY 1
;;
SELECT '{"b": 1, "a": 2, "aa": 3}'::jsonb, '{"a": 1, "a": 2}'::jsonb, '[1, "2", true, null, 1.50, 1e2, -0]'::jsonb, '{"a":  [ 1 ,2 ] }'::jsonb, '" x "'::jsonb, '"\u00e9\n"'::jsonb
;;
SELECT '{"b": 1, "a": 2}'::json, '[1,  2]'::json, '{"a":1}'::json::jsonb, '{"a": 1}'::jsonb::json, '12.5'::jsonb::text, pg_typeof('1'::json -> 0)
;;
SELECT 1 FROM vpn_connections WHERE tags @> '{"Env": "prod"}' AND tags->>'Site' LIKE 'a%'
