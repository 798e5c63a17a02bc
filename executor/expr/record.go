package expr

import (
	"github.com/vpnsql/vpnsql/value"
)

// RecordExpr builds a record from field expressions. nullIfEmpty makes
// it NULL when every field is NULL: a whole-row reference to the
// null-extended side of an outer join is NULL, not a row of NULLs.
type RecordExpr struct {
	Fields      []Expr
	t           *value.Type
	nullIfEmpty bool
}

func (r *RecordExpr) Type() *value.Type { return r.t }

func (r *RecordExpr) Eval(e *Env) (any, error) {
	out := make([]any, len(r.Fields))
	allNull := true
	for i, f := range r.Fields {
		v, err := f.Eval(e)
		if err != nil {
			return nil, err
		}
		out[i] = v
		allNull = allNull && v == nil
	}
	if allNull && r.nullIfEmpty && len(out) > 0 {
		return nil, nil
	}
	return out, nil
}

func NewRecord(fields []Expr, names []string, nullIfEmpty bool) *RecordExpr {
	fs := make([]value.Field, len(fields))
	for i, f := range fields {
		fs[i] = value.Field{Name: names[i], Type: f.Type()}
	}
	return &RecordExpr{Fields: fields, t: value.RecordOf(fs), nullIfEmpty: nullIfEmpty}
}
