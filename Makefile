# vpnsql — see README.md.
GO      ?= go
BIN     := bin/vpnsql
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: build run test deps lint bench bench-smoke bench-go bench-compare clean fuzz fuzz-sql soak release test-containers image

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/vpnsql

# The demo: the built-in EC2 simulator with sample data, on 127.0.0.1:5432.
# Other flags: make run ARGS="--listen 127.0.0.1:6543".
run: build
	./$(BIN) serve --demo $(ARGS)

# Every test: unit tests, the protocol tests and the integration tests that
# start the real binary and query it with real clients, the fuzzers, then
# the benchmark suite once in smoke mode (under a minute). deps installs
# the clients first where they are missing.
test: deps lint
	$(GO) test -race -count=1 -timeout 20m ./...
	$(MAKE) fuzz
	$(MAKE) bench-smoke

# The container tests alone (integration/containers): Podman set up by
# deps (scripts/containers-setup.sh), the image built once from the
# Dockerfile, offline, then vpnsql, ec2sim and psql as containers.
# make test runs them within ./...; a machine that cannot run containers
# fails here, saying why. While deps sets Podman up, one go list compiles
# the image's packages and the tests' into the Go cache (on a cold
# machine this is most of the time): the image build then takes the
# compiled packages from it (docs/development.md).
test-containers:
	@$(GO) list -export -deps -test ./cmd/vpnsql ./integration/containers >/dev/null 2>&1 & \
	bash scripts/test-deps.sh || { kill $$! 2>/dev/null; exit 1; }; wait
	$(GO) test -count=1 -timeout 15m ./integration/containers

# The image, with the public base images (docs/deploy.md).
ENGINE ?= docker
IMAGE  ?= vpnsql:$(VERSION)
image:
	$(ENGINE) build --build-arg VERSION=$(VERSION) -t $(IMAGE) .

# What the tests need (Debian packages, pinned node modules), installed
# only where missing: scripts/test-deps.sh.
deps:
	@bash scripts/test-deps.sh

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Bounded fuzzing, run by `make test` (CI): each fuzz target,
# package:target[:fuzztime], for its own fuzztime or FUZZTIME (go test runs
# one -fuzz target at a time). Seed corpora already run in every `go test`;
# this explores beyond them. A failing input is written to the package's
# testdata/fuzz/ and then replays as a seed. FUZZTIME=0 skips it.
#
# The budgets are execution counts, each about 15 s on two cores: a
# duration ends in a race in Go 1.26's fuzzing coordinator that can fail a
# run which found nothing ("context deadline exceeded" at the deadline,
# golang/go#75804, fixed in Go 1.27); a count has no deadline to race.
#
# FuzzHostileSQL sends hostile statements to a real server
# (integration/hostile_test.go). Before fuzzing, go test replays the seed
# corpus, and a time limit that runs out during that replay fails the run:
# its statements take seconds, so it is given a number of executions
# (HOSTILE_FUZZTIME), which has no deadline. `make fuzz
# FUZZTARGETS=./integration:FuzzHostileSQL:10m` runs it alone, longer.
#
# Each run starts from the seeds in testdata/fuzz and the tests' own seed
# corpus: the go cache's corpus of earlier runs is removed first, as its
# replay would grow with every run.
FUZZTIME         ?= 15s
HOSTILE_FUZZTIME ?= 40x
# A stalled fuzz run fails instead of holding CI (go test does not kill a
# fuzzing run by itself).
FUZZTIMEOUT ?= 10m
FUZZTARGETS ?= ./server:FuzzSession:40000x ./server:FuzzStartup:60000x ./server:FuzzDecode:60000x \
	./cmd/vpnsql:FuzzConfig:200000x ./integration:FuzzHostileSQL:$(HOSTILE_FUZZTIME)
fuzz:
	@if [ "$(FUZZTIME)" != 0 ]; then \
	cache=$$($(GO) env GOCACHE)/fuzz; \
	for pt in $(FUZZTARGETS); do \
		pkg=$${pt%%:*}; rest=$${pt#*:}; f=$${rest%%:*}; ft=$(FUZZTIME); \
		case $$rest in *:*) ft=$${rest#*:};; esac; \
		rm -rf "$$cache/$$($(GO) list $$pkg)/$$f"; \
		echo "fuzz $$f ($$pkg) for $$ft"; \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $$ft -timeout $(FUZZTIMEOUT) $$pkg || exit 1; \
	done; fi

# The random query generator (integration/sql_fuzz_test.go, docs/sql.md)
# for N statements and TLPN ternary-logic checks of seed SEED; make test
# runs seed 1 with 2,500 and 400. Record the seeds run in docs/sql.md.
SEED ?= 1
N    ?= 10000
TLPN ?= 1000
fuzz-sql:
	VPNSQL_FUZZ_SEED=$(SEED) VPNSQL_FUZZ_N=$(N) VPNSQL_TLP_N=$(TLPN) \
		$(GO) test -run '^TestSQLFuzz$$' -count=1 -v -timeout 3h ./integration

# The soak test: SOAKSESSIONS concurrent sessions replaying recorded client
# queries, prepared statements, cancels, timeouts, disconnects and dry-run
# writes for SOAKTIME against `vpnsql sim` with injected latency and faults
# (integration/soak_test.go). It prints outcomes by SQLSTATE, p50/p99
# latency, peak RSS, goroutines and file descriptors. `make test` runs a
# short form (30 sessions, 20 s).
SOAKTIME     ?= 5m
SOAKSESSIONS ?= 200
soak:
	VPNSQL_SOAK_SESSIONS=$(SOAKSESSIONS) VPNSQL_SOAK_TIME=$(SOAKTIME) \
		$(GO) test -run '^TestSoak$$' -count=1 -v -timeout 2h ./integration

# Stripped, reproducible binaries for linux/amd64 and linux/arm64 in dist/,
# with SHA256SUMS: scripts/release.sh. Not part of make test.
release:
	VERSION=$(VERSION) bash scripts/release.sh

# The benchmark suite of issue 20 (BENCHMARKS.md), not part of make test:
# integration/bench/suite measures each pair of the issue side by side in
# one run (vpnsql against PostgreSQL 15 on the same rows, against a direct
# SDK call, one region, one API call, ...), interleaved, BENCHROUNDS
# rounds, medians; pgbench runs BENCHSECS seconds, 8 clients, -j 2. It
# prints a markdown section to paste into BENCHMARKS.md and the file it
# wrote (BENCHOUT, default a temporary directory). About 15 minutes on two
# cores. PAIRS=1,2,3 runs some (x: the 10,000-row pgbench extras).
# BENCH=smoke (make bench-smoke, run by make test) runs every pair once,
# tiny, in under a minute: it fails if a pair cannot run, and judges no
# speed. PostgreSQL runs as the postgres user when root. Pair 9 reports
# the image's size: a full run first builds localhost/vpnsql:test from
# this checkout as the container tests do (their TestMain, no tests).
bench_image = $(and $(if $(filter smoke,$(BENCH)),,full),$(if $(PAIRS),$(findstring 9,$(PAIRS)),all))
BENCHCOUNT  ?= 5
BENCHSECS   ?= 10
BENCHROUNDS ?= 3
BENCH       ?=
bench: deps build
	$(if $(bench_image),$(GO) test -count=1 -run '^$$' ./integration/containers)
	$(GO) run ./integration/bench/suite -vpnsql $(BIN) -rounds $(BENCHROUNDS) -secs $(BENCHSECS) \
		$(if $(filter smoke,$(BENCH)),-smoke) $(if $(PAIRS),-pairs $(PAIRS)) $(if $(BENCHOUT),-out $(BENCHOUT))

bench-smoke:
	$(MAKE) bench BENCH=smoke

# The Go benchmarks of every package that has them (in process, for
# profiles: docs/development.md), BENCHCOUNT samples each.
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) \
		$$(git grep -l '^func Benchmark' -- '*_test.go' | xargs -n1 dirname | sort -u | sed 's|^|./|')

# Two commits side by side, interleaved: the Go benchmarks both have
# (benchstat) and the suite's pairs 1–4 with one server per commit.
# make bench-compare BEFORE=44f4ca7 [AFTER=HEAD].
AFTER ?= HEAD
bench-compare:
	@test -n "$(BEFORE)" || { echo "usage: make bench-compare BEFORE=<commit> [AFTER=<commit>]"; exit 2; }
	bash integration/bench/compare.sh $(BEFORE) $(AFTER) $(BENCHCOUNT) $(BENCHSECS) $(BENCHROUNDS)

clean:
	rm -rf bin dist
