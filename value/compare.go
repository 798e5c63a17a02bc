package value

import (
	"math/big"

	"github.com/jackc/pgx/v5/pgtype"
)

func CmpOrdered[T int64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func ToRat(v any) (*big.Rat, bool) {
	switch x := v.(type) {
	case int64:
		return new(big.Rat).SetInt64(x), true
	case pgtype.Numeric:
		if !x.Valid || x.NaN || x.InfinityModifier != pgtype.Finite {
			return nil, false
		}
		r := new(big.Rat).SetInt(x.Int)
		exp := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(x.Exp))), nil)
		if x.Exp >= 0 {
			r.Mul(r, new(big.Rat).SetInt(exp))
		} else {
			r.Quo(r, new(big.Rat).SetInt(exp))
		}
		return r, true
	}
	return nil, false
}

func abs(n int32) int32 {
	if n < 0 {
		return -n
	}
	return n
}
