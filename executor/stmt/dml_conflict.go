package stmt

import (
	"fmt"
	"slices"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/bind"
	"github.com/vpnsql/vpnsql/pgerr"
)

// arbiterIndex is one unique index an INSERT's ON CONFLICT may use.
type arbiterIndex struct {
	name      string
	cols      []int
	predicate string // "" for a total index
	pkey      bool
}

func arbiterIndexes(t catalog.Table) []arbiterIndex {
	var out []arbiterIndex
	if pk := t.PrimaryKey(); len(pk) > 0 {
		out = append(out, arbiterIndex{name: t.Name() + "_pkey", cols: pk, pkey: true})
	}
	if ix, ok := t.(catalog.Indexed); ok {
		for _, u := range ix.UniqueIndexes() {
			var conj []string
			for _, c := range u.PredicateConjuncts {
				conj = append(conj, "("+c+")")
			}
			out = append(out, arbiterIndex{name: u.Name, cols: u.Columns, predicate: strings.Join(conj, " AND ")})
		}
	}
	return out
}

// OnConflictArbiters returns the names of the indexes whose conflicts ON
// CONFLICT DO NOTHING skips.
func OnConflictArbiters(t catalog.Table, oc *pg_query.OnConflictClause) ([]string, error) {
	if oc.Action == pg_query.OnConflictAction_ONCONFLICT_UPDATE {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "ON CONFLICT DO UPDATE is not supported").
			WithDetail("EC2 has no upsert: an existing VPN connection is changed by UPDATE, which sends only the difference.").
			WithHint("Use INSERT ... ON CONFLICT DO NOTHING, then UPDATE the rows that already existed."), oc.Location)
	}
	all := arbiterIndexes(t)
	inf := oc.Infer
	if inf == nil {
		names := make([]string, len(all))
		for i, a := range all {
			names[i] = a.name
		}
		return names, nil
	}
	if inf.Conname != "" {
		for _, a := range all {
			if a.pkey && a.name == inf.Conname {
				return []string{a.name}, nil
			}
		}
		return nil, pgerr.New(pgerr.UndefinedObject, "constraint %q for table %q does not exist", inf.Conname, t.Name())
	}
	var cols []int
	for _, n := range inf.IndexElems {
		el := n.GetIndexElem()
		if el.Expr != nil {
			if ref := el.Expr.GetColumnRef(); ref == nil {
				return nil, noArbiter() // an expression: vpnsql has no expression indexes
			}
		}
		name := el.Name
		loc := int32(-1)
		if el.Expr != nil {
			ref := el.Expr.GetColumnRef()
			name, loc = columnRefName(ref), ref.Location
		}
		i := catalog.ColumnIndex(t, name)
		if i < 0 {
			return nil, pgerr.At(pgerr.New(pgerr.UndefinedColumn, "column %q does not exist", name), loc)
		}
		if len(el.Collation) > 0 || len(el.Opclass) > 0 {
			return nil, noArbiter() // the indexes use the column's own collation and opclass
		}
		if !slices.Contains(cols, i) {
			cols = append(cols, i)
		}
	}
	var where *predNode
	if inf.WhereClause != nil {
		w, err := toPred(t, inf.WhereClause)
		if err != nil {
			return nil, err
		}
		where = w
	}
	var names []string
	for _, a := range all {
		if len(a.cols) != len(cols) || !containsAll(cols, a.cols) {
			continue
		}
		if a.predicate != "" {
			p, err := parsePredicate(t, a.predicate)
			if err != nil {
				return nil, err
			}
			if where == nil || !implies(where, p) {
				continue
			}
		}
		names = append(names, a.name)
	}
	if len(names) == 0 {
		return nil, noArbiter()
	}
	return names, nil
}

func noArbiter() error {
	return pgerr.New(pgerr.InvalidColumnReference, "there is no unique or exclusion constraint matching the ON CONFLICT specification")
}

func containsAll(have, want []int) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

func columnRefName(ref *pg_query.ColumnRef) string {
	if len(ref.Fields) == 0 {
		return ""
	}
	return ref.Fields[len(ref.Fields)-1].GetString_().GetSval()
}

// predNode is a condition reduced to what implication looks at.
type predNode struct {
	and, or []*predNode // exactly one of and, or, atom is set
	atom    *predAtom
}

// predAtom is col op val: op is "=", "<>", "notnull", "isnull", "strict"
// (another operator clause reading col), or "opaque" (text holds the
// clause, col is -1).
type predAtom struct {
	col  int
	op   string
	val  string
	text string
}

func parsePredicate(t catalog.Table, sql string) (*predNode, error) {
	tree, err := pg_query.Parse("SELECT WHERE " + sql)
	if err != nil {
		return nil, err
	}
	return toPred(t, tree.Stmts[0].Stmt.GetSelectStmt().WhereClause)
}

func toPred(t catalog.Table, n *pg_query.Node) (*predNode, error) {
	switch {
	case n.GetBoolExpr() != nil:
		b := n.GetBoolExpr()
		if b.Boolop == pg_query.BoolExprType_NOT_EXPR {
			break
		}
		out := &predNode{}
		for _, a := range b.Args {
			k, err := toPred(t, a)
			if err != nil {
				return nil, err
			}
			if b.Boolop == pg_query.BoolExprType_AND_EXPR {
				out.and = append(out.and, k)
			} else {
				out.or = append(out.or, k)
			}
		}
		return out, nil
	case n.GetNullTest() != nil:
		nt := n.GetNullTest()
		if ref := nt.Arg.GetColumnRef(); ref != nil {
			c, err := predColumn(t, ref)
			if err != nil {
				return nil, err
			}
			op := "isnull"
			if nt.Nulltesttype == pg_query.NullTestType_IS_NOT_NULL {
				op = "notnull"
			}
			return &predNode{atom: &predAtom{col: c, op: op}}, nil
		}
	case n.GetAExpr() != nil:
		return aexprPred(t, n.GetAExpr(), n)
	}
	return &predNode{atom: &predAtom{col: -1, op: "opaque", text: bind.Deparse(n)}}, nil
}

func aexprPred(t catalog.Table, a *pg_query.A_Expr, n *pg_query.Node) (*predNode, error) {
	opaque := &predNode{atom: &predAtom{col: -1, op: "opaque", text: bind.Deparse(n)}}
	if len(a.Name) != 1 {
		return opaque, nil
	}
	op := a.Name[0].GetString_().GetSval()
	ref, other := a.Lexpr.GetColumnRef(), a.Rexpr
	if ref == nil {
		if ref = a.Rexpr.GetColumnRef(); ref == nil {
			return opaque, nil
		}
		other = a.Lexpr
	}
	c, err := predColumn(t, ref)
	if err != nil {
		return nil, err
	}
	strict := &predNode{atom: &predAtom{col: c, op: "strict", text: bind.Deparse(n)}}
	var list []*pg_query.Node
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		v, ok := constText(other)
		if ok && (op == "=" || op == "<>" || op == "!=") {
			if op == "!=" {
				op = "<>"
			}
			return &predNode{atom: &predAtom{col: c, op: op, val: v}}, nil
		}
		return strict, nil
	case pg_query.A_Expr_Kind_AEXPR_IN:
		list = other.GetList().GetItems()
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		arr := other
		if tc := other.GetTypeCast(); tc != nil {
			arr = tc.Arg
		}
		if arr.GetAArrayExpr() == nil {
			return strict, nil
		}
		list = arr.GetAArrayExpr().Elements
		if (a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ANY) != (op == "=") {
			return strict, nil // only = ANY and <> ALL are lists
		}
		if op == "!=" {
			op = "<>"
		}
	default:
		return strict, nil
	}
	if op == "!=" {
		op = "<>"
	}
	out := &predNode{}
	for _, item := range list {
		v, ok := constText(item)
		if !ok {
			return strict, nil
		}
		at := &predNode{atom: &predAtom{col: c, op: op, val: v}}
		if op == "=" {
			out.or = append(out.or, at)
		} else {
			out.and = append(out.and, at)
		}
	}
	return out, nil
}

func predColumn(t catalog.Table, ref *pg_query.ColumnRef) (int, error) {
	name := columnRefName(ref)
	c := catalog.ColumnIndex(t, name)
	if c < 0 {
		return 0, pgerr.At(pgerr.New(pgerr.UndefinedColumn, "column %q does not exist", name), ref.Location)
	}
	return c, nil
}

// constText is a constant's text: 'x', 'x'::text, 42.
func constText(n *pg_query.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	if tc := n.GetTypeCast(); tc != nil {
		n = tc.Arg
	}
	c := n.GetAConst()
	if c == nil || c.Isnull {
		return "", false
	}
	switch {
	case c.GetSval() != nil:
		return c.GetSval().Sval, true
	case c.GetIval() != nil:
		return fmt.Sprint(c.GetIval().Ival), true
	case c.GetFval() != nil:
		return c.GetFval().Fval, true
	}
	return "", false
}

// implies reports whether w implies p (predicate_implied_by).
func implies(w, p *predNode) bool {
	switch {
	case p.and != nil:
		for _, k := range p.and {
			if !implies(w, k) {
				return false
			}
		}
		return true
	case w.or != nil:
		for _, k := range w.or {
			if !implies(k, p) {
				return false
			}
		}
		return true
	case w.and != nil:
		for _, k := range w.and {
			if implies(k, p) {
				return true
			}
		}
	}
	if p.or != nil {
		for _, k := range p.or {
			if implies(w, k) {
				return true
			}
		}
		return false
	}
	if w.atom == nil {
		return false
	}
	return atomImplies(w.atom, p.atom)
}

func atomImplies(w, p *predAtom) bool {
	if w.col != p.col {
		return false
	}
	switch p.op {
	case "opaque", "strict":
		return w.op == p.op && w.text == p.text
	case "notnull":
		return w.op != "isnull" && w.op != "opaque"
	case "<>":
		return w.op == "<>" && w.val == p.val || w.op == "=" && w.val != p.val
	}
	return w.op == p.op && w.val == p.val
}
