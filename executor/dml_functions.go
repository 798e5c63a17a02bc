package executor

import (
	"fmt"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
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

// CallMethod runs a table method for one set of arguments.
func (s *Session) CallMethod(e *expr.Env, m catalog.Method, args []any) ([][]any, error) {
	t := s.engine.Catalog.Lookup(m.Schema, m.Table, nil)
	mc, ok := t.(catalog.MethodCaller)
	if !ok {
		return nil, pgerr.New(pgerr.UndefinedFunction, "function %s.%s does not exist", m.Schema, m.Name).
			WithDetail("Table %s.%s is not served.", m.Schema, m.Table)
	}
	// The write rules were checked for the call site (functionRel.rows).
	verb := m.Schema + "." + m.Name
	var opt catalog.WriteOptions
	if e.Exec.PlanWrites {
		opt.Plan = true // plain EXPLAIN: the call is listed, not made
	} else {
		var err error
		if opt, err = s.writeOptions(true); err != nil {
			return nil, err
		}
	}
	ctx := catalog.WithStatement(catalog.WithSession(e.Ctx, s.CatalogSession()), fmt.Sprintf("SELECT * FROM %s(...)", verb))
	res, err := mc.CallMethod(ctx, m.Name, args, opt)
	if e.Exec.WriteCalls != nil {
		*e.Exec.WriteCalls = append(*e.Exec.WriteCalls, res.Calls...)
	}
	if err := s.writeOutcome("UPDATE", t, 1, res, opt, err); err != nil {
		return nil, funcs.WithEarlierCalls(e, verb, value.FormatText(args[0]), err)
	}
	if !opt.DryRun && !opt.Plan {
		for _, k := range rowKeys(t, res.Rows) {
			e.Exec.CallsDone = append(e.Exec.CallsDone, verb+" on "+k)
		}
	}
	return res.Rows, nil
}
