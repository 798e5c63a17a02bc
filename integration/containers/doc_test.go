// Package containers tests vpnsql's image (the repository's Dockerfile)
// with testcontainers-go through Podman's Docker API: the demo queried
// with pgx and psql, vpnsql beside ec2sim and a psql client container on
// a network, a stop's drain, ec2sim restarted, and a locked-down
// container. TestMain builds the image once per run, offline; make
// test-containers (part of make test) sets Podman up first.
package containers
