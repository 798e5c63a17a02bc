package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// UsingRel is a join with USING or NATURAL. Each joined column appears
// once, first, as PostgreSQL merges it: the left value for inner and left
// joins, the right one for right joins, the non-NULL one for full joins.
// The two copies stay reachable qualified (a.id, b.id); USING (...) AS j
// names the merged columns j.
type UsingRel struct {
	Join  *JoinRel
	Cols  []expr.ScopeCol
	Pairs [][2]int         // the left and right column of each merged column, in the join's row
	Types [][2]*value.Type // their types
}

func (u *UsingRel) Columns() []expr.ScopeCol {
	inner := u.Join.Columns()
	for _, p := range u.Pairs {
		inner[p[0]].Hidden = true
		inner[p[1]].Hidden = true
	}
	return append(append([]expr.ScopeCol(nil), u.Cols...), inner...)
}

func (u *UsingRel) Open(e *expr.Env) (RowIter, error) {
	in, err := u.Join.Open(e)
	if err != nil {
		return nil, err
	}
	return mapIter(in, func(r []any) ([]any, error) {
		var err error
		row := make([]any, 0, len(u.Cols)+len(r))
		for k, p := range u.Pairs {
			v, from := r[p[0]], u.Types[k][0]
			if u.Join.Kind == "right" || (u.Join.Kind == "full" && v == nil) {
				v, from = r[p[1]], u.Types[k][1]
			}
			if v != nil {
				if v, err = value.CastValue(v, from, u.Cols[k].T); err != nil {
					return nil, err
				}
			}
			row = append(row, v)
		}
		return append(row, r...), nil
	}), nil
}
