// Package executor runs SQL for one session against the catalog's tables:
// it owns the session's state (settings, transaction status, notices,
// prepared plans), binds each statement's parse tree into a plan, and
// opens the plan into a Cursor the server reads rows from.
//
// # A query from Parse to DataRow
//
// Take `SELECT "vpnConnectionId", state FROM aws.ec2.vpn_connections
// WHERE region = 'eu-west-1' LIMIT 1` sent as a simple Query.
//
//  1. Session.Parse (statement.go) has stmt.Split hand the text to package
//     parse, the one door to pg_query's C parser (depth-guarded, on a large
//     stack). It returns one Statement per SQL statement, holding a
//     stmt.Statement: the parse tree and its Kind. The server classifies
//     statements from it (Statement.Query, Deallocate) and never reads SQL
//     text itself, so each statement is parsed once.
//  2. Session.Prepare checks the aborted-transaction rule (aborted.go) and
//     plans the statement (prepare.go) with a bind.Planner of its own,
//     which holds the planning scratch state. The binder (executor/bind)
//     resolves names against scopes, coerces types (executor/expr) and
//     finds functions and operators in the library (executor/funcs). It
//     builds operators (executor/exec) and asks executor/plan where each
//     WHERE conjunct goes: here `region = 'eu-west-1'` becomes a
//     constraint sent with the scan, so only one region is called. The
//     Prepared statement knows its parameter types and result columns, so
//     Describe answers before anything runs.
//  3. Session.Execute opens the plan with the parameters and a context the
//     server cancels (CancelRequest, statement_timeout). Opening returns a
//     Cursor at once; nothing has been read yet.
//  4. The server pulls rows with Cursor.Next. Each pull goes down the
//     operators (exec.RowIter: projection, LIMIT, filter) to the scan, which
//     asks the table (catalog/ec2) for its rows: the read cache or
//     DescribeVpnConnections through the AWS SDK over HTTP, one call per
//     region, rows handed on as each region answers. Values are Go values
//     (package value); the server encodes each row as a DataRow with the
//     same value package and pgtype.
//  5. After the first row LIMIT 1 reports the end; Cursor.Close cancels the
//     calls still in flight (their HTTP requests end) and releases the
//     statement's memory account. The server sends CommandComplete.
//
// Writes (INSERT, UPDATE, DELETE and the ec2.* write functions) take the
// same path, but read their rows whole and call the API only for the rows
// the statement selects, under the rules of dml_safety.go and
// write_calls.go (docs/writes.md).
//
// # Packages below this one
//
//	executor/parse  pg_query behind a depth guard
//	executor/stmt   statements: their kind, and DML, COPY, EXPLAIN, SET, ... bound
//	executor/bind   parse trees to typed expressions and operator trees
//	executor/plan   pushdown of WHERE into scans, join placement and order
//	executor/exec   the operators: pull-based iterators over rows
//	executor/funcs  the function and operator library, explicit tables
//	executor/expr   expression nodes, evaluation, coercion, memory accounts
//	value           SQL types and values, text I/O, casts, operations
//
// Each has a doc.go of its own. Dependencies flow down this list, and
// nothing in catalog/ imports executor/.
//
// # Files
//
//	session.go        Engine and Session: settings, transaction state, notices,
//	                  and what expressions and the binder ask of a session
//	statement.go      Parse, Prepare, Execute; Statement, Prepared, query cursors
//	aborted.go        the aborted-transaction rule (25P02), in one place
//	prepare.go        planning a statement of any kind; stmtPlanner
//	api.go            Cursor, Notice, TxStatus: what the server sees
//	cursor.go         cursors over computed rows and over operators
//	settings.go       the settings table, SET/SHOW/RESET semantics
//	settings_check.go what SET accepts for each setting, and the form SHOW gives
//	statement_settings.go  the settings every statement reads, parsed per version
//	memory_setting.go memory sizes as settings take them (1GB, 256MB)
//	utility.go        transaction control, SET, SHOW and the other utility statements
//	backends.go       pg_cancel_backend and pg_terminate_backend through the
//	                  server, and the server's advisory locks
//	copy.go           COPY ... TO STDOUT
//	explain.go        EXPLAIN and EXPLAIN ANALYZE of queries
//	explain_write.go  EXPLAIN of writes: the calls that would be made
//	dml.go            INSERT, UPDATE and DELETE plans
//	dml_safety.go     refusals before any write call, batches, outcomes
//	write_calls.go    ec2.* write calls at run time: checks and the calls
//	catalog_session.go, regtypes.go  what the catalog and reg* types ask of a session
//
// # What it does not do
//
// It does not speak the wire protocol (package server) or know how a table
// gets its rows (package catalog). It keeps no state between sessions
// except the Engine's catalog and memory pool, and the package's relation-id counter.
// It never reads a parse tree: it switches on stmt.Statement's Kind and
// runs what bind returns (a query plan, a stmt.DML, a stmt.Set, ...). Only
// executor/bind and executor/parse import pg_query.
package executor
