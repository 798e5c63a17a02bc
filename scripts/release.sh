#!/usr/bin/env bash
# release.sh builds the release binaries into dist/: vpnsql for linux/amd64
# and linux/arm64, stripped and reproducible, with SHA256SUMS. It is `make
# release`, not part of `make test`.
#
# Reproducible means the same commit gives the same bytes wherever it is
# built: -trimpath drops the build machine's paths, an empty build id and
# -buildvcs=false drop what differs between checkouts, and the version comes
# from the commit, not the clock. pg_query is C, so each target needs cgo and
# a C compiler for it: Debian's gcc-aarch64-linux-gnu for arm64.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
out=dist
declare -A cc=([amd64]=x86_64-linux-gnu-gcc [arm64]=aarch64-linux-gnu-gcc)
declare -A pkg=([amd64]="gcc-x86-64-linux-gnu libc6-dev-amd64-cross" [arm64]="gcc-aarch64-linux-gnu libc6-dev-arm64-cross")
declare -A libc=([amd64]=/usr/x86_64-linux-gnu/include/stdio.h [arm64]=/usr/aarch64-linux-gnu/include/stdio.h)
host=$(go env GOARCH)

missing=()
for arch in amd64 arm64; do
	[ "$arch" = "$host" ] && continue
	if ! command -v "${cc[$arch]}" >/dev/null 2>&1 || [ ! -f "${libc[$arch]}" ]; then
		missing+=(${pkg[$arch]})
	fi
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "make release needs the C cross compilers: sudo apt-get install ${missing[*]}" >&2
		exit 1
	fi
	apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

rm -rf "$out" && mkdir -p "$out"
for arch in amd64 arm64; do
	compiler=gcc
	[ "$arch" = "$host" ] || compiler=${cc[$arch]}
	bin=$out/vpnsql-$version-linux-$arch
	echo "building $bin"
	CGO_ENABLED=1 GOOS=linux GOARCH=$arch CC=$compiler \
		go build -trimpath -buildvcs=false \
		-ldflags "-s -w -buildid= -X main.version=$version" \
		-o "$bin" ./cmd/vpnsql
done
(cd "$out" && sha256sum vpnsql-* > SHA256SUMS && cat SHA256SUMS)
ls -l "$out"
