package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
)

// A set-returning function as a grouping item (`SELECT
// jsonb_object_keys(tags) AS k, count(*) FROM t GROUP BY 1`, or written
// in GROUP BY itself): PostgreSQL computes it below the aggregation, in a
// ProjectSet node, so each input row becomes one row per result and the
// groups are formed over those. vpnsql plans it as a LATERAL call of the
// function after the FROM clause, which gives the same rows for one such
// function (a row whose call returns nothing is dropped by both); its
// column is hidden from names and reached only as the grouping item.
// Several set-returning grouping items keep 0A000: PostgreSQL runs them
// in lockstep, which a chain of lateral calls would not.

// srfGroup is a grouping item computed by a set-returning call in FROM.
type srfGroup struct {
	*expr.ColExpr
	node *pg_query.Node // the call's parse tree, which the select list matches
}

// groupSetFunctions finds the grouping items that are set-returning
// calls, joins the call to p.From and makes b.Scope its columns; the
// result holds, by item, the column each such item reads (nil for the
// others).
func (b *Binder) groupSetFunctions(p *exec.SelectPlan, items []*pg_query.Node, targets []*pg_query.ResTarget) ([]*srfGroup, error) {
	out := make([]*srfGroup, len(items))
	found := -1
	var call *pg_query.Node
	for i, g := range items {
		n, err := groupItemNode(b, g, targets)
		if err != nil {
			return nil, err
		}
		fc := n.GetFuncCall()
		if fc == nil || fc.Over != nil || fc.AggStar || len(fc.AggOrder) > 0 {
			continue
		}
		sf, ok := funcs.Library().Sets[funcName(fc)]
		if !ok || sf.SideEffects || sf.NeedsColumnList {
			continue
		}
		if found >= 0 {
			if !sameExpression(n, call) {
				return out, nil // several: left to the usual error
			}
			continue
		}
		found, call = i, n
	}
	if found < 0 {
		return out, nil
	}
	rf := &pg_query.RangeFunction{Lateral: true, Functions: []*pg_query.Node{
		pg_query.MakeListNode([]*pg_query.Node{call, nil}),
	}}
	rel, _, err := b.planRangeFunction(rf, p.From)
	if err != nil {
		return nil, err
	}
	if len(rel.Columns()) != 1 {
		return out, nil // a record: left to the usual error
	}
	width := len(p.From.Columns())
	p.From = &exec.JoinRel{Left: p.From, Right: rel, Kind: "cross", Lateral: true, HideRight: []int{0}}
	b.Scope = &Scope{Cols: p.From.Columns()}
	col := &expr.ColExpr{Idx: width, T: rel.Columns()[0].T}
	for i, g := range items {
		if n, _ := groupItemNode(b, g, targets); n != nil && sameExpression(n, call) {
			out[i] = &srfGroup{ColExpr: col, node: n}
		}
	}
	return out, nil
}
