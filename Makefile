# vpnsql — see README.md.
GO      ?= go
BIN     := bin/vpnsql
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: build run test deps lint bench clean fuzz release

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/vpnsql

# The demo: the built-in EC2 simulator with sample data, on 127.0.0.1:5432.
# Other flags: make run ARGS="--listen 127.0.0.1:6543".
run: build
	./$(BIN) serve --demo $(ARGS)

# Every test: unit tests, the protocol tests and the integration tests that
# start the real binary and query it with real clients. deps installs the
# clients first where they are missing.
test: deps lint
	$(GO) test -race -count=1 -timeout 20m ./...
	$(MAKE) fuzz

# What the tests need (Debian packages, pinned node modules), installed
# only where missing: scripts/test-deps.sh.
deps:
	@bash scripts/test-deps.sh

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Bounded fuzzing, run by `make test` (CI): each fuzz target of the protocol
# layer for FUZZTIME (go test runs only one -fuzz target at a time). Seed
# corpora already run in every `go test`; this explores beyond them. A
# failing input is written to server/testdata/fuzz/ and then replays as a
# seed. FUZZTIME=0 skips it.
FUZZTIME    ?= 15s
FUZZTARGETS := FuzzSession FuzzStartup FuzzDecode
fuzz:
	@if [ "$(FUZZTIME)" != 0 ]; then \
	for f in $(FUZZTARGETS); do \
		echo "fuzz $$f for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./server || exit 1; \
	done; fi

# Stripped, reproducible binaries for linux/amd64 and linux/arm64 in dist/,
# with SHA256SUMS: scripts/release.sh. Not part of make test.
release:
	VERSION=$(VERSION) bash scripts/release.sh

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin dist
