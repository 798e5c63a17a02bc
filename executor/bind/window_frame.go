package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func (b *Binder) bindFrame(w *pg_query.WindowDef) (*exec.WindowFrame, error) {
	f := &exec.WindowFrame{Options: w.FrameOptions}
	if f.Options&(exec.FrameGroups|exec.FrameExclusion) != 0 {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "window frames with GROUPS or EXCLUDE are not supported"), w.Location)
	}
	offset := func(n *pg_query.Node) (expr.Expr, error) {
		if n == nil {
			return nil, nil
		}
		x, err := b.Bind(n)
		if err != nil {
			return nil, err
		}
		return expr.CoerceTo(x, value.Int8, ExprLocation(n))
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
