# vpnsql's image: built from source in a builder stage, run as non-root in
# a small Debian stage (glibc for the cgo binary). docs/deploy.md.
#
# The base images are build arguments; the tests point them at images made
# on the machine (scripts/containers-setup.sh), as they reach no registry.
ARG BUILDER_IMAGE=golang:1.26-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${BUILDER_IMAGE} AS build
# GOPROXY=file:///src/.modcache builds offline from module downloads put
# in the build context (integration/containers does); the default fetches
# them from the Go proxy.
ARG GOPROXY=https://proxy.golang.org,direct
ARG VERSION=dev
# GOCACHE and SRCDIR let the tests reuse the packages their host already
# compiled: they send those entries of the host's Go build cache in the
# context (.gocache, which .dockerignore keeps out of the image's layers;
# read through the bind mount of the context at /context) and build in
# the checkout's own path. Go keys a package's cache entry by its
# directory when -trimpath is off, so the build leaves -trimpath off: with
# the module cache at the same path (/root/go/pkg/mod) and the same Go
# and gcc, every package is found compiled. Without them, the cache mount
# keeps pg_query's C objects between builds.
#
# The sources are always copied to /src, and SRCDIR is a symbolic link to
# it made in the RUN step: podman (buildah) keys the layer cache of
# WORKDIR and COPY by their unexpanded text, so a WORKDIR ${SRCDIR} built
# once from one checkout would be reused for another checkout's path.
# Only RUN's key holds the build arguments' values.
ARG GOCACHE=/root/.cache/go-build
ARG SRCDIR=/src
# BUILDFLAGS: more go build flags (the tests give -v, to count what the
# builder compiled).
ARG BUILDFLAGS=
WORKDIR /src
COPY . .
# pg_query is C, compiled through cgo. -s -w strips the symbol and debug
# tables.
RUN --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=cache,target=/root/go/pkg/mod \
    --mount=type=bind,target=/context,rw \
    { [ "${SRCDIR}" = /src ] || { mkdir -p "$(dirname "${SRCDIR}")" && ln -s /src "${SRCDIR}" && cd "${SRCDIR}"; }; } \
 && GOCACHE=${GOCACHE} GOPROXY=${GOPROXY} GOFLAGS=-mod=readonly CGO_ENABLED=1 \
    go build ${BUILDFLAGS} -ldflags "-s -w -X main.version=${VERSION}" -o /out/vpnsql ./cmd/vpnsql \
 && /out/vpnsql version

FROM ${RUNTIME_IMAGE}
# The tests' local base has both packages already: no apt-get then.
RUN { dpkg -s ca-certificates tzdata >/dev/null 2>&1 || { apt-get update -qq \
      && apt-get install -y -qq --no-install-recommends ca-certificates tzdata >/dev/null \
      && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin; }; } \
 && useradd --system --uid 10001 --user-group --no-create-home --home-dir /nonexistent vpnsql
COPY --from=build /out/vpnsql /usr/local/bin/vpnsql
USER 10001:10001
# 5432: PostgreSQL; 9433: the admin listener (/metrics, /healthz, /readyz).
EXPOSE 5432 9433
# Listen on every address inside the container; the drain is shorter than
# the 10 s docker stop and podman stop wait before SIGKILL, so a stop
# cancels the last statements itself and exits 0. With the admin listener
# on, `vpnsql health` (same VPNSQL_ADMIN_LISTEN) asks its /readyz.
ENV VPNSQL_LISTEN=0.0.0.0:5432 \
    VPNSQL_ADMIN_LISTEN=0.0.0.0:9433 \
    VPNSQL_SHUTDOWN_DRAIN=7s
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/vpnsql", "health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/vpnsql"]
CMD ["serve", "--demo"]
