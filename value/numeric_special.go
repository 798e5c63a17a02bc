package value

import (
	"math/big"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
)

// numeric's special values NaN, Infinity and -Infinity carry no digits
// (pgtype.Numeric's Int is nil), so every numeric operation of this
// package asks specialNumeric first: when an argument is special it
// answers as the NUMERIC_IS_SPECIAL branch of PostgreSQL 15's numeric.c
// does (a value or an error), and only finite arguments reach the digit
// arithmetic. The rules live here, one function per operation, in the
// order numeric.c tests them.

var (
	NumericNaN    = pgtype.Numeric{NaN: true, Valid: true}
	NumericPosInf = pgtype.Numeric{InfinityModifier: pgtype.Infinity, Valid: true}
	NumericNegInf = pgtype.Numeric{InfinityModifier: pgtype.NegativeInfinity, Valid: true}
	numericZero   = pgtype.Numeric{Int: big.NewInt(0), Valid: true}
	numericOne    = pgtype.Numeric{Int: big.NewInt(1), Valid: true}
)

// IsSpecial reports NaN, Infinity and -Infinity.
func IsSpecial(n pgtype.Numeric) bool { return n.NaN || n.InfinityModifier != pgtype.Finite }

func isInf(n pgtype.Numeric) bool { return !n.NaN && n.InfinityModifier != pgtype.Finite }

// numericSign is numeric_sign_internal: infinities by their sign, finite
// values by their digits' (NaN is the caller's to rule out).
func numericSign(n pgtype.Numeric) int {
	switch {
	case n.InfinityModifier == pgtype.Infinity:
		return 1
	case n.InfinityModifier == pgtype.NegativeInfinity:
		return -1
	}
	return n.Int.Sign()
}

func infinityOfSign(s int) pgtype.Numeric {
	if s < 0 {
		return NumericNegInf
	}
	return NumericPosInf
}

// isIntegral is numeric_is_integral: infinities count as integers.
func isIntegral(n pgtype.Numeric) bool {
	if IsSpecial(n) {
		return !n.NaN
	}
	r, _ := ToRat(n)
	return r.IsInt()
}

func errDivisionByZero() error { return pgerr.New(pgerr.DivisionByZero, "division by zero") }

// specialArith is numeric_add, _sub, _mul, _div, _mod and div() (op "div")
// with a special argument.
func specialArith(op string, a, b pgtype.Numeric) (pgtype.Numeric, error) {
	if a.NaN || b.NaN {
		return NumericNaN, nil
	}
	sa, sb := numericSign(a), numericSign(b)
	switch op {
	case "+", "-":
		if op == "-" {
			sb = -sb
		}
		switch {
		case isInf(a) && isInf(b) && sa != sb:
			return NumericNaN, nil
		case isInf(a):
			return infinityOfSign(sa), nil
		}
		return infinityOfSign(sb), nil
	case "*":
		if sa*sb == 0 {
			return NumericNaN, nil
		}
		return infinityOfSign(sa * sb), nil
	case "/", "div":
		if isInf(a) {
			switch {
			case isInf(b):
				return NumericNaN, nil
			case sb == 0:
				return pgtype.Numeric{}, errDivisionByZero()
			}
			return infinityOfSign(sa * sb), nil
		}
		// Finite by infinite: numeric has no underflow, so zero.
		return numericZero, nil
	case "%":
		if isInf(a) {
			if sb == 0 {
				return pgtype.Numeric{}, errDivisionByZero()
			}
			return NumericNaN, nil
		}
		return a, nil // finite % infinite is the finite side
	}
	return pgtype.Numeric{}, pgerr.New(pgerr.InternalError, "numeric operator %s", op)
}

// specialUnary answers the functions of one numeric argument that keep a
// special value or map it simply: abs, sign, ceil, floor, round, trunc,
// trim_scale, sqrt, exp, ln.
func specialUnary(fn string, n pgtype.Numeric) (pgtype.Numeric, error) {
	if n.NaN {
		return NumericNaN, nil
	}
	switch fn {
	case "abs":
		return NumericPosInf, nil
	case "sign":
		return pgtype.Numeric{Int: big.NewInt(int64(numericSign(n))), Valid: true}, nil
	case "sqrt":
		if numericSign(n) < 0 {
			return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "cannot take square root of a negative number")
		}
	case "exp":
		if numericSign(n) < 0 {
			return numericZero, nil
		}
	case "ln":
		if numericSign(n) < 0 {
			return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of a negative number")
		}
	}
	return n, nil // ceil, floor, round, trunc, trim_scale, sqrt/exp/ln of Infinity
}

// specialLog is numeric_log(base, n) with a special argument.
func specialLog(base, n pgtype.Numeric) (pgtype.Numeric, error) {
	if base.NaN || n.NaN {
		return NumericNaN, nil
	}
	sb, sn := numericSign(base), numericSign(n)
	switch {
	case sb < 0 || sn < 0:
		return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of a negative number")
	case sb == 0 || sn == 0:
		return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForLog, "cannot take logarithm of zero")
	case isInf(base) && isInf(n):
		return NumericNaN, nil // Inf/Inf
	case isInf(base):
		return numericZero, nil
	}
	return NumericPosInf, nil
}

// specialPower is numeric_power with a special argument: pow(3)'s POSIX
// rules, with numeric's errors for zero to a negative power and a
// negative number to a non-integer one.
func specialPower(x, y pgtype.Numeric) (pgtype.Numeric, error) {
	switch {
	case x.NaN:
		if !IsSpecial(y) && y.Int.Sign() == 0 {
			return numericOne, nil // NaN ^ 0
		}
		return NumericNaN, nil
	case y.NaN:
		if !IsSpecial(x) && NumericCmp(x, numericOne) == 0 {
			return numericOne, nil // 1 ^ NaN
		}
		return NumericNaN, nil
	}
	sx, sy := numericSign(x), numericSign(y)
	switch {
	case sx == 0 && sy < 0:
		return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "zero raised to a negative power is undefined")
	case sx < 0 && !isIntegral(y):
		return pgtype.Numeric{}, pgerr.New(pgerr.InvalidArgumentForPowerFunction, "a negative number raised to a non-integer power yields a complex result")
	case !IsSpecial(x) && NumericCmp(x, numericOne) == 0, sy == 0:
		return numericOne, nil
	case sx == 0:
		return numericZero, nil
	}
	if isInf(y) {
		absGtOne := true
		if !IsSpecial(x) {
			if x.Int.Sign() < 0 && NumericCmp(x, pgtype.Numeric{Int: big.NewInt(-1), Valid: true}) == 0 {
				return numericOne, nil
			}
			ax := pgtype.Numeric{Int: new(big.Int).Abs(x.Int), Exp: x.Exp, Valid: true}
			absGtOne = NumericCmp(ax, numericOne) > 0
		}
		if absGtOne == (sy > 0) {
			return NumericPosInf, nil
		}
		return numericZero, nil
	}
	// x is infinite, y finite and non-zero.
	switch {
	case sy < 0:
		return numericZero, nil
	case sx > 0:
		return NumericPosInf, nil
	}
	// -Infinity to an odd integer is -Infinity, to anything else Infinity.
	if r, _ := ToRat(y); r.IsInt() && r.Num().Bit(0) == 1 {
		return NumericNegInf, nil
	}
	return NumericPosInf, nil
}

// specialToInt is the cast of a special value to an integer type (and
// to money, through int8): always 0A000.
func specialToInt(n pgtype.Numeric, to *Type) error {
	what := "NaN"
	if !n.NaN {
		what = "infinity"
	}
	return pgerr.New(pgerr.FeatureNotSupported, "cannot convert %s to %s", what, to)
}

// specialTypmod is apply_typmod_special: NaN fits any numeric(p,s), an
// infinity none.
func specialTypmod(n pgtype.Numeric, p, s int32) (pgtype.Numeric, error) {
	if n.NaN {
		return n, nil
	}
	return pgtype.Numeric{}, pgerr.New(pgerr.NumericValueOutOfRange, "numeric field overflow").
		WithDetail("A field with precision %d, scale %d cannot hold an infinite value.", p, s)
}
