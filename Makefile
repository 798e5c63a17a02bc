# vpnsql — see README.md.
GO      ?= go
BIN     := bin/vpnsql
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: build run test lint bench clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/vpnsql

# The demo: the built-in EC2 simulator with sample data, on 127.0.0.1:5432.
run: build
	./$(BIN) serve --demo

# Every test: unit tests, the protocol tests and the integration tests that
# start the real binary and query it with real clients.
test: lint
	$(GO) test -race -count=1 -timeout 20m ./...

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
