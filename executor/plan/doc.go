// Package plan rearranges a bound FROM tree before it runs, in two ways
// that never change an answer: it hands each table scan the WHERE
// conjuncts the table can turn into API parameters (pushdown), and it
// moves WHERE conjuncts into a join tree, next to the rows they test,
// reordering a chain of inner joins when the written order would need a
// cross product that another order avoids.
//
// Both are optimisations only. The WHERE clause stays in the SelectPlan
// and is evaluated in full on every row that reaches it, so a conjunct
// pushed into a scan or placed in a join only narrows what is fetched or
// joined. Each runs once, at Prepare, and edits the exec tree in place
// (TableScan.Pushed, JoinRel.Cond and Kind, new FilterRel and PermuteRel
// nodes); execution then reads the result as it is.
//
// # Where it is called
//
// The binder (executor/bind) calls PushDownInto as soon as a level's
// WHERE is bound (select.go), and PlaceConjuncts when it orders the
// level's conditions around a write function call (write_calls.go, which
// also pushes a join's ON condition into the items before the call). An
// UPDATE or DELETE pushes its WHERE into the scan of its target (dml.go).
//
// # Pushdown
//
// PushDownInto walks the FROM tree into joins (both sides, outer joins
// too) and USING joins, but not into subqueries, CTEs or functions. For
// each TableScan it keeps the top-level AND conjuncts that read only that
// scan's columns, renumbered to the scan's own, and pushable recognises
// these shapes:
//
//   - col = v, v = col, col IN (v, ...) and col = ANY(array), on a column
//     the table marks Pushable, of a string, integer or OID-alias type;
//   - col->>'key' = v and col->>'key' IN (...), and col @> '[{"key": k,
//     "value": v}]', on a jsonb column the table marks PushableKey (tags);
//   - col ~ pattern, a constraint only when the pattern turns out, at
//     execution, to be an anchored literal ^name$ (psql's \d name asks so).
//
// The value side must read no column of the row (constants, parameters,
// outer references and functions of them), call no volatile function
// (pg_proc's provolatile, through pgcatalog.FunctionVolatile), and read
// only parameters of the column's own type (text, varchar and name count
// as one), so that what is sent is what the local re-check compares. Each
// match becomes an exec.PushedConstraint, evaluated per execution by
// TableScan.ScanRequest into the catalog.Constraint the table sends. It
// is sound below an outer join too: every pushed shape is false or NULL
// for a NULL column, so WHERE rejects a NULL-extended row either way.
//
// Before that, withImplied (equivalence.go) copies each such conjunct on a
// plain column to the columns known equal to it: WHERE's col = col, the
// conditions of inner, left and right joins, USING pairs and merged
// columns. A value given for one side of a join then narrows the other
// side's scan (the id of vpn_connections is sent by the vpn_tunnels scan
// too, and both share one call; a region prunes both), so each query shape
// makes the fewest calls its conditions allow
// (executor/calls_per_shape_test.go).
//
// # Placing conjuncts in joins
//
// FROM a, b, c WHERE a.x = b.y AND ... is a chain of cross joins whose
// conditions sit in WHERE; run as written it would build the whole cross
// product first. When the FROM tree is a LEFT or RIGHT join, PlaceConjuncts
// moves the conjuncts over its preserved side alone below it, as a
// FilterRel over that side (placed again inside it): a row they reject is
// rejected whatever it joins. A conjunct that cannot be true with the
// other side's columns NULL (expr.NullRejecting: a comparison, IN, a
// strict function of them) rejects every row the outer join adds, so the
// join is an inner one and placed as such, as PostgreSQL's
// reduce_outer_joins does: psql's \dt, pg_class LEFT JOIN pg_namespace
// WHERE nspname <> 'pg_catalog', joins the 9 rows that pass, not all 73
// tables. In a left-deep chain of inner and cross
// joins, a conjunct over one leaf becomes a FilterRel on that leaf (unless
// the leaf is itself a join), and one over several leaves joins the ON
// condition of the join that adds the last of them, turning a cross join
// into an inner one, where exec's HashKeys can find hash keys. If the
// written order crosses leaves nothing connects, and the greedy order
// (start at the first leaf WHERE filters on its own, then add the first
// leaf a condition connects to those joined) crosses fewer, joinOrder
// returns that order; reorderJoin builds the chain in it and puts a
// PermuteRel on top, so the columns keep their written order. It does not
// enter FULL or LATERAL joins, and a conjunct that reads no column, or
// whose reads cannot be seen (expr.ColumnsRead), stays in WHERE alone.
//
// # Files
//
//	pushdown.go    PushDownInto; what a scan can take and which values may
//	               be sent to the API
//	equivalence.go withImplied: conjuncts carried over column equalities
//	joinplan.go    PlaceConjuncts: filters on the preserved side of an
//	               outer join, conditions placed in an inner-join chain,
//	               and its reordering
//
// # What it does not do
//
// It has no costs, statistics or cardinality estimates: reordering only
// removes cross products, and the written order stands otherwise. It
// pushes no OR (only top-level AND conjuncts), nothing through a subquery,
// CTE, aggregation or set operation, and never removes a conjunct from
// WHERE. It does not decide how a join runs (exec chooses a hash join or a
// nested loop at Open), nor what an API filter accepts or how a constraint
// is sent (the catalog's tables do: Pushable, PushableKey, ScanRequest).
// It does not import pg_query: it sees only exec's tree and expr's nodes.
package plan
