package executor

import (
	"context"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
)

// queryStatement runs a top-level query and returns its rows as a cursor.
type queryStatement struct {
	q     exec.QueryPlan
	sites []*expr.WriteSite // its write calls, checked before anything runs
}

func (p *queryStatement) Open(ctx context.Context, s *Session, params []any) (Cursor, error) {
	e := &expr.Env{Ctx: ctx, Session: s, Params: params, Exec: s.newExecState()}
	if err := s.CheckWriteSites(e, p.sites); err != nil {
		return nil, err
	}
	it, err := p.q.Open(e)
	if err != nil {
		return nil, err
	}
	if len(p.sites) > 0 {
		// A query calling a write function makes every call before its
		// first row goes out: a portal closed early must not leave the
		// statement's writes half made.
		rows, err := exec.Gather(e, it, "Result")
		if err != nil {
			return nil, err
		}
		it = exec.SliceRows(rows)
	}
	return &iterCursor{columns: p.q.OutputColumns(), it: it, verb: "SELECT"}, nil
}
