#!/usr/bin/env bash
# containers-setup.sh readies rootful Podman for the container tests
# (integration/containers): its configuration, its Docker-compatible API
# socket, and the local base images the Dockerfile is built from, as no
# registry can be reached. scripts/test-deps.sh installs the packages and
# then runs this. Each step checks first, so a second run only pings the
# socket and runs one container. docs/development.md explains each setting.
#
# When containers cannot run here, it fails saying why: the container
# tests are part of make test and never skip.
set -euo pipefail
cd "$(dirname "$0")/.."

sock=${PODMAN_SOCK:-/run/podman/podman.sock}
state=/var/lib/vpnsql-containers # the service's log and pid
debian_image=localhost/debian:bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PATH=$PATH:/usr/local/go/bin
goversion=$(go env GOVERSION)
builder_image=localhost/vpnsql-builder:$goversion

fail() {
	echo "containers-setup: $*" >&2
	echo "the container tests (make test-containers, part of make test) cannot run on this machine" >&2
	exit 1
}

command -v podman >/dev/null || fail "podman is not installed (scripts/test-deps.sh installs it as root)"
command -v runc >/dev/null || fail "runc is not installed (scripts/test-deps.sh installs it as root)"
if [ "$(id -u)" != 0 ]; then
	# Rootless Podman needs subuid ranges and user namespaces set up by
	# hand; the tests use the rootful socket.
	if curl -fsS --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 && podman image exists "$builder_image"; then
		exit 0
	fi
	fail "setting up Podman needs root: sudo bash scripts/test-deps.sh"
fi
mkdir -p "$state"

# crun cannot start containers under hybrid cgroups (v1 controllers and a
# cgroup2 mount); runc can. Root here lacks CAP_SYS_RESOURCE, so the
# 1048576 nofile/nproc Podman asks for by default fail; Podman also caps
# its own nproc at 32768.
hn=$(ulimit -Hn); [ "$hn" = unlimited ] && hn=1048576; [ "$hn" -gt 1048576 ] && hn=1048576
hu=$(ulimit -Hu); [ "$hu" = unlimited ] && hu=32768; [ "$hu" -gt 32768 ] && hu=32768
conf="# Written by vpnsql's scripts/containers-setup.sh.
[containers]
default_ulimits = [\"nofile=$hn:$hn\", \"nproc=$hu:$hu\"]

[engine]
runtime = \"runc\""
changed=
if [ "$(cat /etc/containers/containers.conf 2>/dev/null)" != "$conf" ]; then
	if [ -s /etc/containers/containers.conf ] && ! grep -q "vpnsql's scripts/containers-setup.sh" /etc/containers/containers.conf; then
		cp /etc/containers/containers.conf /etc/containers/containers.conf.before-vpnsql
		echo "containers-setup: saved the old /etc/containers/containers.conf as containers.conf.before-vpnsql"
	fi
	mkdir -p /etc/containers
	printf '%s\n' "$conf" >/etc/containers/containers.conf
	echo "containers-setup: wrote /etc/containers/containers.conf (runtime runc, ulimits nofile=$hn nproc=$hu)"
	changed=1
fi

# The Docker API socket, from a service started here (no systemd). A
# service of ours running with an old configuration is restarted.
ping() { curl -fsS --max-time 5 --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; }
if [ -n "$changed" ] && [ -s "$state/service.pid" ] && kill -0 "$(cat "$state/service.pid")" 2>/dev/null; then
	kill "$(cat "$state/service.pid")"
	for _ in $(seq 50); do ping || break; sleep 0.1; done
fi
if ! ping; then
	mkdir -p "$(dirname "$sock")"
	# From /: the service outlives this checkout, and a service whose
	# working directory was removed fails every container start ("write
	# child: broken pipe").
	(cd / && exec setsid nohup podman system service --time=0 "unix://$sock" >"$state/service.log" 2>&1 </dev/null) &
	echo $! >"$state/service.pid"
	for _ in $(seq 100); do ping && break; sleep 0.1; done
	ping || fail "podman system service did not answer on $sock; its log, $state/service.log:
$(tail -n 20 "$state/service.log")"
	echo "containers-setup: Docker API on unix://$sock (podman pid $(cat "$state/service.pid"))"
fi

# The Debian runtime base: a minimal bookworm root file system, without
# the packages debootstrap downloaded, the apt lists, or documentation.
if ! podman image exists "$debian_image"; then
	command -v debootstrap >/dev/null || fail "debootstrap is not installed (scripts/test-deps.sh installs it)"
	rootfs=$(mktemp -d /var/tmp/vpnsql-rootfs.XXXXXX)
	trap 'rm -rf "$rootfs"' EXIT
	echo "containers-setup: debootstrap bookworm from $mirror (about 20 s)"
	debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$state/debootstrap.log" 2>&1 ||
		fail "debootstrap failed; see $state/debootstrap.log"
	rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
		"$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
	tar -C "$rootfs" -c . | podman import -q - "$debian_image" >/dev/null
	rm -rf "$rootfs"
	trap - EXIT
	echo "containers-setup: imported $debian_image"
fi

# The builder base: Debian with a C compiler (pg_query is cgo) and this
# machine's Go toolchain, so the image builds with the Go the tests use.
if ! podman image exists "$builder_image"; then
	ctx=$(mktemp -d /var/tmp/vpnsql-builder.XXXXXX)
	trap 'rm -rf "$ctx"' EXIT
	goroot=$(go env GOROOT)
	tar -C "$goroot" --exclude=./test --exclude=./api --exclude=./doc -c . | (mkdir "$ctx/go" && tar -C "$ctx/go" -x)
	cat >"$ctx/Containerfile" <<EOF
FROM $debian_image
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends gcc libc6-dev ca-certificates >/dev/null \\
 && rm -rf /var/lib/apt/lists/*
COPY go /usr/local/go
ENV PATH=/usr/local/go/bin:\$PATH GOTOOLCHAIN=local
EOF
	echo "containers-setup: building $builder_image"
	podman build -q -t "$builder_image" "$ctx" >"$state/builder.log" 2>&1 ||
		fail "building $builder_image failed; see $state/builder.log"
	rm -rf "$ctx"
	trap - EXIT
fi

# Can a container start? This catches a runtime or cgroup problem here,
# with Podman's own error, rather than in the middle of a test.
if ! out=$(podman run --rm --network none "$debian_image" true 2>&1); then
	fail "podman cannot start a container: $out"
fi
