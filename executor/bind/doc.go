// Package bind turns pg_query's parse trees into plans: it resolves names
// against scopes, types every expression, finds functions and operators in
// the library, and builds the operator tree that executor/exec runs, with
// executor/plan placing WHERE conjuncts (pushdown into scans, join
// placement and order).
//
// # Flow
//
// The executor makes a Planner per statement (its session, seen through
// BindSession, and the scratch state that lives only while that statement
// is planned). Package executor/stmt, which binds whole statements, calls
// PlanQuery for a SELECT, VALUES or set operation, and builds Binders for
// the expressions of INSERT, UPDATE and DELETE. PlanQuery binds the WITH clause (PlanWith: CTE definitions, a
// recursive CTE's work table), then the FROM items (from.go: tables,
// joins, subqueries, functions in FROM), then WHERE, GROUP BY and HAVING
// (an aggBinding above the aggregation rewrites references to grouping
// columns and collects aggregate calls), window definitions, the select
// list, DISTINCT, ORDER BY and LIMIT. Each expression goes through
// Binder.Bind, which dispatches on the node kind to the file named for it.
// The result is an exec plan whose Columns and parameter types are known,
// so Describe answers before anything runs.
//
// Binding decides everything that does not depend on the rows: types and
// their coercions (PostgreSQL's rules, unknown literals resolved late),
// which overload of a function, where each ec2.* write function is called
// and whether the statement is allowed to call it (write_calls.go: only
// for rows the statement selects).
//
// # Files
//
//	planner.go        Planner and BindSession: one statement's planning
//	bind.go           Binder, QueryLevel, Bind's dispatch, column references, constants, parameters
//	scope.go          the names a level sees: range variables and their columns
//	names.go          select-list names: * expansion and PostgreSQL's column naming
//	select.go         a SELECT: FROM, WHERE, GROUP BY, select list, ORDER BY, LIMIT
//	from.go           FROM items, joins and USING, table lookup by search_path
//	setop.go          UNION, INTERSECT and EXCEPT, and VALUES
//	cte.go            WITH: CTE scopes, definitions and recursive CTEs
//	subquery.go       sublinks: EXISTS, IN/ANY/ALL, scalar subqueries, ARRAY(...)
//	functions.go      function calls: named and variadic arguments, SQL value functions
//	aggregate.go      aggregate calls and the binding above a GROUP BY
//	grouping.go       GROUPING SETS, ROLLUP and CUBE, and grouping-dependent columns
//	window.go         window function calls and named windows
//	window_frame.go   window frames
//	srf.go            set-returning functions in FROM, in the select list, and
//	                  in GROUP BY (computed below the aggregation)
//	conditional.go    CASE, COALESCE, NULLIF, GREATEST/LEAST, boolean tests, IN
//	                  lists: what takes a common type (expr.SelectCommonType)
//	fold.go           constant folding while planning, as PostgreSQL's planner
//	indirection.go    ARRAY[...], subscripts and field selection
//	record.go         row constructors and whole-row references
//	like.go           LIKE and ILIKE, with ESCAPE
//	sort.go           ORDER BY keys
//	typmod.go         type modifiers of type names: varchar(n), numeric(p,s)
//	location.go       where an expression starts in the statement, for error positions
//	parsetree.go      parse-tree walks: aggregates present, equal expressions
//	deparse.go        an expression's SQL text for EXPLAIN and messages
//	write_calls.go    ec2.* write calls: where they may be called, and how often
//
// # What it does not do
//
// It does not run anything: no row is read and no API is called while
// binding. It does not parse SQL (executor/parse) and keeps no state
// between statements. With executor/stmt it is the only reader of
// pg_query's trees: it hands the operators their own enums (exec.SetOp,
// exec.Sublink) and resolved windows.
package bind
