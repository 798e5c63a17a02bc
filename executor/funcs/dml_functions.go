package funcs

import (
	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// MethodFunc is a table method (ec2.vpn_connection_route_create, ...), which
// the catalog declares, as a set-returning function: the binder finds it
// in the session's catalog when no built-in function has the name.
func MethodFunc(m catalog.Method) SetFunc {
	required := 0
	for _, p := range m.Params {
		if !p.Optional {
			required++
		}
	}
	return SetFunc{
		SideEffects: true,
		Method:      m,
		Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
			if len(args) < required || len(args) > len(m.Params) {
				return nil, ErrArgs
			}
			for i := range args {
				c := catalog.Column{Name: m.Params[i].Name, Type: m.Params[i].Type}
				x, err := expr.AssignExpr(args[i], c, -1)
				if err != nil {
					return nil, ErrArgs
				}
				args[i] = x
			}
			cols := make([]expr.ScopeCol, len(m.Columns))
			for i, c := range m.Columns {
				cols[i] = expr.ScopeCol{Name: c.Name, T: c.Type}
			}
			return cols, nil
		},
		Rows: func(e *expr.Env, args []any, _ []*value.Type) ([][]any, error) {
			return e.Session.CallMethod(e, m, args)
		},
	}
}
