package executor

import (
	"math"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// unify brings two operands to a common type the way PostgreSQL resolves
// operators: an unknown literal or parameter takes the other side's type;
// numeric types widen to the larger one.
func unify(l, r expr, loc int32) (expr, expr, error) {
	lt, rt := l.typ(), r.typ()
	switch {
	case lt == rt:
		if lt == value.Unknown {
			var err error
			if l, err = coerceTo(l, value.Text, loc); err != nil {
				return nil, nil, err
			}
			r, err = coerceTo(r, value.Text, loc)
			return l, r, err
		}
		return l, r, nil
	case lt == value.Unknown:
		l, err := coerceTo(l, rt, loc)
		return l, r, err
	case rt == value.Unknown:
		r, err := coerceTo(r, lt, loc)
		return l, r, err
	case lt.IsNumeric() && rt.IsNumeric():
		w := widerNumeric(lt, rt)
		l, err := coerceTo(l, w, loc)
		if err != nil {
			return nil, nil, err
		}
		r, err = coerceTo(r, w, loc)
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
		l, err := castExpr(l, w, false, loc)
		if err != nil {
			return nil, nil, err
		}
		r, err = castExpr(r, w, false, loc)
		return l, r, err
	}
	return l, r, nil
}

var numericRank = map[*value.Type]int{
	value.Int2: 1, value.Int4: 2, value.OIDType: 2, value.Int8: 3, value.Numeric: 4, value.Float4: 5, value.Float8: 6,
}

func widerNumeric(a, b *value.Type) *value.Type {
	if numericRank[a] >= numericRank[b] {
		return a
	}
	return b
}

// coerceTo applies an implicit coercion: unknown literals and parameters
// take the type; numeric types widen. Anything else is left as is for the
// caller to reject.
func coerceTo(x expr, to *value.Type, loc int32) (expr, error) {
	from := x.typ()
	if from == to {
		return x, nil
	}
	if p, ok := x.(*paramExpr); ok && from == value.Unknown {
		(*p.types)[p.n-1] = to
		return p, nil
	}
	if from == value.Unknown || (from.IsNumeric() && to.IsNumeric() && numericRank[to] >= numericRank[from]) ||
		(from.IsString() && to.IsString()) {
		return castExpr(x, to, false, loc)
	}
	return x, nil
}

// castExpr converts x to type to; constants are converted once, at bind
// time, so bad literals fail at prepare as in PostgreSQL.
func castExpr(x expr, to *value.Type, explicit bool, loc int32) (expr, error) {
	from := x.typ()
	if from == to {
		return x, nil
	}
	if p, ok := x.(*paramExpr); ok && from == value.Unknown {
		(*p.types)[p.n-1] = to
		return p, nil
	}
	if r := regCast(x, from, to); r != nil {
		return r, nil
	}
	if !value.CanCast(from, to) {
		return nil, pgerr.At(pgerr.New(pgerr.CannotCoerce, "cannot cast type %s to %s", from, to), loc)
	}
	if c, ok := x.(*constExpr); ok {
		v, err := value.CastValue(c.v, from, to)
		if err != nil {
			// Reading a literal fails while parsing, at the literal;
			// converting a typed constant fails while folding
			// constants, where PostgreSQL has no position to report.
			if from != value.Unknown {
				return nil, err
			}
			if c.located {
				loc = c.loc
			}
			return nil, pgerr.At(pgerr.From(err), loc)
		}
		return &constExpr{v: v, t: to}, nil
	}
	return &funcExpr{name: to.Name, args: []expr{x}, t: to, strict: true, fn: func(_ *env, a []any) (any, error) {
		return value.CastValue(a[0], from, to)
	}}, nil
}

type cmpOp struct {
	op   string
	l, r expr
	test func(int) bool
}

func (c *cmpOp) typ() *value.Type { return value.Bool }

func (c *cmpOp) eval(e *env) (any, error) {
	a, err := c.l.eval(e)
	if err != nil || a == nil {
		return nil, err
	}
	b, err := c.r.eval(e)
	if err != nil || b == nil {
		return nil, err
	}
	n, err := compareValues(a, b)
	if err != nil {
		return nil, err
	}
	return c.test(n), nil
}

var comparisons = map[string]func(int) bool{
	"=":  func(c int) bool { return c == 0 },
	"<>": func(c int) bool { return c != 0 },
	"!=": func(c int) bool { return c != 0 },
	"<":  func(c int) bool { return c < 0 },
	"<=": func(c int) bool { return c <= 0 },
	">":  func(c int) bool { return c > 0 },
	">=": func(c int) bool { return c >= 0 },
}

// trimBPChar drops a character(n) value's padding, as bpchar comparison
// and the cast to text do.
func trimBPChar(x expr) expr {
	if x.typ() != value.BPChar {
		return x
	}
	return &funcExpr{name: "rtrim", args: []expr{x}, t: value.BPChar, strict: true, fn: func(_ *env, a []any) (any, error) {
		return strings.TrimRight(a[0].(string), " "), nil
	}}
}

func operatorMissing(op string, l, r *value.Type, loc int32) *pgerr.Error {
	return pgerr.At(pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s %s %s", l, op, r).
		WithHint("No operator matches the given name and argument types. You might need to add explicit type casts."), loc)
}

func binaryOperator(op string, l, r expr, loc int32) (expr, error) {
	if op == "!=" {
		op = "<>"
	}
	if lr, ok := l.(*recordExpr); ok {
		if rr, ok := r.(*recordExpr); ok {
			return rowComparison(op, lr, rr, loc)
		}
	}
	if (op == "@>" || op == "<@" || op == "&&") && (l.typ().Elem != nil || r.typ().Elem != nil) {
		return arrayOperator(op, l, r, loc)
	}
	if op == "@?" || op == "@@" {
		return jsonPathOperator(op, l, r, loc)
	}
	if value.JSONOperators[op] != nil || (value.JSONBOnlyOperators[op] != nil && l.typ() == value.JSONB) {
		return jsonOperator(op, l, r, loc)
	}
	if op == "||" && (l.typ().Elem != nil || r.typ().Elem != nil) {
		return arrayConcat(l, r, loc)
	}
	if op == "||" && l.typ() != value.JSONB {
		var err error
		if l, err = coerceTo(l, value.Text, loc); err != nil {
			return nil, err
		}
		if r, err = coerceTo(r, value.Text, loc); err != nil {
			return nil, err
		}
		return concatExpr(l, r), nil
	}
	if bitwiseOps[op] != nil {
		return bitwiseOperator(op, l, r, loc)
	}
	if op == "^" {
		// float8 ^ float8, or numeric ^ numeric when a side is numeric.
		x, err := lib().scalars["power"](nil, "^", []expr{l, r}, loc)
		if err != nil {
			return nil, operatorMissing(op, l.typ(), r.typ(), loc)
		}
		return x, nil
	}
	if (op == "+" || op == "-") && (value.IsTimeType(l.typ()) || value.IsTimeType(r.typ()) || l.typ() == value.Interval || r.typ() == value.Interval) {
		x, _, err := timeArith(op, l, r, loc)
		return x, err
	}
	if arithmeticOps[op] {
		if l.typ() == value.Unknown && r.typ() == value.Unknown {
			return nil, pgerr.At(pgerr.New(pgerr.AmbiguousFunction, "operator is not unique: unknown %s unknown", op).
				WithHint("Could not choose a best candidate operator. You might need to add explicit type casts."), loc)
		}
		if x, ok, err := intervalArith(op, l, r, loc); ok {
			return x, err
		}
		return arithmetic(op, l, r, loc)
	}
	l, r, err := unify(l, r, loc)
	if err != nil {
		return nil, err
	}
	lt, rt := l.typ(), r.typ()
	comparable := lt == rt || (lt.IsString() && rt.IsString()) || (lt.IsNumeric() && rt.IsNumeric())
	if test, ok := comparisons[op]; ok {
		if !comparable {
			return nil, operatorMissing(op, lt, rt, loc)
		}
		if lt == value.BPChar || rt == value.BPChar {
			// character(n) compares without its trailing spaces.
			l, r = trimBPChar(l), trimBPChar(r)
		}
		return &cmpOp{op: op, l: l, r: r, test: test}, nil
	}
	switch op {
	case "~~", "!~~", "~~*", "!~~*":
		if !lt.IsString() || !rt.IsString() {
			return nil, operatorMissing(op, lt, rt, loc)
		}
		return likeExpr(trimBPChar(l), r, nil, strings.Contains(op, "*"), strings.HasPrefix(op, "!")), nil
	case "^@":
		if !lt.IsString() || !rt.IsString() {
			return nil, operatorMissing(op, lt, rt, loc)
		}
		return lib().scalars["starts_with"](nil, "starts_with", []expr{l, r}, loc)
	case "~", "!~", "~*", "!~*":
		if !lt.IsString() || !rt.IsString() {
			return nil, operatorMissing(op, lt, rt, loc)
		}
		return regexExpr(l, r, strings.Contains(op, "*"), strings.HasPrefix(op, "!")), nil
	case "||":
		return concatExpr(l, r), nil
	}
	return nil, operatorMissing(op, lt, rt, loc)
}

func unaryOperator(op string, x expr, loc int32) (expr, error) {
	if op == "-" {
		if c, ok := x.(*constExpr); ok {
			switch v := c.v.(type) {
			case int64:
				return &constExpr{v: -v, t: c.t}, nil
			case float64:
				return &constExpr{v: -v, t: c.t}, nil
			}
		}
		if t := arithType(x.typ(), x.typ()); t != nil {
			return arithExpr("-", &constExpr{v: int64(0), t: t}, x, t), nil
		}
	}
	if op == "+" && x.typ().IsNumeric() {
		return x, nil
	}
	if op == "-" && x.typ() == value.Interval {
		return &funcExpr{name: "-", args: []expr{x}, t: value.Interval, strict: true, fn: func(_ *env, a []any) (any, error) {
			iv := a[0].(pgtype.Interval)
			return pgtype.Interval{Months: -iv.Months, Days: -iv.Days, Microseconds: -iv.Microseconds, Valid: true}, nil
		}}, nil
	}
	// Prefix operators that are functions under another name.
	if fn, ok := map[string]string{"|/": "sqrt", "||/": "cbrt", "@": "abs"}[op]; ok {
		if x.typ() == value.Unknown {
			var err error
			if x, err = coerceTo(x, value.Float8, loc); err != nil {
				return nil, err
			}
		}
		if fn == "sqrt" {
			var err error
			if x, err = castExpr(x, value.Float8, false, loc); err != nil || !x.typ().IsNumeric() {
				return nil, pgerr.At(pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s %s", op, x.typ()).
					WithHint("No operator matches the given name and argument type. You might need to add an explicit type cast."), loc)
			}
		}
		return lib().scalars[fn](nil, fn, []expr{x}, loc)
	}
	return nil, pgerr.At(pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s %s", op, x.typ()).
		WithHint("No operator matches the given name and argument type. You might need to add an explicit type cast."), loc)
}

// anyAllOperator is x op ANY(array) / ALL(array).
func anyAllOperator(op string, l, r expr, all bool, loc int32) (expr, error) {
	rt := r.typ()
	if rt == value.Unknown {
		at := arrayOf(l.typ())
		if at == nil {
			at = value.TextArray
		}
		var err error
		if r, err = coerceTo(r, at, loc); err != nil {
			return nil, err
		}
		rt = r.typ()
	}
	if value.ElemType(rt) == nil {
		return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "op ANY/ALL (array) requires array on right side"), loc)
	}
	elem := &colExpr{idx: 0, t: value.ElemType(rt)}
	cmp, err := binaryOperator(op, l, elem, loc)
	if err != nil {
		return nil, err
	}
	c, ok := cmp.(*cmpOp)
	if !ok {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "operator %s is not supported with ANY/ALL", op), loc)
	}
	return &anyExpr{cmp: c, x: c.l, array: r, all: all}, nil
}

// anyExpr is x op ANY(array) or x op ALL(array).
type anyExpr struct {
	cmp      *cmpOp
	x, array expr
	all      bool
}

func (a *anyExpr) typ() *value.Type { return value.Bool }

func (a *anyExpr) eval(e *env) (any, error) {
	x, err := a.x.eval(e)
	if err != nil || x == nil {
		return nil, err
	}
	arr, err := a.array.eval(e)
	if err != nil || arr == nil {
		return nil, err
	}
	sawNull := false
	for _, el := range arr.([]any) {
		if el == nil {
			sawNull = true
			continue
		}
		n, err := compareValues(x, el)
		if err != nil {
			return nil, err
		}
		if a.cmp.test(n) != a.all {
			return !a.all, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return a.all, nil
}

func distinctFrom(l, r expr, not bool, loc int32) (expr, error) {
	l, r, err := unify(l, r, loc)
	if err != nil {
		return nil, err
	}
	return &funcExpr{name: "distinct", args: []expr{l, r}, t: value.Bool, fn: func(_ *env, a []any) (any, error) {
		var same bool
		switch {
		case a[0] == nil || a[1] == nil:
			same = a[0] == nil && a[1] == nil
		default:
			c, err := compareValues(a[0], a[1])
			if err != nil {
				return nil, err
			}
			same = c == 0
		}
		return same == not, nil
	}}, nil
}

// nullIf is NULLIF(a, b): a unless it equals b. Its type is a's, even
// when the comparison widens (NULLIF(1::int2, 2) is smallint).
func nullIf(l, r expr, loc int32) (expr, error) {
	orig := l
	if orig.typ() == value.Unknown && r.typ() != value.Unknown {
		var err error
		if orig, err = coerceTo(orig, r.typ(), loc); err != nil {
			return nil, err
		}
	}
	ul, ur, err := unify(l, r, loc)
	if err != nil {
		return nil, err
	}
	if _, err := binaryOperator("=", ul, ur, loc); err != nil {
		return nil, err
	}
	return &funcExpr{name: "nullif", args: []expr{orig, ul, ur}, t: orig.typ(), fn: func(_ *env, a []any) (any, error) {
		if a[1] == nil || a[2] == nil {
			return a[0], nil
		}
		c, err := compareValues(a[1], a[2])
		if err != nil || c != 0 {
			return a[0], err
		}
		return nil, nil
	}}, nil
}

// concatExpr is ||; a non-text operand is cast to text (anytextcat is
// $1::text || $2), so true becomes "true".
func concatExpr(l, r expr) expr {
	return &funcExpr{name: "textcat", args: []expr{l, r}, t: value.Text, strict: true, fn: func(e *env, a []any) (any, error) {
		x, err := value.CastValue(a[0], l.typ(), value.Text)
		if err != nil {
			return nil, err
		}
		y, err := value.CastValue(a[1], r.typ(), value.Text)
		if err != nil {
			return nil, err
		}
		if err := value.CheckConcatSize(len(x.(string)), len(y.(string))); err != nil {
			return nil, err
		}
		if err := e.account().check("||", int64(len(x.(string))+len(y.(string)))); err != nil {
			return nil, err
		}
		return x.(string) + y.(string), nil
	}}
}

var arithmeticOps = map[string]bool{"+": true, "-": true, "*": true, "/": true, "%": true}

// arithType is the result type of an arithmetic operator, as PostgreSQL's
// operator resolution picks it: integers keep the wider integer type
// (int2 + int2 is int2), numeric wins over integers, float4 stays float4
// only with float4, and float8 wins over everything. nil means no
// operator exists (oid and the reg* types have none).
func arithType(a, b *value.Type) *value.Type {
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

// arithmetic binds + - * / % over numbers; an untyped literal takes the
// other operand's type.
func arithmetic(op string, l, r expr, loc int32) (expr, error) {
	var err error
	if l.typ() == value.Unknown {
		l, err = coerceTo(l, r.typ(), loc)
	} else if r.typ() == value.Unknown {
		r, err = coerceTo(r, l.typ(), loc)
	}
	if err != nil {
		return nil, err
	}
	lt, rt := l.typ().BaseType(), r.typ().BaseType()
	t := arithType(lt, rt)
	if t == nil || (op == "%" && (t == value.Float4 || t == value.Float8)) {
		return nil, operatorMissing(op, l.typ(), r.typ(), loc)
	}
	if l, err = castExpr(l, t, false, loc); err != nil {
		return nil, err
	}
	if r, err = castExpr(r, t, false, loc); err != nil {
		return nil, err
	}
	return arithExpr(op, l, r, t), nil
}

func arithExpr(op string, l, r expr, t *value.Type) expr {
	return &funcExpr{name: op, args: []expr{l, r}, t: t, strict: true, fn: func(_ *env, a []any) (any, error) {
		v, err := arith(op, a[0], a[1], t)
		if f, ok := v.(float64); ok && t == value.Float4 {
			v = float64(float32(f)) // float4 arithmetic has float4 precision
		}
		return v, err
	}}
}

func arith(op string, a, b any, t *value.Type) (any, error) {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok && t != value.Numeric {
			return intArith(op, x, y, t)
		}
	}
	if t == value.Numeric {
		x, okA := value.ToNumeric(a)
		y, okB := value.ToNumeric(b)
		if okA && okB {
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
		if y == 0 {
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
	return v, nil
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

// bitwiseOps are the integer bit operators (& | # << >>); pgJDBC's
// getIndexInfo tests index options with &.
var bitwiseOps = map[string]func(a, b int64) int64{
	"&":  func(a, b int64) int64 { return a & b },
	"|":  func(a, b int64) int64 { return a | b },
	"#":  func(a, b int64) int64 { return a ^ b },
	"<<": func(a, b int64) int64 { return a << uint64(b&63) },
	">>": func(a, b int64) int64 { return a >> uint64(b&63) },
}

func bitwiseOperator(op string, l, r expr, loc int32) (expr, error) {
	isInt := func(t *value.Type) bool { return t == value.Int2 || t == value.Int4 || t == value.Int8 }
	if op == "<<" || op == ">>" {
		// The shift count is an integer whatever the left side is.
		var err error
		if r, err = coerceTo(r, value.Int4, loc); err != nil {
			return nil, err
		}
		if l.typ() == value.Unknown {
			if l, err = coerceTo(l, value.Int4, loc); err != nil {
				return nil, err
			}
		}
	} else {
		var err error
		if l, r, err = unify(l, r, loc); err != nil {
			return nil, err
		}
	}
	t := l.typ()
	if !isInt(t) || !isInt(r.typ()) || ((op == "&" || op == "|" || op == "#") && t != r.typ()) {
		return nil, operatorMissing(op, l.typ(), r.typ(), loc)
	}
	fn := bitwiseOps[op]
	return &funcExpr{name: op, args: []expr{l, r}, t: t, strict: true, fn: func(_ *env, a []any) (any, error) {
		v := fn(a[0].(int64), a[1].(int64))
		// Results wrap to the operand's width, as PostgreSQL's do.
		switch t {
		case value.Int2:
			v = int64(int16(v))
		case value.Int4:
			v = int64(int32(v))
		}
		return v, nil
	}}, nil
}
