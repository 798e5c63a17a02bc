// Package exec runs a planned query: the operators of SELECT, VALUES, the
// set operations and WITH RECURSIVE, and the FROM items under them (table
// scans, joins, filters, subqueries, functions in FROM, VALUES, work
// tables). The binder (executor/bind) builds the tree from pg_query's
// parse tree, executor/plan rearranges it once at Prepare, and this
// package pulls rows through it at Execute. Its types are exported because
// the binder builds them and EXPLAIN (executor/explain.go) walks them.
//
// A plan is a tree of QueryPlan (SelectPlan, SetOpPlan, RecursivePlan)
// whose FROM clauses are trees of Relation (TableScan, JoinRel, UsingRel,
// FilterRel, PermuteRel, SubqueryRel, FunctionRel, ValuesRel, WorkTable,
// OneRow). Expressions are executor/expr nodes; the two defined here,
// SubqueryExpr and WindowRef, are the ones that run a plan or read an
// operator's output.
//
// # A statement's rows
//
// The statement's Open (executor/statement.go, queryStatement) makes an
// expr.Env holding the statement's context, session, parameters and a
// fresh ExecState, calls QueryPlan.Open, and wraps the RowIter it returns
// in a cursor (executor/cursor.go). Open does what must happen before the
// first row; each Next pulls one row (nil, nil at the end); Close stops
// the iterator and its inputs, may be called more than once, and is how
// every early stop reaches the scans. The server calls the cursor's Next
// for each row it sends, so a portal's row limit is simply a pause, and
// the portal's close closes the tree. A query calling a write function is
// gathered whole before its first row, so an early close never leaves its
// writes half made.
//
// A SelectPlan with FROM and without aggregates, window functions,
// DISTINCT or ORDER BY streams: FROM, WHERE (filterIter), the select list
// with its set-returning calls (projecting) and OFFSET/LIMIT (limitIter)
// pass one row at a time. A TableScan over a catalog.Streamer (the
// resource tables) hands on each region's batch as it arrives, in arrival
// order; other tables (pg_catalog, information_schema) are scanned whole.
// A JoinRel streams its left side and collects its right side: a hash
// index over it when HashKeys finds equality conjuncts of one hashable
// type, a nested loop otherwise; a LATERAL right side is run again for
// each left row. UNION ALL without ORDER BY streams its left input, then
// its right. Every other shape takes the collecting path (SelectPlan.run,
// SetOpPlan.run, RecursivePlan.run): Gather the filtered input, group it,
// apply HAVING, compute window functions, project, DISTINCT, sort,
// DISTINCT ON and OFFSET/LIMIT over rows held in memory, and hand them on
// with SliceRows. The one exception is an aggregate without GROUP BY over
// a function in FROM that streams (generate_series): aggregate_stream.go
// aggregates it chunk by chunk and combines the partial results.
//
// # Memory
//
// Rows that pass through are not charged. An operator that holds rows
// charges their estimated size to the statement's memory account when it
// takes them, under the name EXPLAIN would give it: Gather charges the
// rows it collects to the operator that produced them (opName: "Foreign
// Scan", "Hash Join", "Nested Loop", "Result"); a hash join's index is
// "Hash", groups "HashAggregate", a sort's permutation "Sort", DISTINCT's
// keys "Unique", INTERSECT/EXCEPT's counts "SetOp", a recursive query's
// rows "Recursive Union", window keys and results "WindowAgg", VALUES
// "Values Scan", and a table that does not stream "Foreign Scan" as its
// scan returns. The rows a streaming set-returning function collects for
// FROM are charged by executor/funcs ("Function Scan") as they are made.
// Nothing is released while the statement runs: the account is closed with
// the cursor (executor/statement.go), so it is an upper bound of what is
// held. Past vpnsql.statement_mem a charge fails with 53200.
//
// # Stopping early and cancelling
//
// limitIter closes its input as soon as it has its rows, and a streaming
// LIMIT 0 opens nothing. SubqueryExpr reads EXISTS until its first row,
// IN/ANY until the first match and ALL until the first mismatch, then
// closes the subquery. A Close travels down the tree to scanIter, whose
// catalog.RowStream.Close cancels the API calls still in flight and
// returns once their goroutines have ended. Loops over rows call
// expr.CheckProgress (the context, every 1024 rows) or e.Ctx.Err, so a
// cancel or statement_timeout stops a statement that is not reading.
//
// # Subqueries and CTEs
//
// ExecState.Cache holds, for one execution, the rows of uncorrelated
// subqueries and CTEs. An uncorrelated subquery (SubqueryRel, or the
// EXISTS/IN/ANY/ALL forms of SubqueryExpr) streams the first time it is
// opened, marked by openedKey; opened again in the same execution (inside
// a subquery run per outer row) it is collected once and reused, so its
// API calls are not repeated per row. A CTE (SubqueryRel.Shared) is
// collected once and shared by its references. RecursivePlan puts each
// iteration's rows in the cache under its key, where WorkTable reads them.
// With EXPLAIN ANALYZE, ExecState.Stats counts each TableScan's loops,
// rows and API calls.
//
// # Files
//
//	iter.go              RowIter, SliceRows, Gather, PlanRows, opName; the
//	                     scan, filter, limit and two-function iterators
//	relation.go          Relation; OneRow, TableScan and ScanRequest (pushed
//	                     constraints to a catalog.ScanRequest), SubqueryRel,
//	                     JoinRel and its hash index, ValuesRel, WorkTable
//	lookupjoin.go        lookup joins: one indexed catalog scan per left key
//	narrow.go            narrowed joins: a few left rows first, then the right
//	                     resource scan given their regions (and ids)
//	from.go              UsingRel: the merged columns of USING and NATURAL
//	joinplan.go          FilterRel, PermuteRel; the column arithmetic of join
//	                     planning (ShiftExpr, MapColumns) and
//	                     HashKeys
//	pushdown.go          PushedConstraint, Conjuncts, anchored ~ patterns
//	select.go            QueryPlan, SelectPlan: the streaming and collecting
//	                     paths, projection, OFFSET/LIMIT, FilterRows,
//	                     DISTINCT and DISTINCT ON
//	aggregate.go         Aggregation: hash grouping, grouping sets
//	aggregate_stream.go  an aggregate without GROUP BY over a streaming
//	                     function, chunk by chunk
//	grouping.go          AnyValue, for columns functionally dependent on the
//	                     GROUP BY
//	sort.go              the in-memory stable sort of ORDER BY
//	window.go            WindowBinding, WindowCall, WindowRef: partitions and
//	                     the ranking, offset and value functions
//	window_frame.go      frame option bits, WindowFrame, a row's frame bounds
//	setop.go             SetOpPlan: UNION, INTERSECT, EXCEPT [ALL]
//	cte.go               RecursivePlan: WITH RECURSIVE
//	srf.go               FunctionRel: a function in FROM, WITH ORDINALITY,
//	                     and its chunked stream; RowsFromRel: ROWS FROM
//	subquery.go          SubqueryExpr: scalar, ARRAY, EXISTS, IN/ANY/ALL
//
// # What it does not do
//
// It does not bind names or read SQL, and it does not decide what is
// pushed into a scan or where a join condition goes (executor/plan does,
// before execution), except the values a join finds at run time: a lookup
// join's keys and a narrowed join's left rows. It does not make API calls: a TableScan asks its
// catalog.Table, whose constraints and region parallelism are the
// catalog's, and a write function asks the session. It has no spilling to
// disk, no merge join or sort-based grouping, and no parallelism of its
// own; a join's right side is always collected, functions in FROM and
// VALUES produce their rows whole (but for the streaming aggregate), and
// rows come in no particular order without ORDER BY.
//
// It does not import pg_query: set operations (SetOp) and sublink forms
// (Sublink) are its own enums, and named windows are resolved by the
// binder before a WindowCall is made.
package exec
