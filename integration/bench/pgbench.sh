#!/usr/bin/env bash
# pgbench: vpnsql (cached reads of 10,000 simulated connections) against
# PostgreSQL 15 holding the same rows, side by side in one run.
#
#   bash integration/bench/pgbench.sh [seconds-per-test] [clients]
#
# Everything runs on loopback: `vpnsql sim` (seeded), `vpnsql serve` pointed
# at it with static keys, and a throwaway PostgreSQL 15 cluster.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
clients=${2:-4}
pgbin=/usr/lib/postgresql/15/bin
work=$(mktemp -d)
chmod 755 "$work"
cleanup() {
	kill "${pids[@]}" 2>/dev/null || true
	[ -d "$work/pg" ] && runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
	[ -n "${KEEP:-}" ] || rm -rf "$work"
}
pids=()
trap cleanup EXIT

go build -o "$work/vpnsql" ./cmd/vpnsql
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sim_port=$(free_port); vpn_port=$(free_port); pg_port=$(free_port)

"$work/vpnsql" sim --listen "127.0.0.1:$sim_port" --demo-data=false --seed-per-region 10000 --no-throttle >"$work/sim.log" 2>&1 &
pids+=($!)
sleep 1
AWS_ENDPOINT_URL="http://127.0.0.1:$sim_port" AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=secret \
	AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
	"$work/vpnsql" serve --listen "127.0.0.1:$vpn_port" --regions us-east-1 >"$work/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p "$vpn_port" && break; sleep 0.2; done
vpn="postgresql://127.0.0.1:$vpn_port/aws?options=-c%20vpnsql.cache_ttl%3D1h"

mkdir "$work/pg" && chown postgres "$work/pg" && touch "$work/pg.log" && chown postgres "$work/pg.log"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -E UTF8 --locale=C.UTF-8 -A trust >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
	-o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c autovacuum=off" start >/dev/null
pg="postgresql://postgres@127.0.0.1:$pg_port/postgres"
psql -X -q "$pg" -c 'CREATE SCHEMA ec2' -c 'CREATE TABLE ec2.vpn_connections ("vpnConnectionId" text PRIMARY KEY, "customerGatewayId" text, "vpnGatewayId" text, "transitGatewayId" text, "coreNetworkArn" text, "coreNetworkAttachmentArn" text, "gatewayAssociationState" text, category text, state text, type text, "customerGatewayConfiguration" text, options jsonb, routes jsonb, "tagSet" jsonb, "vgwTelemetry" jsonb, region text NOT NULL, "accountId" text NOT NULL, tags jsonb)'
# vpnsql writes the INSERT statements that load its rows into PostgreSQL.
cols='"vpnConnectionId" "customerGatewayId" "vpnGatewayId" "transitGatewayId" "coreNetworkArn" "coreNetworkAttachmentArn" "gatewayAssociationState" category state type "customerGatewayConfiguration" options routes "tagSet" "vgwTelemetry" region "accountId" tags'
exprs=""
for c in $cols; do exprs="$exprs${exprs:+ || ',' || }coalesce(quote_literal($c::text), 'NULL')"; done
psql -X -q -A -t "$vpn" -c "SELECT 'INSERT INTO ec2.vpn_connections VALUES (' || $exprs || ');' FROM ec2.vpn_connections" >"$work/rows.sql"
psql -X -q "$pg" -v ON_ERROR_STOP=1 -f "$work/rows.sql" >/dev/null
psql -X -q "$pg" -c 'ANALYZE ec2.vpn_connections'
id=$(psql -X -A -t "$pg" -c 'SELECT "vpnConnectionId" FROM ec2.vpn_connections ORDER BY 1 LIMIT 1')
echo "rows: $(psql -X -A -t "$pg" -c 'SELECT count(*) FROM ec2.vpn_connections') in PostgreSQL, $(psql -X -A -t "$vpn" -c 'SELECT count(*) FROM ec2.vpn_connections') in vpnsql"

run() { # name url script
	pgbench -n -M prepared -c "$clients" -j "$clients" -T "$secs" -D id="$id" -f "integration/bench/$3" "$2" 2>/dev/null |
		awk -v n="$1" '/^tps/ {printf "%-34s %10.1f tps\n", n, $3} /latency average/ {printf "%-34s %10s ms average latency\n", n, $4}'
}
for script in point.sql groupby.sql scan.sql catalog_lookup.sql catalog_columns.sql; do
	run "postgresql-15 $script" "$pg" "$script"
	run "vpnsql (cached) $script" "$vpn" "$script"
done
