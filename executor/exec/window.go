package exec

import (
	"sort"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// WindowBinding collects a SELECT level's window function calls. They are
// computed after grouping and appended to each row, so a call binds as a
// reference to column base+k.
type WindowBinding struct {
	Base  int
	Width func() int // the width of the rows the window functions see
	Calls []*WindowCall
}

type WindowCall struct {
	Frame     *WindowFrame // nil: the default frame
	Name      string
	Args      []expr.Expr
	Partition []expr.Expr
	Order     []expr.SortKey
	T         *value.Type
	Agg       *funcs.AggCall // an aggregate used as a window function
}

// FrameNonDefault is PostgreSQL's FRAMEOPTION_NONDEFAULT bit.
const FrameNonDefault = 1

// WindowRef reads window call k's value. Its column follows the row the
// window functions see, whose width is known only once the whole level
// is bound (aggregates in the select list and ORDER BY widen it), so the
// position is looked up when evaluated.
type WindowRef struct {
	Wb *WindowBinding
	K  int
	T  *value.Type
}

func (w *WindowRef) Type() *value.Type { return w.T }

func (w *WindowRef) Eval(e *expr.Env) (any, error) { return e.Row[w.Wb.Base+w.K], nil }

func WindowResultType(name string, args []expr.Expr) (*value.Type, error) {
	switch name {
	case "row_number", "rank", "dense_rank":
		return value.Int8, nil
	case "ntile":
		return value.Int4, nil
	case "percent_rank", "cume_dist":
		return value.Float8, nil
	}
	if len(args) == 0 {
		return nil, funcs.ErrArgs
	}
	return args[0].Type(), nil
}

// compute appends each window call's value to every row.
func (wb *WindowBinding) compute(e *expr.Env, rows [][]any) ([][]any, error) {
	if wb.Width != nil {
		wb.Base = wb.Width()
	}
	// Each row grows by one value per call.
	if err := e.Account().Grow("WindowAgg", int64(len(rows)*len(wb.Calls)*expr.IfaceSize)); err != nil {
		return nil, err
	}
	// New rows in a new slice: the input may be a CTE's or a subquery's
	// cached rows, which other readers share.
	out := make([][]any, len(rows))
	for i := range rows {
		out[i] = append(rows[i][:wb.Base:wb.Base], make([]any, len(wb.Calls))...)
	}
	for k, call := range wb.Calls {
		if err := call.compute(e, out, wb.Base+k); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (c *WindowCall) compute(e *expr.Env, rows [][]any, out int) error {
	// Partition rows, keeping input order within each partition.
	type part struct{ idx []int }
	var parts []*part
	byKey := map[string]*part{}
	keys := make([][]any, len(rows))
	for i, row := range rows {
		e.Row = row
		pk := make([]any, len(c.Partition))
		for j, p := range c.Partition {
			v, err := p.Eval(e)
			if err != nil {
				return err
			}
			pk[j] = v
		}
		k := funcs.GroupKey(pk)
		p := byKey[k]
		if p == nil {
			p = &part{}
			byKey[k] = p
			parts = append(parts, p)
		}
		p.idx = append(p.idx, i)
		ok := make([]any, len(c.Order))
		for j, o := range c.Order {
			v, err := o.X.Eval(e)
			if err != nil {
				return err
			}
			ok[j] = v
		}
		keys[i] = ok
		// The partition and order keys live until the call is computed.
		if err := e.Account().Grow("WindowAgg", expr.RowSize(pk)+expr.RowSize(ok)+expr.WordSize); err != nil {
			return err
		}
	}
	for _, p := range parts {
		var sortErr error
		sort.SliceStable(p.idx, func(a, b int) bool {
			n, err := expr.CompareKeys(keys[p.idx[a]], keys[p.idx[b]], c.Order)
			if err != nil {
				sortErr = err
			}
			return n < 0
		})
		if sortErr != nil {
			return sortErr
		}
		if err := c.computePartition(e, rows, keys, p.idx, out); err != nil {
			return err
		}
	}
	return nil
}

func (c *WindowCall) computePartition(e *expr.Env, rows [][]any, keys [][]any, idx []int, out int) error {
	peers := func(a, b int) bool {
		n, _ := expr.CompareKeys(keys[idx[a]], keys[idx[b]], c.Order)
		return n == 0
	}
	// peerEnd[i] is one past the last peer of position i, peerStart[i]
	// its first peer.
	peerEnd := make([]int, len(idx))
	for i := len(idx) - 1; i >= 0; i-- {
		if i+1 < len(idx) && peers(i, i+1) {
			peerEnd[i] = peerEnd[i+1]
		} else {
			peerEnd[i] = i + 1
		}
	}
	peerStart := make([]int, len(idx))
	for i := range idx {
		if i > 0 && peers(i-1, i) {
			peerStart[i] = peerStart[i-1]
		} else {
			peerStart[i] = i
		}
	}
	arg := func(pos, n int) (any, error) {
		e.Row = rows[idx[pos]]
		return c.Args[n].Eval(e)
	}
	rank, dense := 0, 0
	// An aggregate's last frame and value: a row whose frame is the same
	// (its peers, or OVER () for every row) takes the value again, as
	// PostgreSQL's eval_windowaggregates reuses it, instead of computing
	// the frame once per row.
	lastStart, lastEnd := -1, -1
	var lastAgg any
	for i := range idx {
		if err := e.Ctx.Err(); err != nil {
			return err // statement_timeout and CancelRequest reach here
		}
		row := rows[idx[i]]
		if i == 0 || !peers(i-1, i) {
			rank, dense = i+1, dense+1
		}
		var v any
		var err error
		switch c.Name {
		case "row_number":
			v = int64(i + 1)
		case "rank":
			v = int64(rank)
		case "dense_rank":
			v = int64(dense)
		case "percent_rank":
			v = 0.0
			if len(idx) > 1 {
				v = float64(rank-1) / float64(len(idx)-1)
			}
		case "cume_dist":
			v = float64(peerEnd[i]) / float64(len(idx))
		case "ntile":
			var n any
			if n, err = arg(i, 0); err == nil && n != nil {
				buckets := n.(int64)
				if buckets <= 0 {
					return pgerr.New(pgerr.InvalidArgumentForNtile, "argument of ntile must be greater than zero")
				}
				v = ntileBucket(int64(i), int64(len(idx)), buckets)
			}
		case "lag", "lead":
			offset := int64(1)
			if len(c.Args) > 1 {
				o, err := arg(i, 1)
				if err != nil {
					return err
				}
				if o == nil {
					break
				}
				offset = o.(int64)
			}
			if c.Name == "lag" {
				offset = -offset
			}
			j := i + int(offset)
			switch {
			case j >= 0 && j < len(idx):
				v, err = arg(j, 0)
			case len(c.Args) > 2:
				v, err = arg(i, 2)
			}
		case "first_value", "last_value", "nth_value":
			start, end, ferr := c.frameBounds(e, i, len(idx), peerStart, peerEnd)
			if ferr != nil {
				return ferr
			}
			pos := start
			switch c.Name {
			case "last_value":
				pos = end - 1
			case "nth_value":
				var n any
				if n, err = arg(i, 1); err != nil || n == nil {
					break
				}
				if n.(int64) <= 0 {
					return pgerr.New(pgerr.InvalidArgumentForNthValue, "argument of nth_value must be greater than zero")
				}
				pos = start + int(n.(int64)) - 1
			}
			if pos >= start && pos < end {
				v, err = arg(pos, 0)
			}
		default: // an aggregate over the frame
			start, end, ferr := c.frameBounds(e, i, len(idx), peerStart, peerEnd)
			if ferr != nil {
				return ferr
			}
			if start == lastStart && end == lastEnd {
				v = lastAgg
				break
			}
			frame := make([][]any, 0, max(end-start, 0))
			for j := start; j < end; j++ {
				frame = append(frame, rows[idx[j]][:out])
			}
			v, err = c.Agg.Compute(e, frame)
			lastStart, lastEnd, lastAgg = start, end, v
		}
		if err != nil {
			return err
		}
		row[out] = v
	}
	return nil
}

// ntileBucket is the bucket of the row at position i of n rows split into
// buckets as PostgreSQL's ntile splits them: n/buckets rows each, and one
// more in each of the first n%buckets buckets.
func ntileBucket(i, n, buckets int64) int64 {
	per, extra := n/buckets, n%buckets
	if big := extra * (per + 1); i >= big {
		return extra + (i-big)/per + 1
	}
	return i/(per+1) + 1
}
