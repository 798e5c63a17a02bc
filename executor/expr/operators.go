package expr

import (
	"math"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func ArrayOf(t *value.Type) *value.Type {
	for _, a := range value.Types {
		if a.Elem == t {
			return a
		}
	}
	return nil
}

// Assignable reports whether a value of type from may be stored in a
// column of type to: as PostgreSQL's assignment casts allow, and also text
// into jsonb (drivers that bind every parameter as varchar, such as
// pgJDBC's setString, then work).
func Assignable(from, to *value.Type) bool {
	switch {
	case from == to, from == value.Unknown, to.IsString():
		return true
	case to == value.JSONB || to == value.JSONType:
		return from.IsString() || from == value.JSONB || from == value.JSONType
	}
	return value.CanCast(from, to)
}

func AssignMismatch(c catalog.Column, from *value.Type, loc int32) error {
	return pgerr.At(pgerr.New(pgerr.DatatypeMismatch, "column %q is of type %s but expression is of type %s", c.Name, c.Type, from).
		WithHint("You will need to rewrite or cast the expression."), loc)
}

// AssignExpr converts an expression to its target column's type.
func AssignExpr(x Expr, c catalog.Column, loc int32) (Expr, error) {
	from := x.Type()
	switch {
	case from == c.Type:
		return x, nil
	case from == value.Unknown:
		return CoerceTo(x, c.Type, loc)
	case !Assignable(from, c.Type):
		return nil, AssignMismatch(c, from, loc)
	}
	return CastExpr(x, c.Type, true, loc)
}

// Unify brings two operands to a common type the way PostgreSQL resolves
// operators: an unknown literal or parameter takes the other side's type;
// numeric types widen to the larger one.
func Unify(l, r Expr, loc int32) (Expr, Expr, error) {
	lt, rt := l.Type(), r.Type()
	switch {
	case lt == rt:
		if lt == value.Unknown {
			var err error
			if l, err = CoerceTo(l, value.Text, loc); err != nil {
				return nil, nil, err
			}
			r, err = CoerceTo(r, value.Text, loc)
			return l, r, err
		}
		return l, r, nil
	case lt == value.Unknown:
		l, err := CoerceTo(l, rt, loc)
		return l, r, err
	case rt == value.Unknown:
		r, err := CoerceTo(r, lt, loc)
		return l, r, err
	case lt.IsNumeric() && rt.IsNumeric():
		w := WiderNumeric(lt, rt)
		l, err := CoerceTo(l, w, loc)
		if err != nil {
			return nil, nil, err
		}
		r, err = CoerceTo(r, w, loc)
		return l, r, err
	case lt.IsString() && rt.IsString():
		return l, r, nil
	case value.IsTimeType(lt) && value.IsTimeType(rt):
		// date < timestamp < timestamptz: the narrower side converts.
		rank := map[*value.Type]int{value.Date: 1, value.Timestamp: 2, value.Timestamptz: 3}
		w := lt
		if rank[rt] > rank[lt] {
			w = rt
		}
		l, err := CastExpr(l, w, false, loc)
		if err != nil {
			return nil, nil, err
		}
		r, err = CastExpr(r, w, false, loc)
		return l, r, err
	}
	return l, r, nil
}

var numericRank = map[*value.Type]int{
	value.Int2: 1, value.Int4: 2, value.OIDType: 2, value.Int8: 3, value.Numeric: 4, value.Float4: 5, value.Float8: 6,
}

func WiderNumeric(a, b *value.Type) *value.Type {
	if numericRank[a] >= numericRank[b] {
		return a
	}
	return b
}

// CoerceTo applies an implicit coercion: unknown literals and parameters
// take the type; numeric types widen. Anything else is left as is for the
// caller to reject.
func CoerceTo(x Expr, to *value.Type, loc int32) (Expr, error) {
	from := x.Type()
	if from == to {
		return x, nil
	}
	if p, ok := x.(*ParamExpr); ok && from == value.Unknown {
		(*p.Types)[p.N-1] = to
		return p, nil
	}
	if from == value.Unknown || (from.IsNumeric() && to.IsNumeric() && numericRank[to] >= numericRank[from]) ||
		(from.IsString() && to.IsString()) {
		return CastExpr(x, to, false, loc)
	}
	return x, nil
}

// CastExpr converts x to type to; constants are converted once, at bind
// time, so bad literals fail at prepare as in PostgreSQL.
func CastExpr(x Expr, to *value.Type, explicit bool, loc int32) (Expr, error) {
	from := x.Type()
	if from == to {
		return x, nil
	}
	if p, ok := x.(*ParamExpr); ok && from == value.Unknown {
		(*p.Types)[p.N-1] = to
		return p, nil
	}
	if r := regCast(x, from, to); r != nil {
		return r, nil
	}
	if !value.CanCast(from, to) {
		return nil, pgerr.At(pgerr.New(pgerr.CannotCoerce, "cannot cast type %s to %s", from, to), loc)
	}
	if c, ok := x.(*ConstExpr); ok {
		v, err := value.CastValue(c.V, from, to)
		if err != nil {
			// Reading a literal fails while parsing, at the literal;
			// converting a typed constant fails while folding
			// constants, where PostgreSQL has no position to report.
			if from != value.Unknown {
				return nil, err
			}
			if c.Located {
				loc = c.Loc
			}
			return nil, pgerr.At(pgerr.From(err), loc)
		}
		return &ConstExpr{V: v, T: to}, nil
	}
	return &FuncExpr{Name: to.Name, Args: []Expr{x}, T: to, Strict: true, Fn: func(_ *Env, a []any) (any, error) {
		return value.CastValue(a[0], from, to)
	}}, nil
}

type CmpOp struct {
	Op   string
	L, R Expr
	Test func(int) bool
}

func (c *CmpOp) Type() *value.Type { return value.Bool }

func (c *CmpOp) Eval(e *Env) (any, error) {
	a, err := c.L.Eval(e)
	if err != nil || a == nil {
		return nil, err
	}
	b, err := c.R.Eval(e)
	if err != nil || b == nil {
		return nil, err
	}
	n, err := CompareValues(a, b)
	if err != nil {
		return nil, err
	}
	return c.Test(n), nil
}

var Comparisons = map[string]func(int) bool{
	"=":  func(c int) bool { return c == 0 },
	"<>": func(c int) bool { return c != 0 },
	"!=": func(c int) bool { return c != 0 },
	"<":  func(c int) bool { return c < 0 },
	"<=": func(c int) bool { return c <= 0 },
	">":  func(c int) bool { return c > 0 },
	">=": func(c int) bool { return c >= 0 },
}

// TrimBPChar drops a character(n) value's padding, as bpchar comparison
// and the cast to text do.
func TrimBPChar(x Expr) Expr {
	if x.Type() != value.BPChar {
		return x
	}
	return &FuncExpr{Name: "rtrim", Args: []Expr{x}, T: value.BPChar, Strict: true, Fn: func(_ *Env, a []any) (any, error) {
		return strings.TrimRight(a[0].(string), " "), nil
	}}
}

// AnyExpr is x op ANY(array) or x op ALL(array).
type AnyExpr struct {
	Cmp      *CmpOp
	X, Array Expr
	All      bool
}

func (a *AnyExpr) Type() *value.Type { return value.Bool }

func (a *AnyExpr) Eval(e *Env) (any, error) {
	x, err := a.X.Eval(e)
	if err != nil || x == nil {
		return nil, err
	}
	arr, err := a.Array.Eval(e)
	if err != nil || arr == nil {
		return nil, err
	}
	sawNull := false
	for _, el := range arr.([]any) {
		if el == nil {
			sawNull = true
			continue
		}
		n, err := CompareValues(x, el)
		if err != nil {
			return nil, err
		}
		if a.Cmp.Test(n) != a.All {
			return !a.All, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return a.All, nil
}

func DistinctFrom(l, r Expr, not bool, loc int32) (Expr, error) {
	l, r, err := Unify(l, r, loc)
	if err != nil {
		return nil, err
	}
	return &FuncExpr{Name: "distinct", Args: []Expr{l, r}, T: value.Bool, Fn: func(_ *Env, a []any) (any, error) {
		var same bool
		switch {
		case a[0] == nil || a[1] == nil:
			same = a[0] == nil && a[1] == nil
		default:
			c, err := CompareValues(a[0], a[1])
			if err != nil {
				return nil, err
			}
			same = c == 0
		}
		return same == not, nil
	}}, nil
}

// ConcatExpr is ||; a non-text operand is cast to text (anytextcat is
// $1::text || $2), so true becomes "true".
func ConcatExpr(l, r Expr) Expr {
	return &FuncExpr{Name: "textcat", Args: []Expr{l, r}, T: value.Text, Strict: true, Fn: func(e *Env, a []any) (any, error) {
		x, err := value.CastValue(a[0], l.Type(), value.Text)
		if err != nil {
			return nil, err
		}
		y, err := value.CastValue(a[1], r.Type(), value.Text)
		if err != nil {
			return nil, err
		}
		if err := value.CheckConcatSize(len(x.(string)), len(y.(string))); err != nil {
			return nil, err
		}
		if err := e.Account().Check("||", int64(len(x.(string))+len(y.(string)))); err != nil {
			return nil, err
		}
		return x.(string) + y.(string), nil
	}}
}

var ArithmeticOps = map[string]bool{"+": true, "-": true, "*": true, "/": true, "%": true}

// ArithType is the result type of an arithmetic operator, as PostgreSQL's
// operator resolution picks it: integers keep the wider integer type
// (int2 + int2 is int2), numeric wins over integers, float4 stays float4
// only with float4, and float8 wins over everything. nil means no
// operator exists (oid and the reg* types have none).
func ArithType(a, b *value.Type) *value.Type {
	rank := map[*value.Type]int{value.Int2: 1, value.Int4: 2, value.Int8: 3, value.Numeric: 4}
	switch {
	case a == value.Float4 && b == value.Float4:
		return value.Float4
	case (a == value.Float4 || a == value.Float8 || rank[a] > 0) && (b == value.Float4 || b == value.Float8 || rank[b] > 0) &&
		(a == value.Float4 || a == value.Float8 || b == value.Float4 || b == value.Float8):
		return value.Float8
	case rank[a] == 0 || rank[b] == 0:
		return nil
	case rank[a] >= rank[b]:
		return a
	}
	return b
}

func ArithExpr(op string, l, r Expr, t *value.Type) Expr {
	return &FuncExpr{Name: op, Args: []Expr{l, r}, T: t, Strict: true, Fn: func(_ *Env, a []any) (any, error) {
		v, err := Arith(op, a[0], a[1], t)
		if f, ok := v.(float64); ok && t == value.Float4 {
			v = float64(float32(f)) // float4 arithmetic has float4 precision
		}
		return v, err
	}}
}

func Arith(op string, a, b any, t *value.Type) (any, error) {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok && t != value.Numeric {
			return intArith(op, x, y, t)
		}
	}
	if t == value.Numeric {
		// ToNumeric's flag says finite; NumericArith takes NaN and the
		// infinities too, so only a float side goes the float way.
		x, _ := value.ToNumeric(a)
		y, _ := value.ToNumeric(b)
		if x.Valid && y.Valid {
			return value.NumericArith(op, x, y)
		}
	}
	x, y := value.ToFloat(a), value.ToFloat(b)
	var v float64
	switch op {
	case "+":
		v = x + y
	case "-":
		v = x - y
	case "*":
		v = x * y
	case "/":
		if y == 0 && !math.IsNaN(x) { // NaN / 0 is NaN, as in PostgreSQL
			return nil, pgerr.New(pgerr.DivisionByZero, "division by zero")
		}
		v = x / y
	case "%":
		if y == 0 {
			return nil, pgerr.New(pgerr.DivisionByZero, "division by zero")
		}
		v = math.Mod(x, y)
	}
	if t == value.Numeric {
		return value.FloatToNumeric(v)
	}
	return v, checkFloat(op, x, y, v, t)
}

// checkFloat is float.h's check of a float result: an infinity from
// finite operands overflowed, a zero from non-zero ones (but for a
// division by an infinity) underflowed; float4 within its own range.
func checkFloat(op string, x, y, v float64, t *value.Type) error {
	r := v
	if t == value.Float4 {
		r = float64(float32(v))
	}
	switch {
	case math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0):
		return pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: overflow")
	case r == 0 && (op == "*" && x != 0 && y != 0 || op == "/" && x != 0 && !math.IsInf(y, 0)):
		return pgerr.New(pgerr.NumericValueOutOfRange, "value out of range: underflow")
	}
	return nil
}

func intArith(op string, x, y int64, t *value.Type) (any, error) {
	var v int64
	overflow := false
	switch op {
	case "+":
		v = x + y
		overflow = (x > 0 && y > 0 && v < 0) || (x < 0 && y < 0 && v >= 0)
	case "-":
		v = x - y
		overflow = (x >= 0 && y < 0 && v < 0) || (x < 0 && y > 0 && v >= 0)
	case "*":
		v = x * y
		overflow = x != 0 && (v/x != y || (x == -1 && y == math.MinInt64))
	case "/", "%":
		if y == 0 {
			return nil, pgerr.New(pgerr.DivisionByZero, "division by zero")
		}
		if op == "/" {
			v = x / y
		} else {
			v = x % y
		}
	}
	if overflow || !value.FitsInt(v, t) {
		return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", t)
	}
	return v, nil
}

// BitwiseOps are the integer bit operators (& | # << >>); pgJDBC's
// getIndexInfo tests index options with &.
var BitwiseOps = map[string]func(a, b int64) int64{
	"&":  func(a, b int64) int64 { return a & b },
	"|":  func(a, b int64) int64 { return a | b },
	"#":  func(a, b int64) int64 { return a ^ b },
	"<<": func(a, b int64) int64 { return a << uint64(b&63) },
	">>": func(a, b int64) int64 { return a >> uint64(b&63) },
}

// SelectCommonType picks the type several expressions (CASE branches,
// COALESCE and GREATEST arguments, ARRAY elements, a VALUES column, the
// two sides of a set operation or of JOIN USING) resolve to, as
// PostgreSQL's select_common_type does, in list order:
//
//   - all of the same type: that type (a domain stays a domain);
//   - otherwise domains count as their base types, unknown literals are
//     skipped, and the first typed one sets the candidate; a later type
//     of another category fails ("CASE types text and integer cannot be
//     matched"); one of the same category replaces the candidate when
//     the candidate is not a preferred type and coerces implicitly to the
//     newcomer but not back (int4 then oid gives oid; name then text stays
//     name, as text coerces to name);
//   - only unknowns: text.
//
// bad is the index of the expression an error is about (-1 when none).
func SelectCommonType(types []*value.Type, context string) (t *value.Type, bad int, err error) {
	if len(types) == 0 {
		return value.Text, -1, nil
	}
	first := types[0]
	if first != value.Unknown {
		same := true
		for _, n := range types[1:] {
			if n != first && n.OID != first.OID {
				same = false
				break
			}
		}
		if same {
			return first, -1, nil
		}
	}
	p := first.BaseType()
	for i, n := range types[1:] {
		n = n.BaseType()
		if n == value.Unknown || n == p || n.OID == p.OID {
			continue
		}
		switch {
		case p == value.Unknown:
			p = n
		case n.TypeCategory() != p.TypeCategory():
			return nil, i + 1, pgerr.New(pgerr.DatatypeMismatch, "%s types %s and %s cannot be matched", context, p, n)
		case !p.Preferred() && value.CanCoerceImplicit(p, n) && !value.CanCoerceImplicit(n, p):
			p = n
		}
	}
	if p == value.Unknown {
		p = value.Text
	}
	return p, -1, nil
}

// CoerceToCommon converts x to the type SelectCommonType chose, as
// coerce_to_common_type does: only by an implicit coercion.
func CoerceToCommon(x Expr, t *value.Type, context string, loc int32) (Expr, error) {
	from := x.Type()
	if from == t || from.OID == t.OID && t.OID == value.Record.OID {
		return x, nil
	}
	if !value.CanCoerceImplicit(from, t) {
		return nil, pgerr.At(pgerr.New(pgerr.CannotCoerce, "%s could not convert type %s to %s", context, from, t), loc)
	}
	return CastExpr(x, t, false, loc)
}
