// Package integration holds end-to-end tests: they build the real vpnsql
// binary, start it (demo mode, or against a separate `vpnsql sim` process
// whose request log they read), and query it with real clients — the psql
// binary and pgx over both the simple and the extended protocol.
//
// A missing client binary is a failure, never a skip.
//
// Robustness (issue 13):
//
//	hostile_test.go    TestHostileShapes and FuzzHostileSQL: the hostile
//	                   statement shapes of internal/sqlgen against a server
//	                   under a 4 GiB address-space limit; every statement
//	                   must end within statement_timeout (2 s) plus 3 s
//	                   with a result or a PostgreSQL error, the server must
//	                   survive, and its goroutines and Go heap after a GC
//	                   must come back near the start.
//	                   VPNSQL_TEST_HOSTILE_SEEDS=N widens the table run;
//	                   VPNSQL_TEST_KNOWN_CRASHERS=1 adds sqlgen.KnownCrashers.
//	                   The fuzzer's coverage is the client's only: the
//	                   server is another process, so `go test -fuzz`
//	                   mutates the corpus blind to the server's branches.
//	soak_test.go       TestSoak: concurrent sessions replaying recorded
//	                   client queries and prepared statements, cancels,
//	                   timeouts, disconnects mid-result and dry-run writes
//	                   against `vpnsql sim` with injected faults; `make soak`.
//	procstats_test.go  a server's figures: goroutines and heap from its
//	                   SIGUSR1 log line, RSS, threads and descriptors from
//	                   /proc.
package integration
