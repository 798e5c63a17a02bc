package value

import (
	"math"
	"math/big"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
)

const (
	numericMinSigDigits = 16   // NUMERIC_MIN_SIG_DIGITS
	numericMaxScale     = 1000 // NUMERIC_MAX_DISPLAY_SCALE
	// numericDScaleMax bounds round's and trunc's scale argument, as
	// PostgreSQL 15 limits it (NUMERIC_DSCALE_MAX), so round(x,
	// 2147483647) does not build a number of two billion digits.
	numericDScaleMax = 16383
	// numericMaxResultScale is NUMERIC_MAX_RESULT_SCALE, which bounds
	// exp's and power's underflow to zero.
	numericMaxResultScale = 2000
	// numericMaxWeight is the largest power of ten a numeric holds
	// (NUMERIC_WEIGHT_MAX * DEC_DIGITS): 10^131072 overflows.
	numericMaxWeight = 131072
)

func ToNumeric(v any) (pgtype.Numeric, bool) {
	switch x := v.(type) {
	case pgtype.Numeric:
		return x, x.Valid && !x.NaN && x.InfinityModifier == pgtype.Finite
	case int64:
		return pgtype.Numeric{Int: big.NewInt(x), Valid: true}, true
	}
	return pgtype.Numeric{}, false
}

func ScaleOf(n pgtype.Numeric) int32 {
	if n.Exp < 0 {
		return -n.Exp
	}
	return 0
}

// Rescale returns n's digits at the given scale (scale >= -n.Exp).
func Rescale(n pgtype.Numeric, scale int32) *big.Int {
	i := new(big.Int).Set(n.Int)
	if shift := scale + n.Exp; shift > 0 {
		i.Mul(i, Pow10(shift))
	}
	return i
}

func Pow10(n int32) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// weightAndFirst returns the base-10000 weight and first base-10000 digit
// of a non-zero value, as PostgreSQL's numeric representation has them.
func weightAndFirst(n pgtype.Numeric) (int32, int64) {
	d := new(big.Int).Abs(n.Int).String()
	d10 := int32(len(d)-1) + n.Exp
	w := d10 / 4
	if d10 < 0 && d10%4 != 0 {
		w--
	}
	k := int(d10 - w*4 + 1)
	for len(d) < k {
		d += "0"
	}
	first, _ := new(big.Int).SetString(d[:k], 10)
	return w, first.Int64()
}

func NumericArith(op string, a, b pgtype.Numeric) (pgtype.Numeric, error) {
	if IsSpecial(a) || IsSpecial(b) {
		return specialArith(op, a, b)
	}
	sa, sb := ScaleOf(a), ScaleOf(b)
	switch op {
	case "+", "-":
		s := max(sa, sb)
		x, y := Rescale(a, s), Rescale(b, s)
		if op == "+" {
			x.Add(x, y)
		} else {
			x.Sub(x, y)
		}
		return pgtype.Numeric{Int: x, Exp: -s, Valid: true}, nil
	case "*":
		x := new(big.Int).Mul(Rescale(a, sa), Rescale(b, sb))
		return pgtype.Numeric{Int: x, Exp: -(sa + sb), Valid: true}, nil
	case "/", "%":
		if b.Int.Sign() == 0 {
			return pgtype.Numeric{}, pgerr.New(pgerr.DivisionByZero, "division by zero")
		}
		if op == "%" {
			s := max(sa, sb)
			x := new(big.Int).Rem(Rescale(a, s), Rescale(b, s))
			return pgtype.Numeric{Int: x, Exp: -s, Valid: true}, nil
		}
		return NumericDiv(a, b, DivScale(a, b)), nil
	}
	return pgtype.Numeric{}, pgerr.New(pgerr.InternalError, "numeric operator %s", op)
}

// DivScale is PostgreSQL's select_div_scale: enough digits for 16
// significant digits, and no fewer than either input shows.
func DivScale(a, b pgtype.Numeric) int32 {
	var w1, f1, w2, f2 int64
	if a.Int.Sign() != 0 {
		w, f := weightAndFirst(a)
		w1, f1 = int64(w), f
	}
	if b.Int.Sign() != 0 {
		w, f := weightAndFirst(b)
		w2, f2 = int64(w), f
	}
	q := w1 - w2
	if f1 <= f2 {
		q--
	}
	r := int32(numericMinSigDigits - q*4)
	r = max(r, ScaleOf(a), ScaleOf(b), 0)
	return min(r, numericMaxScale)
}

// NumericDiv divides, rounding half away from zero at the given scale.
func NumericDiv(a, b pgtype.Numeric, scale int32) pgtype.Numeric {
	num := new(big.Rat).SetFrac(a.Int, big.NewInt(1))
	if a.Exp >= 0 {
		num.Mul(num, new(big.Rat).SetInt(Pow10(a.Exp)))
	} else {
		num.Quo(num, new(big.Rat).SetInt(Pow10(-a.Exp)))
	}
	den := new(big.Rat).SetFrac(b.Int, big.NewInt(1))
	if b.Exp >= 0 {
		den.Mul(den, new(big.Rat).SetInt(Pow10(b.Exp)))
	} else {
		den.Quo(den, new(big.Rat).SetInt(Pow10(-b.Exp)))
	}
	return RatToNumeric(new(big.Rat).Quo(num, den), scale)
}

// RatToNumeric rounds r half away from zero to scale digits.
func RatToNumeric(r *big.Rat, scale int32) pgtype.Numeric {
	scaled := new(big.Rat).Mul(r, new(big.Rat).SetInt(Pow10(scale)))
	q, m := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int))
	// Round half away from zero: compare 2*|m| with the denominator.
	m.Abs(m).Mul(m, big.NewInt(2))
	if m.Cmp(scaled.Denom()) >= 0 {
		if scaled.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return pgtype.Numeric{Int: q, Exp: -scale, Valid: true}
}

// NumericSqrt uses PostgreSQL's result scale for sqrt(numeric).
func NumericSqrt(a pgtype.Numeric) (pgtype.Numeric, error) {
	if IsSpecial(a) {
		return specialUnary("sqrt", a)
	}
	if a.Int.Sign() < 0 {
		return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
	}
	var w int32
	if a.Int.Sign() != 0 {
		w, _ = weightAndFirst(a)
	}
	sweight := (w+1)*4/2 - 1
	scale := min(max(numericMinSigDigits-sweight, ScaleOf(a), 0), numericMaxScale)
	// Integer square root of a * 10^(2*scale), then round.
	x := Rescale(a, 2*scale)
	root := new(big.Int).Sqrt(new(big.Int).Mul(x, big.NewInt(4)))
	// Root = floor(2*sqrt(x)); round half up.
	root.Add(root, big.NewInt(1)).Rsh(root, 1)
	return pgtype.Numeric{Int: root, Exp: -scale, Valid: true}, nil
}

// RoundNumericScale rounds n half away from zero to scale digits after the
// point (a negative scale rounds to tens, hundreds, ...), as round_var
// does; the result shows max(scale, 0) digits.
func RoundNumericScale(n pgtype.Numeric, scale int32) pgtype.Numeric {
	return scaleNumeric(n, scale, true)
}

// TruncNumericScale is trunc_var: digits beyond scale are dropped.
func TruncNumericScale(n pgtype.Numeric, scale int32) pgtype.Numeric {
	return scaleNumeric(n, scale, false)
}

func scaleNumeric(n pgtype.Numeric, scale int32, round bool) pgtype.Numeric {
	if IsSpecial(n) {
		return n
	}
	scale = min(max(scale, -numericDScaleMax), numericDScaleMax)
	if scale >= -n.Exp {
		// Nothing to drop: only the display scale grows.
		return pgtype.Numeric{Int: Rescale(n, max(scale, 0)), Exp: -max(scale, 0), Valid: true}
	}
	// Drop digits: n.Int * 10^n.Exp rounded to a multiple of 10^-scale.
	drop := -scale - n.Exp // digits of n.Int to remove
	div := Pow10(drop)
	q, m := new(big.Int).QuoRem(n.Int, div, new(big.Int))
	if round {
		m.Abs(m).Mul(m, big.NewInt(2))
		if m.Cmp(div) >= 0 {
			if n.Int.Sign() < 0 {
				q.Sub(q, big.NewInt(1))
			} else {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	// q is in units of 10^-scale; show max(scale, 0) digits.
	if scale < 0 {
		q.Mul(q, Pow10(-scale))
		return pgtype.Numeric{Int: q, Exp: 0, Valid: true}
	}
	return pgtype.Numeric{Int: q, Exp: -scale, Valid: true}
}

// NumericDivTrunc is div(a, b): the quotient truncated to an integer.
func NumericDivTrunc(a, b pgtype.Numeric) (pgtype.Numeric, error) {
	if IsSpecial(a) || IsSpecial(b) {
		return specialArith("div", a, b)
	}
	if b.Int.Sign() == 0 {
		return pgtype.Numeric{}, errDivisionByZero()
	}
	return TruncNumericScale(NumericDiv(a, b, max(ScaleOf(a), ScaleOf(b))+1), 0), nil
}

func NumericAbs(n pgtype.Numeric) pgtype.Numeric {
	if IsSpecial(n) {
		r, _ := specialUnary("abs", n)
		return r
	}
	return pgtype.Numeric{Int: new(big.Int).Abs(n.Int), Exp: n.Exp, Valid: true}
}

func NumericSign(n pgtype.Numeric) pgtype.Numeric {
	if IsSpecial(n) {
		r, _ := specialUnary("sign", n)
		return r
	}
	return pgtype.Numeric{Int: big.NewInt(int64(n.Int.Sign())), Valid: true}
}

// NumericCeil and NumericFloor round to an integer towards +/- infinity.
func NumericCeil(n pgtype.Numeric) pgtype.Numeric  { return roundToward(n, 1) }
func NumericFloor(n pgtype.Numeric) pgtype.Numeric { return roundToward(n, -1) }

func roundToward(n pgtype.Numeric, dir int) pgtype.Numeric {
	t := TruncNumericScale(n, 0)
	if IsSpecial(n) {
		return t
	}
	if n.Int.Sign() == dir && new(big.Int).Mul(t.Int, Pow10(ScaleOf(n))).Cmp(Rescale(n, ScaleOf(n))) != 0 {
		t.Int.Add(t.Int, big.NewInt(int64(dir)))
	}
	return t
}

// NumericTrimScale drops trailing fractional zeros (trim_scale).
func NumericTrimScale(n pgtype.Numeric) pgtype.Numeric {
	if IsSpecial(n) {
		return n
	}
	i, e := new(big.Int).Set(n.Int), n.Exp
	ten := big.NewInt(10)
	for e < 0 && i.Sign() != 0 {
		q, m := new(big.Int).QuoRem(i, ten, new(big.Int))
		if m.Sign() != 0 {
			break
		}
		i, e = q, e+1
	}
	if i.Sign() == 0 {
		e = 0
	}
	return pgtype.Numeric{Int: i, Exp: min(e, 0), Valid: true}
}

// NumericScale is scale(n), and with trim min_scale(n); a special value
// has none (NULL).
func NumericScale(n pgtype.Numeric, trim bool) (int32, bool) {
	if IsSpecial(n) {
		return 0, false
	}
	if trim {
		n = NumericTrimScale(n)
	}
	return ScaleOf(n), true
}

// NumericGCDLCM is gcd(a, b) or lcm(a, b) of numeric values, at the
// larger scale of the two; a special argument gives NaN.
func NumericGCDLCM(a, b pgtype.Numeric, lcm bool) pgtype.Numeric {
	if IsSpecial(a) || IsSpecial(b) {
		return NumericNaN
	}
	s := max(ScaleOf(a), ScaleOf(b))
	return pgtype.Numeric{Int: GCDLCM(Rescale(a, s), Rescale(b, s), lcm), Exp: -s, Valid: true}
}

// GCDLCM is the non-negative gcd or lcm of two integers.
func GCDLCM(x, y *big.Int, lcm bool) *big.Int {
	g := new(big.Int).GCD(nil, nil, new(big.Int).Abs(x), new(big.Int).Abs(y))
	if !lcm {
		return g
	}
	if x.Sign() == 0 || y.Sign() == 0 {
		return big.NewInt(0)
	}
	return new(big.Int).Abs(new(big.Int).Mul(new(big.Int).Quo(x, g), y))
}

func FitsInt(v int64, t *Type) bool {
	switch t {
	case Int2:
		return v >= math.MinInt16 && v <= math.MaxInt16
	case Int4:
		return v >= math.MinInt32 && v <= math.MaxInt32
	}
	return true
}

// NumericCmp orders two numeric values as numeric_cmp does: NaN above
// everything (and equal to itself), then Infinity, -Infinity below all.
func NumericCmp(a, b pgtype.Numeric) int {
	rank := func(n pgtype.Numeric) int {
		switch {
		case n.NaN:
			return 2
		case n.InfinityModifier == pgtype.Infinity:
			return 1
		case n.InfinityModifier == pgtype.NegativeInfinity:
			return -1
		}
		return 0
	}
	ra, rb := rank(a), rank(b)
	if ra != 0 || rb != 0 {
		return CmpOrdered(int64(ra), int64(rb))
	}
	x, _ := ToRat(a)
	y, _ := ToRat(b)
	return x.Cmp(y)
}

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
