package sqlgen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// A Grammar generates random SELECT statements in the manner of SQLsmith:
// over the relations it is given (resource tables, catalog subsets), VALUES
// lists and generate_series, with joins of every kind, derived tables,
// CTEs (also recursive), scalar, EXISTS, IN and ANY/ALL subqueries,
// aggregates (GROUP BY, HAVING, DISTINCT, FILTER), window functions, set
// operations, casts, and the functions and operators it is given. The
// differential test (integration/sql_fuzz_test.go) fills Funcs, Ops and
// Casts from PostgreSQL 15's pg_proc, pg_operator and pg_cast for the types
// in play, keeping those vpnsql implements.
//
// Every statement it makes has one answer: no LIMIT without an ORDER BY
// over every output column, no order-dependent aggregate without an ORDER
// BY on its own argument, only window functions whose result does not
// depend on the order of peers. So two servers that agree on SQL give the
// same multiset of rows, and the same rows in the same order where the
// statement orders them.
type Grammar struct {
	Tables []Relation
	Funcs  []Func // scalar functions: Name(Args...) returns Result
	Ops    []Func // operators: one Arg (prefix) or two
	Casts  []Cast
	// Texts are text literals worth drawing often: values of the
	// relations' columns (states, regions, ids, tag keys), so predicates
	// select some rows and reach pushdown.
	Texts []string
	// Keys are the column names that join relations: a resource table's
	// foreign key has the name of the key it references
	// (vpn_connections."customerGatewayId" references
	// customer_gateways."customerGatewayId"), so two FROM items that both
	// have one are joined on it often, as a user joins them.
	Keys []string
}

// Relation is a FROM item the grammar may use: a table name or a
// parenthesised subquery, and its columns. Resource marks a resource
// table, whose WHERE clauses reach pushdown: TLP checks draw from these.
type Relation struct {
	From     string
	Columns  []Column
	Resource bool
}

// Column is a column of a relation; Type is pg_type's typname.
type Column struct {
	Name string
	Type string
}

// Func is a function or operator signature, types as pg_type's typname.
type Func struct {
	Name   string
	Args   []string
	Result string
}

// Cast is an explicit cast PostgreSQL allows (pg_cast, or I/O through
// text).
type Cast struct{ From, To string }

// Types are the types in play: the generator has literals for each.
var Types = []string{"int2", "int4", "int8", "numeric", "float8", "text", "name", "bool", "jsonb", "date", "timestamptz", "interval", "oid", "char"}

// Statement returns statement i of a run with seed: the same (seed, i)
// always gives the same statement for the same Grammar.
func (g *Grammar) Statement(seed uint64, i int) Statement {
	shapes := g.Shapes()
	pick := rand.New(rand.NewPCG(seed, uint64(i)))
	s := shapes[pick.IntN(len(shapes))]
	return s.Generate(seed<<24 ^ uint64(i)) // distinct for i < 2^24
}

// Shapes are the grammar's statement shapes: the same Shape table the
// hostile generator uses, so one seed mechanism serves both.
func (g *Grammar) Shapes() []Shape {
	mk := func(name string, f func(q *gen) string) Shape {
		return Shape{Name: name, Gen: func(r *rand.Rand) Statement {
			return Statement{SQL: f(&gen{g: g, r: r})}
		}}
	}
	return []Shape{
		mk("select", func(q *gen) string { return q.top(modePlain) }),
		mk("join", func(q *gen) string { q.joins = 2; return q.top(modePlain) }),
		mk("aggregate", func(q *gen) string { return q.top(modeAggregate) }),
		mk("window", func(q *gen) string { return q.top(modeWindow) }),
		mk("setop", func(q *gen) string { return q.setop() }),
		mk("cte", func(q *gen) string { return q.with() }),
		mk("subquery", func(q *gen) string { q.subqueries = true; return q.top(modePlain) }),
		// Resource tables joined on their keys (Keys): a connection with
		// its gateways and tunnels.
		mk("keyjoin", func(q *gen) string {
			q.joins, q.keys = 1+q.r.IntN(2), true
			return q.top(Pick(q.r, modePlain, modePlain, modeAggregate, modeWindow))
		}),
	}
}

type mode int

const (
	modePlain mode = iota
	modeAggregate
	modeWindow
)

// gen is the state of one statement's generation.
type gen struct {
	g          *Grammar
	r          *rand.Rand
	aliases    int
	depth      int // subquery nesting
	joins      int // extra FROM items wanted
	subqueries bool
	keys       bool       // the keyjoin shape: resource tables, joined on Keys
	ctes       []Relation // CTEs in scope
}

// scope is the columns a query can reference: its FROM items' and the
// enclosing queries' (correlation).
type scope struct {
	cols  []ref
	outer *scope
}

type ref struct {
	sql, typ string
}

func (s *scope) all() []ref {
	var out []ref
	for ; s != nil; s = s.outer {
		out = append(out, s.cols...)
	}
	return out
}

func (q *gen) chance(n int) bool { return q.r.IntN(n) == 0 }

func (q *gen) alias() string {
	q.aliases++
	return "t" + strconv.Itoa(q.aliases)
}

// top is a whole statement: a query, maybe ordered by every output column
// and limited.
func (q *gen) top(m mode) string {
	sel, types := q.query(nil, m, nil)
	return q.order(sel, len(types))
}

// order adds ORDER BY over every output column (so ties are identical
// rows) and maybe LIMIT/OFFSET, or nothing.
func (q *gen) order(sel string, n int) string {
	if q.chance(2) {
		return sel
	}
	var keys []string
	for i := 1; i <= n; i++ {
		k := strconv.Itoa(i)
		k += Pick(q.r, "", " DESC", " NULLS FIRST", " DESC NULLS LAST", " ASC")
		keys = append(keys, k)
	}
	sel += " ORDER BY " + strings.Join(keys, ", ")
	if q.chance(2) {
		sel += " LIMIT " + strconv.Itoa(q.r.IntN(6))
		if q.chance(2) {
			sel += " OFFSET " + strconv.Itoa(q.r.IntN(4))
		}
	}
	return sel
}

// setop is two queries of the same width joined by a set operation; the
// right one's columns are asked for with the left one's types, mostly.
func (q *gen) setop() string {
	left, types := q.query(nil, Pick(q.r, modePlain, modeAggregate), nil)
	want := append([]string{}, types...)
	for i := range want {
		if q.chance(6) {
			want[i] = Pick(q.r, Types...) // common-type resolution, or 42804
		}
	}
	right, _ := q.query(nil, Pick(q.r, modePlain, modeAggregate), want)
	op := Pick(q.r, "UNION", "UNION ALL", "INTERSECT", "INTERSECT ALL", "EXCEPT", "EXCEPT ALL")
	return q.order("("+left+") "+op+" ("+right+")", len(types))
}

// with is a query over one to three CTEs, each a query of its own or a
// recursive counter.
func (q *gen) with() string {
	var defs []string
	recursive := false
	for i := 0; i < 1+q.r.IntN(3); i++ {
		name := "c" + strconv.Itoa(i+1)
		if q.chance(4) {
			recursive = true
			k := 1 + q.r.IntN(8)
			defs = append(defs, fmt.Sprintf("%s(n, s) AS (SELECT 1, 'x'::text UNION ALL SELECT n + 1, s || %s FROM %s WHERE n < %d)",
				name, Quote(Pick(q.r, "y", "", "ab")), name, k))
			q.ctes = append(q.ctes, Relation{From: name, Columns: []Column{{"n", "int4"}, {"s", "text"}}})
			continue
		}
		body, types := q.query(nil, Pick(q.r, modePlain, modeAggregate, modeWindow), nil)
		rel := Relation{From: name}
		for j, t := range types {
			rel.Columns = append(rel.Columns, Column{"c" + strconv.Itoa(j), t})
		}
		defs = append(defs, name+" AS "+Pick(q.r, "", "MATERIALIZED ", "NOT MATERIALIZED ")+"("+body+")")
		q.ctes = append(q.ctes, rel)
	}
	kw := "WITH "
	if recursive {
		kw = "WITH RECURSIVE "
	}
	return kw + strings.Join(defs, ", ") + " " + q.top(Pick(q.r, modePlain, modeAggregate, modeWindow))
}

// query is a SELECT in mode m whose output columns are named c0, c1, ...
// and have types want (any types when want is nil); it returns the SQL and
// the output types.
func (q *gen) query(outer *scope, m mode, want []string) (string, []string) {
	q.depth++
	defer func() { q.depth-- }()
	sc := &scope{outer: outer}
	from := q.from(sc)
	var b strings.Builder
	b.WriteString("SELECT ")
	distinct := q.chance(6)
	if distinct {
		b.WriteString("DISTINCT ")
	}
	if want == nil {
		n := 1 + q.r.IntN(4)
		for i := 0; i < n; i++ {
			want = append(want, q.anyType(sc))
		}
	}
	var where string
	if q.chance(2) || q.subqueries {
		where = " WHERE " + q.expr(sc, "bool", 0)
	}
	var items []string
	var tail string
	switch m {
	case modeAggregate:
		var keys []ref
		for i := 0; i < q.r.IntN(3); i++ {
			keys = append(keys, q.groupKey(sc))
		}
		for i, t := range want {
			items = append(items, q.aggItem(sc, keys, t)+" AS c"+strconv.Itoa(i))
		}
		if len(keys) > 0 || q.chance(3) {
			var ks []string
			for _, k := range keys {
				ks = append(ks, k.sql)
			}
			if len(ks) == 0 {
				tail = " GROUP BY ()"
			} else {
				tail = " GROUP BY " + strings.Join(ks, ", ")
			}
		}
		if q.chance(3) {
			tail += " HAVING " + q.aggBool(sc, keys)
		}
	case modeWindow:
		for i, t := range want {
			e := q.windowItem(sc, t)
			items = append(items, e+" AS c"+strconv.Itoa(i))
		}
	default:
		for i, t := range want {
			items = append(items, q.expr(sc, t, 0)+" AS c"+strconv.Itoa(i))
		}
	}
	b.WriteString(strings.Join(items, ", "))
	b.WriteString(" FROM ")
	b.WriteString(from)
	b.WriteString(where)
	b.WriteString(tail)
	return b.String(), want
}

// from is a FROM clause of one to three items, joined; it adds their
// columns to sc.
func (q *gen) from(sc *scope) string {
	n := 1 + q.r.IntN(2) + q.joins
	q.joins = 0
	if q.depth > 2 {
		n = 1
	}
	var b strings.Builder
	// After a comma, a JOIN's ON sees only the items from the comma on;
	// LATERAL sees them all.
	visible := 0
	for i := 0; i < n; i++ {
		item := &scope{outer: sc.outer}
		lateral := i > 0 && q.chance(6)
		if lateral {
			item.outer = &scope{cols: sc.cols, outer: sc.outer}
		}
		text := q.fromItem(item, lateral)
		if i == 0 {
			b.WriteString(text)
			sc.cols = append(sc.cols, item.cols...)
			continue
		}
		if kind := q.r.IntN(8); kind == 0 {
			visible = len(sc.cols)
			b.WriteString(", " + text)
			sc.cols = append(sc.cols, item.cols...)
			continue
		}
		left := sc.cols[visible:]
		both := &scope{cols: append(append([]ref{}, left...), item.cols...), outer: sc.outer}
		kind := Pick(q.r, "JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN", "CROSS JOIN", "NATURAL JOIN", "USING")
		if lateral && (kind == "RIGHT JOIN" || kind == "FULL JOIN") {
			kind = "LEFT JOIN" // a LATERAL item cannot be on the outer side of these
		}
		switch kind {
		case "CROSS JOIN", "NATURAL JOIN":
			b.WriteString(" " + kind + " " + text)
		case "USING":
			if u := sameNames(left, item.cols); u != "" {
				kw := Pick(q.r, "JOIN", "LEFT JOIN", "FULL JOIN")
				if lateral {
					kw = "LEFT JOIN"
				}
				b.WriteString(" " + kw + " " + text + " USING (" + u + ")")
			} else {
				b.WriteString(" JOIN " + text + " ON " + q.expr(both, "bool", 1))
			}
		case "FULL JOIN":
			// PostgreSQL runs FULL JOIN only on merge- or hash-joinable
			// conditions: an equality of two columns of one type.
			on := equiJoin(q.r, left, item.cols)
			if kj := keyJoin(q.r, left, item.cols, q.g.Keys); kj != "" && (q.keys || q.chance(2)) {
				on = kj
			}
			if on != "" {
				b.WriteString(" FULL JOIN " + text + " ON " + on)
			} else {
				b.WriteString(" LEFT JOIN " + text + " ON " + q.expr(both, "bool", 1))
			}
		default:
			on := q.expr(both, "bool", 1)
			if eq := equiJoin(q.r, left, item.cols); eq != "" && q.chance(2) {
				on = eq
			}
			if kj := keyJoin(q.r, left, item.cols, q.g.Keys); kj != "" && (q.keys || q.chance(2)) {
				on = kj
			}
			b.WriteString(" " + kind + " " + text + " ON " + on)
		}
		sc.cols = append(sc.cols, item.cols...)
	}
	return b.String()
}

// sameNames is a column name both sides have once, with one type, as
// USING needs: "" when there is none.
func sameNames(left, right []ref) string {
	count := func(rs []ref, name string) (int, string) {
		n, typ := 0, ""
		for _, r := range rs {
			if colName(r.sql) == name {
				n++
				typ = r.typ
			}
		}
		return n, typ
	}
	for _, r := range right {
		name := colName(r.sql)
		ln, lt := count(left, name)
		rn, _ := count(right, name)
		if ln == 1 && rn == 1 && lt == r.typ {
			return name
		}
	}
	return ""
}

// colName is the column part of a qualified reference.
func colName(s string) string {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// equiJoin is "l = r" over a column of each side of one type, or "".
func equiJoin(r *rand.Rand, left, right []ref) string {
	var pairs []string
	for _, a := range left {
		for _, b := range right {
			if a.typ == b.typ && a.typ != "jsonb" || a.typ == "jsonb" && b.typ == "jsonb" {
				pairs = append(pairs, a.sql+" = "+b.sql)
			}
		}
	}
	if len(pairs) == 0 {
		return ""
	}
	return Pick(r, pairs...)
}

// keyJoin is "l = r" over a column of each side with one of the names
// keys, or "": the join along a foreign key.
func keyJoin(r *rand.Rand, left, right []ref, keys []string) string {
	var pairs []string
	for _, a := range left {
		for _, b := range right {
			if a.typ == b.typ && colName(a.sql) == colName(b.sql) && isKey(colName(a.sql), keys) {
				pairs = append(pairs, a.sql+" = "+b.sql)
			}
		}
	}
	if len(pairs) == 0 {
		return ""
	}
	return Pick(r, pairs...)
}

func isKey(quoted string, keys []string) bool {
	for _, k := range keys {
		if QuoteIdent(k) == quoted {
			return true
		}
	}
	return false
}

// resources are the grammar's resource tables.
func (g *Grammar) resources() []Relation {
	var out []Relation
	for _, t := range g.Tables {
		if t.Resource {
			out = append(out, t)
		}
	}
	return out
}

// fromItem is one FROM item under a new alias; its columns go into sc.
func (q *gen) fromItem(sc *scope, lateral bool) string {
	a := q.alias()
	add := func(cols []Column) {
		for _, c := range cols {
			sc.cols = append(sc.cols, ref{a + "." + QuoteIdent(c.Name), c.Type})
		}
	}
	choice := q.r.IntN(10)
	if rs := q.g.resources(); q.keys && len(rs) > 0 && choice < 8 {
		rel := Pick(q.r, rs...)
		add(rel.Columns)
		return rel.From + " AS " + a
	}
	if lateral || q.depth <= 2 && choice == 9 {
		body, types := q.query(sc.outer, Pick(q.r, modePlain, modeAggregate), nil)
		var cols []Column
		for i, t := range types {
			cols = append(cols, Column{"c" + strconv.Itoa(i), t})
		}
		add(cols)
		kw := ""
		if lateral {
			kw = "LATERAL "
		}
		return kw + "(" + body + ") AS " + a
	}
	if len(q.ctes) > 0 && choice < 3 {
		rel := Pick(q.r, q.ctes...)
		add(rel.Columns)
		return rel.From + " AS " + a
	}
	switch {
	case choice < 5 && len(q.g.Tables) > 0:
		rel := Pick(q.r, q.g.Tables...)
		add(rel.Columns)
		return rel.From + " AS " + a
	case choice < 7:
		return q.values(a, add)
	default:
		return q.series(a, add)
	}
}

// values is a VALUES list of one to five rows as alias(names...).
func (q *gen) values(a string, add func([]Column)) string {
	var cols []Column
	names := []string{"a", "b", "x", "y", "k"}
	for _, n := range q.r.Perm(len(names))[:1+q.r.IntN(3)] {
		cols = append(cols, Column{names[n], Pick(q.r, "int4", "int8", "numeric", "text", "bool", "text", "int4", "jsonb", "float8", "date", "timestamptz", "interval")})
	}
	var rows []string
	typed := make([]bool, len(cols))
	for i := 0; i < 1+q.r.IntN(5); i++ {
		var vals []string
		for j, c := range cols {
			if q.chance(5) {
				vals = append(vals, "NULL")
			} else {
				vals = append(vals, q.literal(c.Type))
				typed[j] = true
			}
		}
		rows = append(rows, "("+strings.Join(vals, ", ")+")")
	}
	for j := range cols {
		if !typed[j] {
			cols[j].Type = "text" // only NULLs: text, as in PostgreSQL
		}
	}
	var ns []string
	for _, c := range cols {
		ns = append(ns, c.Name)
	}
	add(cols)
	return "(VALUES " + strings.Join(rows, ", ") + ") AS " + a + "(" + strings.Join(ns, ", ") + ")"
}

// series is generate_series over int4, int8 or numeric as alias(g).
func (q *gen) series(a string, add func([]Column)) string {
	lo, hi := q.r.IntN(5)-2, q.r.IntN(8)
	switch q.r.IntN(4) {
	case 0:
		add([]Column{{"g", "int8"}})
		return fmt.Sprintf("generate_series(%d::int8, %d) AS %s(g)", lo, hi, a)
	case 1:
		add([]Column{{"g", "numeric"}})
		return fmt.Sprintf("generate_series(%d.5, %d, %s) AS %s(g)", lo, hi, Pick(q.r, "1", "0.5", "2"), a)
	case 2:
		add([]Column{{"g", "int4"}, {"o", "int8"}})
		return fmt.Sprintf("generate_series(%d, %d, %d) WITH ORDINALITY AS %s(g, o)", hi, lo, -1-q.r.IntN(2), a)
	default:
		add([]Column{{"g", "int4"}})
		return fmt.Sprintf("generate_series(%d, %d) AS %s(g)", lo, hi, a)
	}
}

// QuoteIdent quotes a name unless it is a plain lower-case identifier.
func QuoteIdent(s string) string {
	for i, c := range s {
		if !(c >= 'a' && c <= 'z' || c == '_' || i > 0 && c >= '0' && c <= '9') {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
	}
	switch s {
	case "type", "user", "order", "group", "select", "from", "where", "table", "char":
		return `"` + s + `"`
	}
	return s
}

// TypeName is a type as a cast writes it.
func TypeName(t string) string {
	if t == "char" {
		return `"char"`
	}
	return t
}
