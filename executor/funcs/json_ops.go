package funcs

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

func JSONOperator(op string, l, r expr.Expr, loc int32) (expr.Expr, error) {
	lt := l.Type()
	if lt == value.Unknown {
		var err error
		if l, err = expr.CoerceTo(l, value.JSONB, loc); err != nil {
			return nil, err
		}
		lt = l.Type()
	}
	if lt != value.JSONB && lt != value.JSONType {
		return nil, OperatorMissing(op, lt, r.Type(), loc)
	}
	var want *value.Type
	result := lt
	switch op {
	case "->", "->>":
		want = value.Text
		if r.Type() == value.Int4 || r.Type() == value.Int8 {
			want = r.Type()
		}
		if op == "->>" {
			result = value.Text
		}
	case "#>", "#>>":
		want = value.TextArray
		if op == "#>>" {
			result = value.Text
		}
	case "@>", "<@":
		want, result = value.JSONB, value.Bool
	case "?":
		want, result = value.Text, value.Bool
	case "?|", "?&":
		want, result = value.TextArray, value.Bool
	case "#-":
		want = value.TextArray
	case "||":
		want = value.JSONB
	case "-":
		want = value.Text
		if r.Type() == value.Int4 || r.Type() == value.Int8 || r.Type() == value.TextArray {
			want = r.Type()
		}
	}
	r, err := expr.CoerceTo(r, want, loc)
	if err != nil {
		return nil, err
	}
	if r.Type() != want {
		return nil, OperatorMissing(op, lt, r.Type(), loc)
	}
	fn := value.JSONOperators[op]
	if fn == nil {
		fn = value.JSONBOnlyOperators[op]
	}
	return &expr.FuncExpr{Name: op, Args: []expr.Expr{l, r}, T: result, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
		return fn(a[0].(value.JSON), a[1])
	}}, nil
}
