package executor

import (
	"math"
	"regexp"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// unify brings two operands to a common type the way PostgreSQL resolves
// operators: an unknown literal or parameter takes the other side's type;
// numeric types widen to the larger one.
func unify(l, r expr, loc int32) (expr, expr, error) {
	lt, rt := l.typ(), r.typ()
	switch {
	case lt == rt:
		if lt == catalog.Unknown {
			var err error
			if l, err = coerceTo(l, catalog.Text, loc); err != nil {
				return nil, nil, err
			}
			r, err = coerceTo(r, catalog.Text, loc)
			return l, r, err
		}
		return l, r, nil
	case lt == catalog.Unknown:
		l, err := coerceTo(l, rt, loc)
		return l, r, err
	case rt == catalog.Unknown:
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
	}
	return l, r, nil
}

var numericRank = map[*catalog.Type]int{
	catalog.Int2: 1, catalog.Int4: 2, catalog.OIDType: 2, catalog.Int8: 3, catalog.Numeric: 4, catalog.Float4: 5, catalog.Float8: 6,
}

func widerNumeric(a, b *catalog.Type) *catalog.Type {
	if numericRank[a] >= numericRank[b] {
		return a
	}
	return b
}

// coerceTo applies an implicit coercion: unknown literals and parameters
// take the type; numeric types widen. Anything else is left as is for the
// caller to reject.
func coerceTo(x expr, to *catalog.Type, loc int32) (expr, error) {
	from := x.typ()
	if from == to {
		return x, nil
	}
	if p, ok := x.(*paramExpr); ok && from == catalog.Unknown {
		(*p.types)[p.n-1] = to
		return p, nil
	}
	if from == catalog.Unknown || (from.IsNumeric() && to.IsNumeric() && numericRank[to] >= numericRank[from]) ||
		(from.IsString() && to.IsString()) {
		return castExpr(x, to, false, loc)
	}
	return x, nil
}

// castExpr converts x to type to; constants are converted once, at bind
// time, so bad literals fail at prepare as in PostgreSQL.
func castExpr(x expr, to *catalog.Type, explicit bool, loc int32) (expr, error) {
	from := x.typ()
	if from == to {
		return x, nil
	}
	if p, ok := x.(*paramExpr); ok && from == catalog.Unknown {
		(*p.types)[p.n-1] = to
		return p, nil
	}
	if r := regCast(x, from, to); r != nil {
		return r, nil
	}
	if !canCast(from, to) {
		return nil, errAt(pgerr.New(pgerr.CannotCoerce, "cannot cast type %s to %s", from, to), loc)
	}
	if c, ok := x.(*constExpr); ok {
		v, err := castValue(c.v, from, to)
		if err != nil {
			return nil, errAt(pgerr.From(err), loc)
		}
		return &constExpr{v: v, t: to}, nil
	}
	return &funcExpr{name: to.Name, args: []expr{x}, t: to, strict: true, fn: func(_ *env, a []any) (any, error) {
		return castValue(a[0], from, to)
	}}, nil
}

type cmpOp struct {
	op   string
	l, r expr
	test func(int) bool
}

func (c *cmpOp) typ() *catalog.Type { return catalog.Bool }

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

func operatorMissing(op string, l, r *catalog.Type, loc int32) *pgerr.Error {
	return errAt(pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s %s %s", l, op, r).
		WithHint("No operator matches the given name and argument types. You might need to add explicit type casts."), loc)
}

func binaryOperator(op string, l, r expr, loc int32) (expr, error) {
	if op == "!=" {
		op = "<>"
	}
	if jsonOperators[op] != nil || (jsonbOnlyOperators[op] != nil && l.typ() == catalog.JSONB) {
		return jsonOperator(op, l, r, loc)
	}
	if op == "||" && (l.typ().Elem != nil || r.typ().Elem != nil) {
		return arrayConcat(l, r, loc)
	}
	if op == "||" && l.typ() != catalog.JSONB {
		var err error
		if l, err = coerceTo(l, catalog.Text, loc); err != nil {
			return nil, err
		}
		if r, err = coerceTo(r, catalog.Text, loc); err != nil {
			return nil, err
		}
		return concatExpr(l, r), nil
	}
	if op == "^" {
		var err error
		if l, err = castExpr(l, catalog.Float8, false, loc); err != nil {
			return nil, err
		}
		if r, err = castExpr(r, catalog.Float8, false, loc); err != nil {
			return nil, err
		}
		return &funcExpr{name: "pow", args: []expr{l, r}, t: catalog.Float8, strict: true, fn: func(_ *env, a []any) (any, error) {
			return math.Pow(a[0].(float64), a[1].(float64)), nil
		}}, nil
	}
	if (op == "+" || op == "-") && (isTimeType(l.typ()) || isTimeType(r.typ()) || l.typ() == catalog.Interval || r.typ() == catalog.Interval) {
		x, _, err := timeArith(op, l, r, loc)
		return x, err
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
		return &cmpOp{op: op, l: l, r: r, test: test}, nil
	}
	switch op {
	case "~~", "!~~", "~~*", "!~~*":
		if !lt.IsString() || !rt.IsString() {
			return nil, operatorMissing(op, lt, rt, loc)
		}
		return likeExpr(l, r, strings.Contains(op, "*"), strings.HasPrefix(op, "!")), nil
	case "~", "!~", "~*", "!~*":
		if !lt.IsString() || !rt.IsString() {
			return nil, operatorMissing(op, lt, rt, loc)
		}
		return regexExpr(l, r, strings.Contains(op, "*"), strings.HasPrefix(op, "!")), nil
	case "||":
		return concatExpr(l, r), nil
	case "+", "-", "*", "/", "%":
		if op == "+" || op == "-" {
			if x, ok, err := timeArith(op, l, r, loc); ok {
				return x, err
			}
		}
		if !lt.IsNumeric() || !rt.IsNumeric() {
			return nil, operatorMissing(op, lt, rt, loc)
		}
		return arithExpr(op, l, r), nil
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
		if x.typ().IsNumeric() {
			return arithExpr("-", &constExpr{v: int64(0), t: x.typ()}, x), nil
		}
	}
	if op == "+" && x.typ().IsNumeric() {
		return x, nil
	}
	return nil, errAt(pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s %s", op, x.typ()).
		WithHint("No operator matches the given name and argument type. You might need to add an explicit type cast."), loc)
}

// anyAllOperator is x op ANY(array) / ALL(array).
func anyAllOperator(op string, l, r expr, all bool, loc int32) (expr, error) {
	rt := r.typ()
	if rt == catalog.Unknown {
		at := arrayOf(l.typ())
		if at == nil {
			at = catalog.TextArray
		}
		var err error
		if r, err = coerceTo(r, at, loc); err != nil {
			return nil, err
		}
		rt = r.typ()
	}
	if elemType(rt) == nil {
		return nil, errAt(pgerr.New(pgerr.WrongObjectType, "op ANY/ALL (array) requires array on right side"), loc)
	}
	elem := &colExpr{idx: 0, t: elemType(rt)}
	cmp, err := binaryOperator(op, l, elem, loc)
	if err != nil {
		return nil, err
	}
	c, ok := cmp.(*cmpOp)
	if !ok {
		return nil, errAt(pgerr.New(pgerr.FeatureNotSupported, "operator %s is not supported with ANY/ALL", op), loc)
	}
	return &anyExpr{cmp: c, x: c.l, array: r, all: all}, nil
}

// anyExpr is x op ANY(array) or x op ALL(array).
type anyExpr struct {
	cmp      *cmpOp
	x, array expr
	all      bool
}

func (a *anyExpr) typ() *catalog.Type { return catalog.Bool }

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
	return &funcExpr{name: "distinct", args: []expr{l, r}, t: catalog.Bool, fn: func(_ *env, a []any) (any, error) {
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

func nullIf(l, r expr, loc int32) (expr, error) {
	l, r, err := unify(l, r, loc)
	if err != nil {
		return nil, err
	}
	return &funcExpr{name: "nullif", args: []expr{l, r}, t: l.typ(), fn: func(_ *env, a []any) (any, error) {
		if a[0] == nil || a[1] == nil {
			return a[0], nil
		}
		c, err := compareValues(a[0], a[1])
		if err != nil || c == 0 {
			return nil, err
		}
		return a[0], nil
	}}, nil
}

func concatExpr(l, r expr) expr {
	return &funcExpr{name: "textcat", args: []expr{l, r}, t: catalog.Text, strict: true, fn: func(_ *env, a []any) (any, error) {
		x, err := castValue(a[0], l.typ(), catalog.Text)
		if err != nil {
			return nil, err
		}
		y, err := castValue(a[1], r.typ(), catalog.Text)
		if err != nil {
			return nil, err
		}
		return x.(string) + y.(string), nil
	}}
}

// likeExpr implements LIKE/ILIKE with PostgreSQL's default escape '\'.
func likeExpr(l, r expr, ci, not bool) expr {
	return &funcExpr{name: "like", args: []expr{l, r}, t: catalog.Bool, strict: true, fn: func(_ *env, a []any) (any, error) {
		re, err := likeRegexp(a[1].(string), ci)
		if err != nil {
			return nil, err
		}
		return re.MatchString(a[0].(string)) != not, nil
	}}
}

func likeRegexp(pattern string, ci bool) (*regexp.Regexp, error) {
	var sb strings.Builder
	sb.WriteString("(?s)")
	if ci {
		sb.WriteString("(?i)")
	}
	sb.WriteString("^")
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '%':
			sb.WriteString(".*")
		case '_':
			sb.WriteString(".")
		case '\\':
			if i+1 == len(rs) {
				return nil, pgerr.New(pgerr.InvalidEscapeSequence, "LIKE pattern must not end with escape character")
			}
			i++
			sb.WriteString(regexp.QuoteMeta(string(rs[i])))
		default:
			sb.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	sb.WriteString("$")
	return regexp.Compile(sb.String())
}

func regexExpr(l, r expr, ci, not bool) expr {
	return &funcExpr{name: "regex", args: []expr{l, r}, t: catalog.Bool, strict: true, fn: func(_ *env, a []any) (any, error) {
		re, err := compileRegex(a[1].(string), ci)
		if err != nil {
			return nil, err
		}
		return re.MatchString(a[0].(string)) != not, nil
	}}
}

// compileRegex compiles a POSIX-style pattern with Go's RE2, which covers
// the syntax clients use in catalog queries (^, $, anchors, classes).
func compileRegex(p string, ci bool) (*regexp.Regexp, error) {
	if ci {
		p = "(?i)" + p
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: %v", err)
	}
	return re, nil
}

func arithExpr(op string, l, r expr) expr {
	t := widerNumeric(l.typ(), r.typ())
	if t == catalog.Int2 {
		t = catalog.Int4 // int2 arithmetic yields int4 in PostgreSQL only via int2 ops; close enough for now
	}
	return &funcExpr{name: op, args: []expr{l, r}, t: t, strict: true, fn: func(_ *env, a []any) (any, error) {
		return arith(op, a[0], a[1], t)
	}}
}

func arith(op string, a, b any, t *catalog.Type) (any, error) {
	if x, ok := a.(int64); ok {
		if y, ok := b.(int64); ok && t != catalog.Numeric {
			return intArith(op, x, y, t)
		}
	}
	if t == catalog.Numeric {
		x, okA := toNumeric(a)
		y, okB := toNumeric(b)
		if okA && okB {
			return numericArith(op, x, y)
		}
	}
	x, y := toFloat(a), toFloat(b)
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
	if t == catalog.Numeric {
		return floatToNumeric(v)
	}
	return v, nil
}

func intArith(op string, x, y int64, t *catalog.Type) (any, error) {
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
	if overflow || !fitsInt(v, t) {
		return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", t)
	}
	return v, nil
}

func fitsInt(v int64, t *catalog.Type) bool {
	switch t {
	case catalog.Int2:
		return v >= math.MinInt16 && v <= math.MaxInt16
	case catalog.Int4:
		return v >= math.MinInt32 && v <= math.MaxInt32
	}
	return true
}

// similarExpr is SIMILAR TO: SQL's pattern language (% _ | * + ? {} ()
// [] with \ as escape) translated to a regular expression anchored at
// both ends.
func similarExpr(l, r expr, not bool) expr {
	return &funcExpr{name: "similar", args: []expr{l, r}, t: catalog.Bool, strict: true, fn: func(_ *env, a []any) (any, error) {
		var sb strings.Builder
		sb.WriteString("^(?:")
		rs := []rune(a[1].(string))
		for i := 0; i < len(rs); i++ {
			switch c := rs[i]; c {
			case '%':
				sb.WriteString(".*")
			case '_':
				sb.WriteString(".")
			case '\\':
				if i+1 < len(rs) {
					i++
					sb.WriteString(regexp.QuoteMeta(string(rs[i])))
				}
			case '|', '*', '+', '?', '{', '}', '(', ')', '[', ']':
				sb.WriteRune(c)
			default:
				sb.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
		sb.WriteString(")$")
		re, err := regexp.Compile(sb.String())
		if err != nil {
			return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: %v", err)
		}
		return re.MatchString(a[0].(string)) != not, nil
	}}
}
