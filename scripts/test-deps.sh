#!/usr/bin/env bash
# test-deps.sh installs what `make test` and `make bench` need and is missing, and nothing
# else: the Debian packages of the clients and servers the tests drive, and
# the pinned node modules. What is already there is left alone, so a second
# run does nothing. `make test` runs it first; so does CI, through make test.
#
# Debian packages need root. Without it the script names the one command to
# run and fails, rather than running half of the tests.
#
# Later needs are added here, each as one `need` line: a test that lacks its
# tool fails in CI with a message naming it, never skips.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
# need PACKAGE CHECK...: install PACKAGE unless the shell command CHECK succeeds.
need() {
	local pkg=$1
	shift
	if ! eval "$*" >/dev/null 2>&1; then
		packages+=("$pkg")
	fi
}
py() { /usr/bin/python3 -c "import $1"; }

# The build: gcc for cgo (pg_query).
need gcc 'command -v gcc'
need libc6-dev 'test -f /usr/include/stdio.h'
need git 'command -v git'
# PostgreSQL 15: the differential tests start their own cluster; psql is a client under test.
need postgresql-client-15 'command -v psql'
need postgresql-15 'test -x /usr/lib/postgresql/15/bin/postgres'
# pgJDBC, compiled against at test time, so a JDK.
need libpostgresql-jdbc-java 'test -f /usr/share/java/postgresql.jar'
need default-jdk-headless 'command -v javac && command -v java'
# Python clients, for the system python3 the tests call (/usr/bin/python3).
need python3 'test -x /usr/bin/python3'
need python3-psycopg2 'py psycopg2'
need python3-psycopg 'py psycopg'
need python3-pyodbc 'py pyodbc'
need python3-sqlalchemy 'py sqlalchemy'
need pgcli 'command -v pgcli'
# psqlODBC through unixODBC.
need odbc-postgresql 'test -f /usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so || test -f /usr/lib/aarch64-linux-gnu/odbc/psqlodbcw.so'
need unixodbc 'command -v isql'
# node-postgres runs on Node.js; tmux types into an interactive psql.
need nodejs 'command -v node'
need npm 'command -v npm'
need tmux 'command -v tmux'
# Containers (integration/containers, make test-containers): rootful Podman
# serving the Docker API that testcontainers-go speaks. runc, not crun: crun
# fails on this kernel's hybrid cgroups (docs/development.md). netavark and
# aardvark-dns give user-defined networks with DNS aliases; mmdebstrap
# makes the Debian base image, as no registry can be reached.
need runc 'command -v runc'
need podman 'command -v podman'
need netavark 'test -x /usr/lib/podman/netavark'
need aardvark-dns 'test -x /usr/lib/podman/aardvark-dns'
need iptables 'command -v iptables'
need mmdebstrap 'command -v mmdebstrap'
# containers-setup.sh pings Podman's API socket. (make bench's pgbench comes with postgresql-15.)
need curl 'command -v curl'

if [ ${#packages[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "make test needs these Debian packages: ${packages[*]}" >&2
		echo "install them as root, then run make test again:" >&2
		echo "    sudo bash scripts/test-deps.sh" >&2
		exit 1
	fi
	echo "installing: ${packages[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${packages[@]}"
fi

bash scripts/containers-setup.sh

# node-postgres, pinned by each package-lock.json. npm records what it
# installed in node_modules/.package-lock.json; newer than the lock file
# means the install is current.
for dir in integration/testdata/protocol/node integration/testdata/clients/node; do
	if [ ! "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
		echo "npm ci in $dir"
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
	fi
done
