package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
)

// A set-returning function in a grouping item (`SELECT
// jsonb_object_keys(tags) AS k, count(*) FROM t GROUP BY 1`, `GROUP BY
// upper(jsonb_object_keys(tags))`, or written in GROUP BY itself):
// PostgreSQL computes it below the aggregation, in a ProjectSet node, so
// each input row becomes one row per result and the groups are formed
// over those. vpnsql plans it as a LATERAL call of the function after the
// FROM clause, which gives the same rows for one such function (a row
// whose call returns nothing is dropped by both); its column is hidden
// from names, and the grouping items read it where they name the call.
// Several different set-returning calls in GROUP BY keep 0A000:
// PostgreSQL runs them in lockstep, which a chain of lateral calls would
// not.

// srfColumn is a set-returning call computed below the aggregation.
type srfColumn struct {
	call *pg_query.Node // the FuncCall
	col  *expr.ColExpr
}

// groupSetFunctions finds the set-returning call the grouping items
// contain, joins it to p.From and makes b.Scope the joined columns, and
// sets b.srfColumns so that binding the items reads its column.
func (b *Binder) groupSetFunctions(p *exec.SelectPlan, items []*pg_query.Node, targets []*pg_query.ResTarget) error {
	var calls []*pg_query.Node
	b.collectSRFs = &calls
	for _, g := range items {
		n, err := groupItemNode(b, g, targets)
		if err == nil {
			_, err = b.in("GROUP BY", func() (expr.Expr, error) { return b.Bind(n) })
		}
		if err != nil {
			b.collectSRFs = nil
			return err
		}
	}
	b.collectSRFs = nil
	if len(calls) == 0 {
		return nil
	}
	for _, c := range calls[1:] {
		if !sameExpression(c, calls[0]) {
			return nil // several: left to the usual error
		}
	}
	rf := &pg_query.RangeFunction{Lateral: true, Functions: []*pg_query.Node{
		pg_query.MakeListNode([]*pg_query.Node{calls[0], nil}),
	}}
	rel, _, err := b.planRangeFunction(rf, p.From)
	if err != nil {
		return err
	}
	if len(rel.Columns()) != 1 {
		return nil // a record: left to the usual error
	}
	width := len(p.From.Columns())
	p.From = &exec.JoinRel{Left: p.From, Right: rel, Kind: "cross", Lateral: true, HideRight: []int{0}}
	b.Scope = &Scope{Cols: p.From.Columns()}
	b.srfColumns = append(b.srfColumns, srfColumn{call: calls[0], col: &expr.ColExpr{Idx: width, T: rel.Columns()[0].T}})
	return nil
}

// srfColumnOf returns the column computed below the aggregation for a
// set-returning call, when there is one.
func (b *Binder) srfColumnOf(fc *pg_query.FuncCall) (*expr.ColExpr, bool) {
	for _, s := range b.srfColumns {
		if sameExpression(&pg_query.Node{Node: &pg_query.Node_FuncCall{FuncCall: fc}}, s.call) {
			return s.col, true
		}
	}
	return nil, false
}

// collectSetFunc notes a set-returning call met while groupSetFunctions
// looks for them, and stands for it with a column of its type.
func (b *Binder) collectSetFunc(fc *pg_query.FuncCall, sf funcs.SetFunc, args []expr.Expr) (expr.Expr, error) {
	cols, err := sf.Resolve(args)
	if err != nil || len(cols) != 1 || sf.SideEffects || sf.NeedsColumnList {
		return b.bindSetFunc(funcName(fc), sf, args, fc.Location) // its usual error
	}
	*b.collectSRFs = append(*b.collectSRFs, &pg_query.Node{Node: &pg_query.Node_FuncCall{FuncCall: fc}})
	return &expr.ColExpr{Idx: -1, T: cols[0].T}, nil
}

// isSetCall reports whether n calls a set-returning function.
func isSetCall(n *pg_query.Node) bool {
	fc := n.GetFuncCall()
	if fc == nil {
		return false
	}
	_, ok := funcs.Builtin().Sets[funcName(fc)]
	return ok
}
