package expr

import (
	"github.com/vpnsql/vpnsql/value"
)

// regCast converts between text and a reg* type at execution time.
func regCast(x Expr, from, to *value.Type) Expr {
	if value.IsRegType(to) && !value.IsRegType(from) && !from.IsNumeric() {
		return &FuncExpr{Name: to.Name, Args: []Expr{x}, T: to, Strict: true, Fn: func(e *Env, a []any) (any, error) {
			return e.Session.RegIn(to.OID, value.FormatTyped(a[0], from))
		}}
	}
	if value.IsRegType(from) && to.IsString() {
		return &FuncExpr{Name: to.Name, Args: []Expr{x}, T: to, Strict: true, Fn: func(e *Env, a []any) (any, error) {
			return e.Session.RegOut(from.OID, a[0].(int64)), nil
		}}
	}
	// regtype[]::text[] (pgcli's proargtypes::regtype[]::text[]): each
	// element by name.
	if fe, te := value.ElemType(from), value.ElemType(to); fe != nil && te != nil && value.IsRegType(fe) && te.IsString() {
		return &FuncExpr{Name: to.Name, Args: []Expr{x}, T: to, Strict: true, Fn: func(e *Env, a []any) (any, error) {
			arr, _ := a[0].([]any)
			out := make([]any, len(arr))
			for i, v := range arr {
				if o, ok := v.(int64); ok {
					out[i] = e.Session.RegOut(fe.OID, o)
				}
			}
			return out, nil
		}}
	}
	return nil
}

// LowerBound is the first subscript: 0 for int2vector and oidvector, as in
// PostgreSQL, 1 for arrays.
func LowerBound(t *value.Type) int64 {
	if t == value.Int2Vector || t == value.OIDVector {
		return 0
	}
	return 1
}
