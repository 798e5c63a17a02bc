#!/usr/bin/env bash
# compare: two commits' benchmarks side by side in one run — the Go
# benchmarks both commits have (executor and server) and the suite's
# pairs 1–4 and its 10,000-row pgbench extras (integration/bench/suite).
#
#   bash integration/bench/compare.sh BEFORE [AFTER] [ROUNDS] [PGBENCH-SECONDS] [PGBENCH-ROUNDS]
#
# AFTER defaults to HEAD, ROUNDS (Go benchmark samples per benchmark) to 5,
# PGBENCH-SECONDS to 10 and PGBENCH-ROUNDS (the suite's rounds) to 3; 0
# rounds skips that part. Both commits are built
# from temporary git worktrees. The runs are interleaved: each round runs
# every Go benchmark once for each commit, the first commit first in odd
# rounds and second in even ones, so that load from elsewhere on the
# machine falls on both alike. The suite runs one server per commit
# against the same simulator, PostgreSQL and both in turn in every round,
# reversed in even rounds; the suite itself is this checkout's.
#
# The raw results stay in OUT (default: a new temporary directory, printed
# at the end): go-before.txt and go-after.txt in `go test -bench` format,
# benchstat.txt, suite.md (and suite-raw.txt). benchstat is run with `go run` at a pinned
# version (it is not a dependency of the module); without it the Go
# benchmarks' medians are printed instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
before=${1:?usage: compare.sh BEFORE [AFTER] [ROUNDS] [PGBENCH-SECONDS] [PGBENCH-ROUNDS]}
after=${2:-HEAD}
rounds=${3:-5}
secs=${4:-10}
pgrounds=${5:-3}
benchstat=golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
# Benchmarks that take seconds per operation run a fixed number of times.
slow='Uncached|DirectSDK'
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
work=$(mktemp -d)
cleanup() {
	for b in before after; do git worktree remove --force "$work/$b" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

declare -A rev
rev[before]=$(git rev-parse --verify "$before^{commit}")
rev[after]=$(git rev-parse --verify "$after^{commit}")
{
	echo "before: ${rev[before]} ($before)"
	echo "after:  ${rev[after]} ($after)"
	echo "date:   $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "cpu:    $(nproc) x $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), $(go version | cut -d' ' -f3)"
} | tee "$out/commits.txt"

for b in before after; do
	git worktree add -q --detach "$work/$b" "${rev[$b]}"
	(cd "$work/$b" &&
		go build -o "$work/vpnsql-$b" ./cmd/vpnsql &&
		go test -c -o "$work/$b-executor.test" ./executor &&
		go test -c -o "$work/$b-server.test" ./server)
done

# common PKG: the benchmarks both commits' PKG test binaries have.
common() {
	comm -12 <("$work/before-$1.test" -test.list '^Benchmark' | sort) <("$work/after-$1.test" -test.list '^Benchmark' | sort)
}
# bench BUILD PKG REGEXP BENCHTIME: one sample of each matching benchmark.
bench() {
	[ -n "$3" ] || return 0
	(cd "$work/$1/$2" && "$work/$1-$2.test" -test.run '^$' -test.bench "^($3)\$" -test.benchtime "$4" \
		-test.benchmem -test.count 1) | tee -a "$out/go-$1.txt" | grep '^Benchmark' || true
}
rm -f "$out/go-before.txt" "$out/go-after.txt"
for round in $(seq "$rounds"); do
	order="before after"
	[ $((round % 2)) = 0 ] && order="after before"
	for b in $order; do
		echo "# round $round: $b"
		for pkg in executor server; do
			names=$(common "$pkg")
			bench "$b" "$pkg" "$(grep -Ev "$slow" <<<"$names" | paste -sd'|')" 1s
			bench "$b" "$pkg" "$(grep -E "$slow" <<<"$names" | paste -sd'|' || true)" 3x
		done
	done
done

if [ "$rounds" -gt 0 ]; then
	for b in before after; do
		grep -q '^Benchmark' "$out/go-$b.txt" || { echo "no Go benchmark ran for $b" >&2; exit 1; }
	done
	echo
	if (cd "$work" && go run "$benchstat" "$out/go-before.txt" "$out/go-after.txt") >"$out/benchstat.txt" 2>"$work/benchstat.err"; then
		cat "$out/benchstat.txt"
	else
		echo "# benchstat unavailable ($(head -1 "$work/benchstat.err")); medians of $rounds samples"
		for b in before after; do
			awk -v b="$b" '
				function median(list,   a, n, i, j, t) {
					n = split(list, a, " ")
					for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] + 0 > a[j] + 0; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
					return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
				}
				/^Benchmark/ { if (!($1 in ns)) order[++n] = $1; ns[$1] = ns[$1] " " $3
					for (i = 4; i < NF; i++) { if ($(i+1) == "B/op") by[$1] = by[$1] " " $i; if ($(i+1) == "allocs/op") al[$1] = al[$1] " " $i } }
				END { for (k = 1; k <= n; k++) printf "%-8s %-36s %14.0f ns/op %12.0f B/op %10.0f allocs/op\n", b, order[k], median(ns[order[k]]), median(by[order[k]]), median(al[order[k]]) }
			' "$out/go-$b.txt"
		done | tee "$out/benchstat.txt"
	fi
fi

if [ "$pgrounds" -gt 0 ]; then
	echo
	go run ./integration/bench/suite -pairs 1,2,3,4,x -rounds "$pgrounds" -secs "$secs" -out "$out/suite.md" \
		-vpnsql before="$work/vpnsql-before" -vpnsql after="$work/vpnsql-after"
fi
echo
echo "results in $out"
