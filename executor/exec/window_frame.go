package exec

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Frame option bits of PostgreSQL's WindowDef.frameOptions.
const (
	FrameRange                   = 0x00002
	frameRows                    = 0x00004
	FrameGroups                  = 0x00008
	frameStartUnboundedPreceding = 0x00020
	frameEndUnboundedFollowing   = 0x00100
	frameStartCurrentRow         = 0x00200
	frameEndCurrentRow           = 0x00400
	FrameStartOffsetPreceding    = 0x00800
	FrameEndOffsetPreceding      = 0x01000
	FrameStartOffsetFollowing    = 0x02000
	FrameEndOffsetFollowing      = 0x04000
	FrameExclusion               = 0x08000 | 0x10000 | 0x20000
)

type WindowFrame struct {
	Options          int32
	StartOff, EndOff expr.Expr
}

// frameBounds is row i's frame as [start, end) positions in the sorted
// partition of n rows.
func (c *WindowCall) frameBounds(e *expr.Env, i, n int, peerStart, peerEnd []int) (int, int, error) {
	f := c.Frame
	if f == nil {
		if len(c.Order) == 0 {
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
	rows := f.Options&frameRows != 0
	start, end := 0, n
	switch {
	case f.Options&frameStartUnboundedPreceding != 0:
		start = 0
	case f.Options&frameStartCurrentRow != 0:
		start = i
		if !rows {
			start = peerStart[i]
		}
	case f.Options&FrameStartOffsetPreceding != 0:
		k, err := off(f.StartOff, "starting")
		if err != nil {
			return 0, 0, err
		}
		start = i - k
	case f.Options&FrameStartOffsetFollowing != 0:
		k, err := off(f.StartOff, "starting")
		if err != nil {
			return 0, 0, err
		}
		start = i + k
	}
	switch {
	case f.Options&frameEndUnboundedFollowing != 0:
		end = n
	case f.Options&frameEndCurrentRow != 0:
		end = i + 1
		if !rows {
			end = peerEnd[i]
		}
	case f.Options&FrameEndOffsetPreceding != 0:
		k, err := off(f.EndOff, "ending")
		if err != nil {
			return 0, 0, err
		}
		end = i - k + 1
	case f.Options&FrameEndOffsetFollowing != 0:
		k, err := off(f.EndOff, "ending")
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
