package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
)

func (b *Binder) bindWindow(fc *pg_query.FuncCall) (expr.Expr, error) {
	if b.inAgg {
		return nil, pgerr.At(pgerr.New(pgerr.GroupingError, "aggregate function calls cannot contain window function calls"), fc.Location)
	}
	if b.Query == nil || b.Query.windows == nil || !b.Query.allowSRF {
		return nil, pgerr.At(pgerr.New(pgerr.WindowingError, "%s", b.notAllowed("window functions")), fc.Location)
	}
	w, err := resolveWindow(b.Query.namedWindows, fc.Over, fc.Location)
	if err != nil {
		return nil, err
	}
	name := funcName(fc)
	call := &exec.WindowCall{Name: name}
	if w.FrameOptions&exec.FrameNonDefault != 0 {
		if call.Frame, err = b.bindFrame(w); err != nil {
			return nil, err
		}
	}
	for _, a := range fc.Args {
		x, err := b.Bind(a)
		if err != nil {
			return nil, err
		}
		call.Args = append(call.Args, x)
	}
	for _, p := range w.PartitionClause {
		x, err := b.Bind(p)
		if err != nil {
			return nil, err
		}
		call.Partition = append(call.Partition, x)
	}
	for _, o := range w.OrderClause {
		k, err := b.bindSortKey(o.GetSortBy())
		if err != nil {
			return nil, err
		}
		call.Order = append(call.Order, k)
	}
	switch {
	case funcs.Builtin().Windows[name]:
		t, err := exec.WindowResultType(name, call.Args)
		if err != nil {
			return nil, funcs.ErrNoFunction(name, call.Args, fc.Location)
		}
		call.T = t
	default:
		def, ok := funcs.Builtin().Aggregates[name]
		if !ok {
			return nil, pgerr.At(pgerr.New(pgerr.WrongObjectType, "OVER specified, but %s is not a window function nor an aggregate function", name), fc.Location)
		}
		t, err := def.Result(call.Args)
		if err != nil {
			return nil, funcs.ErrNoFunction(name, call.Args, fc.Location)
		}
		call.T = t
		call.Agg = &funcs.AggCall{Name: name, Def: def, Args: call.Args, Star: fc.AggStar, T: t}
		if fc.AggFilter != nil {
			if call.Agg.Filter, err = b.BindCondition(fc.AggFilter, "FILTER"); err != nil {
				return nil, err
			}
		}
	}
	wb := b.Query.windows
	wb.Calls = append(wb.Calls, call)
	return &exec.WindowRef{Wb: wb, K: len(wb.Calls) - 1, T: call.T}, nil
}

// resolveWindow applies a reference to a named window: OVER w, or OVER (w ...)
// which adds to it.
func resolveWindow(named map[string]*pg_query.WindowDef, w *pg_query.WindowDef, loc int32) (*pg_query.WindowDef, error) {
	ref := w.Refname
	if ref == "" && w.Name != "" && len(w.PartitionClause) == 0 && len(w.OrderClause) == 0 {
		ref = w.Name
	}
	if ref == "" {
		return w, nil
	}
	base, ok := named[ref]
	if !ok {
		if w.Location >= 0 {
			loc = w.Location // the window's name in OVER name
		}
		return nil, pgerr.At(pgerr.New(pgerr.UndefinedObject, "window %q does not exist", ref), loc)
	}
	if w.Refname != "" {
		// A copy, OVER (w ...) or WINDOW w2 AS (w ...), may add ORDER BY
		// and a frame, and change nothing else (transformWindowDefinitions).
		at := func(err *pgerr.Error) *pgerr.Error { return pgerr.At(err, w.Location) }
		switch {
		case len(w.PartitionClause) > 0:
			return nil, at(pgerr.New(pgerr.WindowingError, "cannot override PARTITION BY clause of window %q", ref))
		case len(w.OrderClause) > 0 && len(base.OrderClause) > 0:
			return nil, at(pgerr.New(pgerr.WindowingError, "cannot override ORDER BY clause of window %q", ref))
		case base.FrameOptions&exec.FrameNonDefault != 0:
			err := pgerr.New(pgerr.WindowingError, "cannot copy window %q because it has a frame clause", ref)
			if w.Name == "" && len(w.OrderClause) == 0 && w.FrameOptions&exec.FrameNonDefault == 0 {
				err = err.WithHint("Omit the parentheses in this OVER clause.")
			}
			return nil, at(err)
		}
	}
	out := &pg_query.WindowDef{PartitionClause: base.PartitionClause, OrderClause: base.OrderClause, FrameOptions: base.FrameOptions,
		StartOffset: base.StartOffset, EndOffset: base.EndOffset, Location: base.Location}
	if len(w.OrderClause) > 0 {
		out.OrderClause = w.OrderClause
	}
	if w.FrameOptions&exec.FrameNonDefault != 0 {
		out.FrameOptions, out.StartOffset, out.EndOffset = w.FrameOptions, w.StartOffset, w.EndOffset
	}
	return out, nil
}
