package executor

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Window frames: ROWS and RANGE with UNBOUNDED PRECEDING/FOLLOWING,
// CURRENT ROW and (for ROWS) n PRECEDING/FOLLOWING. Without a frame
// clause the frame runs from the partition start to the current row's
// last peer (the whole partition when there is no ORDER BY).

func (b *binder) bindFrame(w *pg_query.WindowDef) (*exec.WindowFrame, error) {
	f := &exec.WindowFrame{Options: w.FrameOptions}
	if f.Options&(exec.FrameGroups|exec.FrameExclusion) != 0 {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "window frames with GROUPS or EXCLUDE are not supported"), w.Location)
	}
	offset := func(n *pg_query.Node) (expr.Expr, error) {
		if n == nil {
			return nil, nil
		}
		x, err := b.bind(n)
		if err != nil {
			return nil, err
		}
		return expr.CoerceTo(x, value.Int8, exprLocation(n))
	}
	if f.Options&exec.FrameRange != 0 && f.Options&(exec.FrameStartOffsetPreceding|exec.FrameStartOffsetFollowing|exec.FrameEndOffsetPreceding|exec.FrameEndOffsetFollowing) != 0 {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "RANGE frames with an offset are not supported"), w.Location)
	}
	var err error
	if f.StartOff, err = offset(w.StartOffset); err != nil {
		return nil, err
	}
	if f.EndOff, err = offset(w.EndOffset); err != nil {
		return nil, err
	}
	return f, nil
}
