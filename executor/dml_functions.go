package executor

import (
	"fmt"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Table methods (catalog.Method) are set-returning functions usable in
// FROM, e.g. SELECT * FROM ec2.vpn_connection_route_create('vpn-…',
// '10.1.0.0/16'). They write: they are side-effecting (write_calls.go
// decides where they may be called) and pass the same safety rules as
// INSERT, UPDATE and DELETE, the WHERE rule included when they are
// called per row of a table.
// The catalog declares them while the program initialises; methodFamily
// lists them when the library is first composed, after that.

// methodFamily is the served tables' methods (ec2.vpn_connection_route_create,
// ...), which the catalog declares.
func methodFamily() family {
	sets := map[string]setFunc{}
	catalog.EachMethod(func(m catalog.Method) { sets[m.Name] = methodFunc(m) })
	return family{name: "method", sets: sets}
}

func methodFunc(m catalog.Method) setFunc {
	required := 0
	for _, p := range m.Params {
		if !p.Optional {
			required++
		}
	}
	return setFunc{
		sideEffects: true,
		method:      m,
		resolve: func(args []expr) ([]scopeCol, error) {
			if len(args) < required || len(args) > len(m.Params) {
				return nil, errArgs
			}
			for i := range args {
				c := catalog.Column{Name: m.Params[i].Name, Type: m.Params[i].Type}
				x, err := assignExpr(args[i], c, -1)
				if err != nil {
					return nil, errArgs
				}
				args[i] = x
			}
			cols := make([]scopeCol, len(m.Columns))
			for i, c := range m.Columns {
				cols[i] = scopeCol{name: c.Name, t: c.Type}
			}
			return cols, nil
		},
		rows: func(e *env, args []any, _ []*value.Type) ([][]any, error) { return e.s.callMethod(e, m, args) },
	}
}

// callMethod runs a table method for one set of arguments.
func (s *Session) callMethod(e *env, m catalog.Method, args []any) ([][]any, error) {
	t := s.engine.Catalog.Lookup(m.Schema, m.Table, nil)
	mc, ok := t.(catalog.MethodCaller)
	if !ok {
		return nil, pgerr.New(pgerr.UndefinedFunction, "function %s.%s does not exist", m.Schema, m.Name).
			WithDetail("Table %s.%s is not served.", m.Schema, m.Table)
	}
	// The write rules were checked for the call site (functionRel.rows).
	verb := m.Schema + "." + m.Name
	var opt catalog.WriteOptions
	if e.exec.planWrites {
		opt.Plan = true // plain EXPLAIN: the call is listed, not made
	} else {
		var err error
		if opt, err = s.writeOptions(true); err != nil {
			return nil, err
		}
	}
	ctx := catalog.WithStatement(catalog.WithSession(e.ctx, s.catalogSession()), fmt.Sprintf("SELECT * FROM %s(...)", verb))
	res, err := mc.CallMethod(ctx, m.Name, args, opt)
	if e.exec.writeCalls != nil {
		*e.exec.writeCalls = append(*e.exec.writeCalls, res.Calls...)
	}
	if err := s.writeOutcome("UPDATE", t, 1, res, opt, err); err != nil {
		return nil, withEarlierCalls(e, verb, value.FormatText(args[0]), err)
	}
	if !opt.DryRun && !opt.Plan {
		for _, k := range rowKeys(t, res.Rows) {
			e.exec.callsDone = append(e.exec.callsDone, verb+" on "+k)
		}
	}
	return res.Rows, nil
}
