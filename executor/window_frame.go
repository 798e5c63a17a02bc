package executor

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Window frames: ROWS and RANGE with UNBOUNDED PRECEDING/FOLLOWING,
// CURRENT ROW and (for ROWS) n PRECEDING/FOLLOWING. Without a frame
// clause the frame runs from the partition start to the current row's
// last peer (the whole partition when there is no ORDER BY).

// Frame option bits of PostgreSQL's WindowDef.frameOptions.
const (
	frameRange                   = 0x00002
	frameRows                    = 0x00004
	frameGroups                  = 0x00008
	frameStartUnboundedPreceding = 0x00020
	frameEndUnboundedFollowing   = 0x00100
	frameStartCurrentRow         = 0x00200
	frameEndCurrentRow           = 0x00400
	frameStartOffsetPreceding    = 0x00800
	frameEndOffsetPreceding      = 0x01000
	frameStartOffsetFollowing    = 0x02000
	frameEndOffsetFollowing      = 0x04000
	frameExclusion               = 0x08000 | 0x10000 | 0x20000
)

type windowFrame struct {
	options          int32
	startOff, endOff expr.Expr
}

func (b *binder) bindFrame(w *pg_query.WindowDef) (*windowFrame, error) {
	f := &windowFrame{options: w.FrameOptions}
	if f.options&(frameGroups|frameExclusion) != 0 {
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
	if f.options&frameRange != 0 && f.options&(frameStartOffsetPreceding|frameStartOffsetFollowing|frameEndOffsetPreceding|frameEndOffsetFollowing) != 0 {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "RANGE frames with an offset are not supported"), w.Location)
	}
	var err error
	if f.startOff, err = offset(w.StartOffset); err != nil {
		return nil, err
	}
	if f.endOff, err = offset(w.EndOffset); err != nil {
		return nil, err
	}
	return f, nil
}

// frameBounds is row i's frame as [start, end) positions in the sorted
// partition of n rows.
func (c *windowCall) frameBounds(e *expr.Env, i, n int, peerStart, peerEnd []int) (int, int, error) {
	f := c.frame
	if f == nil {
		if len(c.order) == 0 {
			return 0, n, nil
		}
		return 0, peerEnd[i], nil
	}
	off := func(x expr.Expr, what string) (int, error) {
		v, err := x.Eval(e)
		if err != nil {
			return 0, err
		}
		if v == nil {
			return 0, pgerr.New(pgerr.NullValueNotAllowed, "frame %s offset must not be null", what)
		}
		if v.(int64) < 0 {
			return 0, pgerr.New(pgerr.InvalidPrecedingOrFollowingSize, "frame %s offset must not be negative", what)
		}
		return int(v.(int64)), nil
	}
	rows := f.options&frameRows != 0
	start, end := 0, n
	switch {
	case f.options&frameStartUnboundedPreceding != 0:
		start = 0
	case f.options&frameStartCurrentRow != 0:
		start = i
		if !rows {
			start = peerStart[i]
		}
	case f.options&frameStartOffsetPreceding != 0:
		k, err := off(f.startOff, "starting")
		if err != nil {
			return 0, 0, err
		}
		start = i - k
	case f.options&frameStartOffsetFollowing != 0:
		k, err := off(f.startOff, "starting")
		if err != nil {
			return 0, 0, err
		}
		start = i + k
	}
	switch {
	case f.options&frameEndUnboundedFollowing != 0:
		end = n
	case f.options&frameEndCurrentRow != 0:
		end = i + 1
		if !rows {
			end = peerEnd[i]
		}
	case f.options&frameEndOffsetPreceding != 0:
		k, err := off(f.endOff, "ending")
		if err != nil {
			return 0, 0, err
		}
		end = i - k + 1
	case f.options&frameEndOffsetFollowing != 0:
		k, err := off(f.endOff, "ending")
		if err != nil {
			return 0, 0, err
		}
		end = i + k + 1
	default:
		// "ROWS n PRECEDING" alone ends at the current row.
		end = i + 1
		if !rows {
			end = peerEnd[i]
		}
	}
	return max(start, 0), min(end, n), nil
}
