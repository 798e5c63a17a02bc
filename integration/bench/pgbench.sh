#!/usr/bin/env bash
# pgbench: vpnsql (cached reads of 10,000 simulated connections) against
# PostgreSQL 15 holding the same rows, side by side in one run.
#
#   bash integration/bench/pgbench.sh [seconds-per-test] [clients] [rounds] [NAME=BINARY ...]
#
# Everything runs on loopback: `vpnsql sim` (seeded), `vpnsql serve` pointed
# at it with static keys, and a throwaway PostgreSQL 15 cluster.
#
# Without NAME=BINARY the binary is built from this tree and named vpnsql.
# With several (integration/bench/compare.sh passes before= and after=), one
# server per binary reads the same simulator, and every round runs each
# script against PostgreSQL and then each server in turn, in reverse order
# in even rounds, so that the machine's load falls on all of them alike. The summary gives medians over
# the rounds; a ratio is the median of the rounds' ratios (each taken
# between runs made one after the other).
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-10}
clients=${2:-4}
rounds=${3:-1}
shift $(($# < 3 ? $# : 3))
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

names=() bins=()
if [ $# -eq 0 ]; then
	go build -o "$work/vpnsql" ./cmd/vpnsql
	set -- "vpnsql=$work/vpnsql"
fi
for nb in "$@"; do names+=("${nb%%=*}"); bins+=("$(realpath "${nb#*=}")"); done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sim_port=$(free_port); pg_port=$(free_port)

"${bins[${#bins[@]}-1]}" sim --listen "127.0.0.1:$sim_port" --demo-data=false --seed-per-region 10000 --no-throttle >"$work/sim.log" 2>&1 &
pids+=($!)
sleep 1
urls=()
for i in "${!bins[@]}"; do
	vpn_port=$(free_port)
	AWS_ENDPOINT_URL="http://127.0.0.1:$sim_port" AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=secret \
		AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
		"${bins[$i]}" serve --listen "127.0.0.1:$vpn_port" --regions us-east-1 >"$work/serve-${names[$i]}.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p "$vpn_port" && break; sleep 0.2; done
	urls+=("postgresql://127.0.0.1:$vpn_port/aws?options=-c%20vpnsql.cache_ttl%3D1h")
done
vpn=${urls[0]}

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
for i in "${!urls[@]}"; do
	echo "rows: $(psql -X -A -t "$pg" -c 'SELECT count(*) FROM ec2.vpn_connections') in PostgreSQL, $(psql -X -A -t "${urls[$i]}" -c 'SELECT count(*) FROM ec2.vpn_connections') in ${names[$i]}"
done

# run ROUND NAME URL SCRIPT: one pgbench run, printed and kept in raw.txt as
# "round target script tps latency-ms".
run() {
	pgbench -n -M prepared -c "$clients" -j "$clients" -T "$secs" -D id="$id" -f "integration/bench/$4" "$3" 2>/dev/null |
		awk -v r="$1" -v n="$2" -v s="$4" '/^tps/ {t=$3} /latency average/ {l=$4} END {printf "%s %s %s %.1f %s\n", r, n, s, t, l}' |
		tee -a "$work/raw.txt"
}
scripts="point.sql groupby.sql scan.sql catalog_lookup.sql catalog_columns.sql"
echo "# round target script tps latency-ms (pgbench -M prepared, $clients clients, $secs s)"
for round in $(seq "$rounds"); do
	for script in $scripts; do
		run "$round" postgresql-15 "$pg" "$script"
		order=("${!urls[@]}")
		[ $((round % 2)) = 0 ] && order=($(printf '%s\n' "${order[@]}" | tac))
		for i in "${order[@]}"; do run "$round" "${names[$i]}" "${urls[$i]}" "$script"; done
	done
done

# The summary: medians over the rounds.
echo
echo "# medians over $rounds round(s): tps, latency; ratios are medians of each round's ratio"
awk -v names="${names[*]}" -v scripts="$scripts" '
	function median(list,   a, n, i, j, t) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
	}
	{ tps[$1, $2, $3] = $4; lat[$1, $2, $3] = $5; if ($1 > rounds) rounds = $1 }
	END {
		nn = split(names, nm, " "); ns = split(scripts, sc, " ")
		printf "%-22s %-14s %12s %10s %10s", "script", "target", "tps", "ms", "/ pg"
		if (nn > 1) printf " %10s", "/ " nm[1]
		printf "\n"
		for (s = 1; s <= ns; s++) {
			t = ""; l = ""
			for (r = 1; r <= rounds; r++) { t = t " " tps[r, "postgresql-15", sc[s]]; l = l " " lat[r, "postgresql-15", sc[s]] }
			printf "%-22s %-14s %12.1f %10.3f\n", sc[s], "postgresql-15", median(t), median(l)
			for (k = 1; k <= nn; k++) {
				t = ""; l = ""; rp = ""; rb = ""
				for (r = 1; r <= rounds; r++) {
					v = tps[r, nm[k], sc[s]]; t = t " " v; l = l " " lat[r, nm[k], sc[s]]
					p = tps[r, "postgresql-15", sc[s]]; b = tps[r, nm[1], sc[s]]
					rp = rp " " (p > 0 ? v / p : 0); rb = rb " " (b > 0 ? v / b : 0)
				}
				printf "%-22s %-14s %12.1f %10.3f %10.2f", sc[s], nm[k], median(t), median(l), median(rp)
				if (nn > 1) printf " %10.2f", median(rb)
				printf "\n"
			}
		}
	}' "$work/raw.txt"
