package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// ExprLocation returns where an expression starts, as PostgreSQL's
// ExprLocation does for raw parse trees: the leftmost of a node's own
// location and its leading operand's (so "a + b" and "'x'::text" point at
// their first token); -1 when unknown.
func ExprLocation(n *pg_query.Node) int32 {
	switch {
	case n == nil:
		return -1
	case n.GetColumnRef() != nil:
		return n.GetColumnRef().Location
	case n.GetAConst() != nil:
		return n.GetAConst().Location
	case n.GetParamRef() != nil:
		return n.GetParamRef().Location
	case n.GetAExpr() != nil:
		return leftmost(n.GetAExpr().Location, ExprLocation(n.GetAExpr().Lexpr))
	case n.GetFuncCall() != nil:
		fc := n.GetFuncCall()
		loc := fc.Location
		for _, a := range fc.Args {
			loc = leftmost(loc, ExprLocation(a))
		}
		return loc
	case n.GetTypeCast() != nil:
		tc := n.GetTypeCast()
		return leftmost(leftmost(tc.Location, ExprLocation(tc.Arg)), tc.TypeName.GetLocation())
	case n.GetBoolExpr() != nil:
		loc := n.GetBoolExpr().Location
		for _, a := range n.GetBoolExpr().Args {
			loc = leftmost(loc, ExprLocation(a))
		}
		return loc
	case n.GetSubLink() != nil:
		return leftmost(n.GetSubLink().Location, ExprLocation(n.GetSubLink().Testexpr))
	case n.GetNullTest() != nil:
		return leftmost(n.GetNullTest().Location, ExprLocation(n.GetNullTest().Arg))
	case n.GetBooleanTest() != nil:
		return leftmost(n.GetBooleanTest().Location, ExprLocation(n.GetBooleanTest().Arg))
	case n.GetAIndirection() != nil:
		return ExprLocation(n.GetAIndirection().Arg)
	case n.GetCollateClause() != nil:
		return ExprLocation(n.GetCollateClause().Arg)
	case n.GetCaseExpr() != nil:
		return n.GetCaseExpr().Location
	case n.GetCoalesceExpr() != nil:
		return n.GetCoalesceExpr().Location
	case n.GetMinMaxExpr() != nil:
		return n.GetMinMaxExpr().Location
	case n.GetAArrayExpr() != nil:
		return n.GetAArrayExpr().Location
	case n.GetRowExpr() != nil:
		return n.GetRowExpr().Location
	case n.GetSqlvalueFunction() != nil:
		return n.GetSqlvalueFunction().Location
	case n.GetResTarget() != nil:
		return n.GetResTarget().Location
	case n.GetList() != nil:
		loc := int32(-1)
		for _, a := range n.GetList().Items {
			loc = leftmost(loc, ExprLocation(a))
		}
		return loc
	}
	return -1
}

// leftmost is PostgreSQL's leftmostLoc: the smaller known location.
func leftmost(a, b int32) int32 {
	switch {
	case a < 0:
		return b
	case b < 0:
		return a
	}
	return min(a, b)
}
