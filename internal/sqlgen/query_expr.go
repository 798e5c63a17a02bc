package sqlgen

import (
	"strconv"
	"strings"
)

// maxExprDepth bounds an expression's nesting; past it only columns and
// literals.
const maxExprDepth = 3

// anyType is a type for an output column: mostly one a column in scope
// has, so expressions read rows.
func (q *gen) anyType(sc *scope) string {
	cols := sc.all()
	if len(cols) > 0 && q.chance(2) {
		return Pick(q.r, cols...).typ
	}
	return Pick(q.r, Types...)
}

// expr is an expression of type t over sc.
func (q *gen) expr(sc *scope, t string, d int) string {
	cols := q.columnsOf(sc, t)
	leaf := d >= maxExprDepth
	for {
		switch k := q.r.IntN(14); {
		case k < 4 && len(cols) > 0:
			return Pick(q.r, cols...)
		case k < 5 || leaf:
			if len(cols) > 0 && q.chance(2) {
				return Pick(q.r, cols...)
			}
			return q.literal(t)
		case k < 7:
			if e, ok := q.call(sc, q.g.Funcs, t, d); ok {
				return e
			}
		case k < 9:
			if e, ok := q.operator(sc, t, d); ok {
				return e
			}
		case k < 10:
			if t == "bool" {
				return q.predicate(sc, d)
			}
			return q.conditional(sc, t, d)
		case k < 11:
			if e, ok := q.cast(sc, t, d); ok {
				return e
			}
		case k < 12 && t == "bool":
			return q.predicate(sc, d)
		case k < 13 && q.depth < 3 && d < 2:
			return q.scalarSubquery(sc, t)
		default:
			if t == "bool" && d < 2 {
				return q.predicate(sc, d)
			}
		}
	}
}

func (q *gen) columnsOf(sc *scope, t string) []string {
	var out []string
	for _, c := range sc.all() {
		if c.typ == t {
			out = append(out, c.sql)
		}
	}
	return out
}

// call is f(args...) for a function returning t.
func (q *gen) call(sc *scope, fs []Func, t string, d int) (string, bool) {
	var cands []Func
	for _, f := range fs {
		if f.Result == t {
			cands = append(cands, f)
		}
	}
	if len(cands) == 0 {
		return "", false
	}
	f := Pick(q.r, cands...)
	var args []string
	for _, a := range f.Args {
		args = append(args, q.expr(sc, a, d+1))
	}
	return f.Name + "(" + strings.Join(args, ", ") + ")", true
}

// operator is an operator expression of type t.
func (q *gen) operator(sc *scope, t string, d int) (string, bool) {
	var cands []Func
	for _, f := range q.g.Ops {
		if f.Result == t {
			cands = append(cands, f)
		}
	}
	if len(cands) == 0 {
		return "", false
	}
	f := Pick(q.r, cands...)
	if len(f.Args) == 1 {
		return "(" + f.Name + " " + q.expr(sc, f.Args[0], d+1) + ")", true
	}
	return "(" + q.expr(sc, f.Args[0], d+1) + " " + f.Name + " " + q.expr(sc, f.Args[1], d+1) + ")", true
}

// conditional is CASE, COALESCE, NULLIF, GREATEST or LEAST of type t.
func (q *gen) conditional(sc *scope, t string, d int) string {
	e := func() string { return q.expr(sc, t, d+1) }
	switch q.r.IntN(6) {
	case 0:
		s := "CASE WHEN " + q.expr(sc, "bool", d+1) + " THEN " + e()
		if q.chance(2) {
			s += " WHEN " + q.expr(sc, "bool", d+1) + " THEN " + e()
		}
		if q.chance(3) {
			return s + " END"
		}
		return s + " ELSE " + e() + " END"
	case 1:
		x := q.anyType(sc)
		return "CASE " + q.expr(sc, x, d+1) + " WHEN " + q.expr(sc, x, d+1) + " THEN " + e() + " ELSE " + e() + " END"
	case 2:
		return "COALESCE(" + e() + ", " + e() + ")"
	case 3:
		if t == "jsonb" {
			return "COALESCE(" + e() + ", " + e() + ", " + e() + ")"
		}
		return "NULLIF(" + e() + ", " + e() + ")"
	case 4:
		return "GREATEST(" + e() + ", " + e() + ")"
	default:
		return "LEAST(" + e() + ", " + e() + ", " + e() + ")"
	}
}

// cast is (e)::t from a type that casts to t.
func (q *gen) cast(sc *scope, t string, d int) (string, bool) {
	var from []string
	for _, c := range q.g.Casts {
		if c.To == t {
			from = append(from, c.From)
		}
	}
	if len(from) == 0 {
		return "", false
	}
	e := q.expr(sc, Pick(q.r, from...), d+1)
	if q.chance(3) {
		return "CAST(" + e + " AS " + TypeName(t) + ")", true
	}
	return "(" + e + ")::" + TypeName(t), true
}

// predicate is a boolean expression built of SQL's own forms.
func (q *gen) predicate(sc *scope, d int) string {
	x := q.anyType(sc)
	e := func(t string) string { return q.expr(sc, t, d+1) }
	switch q.r.IntN(12) {
	case 0:
		return "(" + e("bool") + " AND " + e("bool") + ")"
	case 1:
		return "(" + e("bool") + " OR " + e("bool") + ")"
	case 2:
		return "(NOT " + e("bool") + ")"
	case 3:
		return "(" + e(x) + Pick(q.r, " IS NULL", " IS NOT NULL") + ")"
	case 4:
		return "(" + e(x) + Pick(q.r, " IS DISTINCT FROM ", " IS NOT DISTINCT FROM ") + e(x) + ")"
	case 5:
		return "(" + e("bool") + Pick(q.r, " IS TRUE", " IS NOT FALSE", " IS UNKNOWN") + ")"
	case 6:
		if x == "jsonb" || x == "bool" {
			x = "int4"
		}
		return "(" + e(x) + Pick(q.r, " BETWEEN ", " NOT BETWEEN ", " BETWEEN SYMMETRIC ") + e(x) + " AND " + e(x) + ")"
	case 7:
		list := []string{e(x)}
		for i := 0; i < q.r.IntN(3); i++ {
			list = append(list, e(x))
		}
		return "(" + e(x) + Pick(q.r, " IN (", " NOT IN (") + strings.Join(list, ", ") + "))"
	case 8:
		if q.depth < 3 && d < 2 {
			return "(" + Pick(q.r, "", "NOT ") + "EXISTS (" + q.subquery(sc, "1", "") + "))"
		}
		return e("bool")
	case 9:
		if q.depth < 3 && d < 2 {
			return q.quantified(sc, x)
		}
		return e("bool")
	case 10:
		return "(" + e("text") + Pick(q.r, " LIKE ", " NOT LIKE ", " ILIKE ") + q.pattern() + ")"
	default:
		return "(" + e(x) + " " + Pick(q.r, "=", "<>", "<", "<=", ">", ">=") + " " + e(x) + ")"
	}
}

// pattern is a LIKE pattern, often built from the texts in play.
func (q *gen) pattern() string {
	s := q.text()
	switch q.r.IntN(4) {
	case 0:
		if len(s) > 2 {
			s = s[:len(s)/2] + "%"
		}
	case 1:
		s = "%" + s
	case 2:
		s = strings.Replace(s, "a", "_", 1)
	}
	return Quote(s)
}

// quantified is x IN (SELECT ...), or x op ANY/ALL (SELECT ...).
func (q *gen) quantified(sc *scope, x string) string {
	lhs := q.expr(sc, x, 2)
	sub := q.subquery(sc, "", x)
	if x == "jsonb" || x == "bool" || q.chance(2) {
		return "(" + lhs + Pick(q.r, " IN (", " NOT IN (") + sub + "))"
	}
	return "(" + lhs + " " + Pick(q.r, "=", "<>", "<", ">=") + Pick(q.r, " ANY (", " ALL (", " SOME (") + sub + "))"
}

// subquery is SELECT item FROM one item [WHERE p], maybe correlated with
// sc; item is the given text, or an expression of type t.
func (q *gen) subquery(sc *scope, item, t string) string {
	q.depth++
	defer func() { q.depth-- }()
	inner := &scope{outer: sc}
	from := q.fromItem(inner, false)
	if item == "" {
		item = q.expr(inner, t, 1)
	}
	s := "SELECT " + item + " FROM " + from
	if q.chance(2) {
		s += " WHERE " + q.expr(inner, "bool", 1)
	}
	return s
}

// scalarSubquery is (SELECT agg FROM ...): one row, one column of type t.
func (q *gen) scalarSubquery(sc *scope, t string) string {
	q.depth++
	defer func() { q.depth-- }()
	inner := &scope{outer: sc}
	from := q.fromItem(inner, false)
	s := "(SELECT " + q.aggItem(inner, nil, t) + " FROM " + from
	if q.chance(2) {
		s += " WHERE " + q.expr(inner, "bool", 1)
	}
	return s + ")"
}

// literal is a constant of type t (NULL sometimes).
func (q *gen) literal(t string) string {
	if q.chance(12) {
		return "NULL::" + TypeName(t)
	}
	switch t {
	case "int2":
		return Pick(q.r, "0", "1", "-2", "7", "32767") + "::int2"
	case "int4":
		return Pick(q.r, "0", "1", "2", "3", "-1", "7", "10", "100", "2147483647")
	case "int8":
		return Pick(q.r, "0::int8", "1::int8", "-5::int8", "42::int8", "9223372036854775807", "10000000000")
	case "numeric":
		return Pick(q.r, "1.5", "-0.25", "0.0", "10.00", "3::numeric", "1e3", "'NaN'::numeric", "123456789.123456789", "0.001")
	case "float8":
		// Binary fractions, so a sum is the same in any order.
		return Pick(q.r, "1.5::float8", "'-0.25'::float8", "0::float8", "2::float8", "'Infinity'::float8", "'NaN'::float8", "1e300::float8", "'-0'::float8")
	case "text":
		if q.chance(2) {
			return Quote(q.text()) // unknown: the context decides its type
		}
		return Quote(q.text()) + "::text"
	case "name":
		return Quote(q.text()) + "::name"
	case "bool":
		return Pick(q.r, "true", "false")
	case "jsonb":
		return Quote(Pick(q.r, `{"a": 1, "b": [1, 2, {"c": null}]}`, `[1, "x", null, true]`, `"s"`, `null`, `3.5`, `{}`, `[]`,
			`{"Name": "x", "env": "prod"}`, `{"a": {"b": "c"}}`, `[{"key": "Name", "value": "x"}]`)) + "::jsonb"
	case "date":
		// No infinite dates or timestamps: vpnsql does not support them
		// (0A000, docs/sql.md), and they would be most of what differs.
		return Pick(q.r, "date '2024-02-29'", "'2000-01-01'::date", "date '1999-12-31'")
	case "timestamptz":
		return Pick(q.r, "timestamptz '2024-01-02 03:04:05+00'", "'2024-06-30 23:59:59.5+02'::timestamptz", "timestamptz '2000-02-29 12:00:00+00'")
	case "interval":
		return Pick(q.r, "interval '1 day'", "'2 hours 30 minutes'::interval", "interval '-1 mon'", "'1 year 2 mons 3 days 04:05:06'::interval", "interval '0'")
	case "oid":
		return Pick(q.r, "0", "11", "23", "25", "2200") + "::oid"
	case "char":
		return Quote(Pick(q.r, "a", "b", "i", "c", "n")) + `::"char"`
	}
	return "NULL::" + TypeName(t)
}

// text is a string worth comparing with: one of the grammar's Texts, or a
// short one of its own.
func (q *gen) text() string {
	if len(q.g.Texts) > 0 && q.chance(2) {
		return Pick(q.r, q.g.Texts...)
	}
	return Pick(q.r, "a", "", "abc", "A b", "x_y", "42", "true", "2024-01-02", "Name", "available", " pad ", "ünï")
}

// aggregate is an aggregate function over one argument type.
type aggregate struct{ name, arg, result string }

// aggregates whose result does not depend on the order of their input
// (string_agg and jsonb_agg get an ORDER BY on their own argument).
var aggregates = func() []aggregate {
	out := []aggregate{
		{"count", "*", "int8"}, {"count", "", "int8"},
		{"sum", "int2", "int8"}, {"sum", "int4", "int8"}, {"sum", "int8", "numeric"}, {"sum", "numeric", "numeric"},
		{"sum", "float8", "float8"}, {"sum", "interval", "interval"},
		{"avg", "int4", "numeric"}, {"avg", "int8", "numeric"}, {"avg", "numeric", "numeric"}, {"avg", "float8", "float8"},
		{"avg", "interval", "interval"},
		{"bool_and", "bool", "bool"}, {"bool_or", "bool", "bool"}, {"every", "bool", "bool"},
		{"bit_and", "int4", "int4"}, {"bit_or", "int8", "int8"},
		{"string_agg", "text", "text"}, {"jsonb_agg", "", "jsonb"},
		{"variance", "int4", "numeric"}, {"stddev_pop", "numeric", "numeric"},
	}
	for _, t := range []string{"int2", "int4", "int8", "numeric", "float8", "text", "date", "timestamptz", "interval", "oid"} {
		out = append(out, aggregate{"min", t, t}, aggregate{"max", t, t})
	}
	return out
}()

// groupKey is a GROUP BY key: a column of this query, or an expression
// over one (a constant would be an ordinal).
func (q *gen) groupKey(sc *scope) ref {
	if len(sc.cols) == 0 {
		return ref{"(" + q.literal("text") + " || '')", "text"}
	}
	c := Pick(q.r, sc.cols...)
	if q.chance(4) {
		return ref{"(" + c.sql + " IS NULL)", "bool"}
	}
	return c
}

// aggItem is an output column of type t of a grouped query: a key of
// that type, or an aggregate.
func (q *gen) aggItem(sc *scope, keys []ref, t string) string {
	var ks []string
	for _, k := range keys {
		if k.typ == t {
			ks = append(ks, k.sql)
		}
	}
	if len(ks) > 0 && q.chance(2) {
		return Pick(q.r, ks...)
	}
	if a, ok := q.aggCall(sc, t); ok {
		return a
	}
	if q.chance(2) {
		for _, c := range q.g.Casts {
			if c.From == "int8" && c.To == t {
				return "(count(*))::" + TypeName(t)
			}
		}
	}
	return q.literal(t)
}

// aggCall is an aggregate call returning t, with DISTINCT and FILTER
// sometimes.
func (q *gen) aggCall(sc *scope, t string) (string, bool) {
	var cands []aggregate
	for _, a := range aggregates {
		if a.result == t {
			cands = append(cands, a)
		}
	}
	if len(cands) == 0 {
		return "", false
	}
	a := Pick(q.r, cands...)
	// Arguments read this query's columns only: an aggregate of only outer
	// columns belongs to the outer query (PostgreSQL's rule, a known
	// difference: fuzzKnown), which would make most such statements 42803.
	sc = &scope{cols: sc.cols}
	var s string
	distinct := ""
	if q.chance(5) {
		distinct = "DISTINCT "
	}
	switch {
	case a.arg == "*":
		s = "count(*)"
	case a.name == "count":
		s = "count(" + distinct + q.expr(sc, q.anyType(sc), 2) + ")"
	case a.name == "string_agg":
		x := q.expr(sc, "text", 2)
		s = "string_agg(" + distinct + x + ", " + Pick(q.r, "','", "''", "' | '") + " ORDER BY " + x + ")"
	case a.name == "jsonb_agg":
		x := q.expr(sc, Pick(q.r, "int4", "text", "jsonb", "numeric"), 2)
		s = "jsonb_agg(" + distinct + x + " ORDER BY " + x + ")"
	default:
		s = a.name + "(" + distinct + q.expr(sc, a.arg, 2) + ")"
	}
	if q.chance(5) {
		s += " FILTER (WHERE " + q.expr(sc, "bool", 2) + ")"
	}
	return s, true
}

// aggBool is a HAVING condition.
func (q *gen) aggBool(sc *scope, keys []ref) string {
	switch q.r.IntN(4) {
	case 0:
		return "count(*) " + Pick(q.r, ">", ">=", "=", "<") + " " + strconv.Itoa(q.r.IntN(4))
	case 1:
		return q.aggItem(sc, keys, "bool")
	case 2:
		x := Pick(q.r, "int4", "text", "numeric")
		a, _ := q.aggCall(sc, x)
		return "(" + a + Pick(q.r, " IS NULL", " IS NOT NULL", " > "+q.literal(x)) + ")"
	default:
		return "(" + q.aggItem(sc, keys, "int8") + " <> " + q.aggItem(sc, keys, "int8") + ")"
	}
}

// windowItem is an output column of type t of a query with window
// functions: rank and dense_rank (ties share a rank), an aggregate over
// a partition or over a RANGE frame (peers share a value), or a plain
// expression.
func (q *gen) windowItem(sc *scope, t string) string {
	over := func(order bool) string {
		var parts []string
		if q.chance(2) {
			parts = append(parts, "PARTITION BY "+q.expr(sc, Pick(q.r, "text", "int4", "bool"), 2))
		}
		if order {
			parts = append(parts, "ORDER BY "+q.expr(sc, Pick(q.r, "text", "int4", "numeric", "int8"), 2)+Pick(q.r, "", " DESC", " NULLS FIRST"))
		}
		return " OVER (" + strings.Join(parts, " ") + ")"
	}
	switch {
	case t == "int8" && q.chance(2):
		return Pick(q.r, "rank()", "dense_rank()", "count(*)") + over(true)
	case t == "float8" && q.chance(2):
		return Pick(q.r, "percent_rank()", "cume_dist()") + over(true)
	case q.chance(3):
		return q.expr(sc, t, 1)
	}
	// Window aggregates take neither DISTINCT nor ORDER BY (0A000).
	if a, ok := q.aggCall(sc, t); ok && !strings.Contains(a, "DISTINCT") && !strings.Contains(a, " ORDER BY ") {
		return a + over(q.chance(2))
	}
	return q.expr(sc, t, 1)
}
