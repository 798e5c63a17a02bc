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
state=${VPNSQL_CONTAINERS_STATE:-/var/lib/vpnsql-containers} # the service's log and pid
# VPNSQL_TEST_IMAGES names the images apart from the machine's own, e.g. to
# measure a cold build beside them (integration/containers reads it too).
images=${VPNSQL_TEST_IMAGES:-localhost/}
debian_image=${images}debian:bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PATH=$PATH:/usr/local/go/bin
goversion=$(go env GOVERSION)
builder_image=${images}vpnsql-builder:$goversion

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

# The base images, made with mmdebstrap, both at once (the builder does
# not wait for the runtime base):
# - the runtime base: minimal bookworm with ca-certificates and tzdata, so
#   the Dockerfile's runtime stage needs no apt-get; it is also the client
#   image's base;
# - the builder: bookworm with a C compiler (pg_query is cgo) and this
#   machine's Go toolchain, so the image builds with the Go the tests use,
#   and with the same gcc, so the host's Go build cache applies in it
#   (integration/containers sends it).
# Without documentation, man pages or apt lists. The label marks how they
# were made: images from an older version of this script are made again.
base_version=2
# The merged-usr hook merges /usr as debootstrap does, so usr-is-merged
# rather than usrmerge (and perl) is installed.
mmopts=(--hook-dir=/usr/share/mmdebstrap/hooks/merged-usr --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright'
	--dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*')
current() { [ "$(podman image inspect --format '{{index .Labels "org.vpnsql.base"}}' "$1" 2>/dev/null)" = "$base_version" ]; }
make_base() { # image, mmdebstrap arguments...
	local image=$1 name
	shift
	name=$(basename "${image%%:*}")
	mmdebstrap --quiet --variant=minbase "${mmopts[@]}" "$@" bookworm "$tmp/$name.tar" "$mirror" >"$state/$name.log" 2>&1 ||
		{ echo "mmdebstrap for $image failed; see $state/$name.log" >"$tmp/$name.err"; return 1; }
	podman import -q --change "LABEL org.vpnsql.base=$base_version" "${changes[@]}" "$tmp/$name.tar" "$image" >/dev/null 2>"$tmp/$name.err" ||
		return 1
	rm -f "$tmp/$name.tar"
}
pids=()
if ! current "$debian_image" || ! current "$builder_image"; then
	command -v mmdebstrap >/dev/null || fail "mmdebstrap is not installed (scripts/test-deps.sh installs it)"
	tmp=$(mktemp -d /var/tmp/vpnsql-bases.XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
fi
if ! current "$debian_image"; then
	echo "containers-setup: making $debian_image with mmdebstrap from $mirror"
	changes=()
	make_base "$debian_image" --include=ca-certificates,tzdata &
	pids+=($!)
fi
if ! current "$builder_image"; then
	echo "containers-setup: making $builder_image with mmdebstrap from $mirror"
	goroot=$(go env GOROOT)
	changes=(--change "ENV PATH=/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" --change "ENV GOTOOLCHAIN=local")
	make_base "$builder_image" --include=gcc,libc6-dev,ca-certificates \
		--customize-hook="mkdir -p \"\$1/usr/local/go\" && tar -C '$goroot' --exclude=./test --exclude=./api --exclude=./doc -c . | tar -C \"\$1/usr/local/go\" -x" &
	pids+=($!)
fi
for pid in "${pids[@]}"; do
	wait "$pid" || fail "making a base image failed: $(cat "$tmp"/*.err 2>/dev/null)"
done
if [ ${#pids[@]} -gt 0 ]; then
	rm -rf "$tmp"
	trap - EXIT
	echo "containers-setup: base images ready"
fi

# Can a container start? This catches a runtime or cgroup problem here,
# with Podman's own error, rather than in the middle of a test.
if ! out=$(podman run --rm --network none "$debian_image" true 2>&1); then
	fail "podman cannot start a container: $out"
fi
