package ec2

import (
	"context"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Methods are a resource's API operations beyond create, change and
// delete, as functions in the table's schema that make exactly the calls
// they name on one object and return it as it is afterwards:
//
//	SELECT * FROM ec2.vpn_connection_route_create('vpn-…', '10.1.0.0/16');
//
// A resource declares them (name, parameters, the calls); the list of
// resources gives them their pg_proc OIDs, and the catalog lists them
// (catalog.Methods), so the executor binds them as set-returning functions.
// The first parameter is always the object's id: the object is found by id
// in every served account and region.

// method is one function of a resource.
type method struct {
	name   string
	params []catalog.Param
	doc    string
	calls  func(id string, args []any) ([]apiCall, error)
}

// Methods implements catalog.MethodTable.
func (t *resourceTable[S, R]) Methods() []catalog.Method {
	out := make([]catalog.Method, len(t.methods))
	for i, m := range t.methods {
		out[i] = catalog.Method{Schema: t.schema, Name: m.name, Table: t.name, Params: m.params,
			Columns: t.Columns(), Doc: m.doc, OIDs: t.oids.methods[m.name]}
	}
	return out
}

// CallMethod runs one of the table's methods.
func (t *resourceTable[S, R]) CallMethod(ctx context.Context, name string, args []any, opt catalog.WriteOptions) (res catalog.WriteResult, err error) {
	defer func() { res.Rows = t.maskRows(ctx, scopeFrom(ctx), res.Rows) }() // as a scan reads (scope.go)
	var m *method
	for i := range t.methods {
		if t.methods[i].name == name {
			m = &t.methods[i]
		}
	}
	if m == nil {
		return catalog.WriteResult{}, pgerr.New(pgerr.UndefinedFunction, "function %s.%s does not exist", t.schema, name)
	}
	id := textOf(args[0])
	calls, err := m.calls(id, args)
	if err != nil {
		return catalog.WriteResult{}, &catalog.RowError{Key: id, Err: err}
	}
	tg, err := t.find(ctx, id)
	if err != nil {
		return catalog.WriteResult{}, &catalog.RowError{Key: id, Err: err}
	}
	w := &writeRun{src: t.src, opt: opt}
	if err := w.doAll(ctx, tg, 0, id, calls); err != nil {
		return w.res, err
	}
	if opt.DryRun || opt.Plan {
		return w.res, nil
	}
	found, err := t.describe.list(ctx, tg, []string{id}, nil)
	if err != nil {
		return w.res, &catalog.RowError{Key: id, Done: []string{calls[0].what}, Err: pgerr.From(err).
			WithDetail("%s was made; reading the object back failed.", calls[0].action)}
	}
	w.res.Rows = append(w.res.Rows, t.rows(found, tg)...)
	return w.res, nil
}

// find looks an object up by id in every served account and region and
// returns where it lives.
func (t *resourceTable[S, R]) find(ctx context.Context, id string) (target, error) {
	if t.src == nil {
		return target{}, pgerr.New(pgerr.FeatureNotSupported, "no AWS account or region is configured")
	}
	targets, err := t.src.targets(ctx, nil, nil)
	if err != nil {
		return target{}, err
	}
	hits, err := fanOut(ctx, t.src, targets, func(ctx context.Context, tg target) ([]target, error) {
		objs, err := t.describe.list(ctx, tg, []string{id}, nil)
		if len(objs) == 0 {
			return nil, err
		}
		return []target{tg}, err
	})
	if err != nil {
		return target{}, err
	}
	if len(hits) == 0 {
		var served []string
		for _, tg := range targets {
			served = append(served, tg.region)
		}
		what := t.name
		if t.writes != nil {
			what = t.writes.title
		}
		return target{}, pgerr.New(pgerr.NoDataFound, "%s %q does not exist", what, id).
			WithDetail("It is in none of the served regions (%s).", strings.Join(served, ", "))
	}
	return hits[0], nil
}
