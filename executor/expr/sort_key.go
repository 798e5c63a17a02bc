package expr

// SortKey orders rows by one expression.
type SortKey struct {
	X          Expr
	Desc       bool
	NullsFirst bool
}

func CompareKeys(a, b []any, keys []SortKey) (int, error) {
	for i, k := range keys {
		x, y := a[i], b[i]
		switch {
		case x == nil && y == nil:
			continue
		case x == nil:
			if k.NullsFirst {
				return -1, nil
			}
			return 1, nil
		case y == nil:
			if k.NullsFirst {
				return 1, nil
			}
			return -1, nil
		}
		c, err := CompareValues(x, y)
		if err != nil {
			return 0, err
		}
		if k.Desc {
			c = -c
		}
		if c != 0 {
			return c, nil
		}
	}
	return 0, nil
}
