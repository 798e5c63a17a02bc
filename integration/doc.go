// Package integration holds end-to-end tests: they build the real vpnsql
// binary, start it (demo mode, or against a separate `vpnsql sim` process
// whose request log they read), and query it with real clients — the psql
// binary and pgx over both the simple and the extended protocol.
//
// A missing client binary is a failure, never a skip.
package integration
