package sqlgen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Hostile are statement shapes meant to hurt a server: deep nesting, long
// chains and lists, huge values, bad encodings, overflow, endless
// recursion, expensive joins and extreme function arguments. Each must end
// with a result or a PostgreSQL error within statement_timeout, and leave
// the server up (the tests run the server with a 256MB statement memory
// limit). Shapes the server does not survive yet are KnownCrashers.
var Hostile = []Shape{
	{"paren_depth", func(r *rand.Rand) Statement {
		return sql("SELECT " + Nest("(", Pick(r, "1", "1+1", "'a'", "NULL", "ARRAY[1]"), ")", Size(r, 1, 5000)))
	}},
	{"operator_chain", func(r *rand.Rand) Statement {
		n := Size(r, 2, 2000) // 5,000 and more: KnownCrashers
		switch r.IntN(4) {
		case 0:
			return sql("SELECT " + chain(r, n, "1", " + ", " - ", " * "))
		case 1:
			return sql("SELECT " + chain(r, n, "'a'", " || "))
		case 2:
			return sql("SELECT " + chain(r, n, "2.5", " + ", " / ", " * "))
		default:
			return sql("SELECT " + Join("-1", " - ", n))
		}
	}},
	{"bool_chain", func(r *rand.Rand) Statement {
		// AND/OR lists are flat in PostgreSQL's tree, so long ones are fine.
		n := Size(r, 2, 100000)
		return sql("SELECT " + chain(r, n, Pick(r, "true", "1 = 1", "NULL IS NULL", "false"), " AND ", " OR "))
	}},
	{"nested_calls", func(r *rand.Rand) Statement {
		n := Size(r, 1, 1000)
		f := Pick(r, "abs(", "coalesce(", "upper(lower(", "jsonb_build_array(", "greatest(1, ", "round(")
		in := map[string]string{"upper(lower(": "'x'", "jsonb_build_array(": "1"}[f]
		if in == "" {
			in = "1"
		}
		closer := ")"
		if f == "upper(lower(" {
			closer = "))"
		}
		return sql("SELECT " + Nest(f, in, closer, n))
	}},
	{"nested_subqueries", func(r *rand.Rand) Statement {
		n := Size(r, 1, 200)
		if r.IntN(2) == 0 {
			return sql("SELECT " + Nest("(SELECT ", "1", ")", n))
		}
		return sql("SELECT * FROM " + Nest("(SELECT * FROM ", "(VALUES (1)) v(x)", ") s", n))
	}},
	{"nested_case", func(r *rand.Rand) Statement {
		n := Size(r, 1, 500)
		return sql("SELECT " + Nest("CASE WHEN random() < 2 THEN ", "1", " ELSE 0 END", n))
	}},
	{"in_list", func(r *rand.Rand) Statement {
		n := Size(r, 1, 100000)
		if r.IntN(2) == 0 {
			return sql(fmt.Sprintf("SELECT %d IN (%s)", r.IntN(n+1), seq(n, strconv.Itoa)))
		}
		return sql(fmt.Sprintf("SELECT 'v%d' NOT IN (%s)", r.IntN(n+1), seq(n, func(i int) string { return Quote("v" + strconv.Itoa(i)) })))
	}},
	{"in_list_pushdown", func(r *rand.Rand) Statement {
		// Ids of the right syntax that do not exist: the API is asked for them.
		n := Size(r, 1, 2000)
		ids := seq(n, func(int) string { return Quote(fmt.Sprintf("vpn-%08x", r.Uint32())) })
		return sql(`SELECT count(*) FROM vpn_connections WHERE "vpnConnectionId" IN (` + ids + ")")
	}},
	{"many_columns", func(r *rand.Rand) Statement {
		return sql("SELECT " + seq(Size(r, 1, 5000), strconv.Itoa)) // over 1664: 54011
	}},
	{"many_statements", func(r *rand.Rand) Statement {
		return sql(Join(Pick(r, "SELECT 1", "SHOW search_path", "SELECT NULL::text", ""), ";", Size(r, 1, 3000)) + ";")
	}},
	{"long_identifier", func(r *rand.Rand) Statement {
		id := strings.Repeat(Pick(r, "a", "é", "Z_9"), Size(r, 60, 100000))
		switch r.IntN(4) {
		case 0:
			return sql("SELECT 1 AS " + id)
		case 1:
			return sql(`SELECT "` + id + `" FROM vpn_connections`)
		case 2:
			return sql("SELECT * FROM " + id)
		default:
			return sql("SET " + id + "." + id + " = 'x'")
		}
	}},
	{"long_string_literal", func(r *rand.Rand) Statement {
		n := Size(r, 1, 1000000)
		switch r.IntN(4) {
		case 0:
			return sql("SELECT length(" + Quote(strings.Repeat("x'", n/2)) + ")")
		case 1:
			return sql("SELECT length(E'" + strings.Repeat(`\x41\n`, n/6) + "')")
		case 2:
			return sql("SELECT md5($q$" + strings.Repeat("é", n/2) + "$q$)")
		default:
			return sql("SELECT length(U&'" + strings.Repeat(`\00e9`, n/5) + "')")
		}
	}},
	{"invalid_utf8", func(r *rand.Rand) Statement {
		bad := Pick(r, "\xff", "\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\xaf")
		junk := strings.Repeat("a", Size(r, 0, 1000)) + bad
		switch r.IntN(5) {
		case 0:
			return sql("SELECT '" + junk + "'")
		case 1:
			return Statement{SQL: "SELECT $1::text", Params: []string{junk}}
		case 2:
			return sql(`SELECT E'\xff\xfe'`)
		case 3:
			return sql(`SELECT convert_from('\xc3'::bytea, 'UTF8')`)
		default:
			return sql(`SELECT U&'\d800'`)
		}
	}},
	{"nul_bytes", func(r *rand.Rand) Statement {
		switch r.IntN(6) {
		case 5:
			return sql("SELECT 'a\x00b'") // a malformed Query message
		case 0:
			return Statement{SQL: "SELECT $1::text", Params: []string{"a\x00b"}}
		case 1:
			return Statement{SQL: "SELECT $1::jsonb", Params: []string{`"\u0000"`}}
		case 2:
			return sql(`SELECT chr(0)`)
		case 3:
			return sql(`SELECT E'a\000b'`)
		default:
			return sql(`SELECT '"\u0000"'::jsonb ->> 0, '"\u0000"'::jsonb #>> '{}'`)
		}
	}},
	{"numeric_overflow", func(r *rand.Rand) Statement {
		d := Size(r, 1, 10000)
		return sql(Pick(r,
			"SELECT 9223372036854775807::int8 + "+strconv.Itoa(d),
			"SELECT (-2147483648)::int4 / -1",
			"SELECT (-9223372036854775808)::int8 * -1",
			"SELECT '"+strings.Repeat("9", d)+"'::int8",
			"SELECT '"+strings.Repeat("9", d)+"'::numeric + 1",
			"SELECT 10::numeric ^ "+strconv.Itoa(d),
			"SELECT exp("+strconv.Itoa(d)+"::numeric)",
			"SELECT factorial("+strconv.Itoa(d%2000)+")",
			"SELECT 1::float8 / 0",
			"SELECT 1 % 0",
			"SELECT sqrt(-1::numeric)",
			"SELECT ln(0::numeric)",
			"SELECT 32767::int2 + 1::int2",
			"SELECT 'NaN'::numeric::int4",
			"SELECT 'Infinity'::float8::int8",
			"SELECT sum(x) FROM (VALUES (9223372036854775807::int8), (1)) v(x)",
			"SELECT round(1.5, 2147483647)",
		))
	}},
	{"exponent_overflow", func(r *rand.Rand) Statement {
		e := strconv.Itoa(Size(r, 300, 2147483647))
		return sql(Pick(r,
			"SELECT 1e"+e,
			"SELECT '1e"+e+"'::float8",
			"SELECT '1e-"+e+"'::float8",
			"SELECT '1e"+e+"'::numeric",
			"SELECT '1e-"+e+"'::numeric",
			"SELECT 1e308::float8 * 10",
			"SELECT power(10.0::float8, "+e+")",
			"SELECT 2::numeric ^ -"+e,
			"SELECT scale(1e-"+e+"::numeric)",
		))
	}},
	{"interval_overflow", func(r *rand.Rand) Statement {
		n := strconv.Itoa(Size(r, 1, 2147483647))
		return sql(Pick(r,
			"SELECT interval '"+n+" days' * "+n,
			"SELECT interval '2147483647 days' * 2",
			"SELECT interval '"+n+" years'",
			"SELECT interval '9223372036854775807 microseconds' + interval '1 microsecond'",
			"SELECT make_interval(years => "+n+")",
			"SELECT make_interval(secs => 1e300)",
			"SELECT make_interval(days => "+n+", hours => "+n+")",
			"SELECT timestamp '294276-12-31' + interval '1 day'",
			"SELECT date '5874897-12-31' + 1",
			"SELECT timestamptz 'infinity' - timestamptz '2020-01-01'",
			"SELECT to_timestamp(1e300)",
			"SELECT justify_hours(interval '"+n+" hours')",
			"SELECT interval '1 day' / 0",
			"SELECT '"+n+" millennium'::interval",
		))
	}},
	{"json_nesting", func(r *rand.Rand) Statement {
		n := Size(r, 1, 5000) // past PostgreSQL's depth line: KnownCrashers
		switch r.IntN(5) {
		case 0:
			return sql("SELECT " + Quote(Nest("[", "1", "]", n)) + "::jsonb")
		case 1:
			return sql("SELECT " + Quote(Nest(`{"a":`, "null", "}", n)) + "::json -> 'a'")
		case 2:
			return Statement{SQL: "SELECT jsonb_typeof($1::jsonb)", Params: []string{Nest(`[{"k":`, "1", "}]", n)}}
		case 3:
			return sql("SELECT jsonb_pretty(" + Quote(Nest("[", "[]", "]", n)) + ")")
		default:
			return sql("SELECT jsonb_strip_nulls(" + Quote(Nest(`{"a":[`, "null", "]}", n)) + ")")
		}
	}},
	{"jsonpath_nesting", func(r *rand.Rand) Statement {
		n := Size(r, 1, 1000)
		doc := Quote(Nest(`{"a":`, "1", "}", Size(r, 1, 200)))
		switch r.IntN(4) {
		case 0:
			return sql("SELECT jsonb_path_query_array(" + doc + ", " + Quote("$"+strings.Repeat(".a", n)) + ")")
		case 1:
			return sql("SELECT jsonb_path_query('{}', " + Quote(Nest("(", "1", " + 1)", n)) + ")")
		case 2:
			return sql("SELECT jsonb_path_exists(" + doc + ", " + Quote("$ "+Nest("? (@ ", "", ")", Size(r, 1, 100))) + ")")
		default:
			return sql("SELECT jsonb_path_query_array(" + doc + ", 'strict $.**')")
		}
	}},
	{"recursive_cte_endless", func(r *rand.Rand) Statement {
		return sql(Pick(r,
			"WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t) SELECT count(*) FROM t",
			"WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n FROM t) SELECT n FROM t ORDER BY n LIMIT 1 OFFSET 100000000",
			"WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t, pg_namespace) SELECT max(n) FROM t",
			"WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n + 1 FROM t) SELECT sum(n) FROM t",
			"WITH RECURSIVE a(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM a), b(m) AS (SELECT n FROM a) SELECT count(*) FROM b",
		))
	}},
	{"catalog_cross_join", func(r *rand.Rand) Statement {
		// Up to a few hundred thousand rows: larger joins are
		// KnownCrashers (catalog_cross_join_large).
		small := []string{"pg_class", "pg_settings", "information_schema.tables", "pg_namespace", "pg_roles"}
		tiny := []string{"pg_namespace", "pg_database", "pg_am", "pg_roles", "pg_tablespace"}
		from := []string{Pick(r, small...) + " t0", Pick(r, small...) + " t1"}
		if r.IntN(2) == 0 {
			from = append(from, Pick(r, tiny...)+" t2")
		}
		// count(DISTINCT) over such a join: KnownCrashers.
		return sql(Pick(r, "SELECT count(*) FROM ", "SELECT * FROM ") + strings.Join(from, ", ") +
			Pick(r, "", " LIMIT 5", " ORDER BY random() LIMIT 1"))
	}},
	{"extreme_args", func(r *rand.Rand) Statement {
		n := strconv.Itoa(Size(r, 1, 1000000))
		big := "2147483647"
		return sql(Pick(r,
			"SELECT repeat('x', -"+n+")",
			"SELECT length(repeat('ab', "+n+"))",
			"SELECT length(lpad('x', "+n+", 'ab'))",
			"SELECT lpad('x', -"+big+")",
			"SELECT rpad('', "+n+", '')",
			"SELECT count(*) FROM generate_series(1, "+n+")",
			"SELECT count(*) FROM generate_series(1, 10, 0)",
			"SELECT * FROM generate_series(9223372036854775806, 9223372036854775807)",
			"SELECT * FROM generate_series(-9223372036854775808, -9223372036854775807, -9223372036854775808)",
			"SELECT count(*) FROM generate_series('2020-01-01'::timestamp, '2020-01-02', '1 minute')",
			"SELECT generate_series(1, 3) FROM generate_series(1, 3)",
			"SELECT make_interval(years => "+big+", months => "+big+")",
			"SELECT make_interval(weeks => -"+big+")",
			"SELECT to_char(now(), repeat('YYYY MM DD HH24:MI:SS.US TZ ', "+strconv.Itoa(Size(r, 1, 10000))+"))",
			"SELECT to_char(12345.678, 'FM"+strings.Repeat("9", Size(r, 1, 1000))+".99')",
			"SELECT to_char(1e100::numeric, '"+strings.Repeat("9G", Size(r, 1, 500))+"')",
			"SELECT to_char(interval '"+n+" days', 'HH24 DDD')",
			"SELECT to_char(-1, 'RN')",
			"SELECT substr('abc', "+big+", "+big+")",
			"SELECT substr('abc', -"+big+", "+big+")",
			"SELECT left('abc', -"+big+"), right('abc', -"+big+")",
			"SELECT overlay('abc' placing 'x' from "+big+" for "+big+")",
			"SELECT split_part('a,b', ',', -"+big+")",
			"SELECT format('%"+big+"$s', 'x')",
			"SELECT format('%*s', "+big+", 'x')",
			"SELECT chr(-1)",
			"SELECT chr(1114112)",
			"SELECT length(repeat(chr(1114111), "+n+"))",
			"SELECT length(regexp_replace(repeat('a', "+n+"), 'a*', 'b', 'g'))",
			"SELECT array_fill(1, ARRAY["+n+"]) IS NULL",
			"SELECT width_bucket(1, 0, 10, "+big+")",
			"SELECT date_trunc('millennium', timestamp '294276-12-31')",
			"SELECT string_to_array(repeat('a,', "+n+"), ',') IS NULL",
		))
	}},
	{"regex_extreme", func(r *rand.Rand) Statement {
		n := strconv.Itoa(Size(r, 1, 100000))
		return sql(Pick(r,
			"SELECT repeat('a', "+n+") ~ '(a*)*b'",
			"SELECT repeat('a', "+n+") ~ '(a|aa)+$'",
			"SELECT 'a' ~ repeat('(', "+strconv.Itoa(Size(r, 1, 1000))+")",
			"SELECT 'a' ~ 'a{1000,}'",
			"SELECT 'a' ~ repeat('a{1,1000}', 100)",
			"SELECT 'aa' ~ '(a)\\1'",
			"SELECT regexp_matches(repeat('ab', "+n+"), '(a)(b)', 'g') LIMIT 1",
			"SELECT 'x' SIMILAR TO repeat('(x|y)*', "+strconv.Itoa(Size(r, 1, 1000))+")",
		))
	}},
	{"like_extreme", func(r *rand.Rand) Statement {
		n := Size(r, 1, 100)
		s := Quote(strings.Repeat("a", Size(r, 1, 10000)) + "b")
		return sql(Pick(r,
			"SELECT "+s+" LIKE "+Quote(strings.Repeat("%a", n)+"c"),
			"SELECT "+s+" ILIKE "+Quote(strings.Repeat("%_", n)+"%c"),
			"SELECT "+s+" LIKE "+Quote(strings.Repeat("\\", n)),
		))
	}},
	{"nested_arrays", func(r *rand.Rand) Statement {
		n := Size(r, 1, 100)
		return sql(Pick(r,
			"SELECT "+Quote(Nest("{", "1", "}", n))+"::int[]",
			"SELECT "+Nest("ARRAY[", "1", "]", n),
			"SELECT array_dims("+Quote(Nest("{", "1", "}", n))+"::int[])",
		))
	}},
	{"hostile_predicates", func(r *rand.Rand) Statement {
		long := strings.Repeat("k", Size(r, 1, 100000))
		return sql(Pick(r,
			"SELECT count(*) FROM vpn_connections WHERE tags->>"+Quote(long)+" = 'v'",
			"SELECT count(*) FROM vpn_connections WHERE state = "+Quote(long),
			`SELECT count(*) FROM vpn_connections WHERE "vpnConnectionId" = `+Quote("vpn-"+long),
			"SELECT count(*) FROM vpn_connections WHERE region IN ("+seq(Size(r, 1, 500), func(i int) string { return Quote("xx-" + strconv.Itoa(i)) })+")",
			`SELECT count(*) FROM vpn_connections WHERE "tagSet" @> '[{"key":"`+long+`","value":"x"}]'`,
			"SELECT count(*) FROM vpn_connections a, vpn_connections b, vpn_connections c",
			`EXPLAIN SELECT * FROM vpn_connections WHERE "vpnConnectionId" = ANY(ARRAY[`+seq(Size(r, 1, 1000), func(i int) string { return Quote(fmt.Sprintf("vpn-%08x", i)) })+"])",
		))
	}},
	// Past PostgreSQL's lines (KnownCrashers until issue 13 items 1 and 2
	// landed). 100,000 terms crashed pg_query's C parser with SIGSEGV,
	// 5,000 gave "proto: exceeded maximum recursion depth"; now 54001.
	{"operator_chain_deep", func(r *rand.Rand) Statement {
		return sql("SELECT " + Join("1", "+", Pick(r, 5000, 20000, 100000)))
	}},
	// 20,000 and more parentheses: bison's "memory exhausted" (42601), as
	// in PostgreSQL.
	{"paren_depth_deep", func(r *rand.Rand) Statement {
		n := Pick(r, 20000, 100000)
		return sql("SELECT " + Pick(r, Nest("(", "1", ")", n), Nest("abs(", "1", ")", n)))
	}},
	// json/jsonb/jsonpath nested past PostgreSQL's line: 54001.
	{"json_nesting_deep", func(r *rand.Rand) Statement {
		n := Pick(r, 100000, 1000000)
		return sql(Pick(r, "SELECT "+Quote(Nest("[", "1", "]", n))+"::jsonb",
			"SELECT jsonb_path_query('{}', "+Quote(Nest("(", "1", "+1)", n/10))+")"))
	}},
	// Values over 1 GB: 54000 as PostgreSQL 15 (the process used to
	// allocate them and die under a memory limit).
	{"value_over_1gb", func(r *rand.Rand) Statement {
		return sql(Pick(r,
			"SELECT repeat('x', 2147483647) IS NULL",
			"SELECT lpad('x', 2147483647) IS NULL",
			"SELECT length(repeat(repeat('x', 1000000), 2000))",
			"SELECT length(string_agg(repeat('y', 1000000), ',')) FROM generate_series(1, 2000)",
		))
	}},
	// Set-returning functions that used to materialise (about 1 GB a
	// statement, and a wrong count past a 10,000,001-row cap).
	{"srf_unbounded", func(r *rand.Rand) Statement {
		return sql(Pick(r,
			"SELECT count(*) FROM generate_series(1, 100000000)",
			"SELECT * FROM generate_series(1, 9223372036854775807) LIMIT 1",
			"SELECT count(*) FROM generate_series('2000-01-01'::timestamp, '2020-01-01', '1 second')",
		))
	}},
	// DISTINCT, sort and hash state over a large join: 53200 from the
	// statement's memory account (once about 2.3 GB in 4 s).
	{"distinct_over_cross_join", func(r *rand.Rand) Statement {
		return sql(Pick(r,
			"SELECT count(DISTINCT t0.*) FROM pg_attribute t0, information_schema.columns t1",
			"SELECT count(DISTINCT (a.attname, b.attname)) FROM pg_attribute a, pg_attribute b",
			"SELECT a.attname, b.attname FROM pg_attribute a, pg_attribute b ORDER BY 1, 2 LIMIT 1",
		))
	}},
	// A recursive CTE whose rows double: PostgreSQL stops at 1 GB with its
	// XX000 "invalid memory alloc request size"; vpnsql's memory account
	// ends it first with 53200.
	{"recursive_cte_doubling", func(r *rand.Rand) Statement {
		return sql("WITH RECURSIVE t(s) AS (SELECT " + Pick(r, "'x'", "'xy'") + " UNION ALL SELECT s || s FROM t) SELECT length(s) FROM t")
	}},
	// Joins of the large catalogs: the executor materialises a join, so
	// count(*) over millions of rows ends with 53200.
	{"catalog_cross_join_large", func(r *rand.Rand) Statement {
		large := []string{"pg_attribute", "pg_operator", "pg_proc", "pg_type", "information_schema.columns", "pg_description"}
		return sql("SELECT count(*) FROM " + Pick(r, large...) + " t0, " + Pick(r, large...) + " t1" + Pick(r, "", ", pg_type t2"))
	}},
}

// KnownCrashers are shapes that crash or exhaust the server on main
// today; VPNSQL_TEST_KNOWN_CRASHERS=1 runs them. Once fixed, a shape moves
// into Hostile. Empty: the last three (runaway joins, DISTINCT and a
// doubling recursive CTE) end with 53200 since the memory accounts.
var KnownCrashers = []Shape{}

func sql(s string) Statement { return Statement{SQL: s} }

// chain joins n copies of operand with operators drawn from ops.
func chain(r *rand.Rand, n int, operand string, ops ...string) string {
	var b strings.Builder
	b.Grow(n * (len(operand) + 4))
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(Pick(r, ops...))
		}
		b.WriteString(operand)
	}
	return b.String()
}

// seq joins item(0) ... item(n-1) with commas.
func seq(n int, item func(int) string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = item(i)
	}
	return strings.Join(parts, ", ")
}
