#!/usr/bin/env bash
# stream: what streaming execution changed, side by side with an earlier
# commit in one run (docs/design.md, "Execution model"):
#   1. the server's peak RSS minus its idle RSS while one client reads a scan
#      of 16 regions x 625 connections, each carrying its
#      customerGatewayConfiguration (a few KB), with vpnsql.cache_ttl = 0,
#      through psql (text) and pgx (binary);
#   2. the latency of SELECT ... LIMIT 1 over 16 regions when every
#      DescribeVpnConnections takes 100 ms: over those 625 connections per
#      region (decoding the answers costs more CPU than the latency, and the
#      simulator shares the CPU), and over 10 per region (latency-bound, as
#      against AWS).
#
#   bash integration/bench/stream.sh [BASE-COMMIT] [LIMIT-1-TRANSACTIONS]
#
# BASE-COMMIT (default 44f4ca7, the last materialising executor) is built
# from a temporary git worktree. Everything runs on loopback: one
# `vpnsql sim`, and a fresh `vpnsql serve` per measurement.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-44f4ca7}
txns=${2:-5}
work=$(mktemp -d)
pids=()
cleanup() {
	kill "${pids[@]}" 2>/dev/null || true
	git worktree remove --force "$work/base" 2>/dev/null || true
	[ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/vpnsql-after" ./cmd/vpnsql
go build -o "$work/pgxscan" ./integration/bench/pgxscan
git worktree add -q --detach "$work/base" "$base"
(cd "$work/base" && go build -o "$work/vpnsql-before" ./cmd/vpnsql)
git worktree remove --force "$work/base"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
regions=ap-northeast-1,ap-northeast-2,ap-northeast-3,ap-south-1,ap-southeast-1,ap-southeast-2,ca-central-1,eu-central-1,eu-north-1,eu-west-1,eu-west-2,eu-west-3,sa-east-1,us-east-1,us-east-2,us-west-1
# sim N: starts a simulator with N connections in each region; sets $sim_port.
sim() {
	sim_port=$(free_port)
	"$work/vpnsql-after" sim --listen "127.0.0.1:$sim_port" --demo-data=false --seed-per-region "$1" --seed-regions "$regions" --no-throttle >"$work/sim-$1.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 50); do curl -sf "http://127.0.0.1:$sim_port/_sim/faults" >/dev/null && break; sleep 0.2; done
}
big_sim= small_sim=
sim 10 && small_sim=$sim_port
sim 625 && big_sim=$sim_port

# serve BIN SIM-PORT: starts a server against a simulator; sets $pid and $url.
serve() {
	local port
	port=$(free_port)
	AWS_ENDPOINT_URL="http://127.0.0.1:$2" AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=secret \
		AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
		"$1" serve --listen "127.0.0.1:$port" --regions "$regions" >"$work/serve.log" 2>&1 &
	pid=$!
	pids+=("$pid")
	for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 0.2; done
	url="postgresql://127.0.0.1:$port/aws?options=-c%20vpnsql.cache_ttl%3D0"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
kib() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$pid/status"; }

scan='SELECT * FROM ec2.vpn_connections'
echo "# peak RSS minus idle RSS of the server for: $scan (16 regions x 625 rows, cache_ttl = 0)"
printf '%-8s %-12s %8s %12s %12s %14s\n' build client rows "idle MiB" "peak MiB" "peak-idle MiB"
for build in before after; do
	for client in psql pgx; do
		serve "$work/vpnsql-$build" "$big_sim"
		sleep 1
		idle=$(kib VmRSS)
		if [ "$client" = psql ]; then
			n=$(psql -X -q -A -t -o /dev/null "$url" -c "$scan" -c '\echo :ROW_COUNT')
		else
			n=$("$work/pgxscan" "$url" "$scan")
		fi
		peak=$(kib VmHWM)
		stop
		awk -v b="$build" -v c="$client" -v n="$n" -v i="$idle" -v p="$peak" \
			'BEGIN {printf "%-8s %-12s %8d %12.1f %12.1f %14.1f\n", b, c, n, i/1024, p/1024, (p-i)/1024}'
	done
done

echo
echo "# SELECT \"vpnConnectionId\" FROM ec2.vpn_connections LIMIT 1, 16 regions, every DescribeVpnConnections 100 ms (pgbench, 1 client)"
printf '%-8s %-22s %14s\n' build "connections/region" "latency ms"
for size in 10 625; do
	port=$small_sim n=$((txns * 4))
	[ "$size" = 625 ] && port=$big_sim n=$txns
	curl -sf -X PUT "http://127.0.0.1:$port/_sim/faults" -d '[{"action": "DescribeVpnConnections", "kind": "latency", "latency": "100ms"}]' >/dev/null
	for build in before after; do
		serve "$work/vpnsql-$build" "$port"
		pgbench -n -M prepared -c 1 -t "$n" -f integration/bench/limit1.sql "$url" 2>/dev/null |
			awk -v b="$build" -v s="$size" '/latency average/ {printf "%-8s %-22s %14s\n", b, s, $4}'
		stop
	done
done
