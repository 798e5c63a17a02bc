-- EXPLAIN shows vpnsql's own plan: regions, accounts and the exact API
-- call per scan. Compared with explain.expected, not with PostgreSQL.
-- name: cache_off
SET vpnsql.cache_ttl = 0
;;
-- name: pushed_filters
EXPLAIN SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' AND state = 'available' ORDER BY 1 LIMIT 5
;;
-- name: ids
EXPLAIN SELECT * FROM vpn_connections WHERE "vpnConnectionId" IN ('vpn-1', 'vpn-2')
;;
-- name: tags
EXPLAIN SELECT "vpnConnectionId" FROM vpn_connections WHERE tags->>'Env' = 'prod' AND "tagSet" @> '[{"key": "Team", "value": "sre"}]'
;;
-- name: join_lateral
EXPLAIN SELECT c."vpnConnectionId", t->>'status' FROM vpn_connections c, jsonb_array_elements(c."vgwTelemetry") t WHERE c.state = 'available' ORDER BY 1
;;
-- name: aggregate
EXPLAIN SELECT region, count(*) FROM vpn_connections GROUP BY region HAVING count(*) > 1
;;
-- name: verbose
EXPLAIN VERBOSE SELECT region, type FROM vpn_connections WHERE type = 'ipsec.1'
;;
-- name: analyze
EXPLAIN ANALYZE SELECT region, count(*) FROM vpn_connections WHERE region IN ('eu-west-1', 'us-east-1') GROUP BY region
;;
-- name: json
EXPLAIN (FORMAT JSON) SELECT * FROM vpn_connections WHERE "vpnConnectionId" = 'vpn-1'
