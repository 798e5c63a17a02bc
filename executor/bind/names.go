package bind

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/pgerr"
)

// ExpandTargets expands * and names each output column as PostgreSQL's
// FigureColname does.
func ExpandTargets(list []*pg_query.Node, in *Scope) ([]*pg_query.ResTarget, []string, error) {
	var targets []*pg_query.ResTarget
	var names []string
	for _, n := range list {
		rt := n.GetResTarget()
		if cr := rt.Val.GetColumnRef(); cr != nil && cr.Fields[len(cr.Fields)-1].GetAStar() != nil {
			rel := ""
			if len(cr.Fields) > 1 {
				rel = cr.Fields[len(cr.Fields)-2].GetString_().GetSval()
				if !in.hasRel(rel) {
					return nil, nil, pgerr.At(pgerr.New(pgerr.UndefinedTable, "missing FROM-clause entry for table %q", rel), cr.Location)
				}
			}
			if len(in.Cols) == 0 {
				return nil, nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "SELECT * with no tables specified is not valid"), cr.Location)
			}
			for i, c := range in.Cols {
				// T.* lists all of t's columns, even a USING column's
				// copy that unqualified * leaves to the merged column.
				if (rel != "" && !strings.EqualFold(c.Rel, rel)) || (rel == "" && c.Hidden) {
					continue
				}
				targets = append(targets, &pg_query.ResTarget{Val: columnIndexNode(i, cr.Location)})
				names = append(names, c.Name)
			}
			continue
		}
		targets = append(targets, rt)
		if rt.Name != "" {
			names = append(names, rt.Name)
		} else {
			names = append(names, columnName(rt.Val, in))
		}
	}
	return targets, names, nil
}

// columnIndexNode stands for "input column i" in an expanded *: a
// ParamRef with a negative number, which the grammar never produces.
func columnIndexNode(i int, loc int32) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_ParamRef{ParamRef: &pg_query.ParamRef{Number: int32(-1 - i), Location: loc}}}
}

// columnName is the default name of an output column, as PostgreSQL's
// FigureColname gives it.
func columnName(n *pg_query.Node, in *Scope) string {
	name, _ := figureColname(n, in)
	return name
}

// figureColname returns a name and its strength: 2 for a name from a
// Column, function or the like, 1 for a type cast's type name, 0 for
// none ("?column?"). A weaker name gives way to a stronger one found
// deeper (CAST(f(x) AS int) is "f"), a cast's type to an outer cast's.
func figureColname(n *pg_query.Node, in *Scope) (string, int) {
	switch {
	case n.GetColumnRef() != nil:
		cr := n.GetColumnRef()
		last := cr.Fields[len(cr.Fields)-1]
		if last.GetString_() == nil {
			return "?column?", 0
		}
		name := last.GetString_().GetSval()
		rel := ""
		if len(cr.Fields) > 1 {
			rel = cr.Fields[len(cr.Fields)-2].GetString_().GetSval()
		}
		if i := in.lookup(rel, name); i >= 0 {
			return in.Cols[i].Name, 2
		}
		return name, 2
	case n.GetFuncCall() != nil:
		return funcName(n.GetFuncCall()), 2
	case n.GetTypeCast() != nil:
		tc := n.GetTypeCast()
		name, strength := figureColname(tc.Arg, in)
		if strength <= 1 {
			tn := tc.TypeName.Names
			return tn[len(tn)-1].GetString_().GetSval(), 1
		}
		return name, strength
	case n.GetCoalesceExpr() != nil:
		return "coalesce", 2
	case n.GetCaseExpr() != nil:
		// A CASE is named after its ELSE expression when that has a name.
		if def := n.GetCaseExpr().Defresult; def != nil {
			if name, strength := figureColname(def, in); strength > 1 {
				return name, strength
			}
		}
		return "case", 1
	case n.GetMinMaxExpr() != nil:
		if n.GetMinMaxExpr().Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest", 2
		}
		return "least", 2
	case n.GetAExpr() != nil && n.GetAExpr().Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF:
		return "nullif", 2
	case n.GetSqlvalueFunction() != nil:
		return sqlValueFunctionName(n.GetSqlvalueFunction().Op), 2
	case n.GetSubLink() != nil:
		sl := n.GetSubLink()
		switch sl.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK:
			return "exists", 2
		case pg_query.SubLinkType_ARRAY_SUBLINK:
			return "array", 2
		case pg_query.SubLinkType_EXPR_SUBLINK:
			if sub := sl.Subselect.GetSelectStmt(); sub != nil && len(sub.TargetList) == 1 {
				rt := sub.TargetList[0].GetResTarget()
				if rt.Name != "" {
					return rt.Name, 2
				}
				return columnName(rt.Val, &Scope{}), 2
			}
		}
	case n.GetAArrayExpr() != nil:
		return "array", 2
	case n.GetRowExpr() != nil:
		return "row", 2
	case n.GetCollateClause() != nil:
		return figureColname(n.GetCollateClause().Arg, in)
	case n.GetAIndirection() != nil:
		ind := n.GetAIndirection()
		if last := ind.Indirection[len(ind.Indirection)-1]; last.GetString_() != nil {
			return last.GetString_().GetSval(), 2
		}
		return figureColname(ind.Arg, in)
	case n.GetParamRef() != nil && n.GetParamRef().Number < 0:
		return in.Cols[-1-n.GetParamRef().Number].Name, 2
	}
	return "?column?", 0
}

func sqlValueFunctionName(op pg_query.SQLValueFunctionOp) string {
	name := strings.TrimPrefix(op.String(), "SVFOP_")
	name = strings.TrimSuffix(name, "_N")
	return strings.ToLower(name)
}
