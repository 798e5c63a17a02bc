package funcs

import (
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func OperatorMissing(op string, l, r *value.Type, loc int32) *pgerr.Error {
	return pgerr.At(pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s %s %s", l, op, r).
		WithHint("No operator matches the given name and argument types. You might need to add explicit type casts."), loc)
}

func BinaryOperator(op string, l, r expr.Expr, loc int32) (expr.Expr, error) {
	if op == "!=" {
		op = "<>"
	}
	if lr, ok := l.(*expr.RecordExpr); ok {
		if rr, ok := r.(*expr.RecordExpr); ok {
			return rowComparison(op, lr, rr, loc)
		}
	}
	if (op == "@>" || op == "<@" || op == "&&") && (l.Type().Elem != nil || r.Type().Elem != nil) {
		return arrayOperator(op, l, r, loc)
	}
	if op == "@?" || op == "@@" {
		return JSONPathOperator(op, l, r, loc)
	}
	if value.JSONOperators[op] != nil || (value.JSONBOnlyOperators[op] != nil && l.Type() == value.JSONB) {
		return JSONOperator(op, l, r, loc)
	}
	if op == "||" && (l.Type().Elem != nil || r.Type().Elem != nil) {
		return arrayConcat(l, r, loc)
	}
	if op == "||" && l.Type() != value.JSONB {
		var err error
		if l, err = expr.CoerceTo(l, value.Text, loc); err != nil {
			return nil, err
		}
		if r, err = expr.CoerceTo(r, value.Text, loc); err != nil {
			return nil, err
		}
		return expr.ConcatExpr(l, r), nil
	}
	if expr.BitwiseOps[op] != nil {
		return bitwiseOperator(op, l, r, loc)
	}
	if op == "^" {
		// float8 ^ float8, or numeric ^ numeric when a side is numeric.
		x, err := Builtin().Scalars["power"](nil, "^", []expr.Expr{l, r}, loc)
		if err != nil {
			return nil, OperatorMissing(op, l.Type(), r.Type(), loc)
		}
		return x, nil
	}
	if (op == "+" || op == "-") && (value.IsTimeType(l.Type()) || value.IsTimeType(r.Type()) || l.Type() == value.Interval || r.Type() == value.Interval) {
		x, _, err := timeArith(op, l, r, loc)
		return x, err
	}
	if expr.ArithmeticOps[op] {
		if l.Type() == value.Unknown && r.Type() == value.Unknown {
			return nil, pgerr.At(pgerr.New(pgerr.AmbiguousFunction, "operator is not unique: unknown %s unknown", op).
				WithHint("Could not choose a best candidate operator. You might need to add explicit type casts."), loc)
		}
		if x, ok, err := intervalArith(op, l, r, loc); ok {
			return x, err
		}
		return arithmetic(op, l, r, loc)
	}
	l, r, err := expr.Unify(l, r, loc)
	if err != nil {
		return nil, err
	}
	lt, rt := l.Type(), r.Type()
	comparable := lt == rt || (lt.IsString() && rt.IsString()) || (lt.IsNumeric() && rt.IsNumeric())
	if test, ok := expr.Comparisons[op]; ok {
		if !comparable {
			return nil, OperatorMissing(op, lt, rt, loc)
		}
		if lt == value.BPChar || rt == value.BPChar {
			// character(n) compares without its trailing spaces.
			l, r = expr.TrimBPChar(l), expr.TrimBPChar(r)
		}
		return &expr.CmpOp{Op: op, L: l, R: r, Test: test}, nil
	}
	switch op {
	case "~~", "!~~", "~~*", "!~~*":
		if !lt.IsString() || !rt.IsString() {
			return nil, OperatorMissing(op, lt, rt, loc)
		}
		return expr.LikeExpr(expr.TrimBPChar(l), r, nil, strings.Contains(op, "*"), strings.HasPrefix(op, "!")), nil
	case "^@":
		if !lt.IsString() || !rt.IsString() {
			return nil, OperatorMissing(op, lt, rt, loc)
		}
		return Builtin().Scalars["starts_with"](nil, "starts_with", []expr.Expr{l, r}, loc)
	case "~", "!~", "~*", "!~*":
		if !lt.IsString() || !rt.IsString() {
			return nil, OperatorMissing(op, lt, rt, loc)
		}
		return expr.RegexExpr(l, r, strings.Contains(op, "*"), strings.HasPrefix(op, "!")), nil
	case "||":
		return expr.ConcatExpr(l, r), nil
	}
	return nil, OperatorMissing(op, lt, rt, loc)
}

func UnaryOperator(op string, x expr.Expr, loc int32) (expr.Expr, error) {
	if op == "-" {
		if c, ok := x.(*expr.ConstExpr); ok {
			switch v := c.V.(type) {
			case int64:
				return &expr.ConstExpr{V: -v, T: c.T}, nil
			case float64:
				return &expr.ConstExpr{V: -v, T: c.T}, nil
			}
		}
		if t := x.Type(); t == value.Float8 || t == value.Float4 {
			// A sign flip, not 0 - x: -(0::float8) is -0 (float8um).
			return &expr.FuncExpr{Name: "-", Args: []expr.Expr{x}, T: t, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
				return -a[0].(float64), nil
			}}, nil
		}
		if t := expr.ArithType(x.Type(), x.Type()); t != nil {
			return expr.ArithExpr("-", &expr.ConstExpr{V: int64(0), T: t}, x, t), nil
		}
	}
	if op == "+" && x.Type().IsNumeric() {
		return x, nil
	}
	if op == "-" && x.Type() == value.Interval {
		return &expr.FuncExpr{Name: "-", Args: []expr.Expr{x}, T: value.Interval, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
			iv := a[0].(pgtype.Interval)
			return pgtype.Interval{Months: -iv.Months, Days: -iv.Days, Microseconds: -iv.Microseconds, Valid: true}, nil
		}}, nil
	}
	// Prefix operators that are functions under another name.
	if fn, ok := map[string]string{"|/": "sqrt", "||/": "cbrt", "@": "abs"}[op]; ok {
		if x.Type() == value.Unknown {
			var err error
			if x, err = expr.CoerceTo(x, value.Float8, loc); err != nil {
				return nil, err
			}
		}
		if fn == "sqrt" {
			var err error
			if x, err = expr.CastExpr(x, value.Float8, false, loc); err != nil || !x.Type().IsNumeric() {
				return nil, pgerr.At(pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s %s", op, x.Type()).
					WithHint("No operator matches the given name and argument type. You might need to add an explicit type cast."), loc)
			}
		}
		return Builtin().Scalars[fn](nil, fn, []expr.Expr{x}, loc)
	}
	return nil, pgerr.At(pgerr.New(pgerr.UndefinedFunction, "operator does not exist: %s %s", op, x.Type()).
		WithHint("No operator matches the given name and argument type. You might need to add an explicit type cast."), loc)
}

// AnyAllOperator is x op ANY(array) / ALL(array).
func AnyAllOperator(op string, l, r expr.Expr, all bool, loc int32) (expr.Expr, error) {
	rt := r.Type()
	if rt == value.Unknown {
		at := expr.ArrayOf(l.Type())
		if at == nil {
			at = value.TextArray
		}
		var err error
		if r, err = expr.CoerceTo(r, at, loc); err != nil {
			return nil, err
		}
		rt = r.Type()
	}
	if value.ElemType(rt) == nil {
		return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "op ANY/ALL (array) requires array on right side"), loc)
	}
	elem := &expr.ColExpr{Idx: 0, T: value.ElemType(rt)}
	cmp, err := BinaryOperator(op, l, elem, loc)
	if err != nil {
		return nil, err
	}
	c, ok := cmp.(*expr.CmpOp)
	if !ok {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "operator %s is not supported with ANY/ALL", op), loc)
	}
	return &expr.AnyExpr{Cmp: c, X: c.L, Array: r, All: all}, nil
}

// NullIf is NULLIF(a, b): a unless it equals b. Its type is a's, even
// when the comparison widens (NULLIF(1::int2, 2) is smallint).
func NullIf(l, r expr.Expr, loc int32) (expr.Expr, error) {
	orig, err := expr.CastExpr(l, equalityLeftType(l.Type(), r.Type()), false, loc)
	if err != nil {
		return nil, err
	}
	ul, ur, err := expr.Unify(l, r, loc)
	if err != nil {
		return nil, err
	}
	if _, err := BinaryOperator("=", ul, ur, loc); err != nil {
		return nil, err
	}
	return &expr.FuncExpr{Name: "nullif", Args: []expr.Expr{orig, ul, ur}, T: orig.Type(), Fn: func(_ *expr.Env, a []any) (any, error) {
		if a[1] == nil || a[2] == nil {
			return a[0], nil
		}
		c, err := expr.CompareValues(a[1], a[2])
		if err != nil || c != 0 {
			return a[0], err
		}
		return nil, nil
	}}, nil
}

// equalityLeftType is the left input type of the = operator PostgreSQL
// picks for operands of these types, which NULLIF returns: integer and
// float operators exist for every pair (int2 = int4 is int24eq), name
// and bpchar and "char" have their own, other strings compare as text,
// the date/time types compare across each other, and otherwise the
// narrower numeric type converts.
func equalityLeftType(lt, rt *value.Type) *value.Type {
	ints := map[*value.Type]bool{value.Int2: true, value.Int4: true, value.Int8: true}
	floats := map[*value.Type]bool{value.Float4: true, value.Float8: true}
	switch {
	case lt == value.Unknown && rt == value.Unknown:
		return value.Text
	case lt == value.Unknown:
		return equalityLeftType(rt, rt)
	case rt == value.Unknown, lt == rt && lt != value.Varchar:
		if lt == value.Varchar {
			return value.Text
		}
		return lt
	case ints[lt] && ints[rt], floats[lt] && floats[rt], value.IsTimeType(lt) && value.IsTimeType(rt):
		return lt
	case lt.IsString() && rt.IsString():
		if lt == value.Name || (lt == rt && (lt == value.BPChar || lt == value.Char)) {
			return lt
		}
		return value.Text
	case lt.IsNumeric() && rt.IsNumeric():
		if lt.IsOIDAlias() && rt.IsOIDAlias() || lt.IsOIDAlias() && ints[rt] {
			return lt
		}
		if rt.IsOIDAlias() && ints[lt] {
			return rt
		}
		return expr.WiderNumeric(lt, rt)
	}
	return lt
}

// untypedTakesOther gives an untyped literal operand the other operand's
// type.
func untypedTakesOther(l, r expr.Expr, loc int32) (expr.Expr, expr.Expr, error) {
	var err error
	if l.Type() == value.Unknown {
		l, err = expr.CoerceTo(l, r.Type(), loc)
	} else if r.Type() == value.Unknown {
		r, err = expr.CoerceTo(r, l.Type(), loc)
	}
	return l, r, err
}

// arithmetic binds + - * / % over numbers; an untyped literal takes the
// other operand's type.
func arithmetic(op string, l, r expr.Expr, loc int32) (expr.Expr, error) {
	l, r, err := untypedTakesOther(l, r, loc)
	if err != nil {
		return nil, err
	}
	lt, rt := l.Type().BaseType(), r.Type().BaseType()
	t := expr.ArithType(lt, rt)
	if t == nil || (op == "%" && (t == value.Float4 || t == value.Float8)) {
		return nil, OperatorMissing(op, l.Type(), r.Type(), loc)
	}
	if l, err = expr.CastExpr(l, t, false, loc); err != nil {
		return nil, err
	}
	if r, err = expr.CastExpr(r, t, false, loc); err != nil {
		return nil, err
	}
	return expr.ArithExpr(op, l, r, t), nil
}

func bitwiseOperator(op string, l, r expr.Expr, loc int32) (expr.Expr, error) {
	isInt := func(t *value.Type) bool { return t == value.Int2 || t == value.Int4 || t == value.Int8 }
	if op == "<<" || op == ">>" {
		// The shift count is an integer whatever the left side is.
		var err error
		if r, err = expr.CoerceTo(r, value.Int4, loc); err != nil {
			return nil, err
		}
		if l.Type() == value.Unknown {
			if l, err = expr.CoerceTo(l, value.Int4, loc); err != nil {
				return nil, err
			}
		}
	} else {
		var err error
		if l, r, err = expr.Unify(l, r, loc); err != nil {
			return nil, err
		}
	}
	t := l.Type()
	if !isInt(t) || !isInt(r.Type()) || ((op == "&" || op == "|" || op == "#") && t != r.Type()) {
		return nil, OperatorMissing(op, l.Type(), r.Type(), loc)
	}
	fn := expr.BitwiseOps[op]
	return &expr.FuncExpr{Name: op, Args: []expr.Expr{l, r}, T: t, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
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

// rowComparison compares two row values field by field: = and <> as the
// conjunction (disjunction) of the fields' comparisons, < <= > >= by the
// first unequal field; NULL where a NULL field decides.
func rowComparison(op string, l, r *expr.RecordExpr, loc int32) (expr.Expr, error) {
	if len(l.Fields) != len(r.Fields) {
		return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "unequal number of entries in row expressions"), loc)
	}
	test, ok := expr.Comparisons[op]
	if !ok {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "operator %s is not supported for row expressions", op), loc)
	}
	var pairs []*expr.CmpOp
	for i := range l.Fields {
		c, err := BinaryOperator("=", l.Fields[i], r.Fields[i], loc)
		if err != nil {
			return nil, err
		}
		cmp, ok := c.(*expr.CmpOp)
		if !ok {
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "row comparison of these types is not supported"), loc)
		}
		pairs = append(pairs, cmp)
	}
	return &expr.FuncExpr{Name: "row" + op, T: value.Bool, Fn: func(e *expr.Env, _ []any) (any, error) {
		sawNull := false
		for _, p := range pairs {
			a, err := p.L.Eval(e)
			if err != nil {
				return nil, err
			}
			b, err := p.R.Eval(e)
			if err != nil {
				return nil, err
			}
			if a == nil || b == nil {
				if op != "=" && op != "<>" {
					return nil, nil
				}
				sawNull = true
				continue
			}
			c, err := expr.CompareValues(a, b)
			if err != nil {
				return nil, err
			}
			if c != 0 {
				if op == "=" || op == "<>" {
					return op == "<>", nil
				}
				return test(c), nil
			}
		}
		if sawNull {
			return nil, nil
		}
		return test(0), nil
	}}, nil
}
