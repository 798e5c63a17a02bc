package funcs

import (
	"math"
	"math/big"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// statResult is float8 for float arguments, numeric otherwise.
func statResult(args []expr.Expr) (*value.Type, error) {
	t, err := argType(args, 1)
	switch {
	case err != nil:
		return nil, err
	case t == value.Float4 || t == value.Float8:
		return value.Float8, nil
	case t.IsNumeric() && !t.IsOIDAlias():
		return value.Numeric, nil
	}
	return nil, ErrArgs
}

// variance computes as numeric_stddev_internal and float8_accum do, so
// the digits match: exact sums and numeric division for numbers,
// Youngs-Cramer accumulation for floats.
func variance(sample, root bool) AggregateDef {
	return AggregateDef{
		Result: statResult,
		Final: func(rows [][]any, t *value.Type) (any, error) {
			vals := nonNull(rows)
			n := len(vals)
			if n == 0 || (sample && n == 1) {
				return nil, nil
			}
			if t == value.Float8 {
				var sx, sxx float64
				for i, v := range vals {
					x := value.ToFloat(v)
					sx += x
					if i > 0 {
						tmp := x*float64(i+1) - sx
						sxx += tmp * tmp / (float64(i+1) * float64(i))
					}
				}
				d := float64(n)
				if sample {
					d = float64(n - 1)
				}
				r := sxx / d
				if root {
					r = math.Sqrt(r)
				}
				return r, nil
			}
			// numeric_stddev_internal: NaN once any input is special.
			for _, v := range vals {
				if x, ok := v.(pgtype.Numeric); ok && value.IsSpecial(x) {
					return value.NumericNaN, nil
				}
			}
			sumX, sumX2 := new(big.Rat), new(big.Rat)
			scale := int32(0)
			for _, v := range vals {
				x, _ := value.ToNumeric(v)
				scale = max(scale, value.ScaleOf(x))
				r, _ := value.ToRat(x)
				sumX.Add(sumX, r)
				sumX2.Add(sumX2, new(big.Rat).Mul(r, r))
			}
			num := new(big.Rat).Sub(new(big.Rat).Mul(big.NewRat(int64(n), 1), sumX2), new(big.Rat).Mul(sumX, sumX))
			if num.Sign() <= 0 {
				return pgtype.Numeric{Int: big.NewInt(0), Valid: true}, nil
			}
			den := int64(n) * int64(n)
			if sample {
				den = int64(n) * int64(n-1)
			}
			numN := value.RatToNumeric(num, 2*scale)
			denN := pgtype.Numeric{Int: big.NewInt(den), Valid: true}
			rscale := value.DivScale(numN, denN)
			v := value.NumericDiv(numN, denN, rscale)
			if root {
				return numericSqrtScale(v, rscale), nil
			}
			return v, nil
		},
	}
}

// numericSqrtScale is sqrt_var at a given result scale.
func numericSqrtScale(a pgtype.Numeric, scale int32) pgtype.Numeric {
	x := value.Rescale(a, 2*scale)
	root := new(big.Int).Sqrt(new(big.Int).Mul(x, big.NewInt(4)))
	root.Add(root, big.NewInt(1)).Rsh(root, 1)
	return pgtype.Numeric{Int: root, Exp: -scale, Valid: true}
}

func bitFold(and bool) AggregateDef {
	return AggregateDef{
		Result: func(args []expr.Expr) (*value.Type, error) {
			t, err := argType(args, 1)
			if err != nil || (t != value.Int2 && t != value.Int4 && t != value.Int8) {
				return nil, ErrArgs
			}
			return t, nil
		},
		Final: func(rows [][]any, _ *value.Type) (any, error) {
			vals := nonNull(rows)
			if len(vals) == 0 {
				return nil, nil
			}
			acc := vals[0].(int64)
			for _, v := range vals[1:] {
				if and {
					acc &= v.(int64)
				} else {
					acc |= v.(int64)
				}
			}
			return acc, nil
		},
	}
}

// Ordered-set aggregates see rows of (direct arguments..., the sorted
// value), already sorted by the WITHIN GROUP clause.
func percentile(cont bool) AggregateDef {
	return AggregateDef{
		Result: func(args []expr.Expr) (*value.Type, error) {
			if len(args) != 2 {
				return nil, ErrArgs
			}
			frac, val := args[0].Type(), args[1].Type()
			out := val
			if cont {
				out = value.Float8
				if val == value.Interval {
					out = value.Interval
				} else if !val.IsNumeric() {
					return nil, ErrArgs
				}
			}
			switch {
			case frac == value.Float8 || frac.IsNumeric():
				return out, nil
			case frac.Elem != nil && frac.Elem.IsNumeric():
				return expr.ArrayOf(out), nil
			}
			return nil, ErrArgs
		},
		Final: func(rows [][]any, t *value.Type) (any, error) {
			var vals []any
			for _, r := range rows {
				if r[1] != nil {
					vals = append(vals, r[1])
				}
			}
			if len(rows) == 0 || rows[0][0] == nil || len(vals) == 0 {
				return nil, nil
			}
			one := func(f float64) (any, error) {
				if f < 0 || f > 1 || math.IsNaN(f) {
					return nil, pgerr.New(pgerr.NumericValueOutOfRange, "percentile value %v is not between 0 and 1", f)
				}
				if !cont {
					i := int(math.Ceil(f*float64(len(vals)))) - 1
					return vals[max(i, 0)], nil
				}
				pos := f * float64(len(vals)-1)
				lo, hi := math.Floor(pos), math.Ceil(pos)
				a, b := value.ToFloat(vals[int(lo)]), value.ToFloat(vals[int(hi)])
				return a + (b-a)*(pos-lo), nil
			}
			if fr, ok := rows[0][0].([]any); ok {
				out := make([]any, len(fr))
				for i, f := range fr {
					if f == nil {
						continue
					}
					v, err := one(value.ToFloat(f))
					if err != nil {
						return nil, err
					}
					out[i] = v
				}
				return out, nil
			}
			return one(value.ToFloat(rows[0][0]))
		},
	}
}

var modeAgg = AggregateDef{
	Result: func(args []expr.Expr) (*value.Type, error) {
		if len(args) != 1 {
			return nil, ErrArgs
		}
		return args[0].Type(), nil
	},
	Final: func(rows [][]any, _ *value.Type) (any, error) {
		// Rows arrive sorted: the longest run of equal values wins, the
		// first such run on a tie.
		var best any
		bestN, n := 0, 0
		var cur any
		for _, r := range rows {
			v := r[0]
			if v == nil {
				continue
			}
			if n > 0 && sameElem(v, cur) {
				n++
			} else {
				cur, n = v, 1
			}
			if n > bestN {
				best, bestN = cur, n
			}
		}
		return best, nil
	},
}

// OrderedSet are the aggregates called with WITHIN GROUP.
var OrderedSet = map[string]bool{"percentile_cont": true, "percentile_disc": true, "mode": true}

// statsFamily is the statistical, bitwise and ordered-set aggregates.
func statsFamily() Family {
	return Family{Name: "stats", aggregates: map[string]AggregateDef{
		"stddev": variance(true, true), "stddev_samp": variance(true, true), "stddev_pop": variance(false, true),
		"variance": variance(true, false), "var_samp": variance(true, false), "var_pop": variance(false, false),
		"bit_and": bitFold(true), "bit_or": bitFold(false),
		"percentile_cont": percentile(true), "percentile_disc": percentile(false), "mode": modeAgg,
	}}
}
