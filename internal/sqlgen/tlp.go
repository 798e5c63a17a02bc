package sqlgen

import (
	"math/rand/v2"
	"strings"
)

// TLP is a ternary-logic partitioning check in the manner of SQLancer:
// for a predicate p over a FROM clause, count(*) is the sum of the counts
// WHERE p, WHERE NOT p and WHERE p IS NULL. Base, when not "", is a
// condition every query keeps (AND base), mostly one a resource table can
// push down to its API, so the partitions exercise pushdown and the
// filters above it.
type TLP struct {
	From, Base, Pred string
}

// Queries are the whole count and the three partitions' counts.
func (t TLP) Queries() [4]string {
	where := func(p string) string {
		var conds []string
		if t.Base != "" {
			conds = append(conds, "("+t.Base+")")
		}
		if p != "" {
			conds = append(conds, p)
		}
		if len(conds) == 0 {
			return ""
		}
		return " WHERE " + strings.Join(conds, " AND ")
	}
	q := "SELECT count(*) FROM " + t.From
	return [4]string{q + where(""), q + where("("+t.Pred+")"), q + where("(NOT ("+t.Pred+"))"), q + where("(("+t.Pred+") IS NULL)")}
}

// TLP returns check i of a run with seed: a FROM clause of one or two of
// the grammar's relations (half the time a resource table, joined on a
// key when both are),
// VALUES lists and generate_series, a base condition built of the
// Texts (equalities, IN lists, tag lookups: the shapes pushdown takes), and
// a random predicate.
func (g *Grammar) TLP(seed uint64, i int) TLP {
	r := rand.New(rand.NewPCG(seed^0x7419, uint64(i)))
	q := &gen{g: g, r: r, depth: 1}
	sc := &scope{}
	var from string
	if rs := g.resources(); len(rs) > 0 && q.chance(2) {
		// Half the checks are over a resource table, whose WHERE
		// clause reaches pushdown.
		a := q.alias()
		rel := Pick(r, rs...)
		for _, c := range rel.Columns {
			sc.cols = append(sc.cols, ref{a + "." + QuoteIdent(c.Name), c.Type})
		}
		from = rel.From + " AS " + a
	} else {
		from = q.fromItem(sc, false)
	}
	if q.chance(3) {
		item := &scope{}
		kind := Pick(r, " CROSS JOIN ", " LEFT JOIN ", " JOIN ")
		from += kind + q.fromItem(item, false)
		if kind != " CROSS JOIN " {
			both := &scope{cols: append(append([]ref{}, sc.cols...), item.cols...)}
			on := keyJoin(r, sc.cols, item.cols, g.Keys)
			if on == "" {
				on = equiJoin(r, sc.cols, item.cols)
			}
			if on == "" || q.chance(2) {
				on = q.expr(both, "bool", 1)
			}
			from += " ON " + on
		}
		sc.cols = append(sc.cols, item.cols...)
	}
	t := TLP{From: from}
	if !q.chance(3) {
		t.Base = q.pushable(sc)
	}
	t.Pred = q.expr(sc, "bool", 0)
	if q.chance(3) {
		t.Pred = q.pushable(sc) + Pick(r, " AND ", " OR ") + t.Pred
	}
	return t
}

// pushable is a conjunction of the shapes a resource table pushes down:
// text column = literal or IN list, jsonb ->> key = literal, @>.
func (q *gen) pushable(sc *scope) string {
	var conds []string
	for i := 0; i < 1+q.r.IntN(2); i++ {
		var texts, jsons []string
		for _, c := range sc.cols {
			switch c.typ {
			case "text":
				texts = append(texts, c.sql)
			case "jsonb":
				jsons = append(jsons, c.sql)
			}
		}
		switch {
		case len(jsons) > 0 && q.chance(3):
			j := Pick(q.r, jsons...)
			if q.chance(2) {
				conds = append(conds, j+"->>"+Quote(q.text())+" = "+Quote(q.text()))
			} else {
				conds = append(conds, j+` @> '[{"key": "Name", "value": `+jsonString(q.text())+`}]'`)
			}
		case len(texts) > 0:
			c := Pick(q.r, texts...)
			if q.chance(2) {
				conds = append(conds, c+" = "+Quote(q.text()))
			} else {
				conds = append(conds, c+" IN ("+Quote(q.text())+", "+Quote(q.text())+")")
			}
		default:
			conds = append(conds, q.expr(sc, "bool", 1))
		}
	}
	return strings.Join(conds, " AND ")
}

// jsonString is s as a JSON string inside a SQL literal.
func jsonString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	return `"` + strings.ReplaceAll(s, "'", "''") + `"`
}
