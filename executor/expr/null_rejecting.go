package expr

// NullRejecting reports whether the condition x cannot be true when every
// column in [lo, hi) is NULL. A WHERE conjunct that is makes an outer join
// whose nullable side holds those columns an inner join, as PostgreSQL's
// reduce_outer_joins does: the rows the outer join adds have those
// columns NULL, and WHERE rejects them. Conservative: false when unsure.
func NullRejecting(x Expr, lo, hi int) bool {
	if b, ok := x.(*BoolExpr); ok {
		switch b.Op {
		case "and":
			for _, a := range b.Args {
				if NullRejecting(a, lo, hi) {
					return true
				}
			}
			return false
		case "or":
			for _, a := range b.Args {
				if !NullRejecting(a, lo, hi) {
					return false
				}
			}
			return len(b.Args) > 0
		}
	}
	return nullWhenNull(x, lo, hi)
}

// nullWhenNull reports whether x is NULL whenever every column in [lo, hi)
// is: a column among them, or a strict operation on such a value.
func nullWhenNull(x Expr, lo, hi int) bool {
	switch x := x.(type) {
	case *ColExpr:
		return x.Idx >= lo && x.Idx < hi
	case *CmpOp:
		return nullWhenNull(x.L, lo, hi) || nullWhenNull(x.R, lo, hi)
	case *FuncExpr:
		if !x.Strict || x.FirstNonNull {
			return false
		}
		for _, a := range x.Args {
			if nullWhenNull(a, lo, hi) {
				return true
			}
		}
	case *InExpr:
		return nullWhenNull(x.X, lo, hi)
	case *AnyExpr:
		return nullWhenNull(x.X, lo, hi)
	case *BoolExpr:
		return x.Op == "not" && nullWhenNull(x.Args[0], lo, hi)
	}
	return false
}
