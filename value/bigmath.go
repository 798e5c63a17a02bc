package value

import (
	"math"
	"math/big"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
)

// bigPrec is the working precision in bits for a result of scale digits.
func bigPrec(scale int32, weight float64) uint {
	digits := float64(scale) + math.Max(weight, 0) + 40
	return uint(digits*3.33) + 64
}

func numericToBig(n pgtype.Numeric, prec uint) *big.Float {
	r, _ := ToRat(n)
	return new(big.Float).SetPrec(prec).SetRat(r)
}

// bigToNumeric rounds x half away from zero to scale digits.
func bigToNumeric(x *big.Float, scale int32) pgtype.Numeric {
	r, _ := x.Rat(nil)
	return RatToNumeric(r, scale)
}

// bigExp is e^x by halving the argument until it is small, summing the
// Taylor series and squaring back.
func bigExp(x *big.Float) *big.Float {
	prec := x.Prec() + 32
	y := new(big.Float).SetPrec(prec).Set(x)
	k := 0
	limit := big.NewFloat(0.001)
	for new(big.Float).Abs(y).Cmp(limit) > 0 {
		y.Quo(y, big.NewFloat(2))
		k++
	}
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	eps := new(big.Float).SetPrec(prec).SetMantExp(big.NewFloat(1), -int(prec))
	for i := int64(1); i < 10000; i++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetInt64(i))
		sum.Add(sum, term)
		if new(big.Float).Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	for ; k > 0; k-- {
		sum.Mul(sum, sum)
	}
	return sum.SetPrec(x.Prec())
}

// bigLn is ln(x) for x > 0: x = m * 2^e with m in [0.5, 1), and
// ln(m) = 2 atanh((m-1)/(m+1)).
func bigLn(x *big.Float) *big.Float {
	prec := x.Prec() + 32
	m := new(big.Float).SetPrec(prec)
	e := x.MantExp(m)
	lnM := atanhSeries(m, prec)
	ln2 := atanhSeries(new(big.Float).SetPrec(prec).SetInt64(2), prec)
	out := new(big.Float).SetPrec(prec).Mul(ln2, new(big.Float).SetInt64(int64(e)))
	return out.Add(out, lnM).SetPrec(x.Prec())
}

// atanhSeries is ln(m) = 2 * sum z^(2k+1)/(2k+1) with z = (m-1)/(m+1).
func atanhSeries(m *big.Float, prec uint) *big.Float {
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	z := new(big.Float).SetPrec(prec).Sub(m, one)
	z.Quo(z, new(big.Float).SetPrec(prec).Add(m, one))
	z2 := new(big.Float).SetPrec(prec).Mul(z, z)
	sum := new(big.Float).SetPrec(prec).Set(z)
	term := new(big.Float).SetPrec(prec).Set(z)
	eps := new(big.Float).SetPrec(prec).SetMantExp(big.NewFloat(1), -int(prec))
	for k := int64(1); k < 100000; k++ {
		term.Mul(term, z2)
		t := new(big.Float).SetPrec(prec).Quo(term, new(big.Float).SetInt64(2*k+1))
		sum.Add(sum, t)
		if new(big.Float).Abs(t).Cmp(eps) < 0 {
			break
		}
	}
	return sum.Mul(sum, new(big.Float).SetInt64(2))
}

// estimateLnWeight is estimate_ln_dweight: the decimal weight of ln(x).
func estimateLnWeight(n pgtype.Numeric) int32 {
	if n.Int.Sign() <= 0 {
		return 0
	}
	f := ToFloat(n)
	if f >= 0.9 && f <= 1.1 {
		d := math.Abs(f - 1)
		if d == 0 {
			return 0
		}
		return int32(math.Floor(math.Log10(d)))
	}
	return int32(math.Log10(math.Abs(math.Log(f))))
}

func clampScale(s int32, floors ...int32) int32 {
	for _, f := range floors {
		s = max(s, f)
	}
	return min(max(s, 0), numericMaxScale)
}

func NumericExp(n pgtype.Numeric) (pgtype.Numeric, error) {
	if IsSpecial(n) {
		return specialUnary("exp", n)
	}
	val := ToFloat(n) * 0.434294481903252
	if val > 1000 {
		return pgtype.Numeric{}, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
	}
	scale := clampScale(numericMinSigDigits-int32(val), ScaleOf(n))
	// A result far below the smallest numeric is zero at once, as in
	// PostgreSQL's exp_var, not a series to hundreds of millions of digits.
	if ToFloat(n) <= -numericMaxResultScale*3 {
		return pgtype.Numeric{Int: big.NewInt(0), Exp: -scale, Valid: true}, nil
	}
	x := numericToBig(n, bigPrec(scale, val))
	return bigToNumeric(bigExp(x), scale), nil
}

func NumericLn(n pgtype.Numeric) (pgtype.Numeric, error) {
	if IsSpecial(n) {
		return specialUnary("ln", n)
	}
	switch n.Int.Sign() {
	case 0:
		return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of zero")
	case -1:
		return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of a negative number")
	}
	scale := clampScale(numericMinSigDigits-estimateLnWeight(n), ScaleOf(n))
	x := numericToBig(n, bigPrec(scale, 0))
	return bigToNumeric(bigLn(x), scale), nil
}

// NumericLog is log(base, n).
func NumericLog(base, n pgtype.Numeric) (pgtype.Numeric, error) {
	if IsSpecial(base) || IsSpecial(n) {
		return specialLog(base, n)
	}
	for _, v := range []pgtype.Numeric{base, n} {
		switch v.Int.Sign() {
		case 0:
			return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of zero")
		case -1:
			return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of a negative number")
		}
	}
	w := estimateLnWeight(n) - estimateLnWeight(base)
	scale := clampScale(numericMinSigDigits-w, ScaleOf(base), ScaleOf(n))
	prec := bigPrec(scale, 0)
	lb := bigLn(numericToBig(base, prec))
	if lb.Sign() == 0 {
		return pgtype.Numeric{}, pgerr.New(pgerr.DivisionByZero, "division by zero")
	}
	return bigToNumeric(new(big.Float).SetPrec(prec).Quo(bigLn(numericToBig(n, prec)), lb), scale), nil
}

// NumericPower is base ^ exp for numeric values.
func NumericPower(base, exp pgtype.Numeric) (pgtype.Numeric, error) {
	if IsSpecial(base) || IsSpecial(exp) {
		return specialPower(base, exp)
	}
	er, _ := ToRat(exp)
	if base.Int.Sign() == 0 && er.Sign() < 0 {
		return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
	}
	if er.IsInt() && er.Num().IsInt64() && math.Abs(float64(er.Num().Int64())) <= math.MaxInt32 {
		// An integer exponent: exact, then rounded to at least 16 digits.
		scale := clampScale(numericMinSigDigits, ScaleOf(base), ScaleOf(exp))
		br, _ := ToRat(base)
		k := er.Num().Int64()
		// Decide overflow and underflow from the magnitude before
		// computing an exact power of up to two billion digits.
		if base.Int.Sign() != 0 {
			mag := math.Log10(math.Abs(ToFloat(base))) * float64(k)
			if mag > numericMaxWeight {
				return pgtype.Numeric{}, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
			}
			if mag < -float64(scale)-1 {
				return pgtype.Numeric{Int: big.NewInt(0), Exp: -scale, Valid: true}, nil
			}
		}
		num := new(big.Int).Exp(br.Num(), big.NewInt(abs64(k)), nil)
		den := new(big.Int).Exp(br.Denom(), big.NewInt(abs64(k)), nil)
		if k < 0 {
			num, den = den, num
		}
		if den.Sign() < 0 {
			num.Neg(num)
			den.Neg(den)
		}
		return RatToNumeric(new(big.Rat).SetFrac(num, den), scale), nil
	}
	if base.Int.Sign() < 0 {
		return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "a negative number raised to a non-integer power yields a complex result")
	}
	if base.Int.Sign() == 0 {
		return pgtype.Numeric{Int: big.NewInt(0), Exp: -numericMinSigDigits, Valid: true}, nil
	}
	val := math.Log10(ToFloat(base)) * ToFloat(exp)
	if val > 1000 {
		return pgtype.Numeric{}, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
	}
	if val*math.Ln10 < -numericMaxResultScale*3.01 { // power_var's underflow test
		return pgtype.Numeric{Int: big.NewInt(0), Exp: -numericMaxScale, Valid: true}, nil
	}
	scale := clampScale(numericMinSigDigits-int32(val), ScaleOf(base), ScaleOf(exp))
	prec := bigPrec(scale, val)
	l := bigLn(numericToBig(base, prec))
	l.Mul(l, numericToBig(exp, prec))
	return bigToNumeric(bigExp(l), scale), nil
}
