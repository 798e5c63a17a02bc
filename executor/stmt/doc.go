// Package stmt binds whole statements. It splits a query string into
// Statements (a parse tree and its Kind), and turns each kind the executor
// runs into a description it can run without reading the tree:
//
//   - a SELECT, VALUES or set operation into a query plan (PlanSelect,
//     through package bind);
//   - INSERT, UPDATE and DELETE into a DML: the target table, where the
//     rows come from (the VALUES or query of an INSERT, or a scan with the
//     WHERE clause pushed down), the assignments, the ON CONFLICT arbiters
//     and RETURNING;
//   - COPY ... TO STDOUT into its query and CopyFormat;
//   - EXPLAIN into its options and the Statement it explains;
//   - SET, RESET, SHOW and the transaction statements into plain values.
//
// # Flow
//
// executor.Session.Parse calls Split once per query string; the server
// classifies the Statements it gets (IsQuery, Deallocate,
// EndsTransaction for the aborted-transaction rule) without parsing again.
// Session.Prepare switches on Kind and calls the matching function here
// with a bind.Planner, which holds the statement's planning state.
//
// # Files
//
//	statement.go     Split, Statement and Kind; PlanSelect
//	dml.go           INSERT, UPDATE and DELETE to a DML
//	dml_conflict.go  ON CONFLICT: arbiter index inference and predicate implication
//	copy.go          COPY ... TO STDOUT: options, the query, CopyFormat
//	explain.go       EXPLAIN's options and its target
//	utility.go       SET, RESET, SHOW and the transaction statements
//	prepare_sql.go   PREPARE and EXECUTE as SQL text for the server to run
//	cursor_sql.go    DECLARE, FETCH, MOVE and CLOSE, bound for the server to run
//
// # What it does not do
//
// It runs nothing and touches no session state: applying a SET, opening a
// transaction block or making a write's API calls is package executor's
// work. Expressions and queries inside a statement are bound by package
// bind; this package only knows the statements around them.
package stmt
