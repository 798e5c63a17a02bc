package executor

import (
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func jsonOperator(op string, l, r expr, loc int32) (expr, error) {
	lt := l.typ()
	if lt == value.Unknown {
		var err error
		if l, err = coerceTo(l, value.JSONB, loc); err != nil {
			return nil, err
		}
		lt = l.typ()
	}
	if lt != value.JSONB && lt != value.JSONType {
		return nil, operatorMissing(op, lt, r.typ(), loc)
	}
	var want *value.Type
	result := lt
	switch op {
	case "->", "->>":
		want = value.Text
		if r.typ() == value.Int4 || r.typ() == value.Int8 {
			want = r.typ()
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
		if r.typ() == value.Int4 || r.typ() == value.Int8 || r.typ() == value.TextArray {
			want = r.typ()
		}
	}
	r, err := coerceTo(r, want, loc)
	if err != nil {
		return nil, err
	}
	if r.typ() != want {
		return nil, operatorMissing(op, lt, r.typ(), loc)
	}
	fn := value.JSONOperators[op]
	if fn == nil {
		fn = value.JSONBOnlyOperators[op]
	}
	return &funcExpr{name: op, args: []expr{l, r}, t: result, strict: true, fn: func(_ *env, a []any) (any, error) {
		return fn(a[0].(value.JSON), a[1])
	}}, nil
}

var _ = pgerr.New
