// Package server speaks the PostgreSQL v3 frontend/backend protocol as
// PostgreSQL 15 does, and runs what clients send on the executor.
//
// # Layers
//
// A Server accepts TCP connections (server.go) and gives each a goroutine
// and a conn; on Linux the socket is read and written with raw system
// calls (socket_linux.go). The conn reads frontend messages with pgx's
// pgproto3.Backend, keeps the protocol state (prepared statements,
// portals, the skip-until-Sync flag) and hands SQL text, parameter
// values and a context.Context to an executor.Session, which owns the SQL
// state: settings, transaction status, notices. Values cross that
// boundary as Go values (package catalog documents them); values.go turns
// them into the text or binary wire formats and back. The server never
// reads SQL text itself: each Query or Parse message is parsed once, by
// the executor, and the server asks the resulting executor.Statement what
// it is (a query whose rows are described before it runs, a DEALLOCATE)
// and the executor.Session whether the aborted-transaction rule lets it
// run (CheckAborted, CheckDescribe).
//
// # Lifecycle of a connection
//
//	startup.go  SSLRequest ('S' + TLS handshake, or 'N'), GSSENCRequest ('N'),
//	            CancelRequest (handled, then the connection closes), or a
//	            StartupMessage: protocol 3.x (a minor version above 0 or
//	            _pq_. options get NegotiateProtocolVersion), parameters and
//	            -c options; the connection limit; then
//	auth.go     the user's networks (FATAL 28000 outside them); trust,
//	            cleartext password, MD5 or SCRAM-SHA-256 (PLUS with
//	            tls-server-end-point over TLS); failures are FATAL 28P01,
//	            delayed and locked out per (user, address);
//	startup.go  the user's session limit (53300), executor session,
//	            ParameterStatus for every reported
//	            setting, BackendKeyData, ReadyForQuery;
//	conn.go     the message loop until Terminate, EOF, a protocol error
//	            (FATAL 08P01), an idle timeout or shutdown.
//
// A panic while a statement runs (a bug) is recovered, logged with its
// stack, and fails only that statement (XX000); the session goes on. A
// panic elsewhere in a connection ends only that connection (FATAL XX000).
//
// # Simple query (conn.go)
//
// A Query message may hold several statements. Each is prepared and
// executed in turn and gets its own RowDescription (if it returns rows),
// DataRows and CommandComplete; the first error ends the message. A
// query's RowDescription goes out once it is planned, before it runs, as
// in PostgreSQL, so an error while it runs (a cancel, statement_timeout,
// an API error) follows it; writes are described when they have run. An empty
// or comment-only query gets EmptyQueryResponse. ReadyForQuery follows,
// preceded by ParameterStatus for each reported setting that changed (as
// PostgreSQL 15 does: at ReadyForQuery, not at the SET).
//
// # Extended query (extended.go)
//
// Parse prepares a statement (the executor infers parameter types), Bind
// decodes parameters and creates a portal, Describe answers from the
// prepared statement's columns before anything runs, Execute runs the
// portal (up to a row limit, then PortalSuspended; the next Execute
// continues the same cursor), Close drops either, Flush flushes, Sync ends
// the batch. After an error every message up to Sync is skipped. The
// Execute of a write waits for the next message (pipeline.go): Sync or
// Flush runs it alone, another statement's message makes it part of a
// pipeline, which the executor's transaction rule refuses (25001). The
// unnamed statement lives until the next unnamed Parse or simple Query;
// portals belong to their transaction: at Sync outside a transaction
// block all of them go, inside one they survive (pgJDBC's fetchSize
// cursors) until the block ends.
//
// # Results (result.go)
//
// Every command writes its rows into a result, which ends in exactly one
// completion message (CommandComplete, PortalSuspended or
// EmptyQueryResponse) or one ErrorResponse; notices are sent just before.
// Output is buffered and flushed at ReadyForQuery, on Flush, and every 64
// KiB of rows.
//
// # Cancellation (cancel.go)
//
// Each statement (each extended message) runs under a context that three
// things can cancel, each with its own cause: a CancelRequest carrying the
// session's pid and secret key (57014 "canceling statement due to user
// request"), statement_timeout (57014 "... due to statement timeout"), and
// Shutdown giving up on waiting (FATAL 57P01). The cause, not the
// executor's error text, decides the message. A portal's context lives as
// long as the portal, so a cursor may keep using it between Executes.
//
// # Limits
//
// MaxConnections counts sessions from their StartupMessage (53300 beyond
// it; CancelRequests never count). MaxMessageSize bounds every message
// after startup (FATAL 08P01). Startup and authentication must finish in a
// minute. IdleSessionTimeout ends sessions idle outside a transaction
// block (57P05); the idle_in_transaction_session_timeout setting those
// idle inside one (25P03).
//
// # Files
//
//	doc.go             this overview
//	server.go          Config, Server, Serve, Shutdown, Sessions, limits
//	socket_linux.go    a client's TCP socket read and written with raw system
//	                   calls that keep the P (socket_other.go: net.Conn as is)
//	startup.go         pre-startup packets, StartupMessage, session start
//	auth.go            authentication methods, Credential, SCRAM verifiers
//	authlimit.go       failed logins: delay and lockout per (user, address)
//	authnet.go         per-user network rules (pg_hba.conf host lines)
//	authusers.go       the live user store, SetUsers (reload), per-user
//	                   session limits, ending a removed user's sessions
//	tls.go             TLS handshake, channel binding data, SelfSignedTLS
//	conn.go            connection state, message loop, simple query
//	extended.go        Parse, Bind, Describe, Execute, Close, Sync
//	deallocate.go      SQL DEALLOCATE and DISCARD ALL on the statements of Parse
//	prepare_sql.go     SQL PREPARE and EXECUTE in a simple Query, on the same statements
//	cursor_sql.go      SQL DECLARE, FETCH, MOVE and CLOSE, on the same portals
//	result.go          the result sink, RowDescription, format codes
//	cancel.go          CancelRequest, statement_timeout, cancel causes
//	settings.go        the session settings read at every message, parsed per version
//	observe.go         login and statement events for the audit log and metrics
//	values.go          type table, codec, Go value helpers; the text forms
//	                   of numeric, bytea, dates and intervals are the
//	                   executor's (executor/value_text.go), binary ones pgtype's
//	values_encode.go   result values: text as PostgreSQL prints, binary
//	values_decode.go   Bind parameters: text and binary
//	timezone.go        the TimeZone setting as a location
//	values_array.go    arrays and int2vector/oidvector (text forms by
//	                   executor.ParseArray and AppendArray)
package server
