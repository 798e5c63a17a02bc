# Build: pg_query needs cgo, so the builder has a C compiler.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags "-s -w" -o /out/vpnsql ./cmd/vpnsql

# Run: a small Debian image (glibc for the cgo binary), as a non-root user.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home vpnsql
COPY --from=build /out/vpnsql /usr/local/bin/vpnsql
USER 10001
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/vpnsql"]
CMD ["serve", "--demo", "--listen", "0.0.0.0:5432"]
