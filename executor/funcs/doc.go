// Package funcs is vpnsql's library of built-in functions and operators:
// for each name, which argument types it accepts, what type it returns,
// and the Go code that computes it. A function here binds a call into an
// expr.Expr; the arithmetic, parsing and formatting it calls at run time
// are value's.
//
// # The library
//
// The library is an explicit table, with no init() and no registration:
// each file defines one Family (stringFamily, jsonFamily, ...), Families
// lists them all, and ComposeLibrary unites them into maps of scalar,
// set-returning, aggregate and window functions by name, refusing a name
// that two families define (TestLibraryDefinesEachNameOnce). Library
// composes it once, on first use. FunctionNames lists every bound name;
// the catalog generator dumps PostgreSQL 15's pg_proc rows for them.
//
// # A call's path
//
// The binder (executor/bind/functions.go) binds the call's arguments, placing
// named ones by the parameter names in Builtin().NamedArgs, and looks the
// name up:
//
//   - A scalar function is a ScalarFunc. Called with the bound arguments,
//     it checks and coerces them (expr.CoerceTo) and returns the node to
//     evaluate, usually an expr.FuncExpr over a Go function. A name with
//     several signatures is overloads(...): the first definition that
//     accepts the arguments wins, and with a CallSite that counts them
//     TestFunctionSignaturesResolveOnce checks that no two definitions
//     accept the same pg_proc signature. When none accepts, ErrNoFunction
//     is PostgreSQL's 42883 "function f(integer) does not exist" with its
//     hint. f(VARIADIC arr) becomes a VariadicExpr, bound again per
//     element count.
//   - A set-returning function is a SetFunc: Resolve names its result
//     columns at bind time; Rows, or Each for one row at a time, produces
//     them in the executor's function scan. In a select list it is an
//     SRFCall, whose values the executor computes per input row.
//   - An aggregate is an AggregateDef. The executor groups the input rows;
//     AggCall.Compute then filters, de-duplicates and orders one group's
//     arguments and runs the definition, charging what it collects to the
//     statement's memory account. Combine lets the executor aggregate a
//     streamed input in parts.
//   - A window function is only a name here; the executor's window
//     operator computes it.
//
// Operators take the same path from the binder: BinaryOperator,
// UnaryOperator, AnyAllOperator, NullIf, JSONOperator and
// JSONPathOperator choose by operand types (date/time and interval
// arithmetic, array containment and concatenation, row comparison, bit
// operators, jsonb and jsonpath) and fall back to expr's comparison and
// arithmetic nodes; OperatorMissing is 42883 "operator does not exist".
//
// The served tables' write methods (ec2.vpn_connection_route_create, ...)
// are set-returning functions made from the catalog's Methods, marked
// SideEffects; their rows come from the session's CallMethod, and
// write_calls.go words the refusals and the DETAIL of a failed call.
//
// # Files
//
//	library.go          Family, Families, ComposeLibrary, Library
//	scalar.go           ScalarFunc, CallSite, "function does not exist", VARIADIC
//	operators.go        binary and unary operators, ANY/ALL, NULLIF, row comparison,
//	                    bit operators
//	string.go           string functions; overloads
//	regexp.go           regexp_match, regexp_replace, substring ... and friends
//	bytea.go            encode, decode, convert_from/to, md5 and sha*
//	format.go           format, quote_ident, quote_literal, quote_nullable, to_hex
//	math.go             exp, ln, power, trigonometry, gcd, width_bucket, random
//	numeric.go          abs, rounding, mod, sign of any numeric type
//	datetime.go         make_*, now and the other clocks, justify_*, timezone
//	datetime_arith.go   date/time and interval arithmetic; date_trunc, extract, age
//	to_char.go          to_char, to_timestamp, to_date
//	array.go            array functions and the array operators
//	json.go             json/jsonb construction, extraction, typeof, to_record
//	json_build.go       json aggregates and row_to_json
//	json_modify.go      jsonb_set and jsonb_insert
//	json_ops.go         binding the json operators -> ->> #> @> ? - || ...
//	jsonpath.go         jsonb_path_* functions and the @? @@ operators
//	catalog.go          system catalog and session functions (pg_get_*, has_*,
//	                    version, current_setting, set_config, ...)
//	sysinfo.go          more system information and administration functions
//	                    (pg_size_bytes, pg_database_size, pg_get_functiondef,
//	                    pg_describe_object, the index properties, current_query,
//	                    ...) and the pg_stat_get_* statistics functions
//	srf.go              SetFunc, SRFCall; generate_series, unnest, *_each, ...
//	aggregate.go        AggregateDef, AggCall, the general-purpose aggregates,
//	                    and the names of the window functions
//	aggregate_stats.go  statistical, bitwise and ordered-set aggregates
//	backends.go         pg_cancel_backend, pg_terminate_backend, pg_advisory_*
//	dml_functions.go    the served tables' write methods as functions
//	write_calls.go      refusals and DETAIL for write function calls
//
// # What it does not do
//
// It does not read pg_query's tree for arguments (the binder hands it
// bound expressions; FuncName, ColumnFields and CheckWriteLimit are the
// small exceptions), resolve schemas, or plan. It does not decide
// volatility: pushdown and write calls ask pg_proc's provolatile
// (pgcatalog.FunctionVolatile). It does not group rows, run window frames or scan
// set-returning functions: the executor's operators do, with these
// definitions. It does not make API calls; a write method asks the
// session. Functions are not user-definable: the library is fixed at
// compile time, and a name PostgreSQL has that is not here fails with
// 42883.
package funcs
