// Package expr is a bound SQL expression and its evaluation: the typed
// nodes the binder builds from pg_query's tree (columns, constants,
// parameters, operators, casts, CASE, LIKE, regular expressions, records,
// function calls), the environment a node is evaluated in (a row, the
// parameters, the session), and the type rules the binder applies while
// building them (implicit coercion, operand unification, casts with
// modifiers, the common type of UNION and VALUES columns).
//
// It sits between value and the rest of the executor. Every operation on
// a value is value's; this package decides which operation applies to
// which operands and calls it. The function library (executor/funcs)
// returns nodes of this package for each call it binds, the planner walks
// them to find what it may push into an API call or a join, and the
// operators evaluate them row by row.
//
// # An expression's life
//
// Binding (executor/bind) turns each pg_query node into an Expr, whose
// Type is known from then on. CoerceTo gives an unknown literal or
// parameter the type its context wants, Unify brings two operands to the
// type PostgreSQL would resolve, and CastExpr converts: a constant once,
// at bind time, so a bad literal fails when the statement is prepared, as
// in PostgreSQL; a reg* cast at run time through the session; anything
// else as a FuncExpr around value.CastValue. A parameter's type is written
// into the statement's parameter list the first time a context decides
// it. Operators and function calls are bound by executor/funcs into
// FuncExpr (a Go function over evaluated arguments; a strict one gives
// NULL for a NULL argument), CmpOp, AnyExpr and the other nodes here.
//
// At execution an operator sets Env.Row to its current row and calls Eval,
// which walks the tree. NULL is nil, and SQL's three-valued logic is in
// BoolExpr, InExpr, AnyExpr and NullTest. CompareValues orders two values
// for =, IN, ANY and ORDER BY (strings by bytes: the C collation). A
// correlated reference is an OuterColExpr, which follows Env's chain of
// enclosing query levels (Nested, Sibling). ExecState is shared by every
// level of one execution: uncorrelated subquery and CTE results, EXPLAIN
// ANALYZE statistics, the write calls made so far, and the statement's
// memory account. Operators that hold rows Charge their estimated size to
// that account (memory.go), which fails with 53200 past
// vpnsql.statement_mem; the server's MemoryPool refuses a new statement
// while running ones hold its limit.
//
// An expression sees its session only through the Session interface: the
// statement's start time, search path and settings, the time a regular
// expression match may take, reg* lookups, and CallMethod for a write
// function (ec2.*), whose call sites (WriteSite) the session checks
// before any call is made. Long loops call CheckProgress, so a cancelled statement stops.
//
// # Files
//
//	expr.go             Expr, Env, ExecState and Session; columns, constants,
//	                    parameters, function calls, AND/OR/NOT, IN, IS NULL;
//	                    CompareValues
//	operators.go        type rules (Assignable, Unify, CoerceTo, CastExpr,
//	                    CommonType, ArithType); comparison, ANY/ALL, IS
//	                    DISTINCT FROM, ||, arithmetic and bitwise operators
//	typmod.go           type modifiers of expressions; casts to varchar(n),
//	                    numeric(p,s) and the like
//	conditional.go      CASE
//	like.go             LIKE and ILIKE (matching is value.LikeMatch)
//	regex.go            ~, ~*, !~ and SIMILAR TO (compiled by value)
//	regex_backtrack.go  the time budget of one regular expression match
//	regtypes.go         casts between text and the reg* types; the first
//	                    subscript of int2vector and oidvector
//	record.go           ROW(...) and whole-row references
//	sort_key.go         ORDER BY keys and their comparison, NULLS FIRST/LAST
//	walk.go             the sub-expressions of a node and the columns it reads
//	column.go           result columns (RowDescription) and columns in scope
//	write_site.go       a planned call site of a write function
//	memory.go           statement and server memory accounts; row size
//	                    estimates
//
// # What it does not do
//
// It does not resolve names or read SQL text: the binder does, and hands
// this package typed nodes; it does not import pg_query. It does not know which
// functions exist (executor/funcs does) nor hold value operations (value
// does). It does not scan, plan or keep rows: aggregates, window functions
// and set-returning calls in a select list are computed by the executor's
// operators from executor/funcs' definitions, and the expressions above
// them read the results. Evaluation interprets the tree for every row;
// nothing is compiled to closures or vectors.
package expr
