package bind

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/value"
)

// bindLike binds LIKE and ILIKE; the grammar wraps a pattern with an
// ESCAPE clause in like_escape(pattern, escape).
func (b *Binder) bindLike(a *pg_query.A_Expr, op string) (expr.Expr, error) {
	l, err := b.Bind(a.Lexpr)
	if err != nil {
		return nil, err
	}
	patNode := a.Rexpr
	var escNode *pg_query.Node
	if fc := a.Rexpr.GetFuncCall(); fc != nil && funcName(fc) == "like_escape" && len(fc.Args) == 2 {
		patNode, escNode = fc.Args[0], fc.Args[1]
	}
	r, err := b.Bind(patNode)
	if err != nil {
		return nil, err
	}
	var esc expr.Expr
	if escNode != nil {
		if esc, err = b.Bind(escNode); err != nil {
			return nil, err
		}
		if esc, err = expr.CoerceTo(esc, value.Text, a.Location); err != nil {
			return nil, err
		}
	}
	if l, r, err = expr.Unify(l, r, a.Location); err != nil {
		return nil, err
	}
	lt, rt := l.Type(), r.Type()
	if !lt.IsString() || !rt.IsString() || (esc != nil && !esc.Type().IsString()) {
		return nil, funcs.OperatorMissing(op, lt, rt, a.Location)
	}
	return expr.LikeExpr(expr.TrimBPChar(l), r, esc, strings.Contains(op, "*"), strings.HasPrefix(op, "!")), nil
}
