package exec

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// PostgreSQL's frame option bits this test needs beyond the exported ones.
const (
	fBetween       = 0x10
	fStartUnbPrec  = 0x20
	fEndUnbFoll    = 0x100
	fStartCurrent  = 0x200
	fEndCurrent    = 0x400
	fRows          = 0x4
	fDefaultOption = FrameNonDefault
)

// windowRows is (p, o, v) of
//
//	VALUES (1,1,10),(1,2,20),(1,2,30),(1,3,40),(2,1,5),(NULL,1,7),(NULL,2,8)
func windowRows() [][]any {
	rows := [][]any{{1, 1, 10}, {1, 2, 20}, {1, 2, 30}, {1, 3, 40}, {2, 1, 5}, {nil, 1, 7}, {nil, 2, 8}}
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = make([]any, len(r))
		for j, v := range r {
			if v != nil {
				out[i][j] = int64(v.(int))
			}
		}
	}
	return out
}

// TestWindowCall: the window functions and frames over PARTITION BY p
// ORDER BY o, each column as PostgreSQL 15 computed it for the same rows
// (the query is in the comment of each case), with rows 2 and 3 peers.
func TestWindowCall(t *testing.T) {
	p, o, v := col(0, value.Int8), col(1, value.Int8), col(2, value.Int8)
	n := func(x int64) expr.Expr { return lit(x, value.Int8) }
	sum := func(f *WindowFrame) *WindowCall {
		return &WindowCall{Name: "sum", Frame: f, Agg: &funcs.AggCall{Name: "sum", Def: funcs.Builtin().Aggregates["sum"], Args: []expr.Expr{v}, T: value.Numeric}}
	}
	frame := func(opts int32, start, end expr.Expr) *WindowFrame {
		return &WindowFrame{Options: opts | fDefaultOption, StartOff: start, EndOff: end}
	}
	tests := []struct {
		name      string
		call      *WindowCall
		unordered bool   // no ORDER BY in the window
		want      string // one value a row, in input order; NULL is empty
	}{
		{"row_number() OVER w", &WindowCall{Name: "row_number"}, false, "1 2 3 4 1 1 2"},
		{"rank() OVER w", &WindowCall{Name: "rank"}, false, "1 2 2 4 1 1 2"},
		{"dense_rank() OVER w", &WindowCall{Name: "dense_rank"}, false, "1 2 2 3 1 1 2"},
		{"percent_rank() OVER w", &WindowCall{Name: "percent_rank"}, false, "0 0.3333333333333333 0.3333333333333333 1 0 0 1"},
		{"cume_dist() OVER w", &WindowCall{Name: "cume_dist"}, false, "0.25 0.75 0.75 1 1 0.5 1"},
		{"ntile(2) OVER w", &WindowCall{Name: "ntile", Args: []expr.Expr{n(2)}}, false, "1 1 2 2 1 1 2"},
		{"sum(v) OVER w: RANGE to the last peer", sum(nil), false, "10 60 60 100 5 7 15"},
		{"sum(v) OVER (PARTITION BY p)", sum(nil), true, "100 100 100 100 5 15 15"},
		{"ROWS BETWEEN 1 PRECEDING AND CURRENT ROW", sum(frame(fRows|fBetween|FrameStartOffsetPreceding|fEndCurrent, n(1), nil)), false, "10 30 50 70 5 7 15"},
		{"ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING", sum(frame(fRows|fBetween|fStartCurrent|FrameEndOffsetFollowing, nil, n(1))), false, "30 50 70 40 5 15 8"},
		{"RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING: from the first peer", sum(frame(FrameRange|fBetween|fStartCurrent|fEndUnbFoll, nil, nil)), false, "100 90 90 40 5 15 8"},
		{"ROWS 1 PRECEDING", sum(frame(fRows|FrameStartOffsetPreceding|fEndCurrent, n(1), nil)), false, "10 30 50 70 5 7 15"},
		{"ROWS BETWEEN 2 FOLLOWING AND 3 FOLLOWING: empty frames are NULL", sum(frame(fRows|fBetween|FrameStartOffsetFollowing|FrameEndOffsetFollowing, n(2), n(3))), false, "70 40     "},
		{"last_value(v) OVER w: the last peer", &WindowCall{Name: "last_value", Args: []expr.Expr{v}}, false, "10 30 30 40 5 7 8"},
		{"first_value(v) OVER w", &WindowCall{Name: "first_value", Args: []expr.Expr{v}}, false, "10 10 10 10 5 7 7"},
		{"nth_value(v, 2) over the whole partition", &WindowCall{Name: "nth_value", Args: []expr.Expr{v, n(2)}, Frame: frame(fRows|fBetween|fStartUnbPrec|fEndUnbFoll, nil, nil)}, false, "20 20 20 20  8 8"},
		{"lag(v) OVER w", &WindowCall{Name: "lag", Args: []expr.Expr{v}}, false, " 10 20 30   7"},
		{"lead(v, 1, -1) OVER w", &WindowCall{Name: "lead", Args: []expr.Expr{v, n(1), n(-1)}}, false, "20 30 40 -1 -1 8 -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.call
			c.Partition = []expr.Expr{p}
			if !tt.unordered {
				c.Order = []expr.SortKey{{X: o}}
			}
			wb := &WindowBinding{Base: 3, Calls: []*WindowCall{c}}
			out, err := wb.compute(testEnv(), windowRows())
			if err != nil {
				t.Fatal(err)
			}
			got := make([]string, len(out))
			for i, r := range out {
				if r[3] != nil {
					got[i] = value.FormatText(r[3])
				}
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("got  %q\nwant %q", g, tt.want)
			}
		})
	}
}

// TestWindowCall_Errors: bad frame offsets and function arguments are
// PostgreSQL's errors.
func TestWindowCall_Errors(t *testing.T) {
	v := col(2, value.Int8)
	sum := &funcs.AggCall{Name: "sum", Def: funcs.Builtin().Aggregates["sum"], Args: []expr.Expr{v}, T: value.Numeric}
	for _, tt := range []struct {
		call *WindowCall
		code pgerr.Code
		msg  string
	}{
		{&WindowCall{Name: "sum", Agg: sum, Frame: &WindowFrame{Options: fRows | fBetween | FrameStartOffsetPreceding | fEndCurrent, StartOff: lit(nil, value.Int8)}},
			pgerr.NullValueNotAllowed, "frame starting offset must not be null"},
		{&WindowCall{Name: "sum", Agg: sum, Frame: &WindowFrame{Options: fRows | fBetween | fStartCurrent | FrameEndOffsetFollowing, EndOff: lit(int64(-1), value.Int8)}},
			pgerr.InvalidPrecedingOrFollowingSize, "frame ending offset must not be negative"},
		{&WindowCall{Name: "ntile", Args: []expr.Expr{lit(int64(0), value.Int8)}}, pgerr.InvalidArgumentForNtile, "argument of ntile must be greater than zero"},
		{&WindowCall{Name: "nth_value", Args: []expr.Expr{v, lit(int64(0), value.Int8)}}, pgerr.InvalidArgumentForNthValue, "argument of nth_value must be greater than zero"},
	} {
		wb := &WindowBinding{Base: 3, Calls: []*WindowCall{tt.call}}
		_, err := wb.compute(testEnv(), windowRows())
		if pe := wantCode(t, err, tt.code); pe.Message != tt.msg {
			t.Errorf("message %q, want %q", pe.Message, tt.msg)
		}
	}
}

// TestWindowBinding_SharedInput: the rows a window reads may be a CTE's
// cached rows that other references read too; computing the window must
// leave them as they were, even when they have room to grow in place
// (db5d682: a CTE's other reader saw the window's column in place of its
// own).
func TestWindowBinding_SharedInput(t *testing.T) {
	shared := make([][]any, 2)
	for i := range shared {
		row := make([]any, 2, 4) // room for the window's value in place
		row[0], row[1] = int64(i), "x"
		shared[i] = row
	}
	wb := &WindowBinding{Base: 1, Calls: []*WindowCall{{Name: "row_number"}}}
	out, err := wb.compute(testEnv(), shared)
	if err != nil {
		t.Fatal(err)
	}
	if out[1][1] != int64(2) {
		t.Errorf("row_number = %v", out[1][1])
	}
	for i, r := range shared {
		if r[1] != "x" || r[:cap(r)][2] != nil {
			t.Errorf("shared row %d changed: %v", i, r[:cap(r)])
		}
	}
}

// TestWindowCall_EqualPartitionKeys: numeric 1.0 and 1.00 are one
// partition (PostgreSQL 15: row_number() OVER (PARTITION BY x) over
// VALUES (1.0), (1.00) is 1, 2).
func TestWindowCall_EqualPartitionKeys(t *testing.T) {
	a, _ := value.ParseNumeric("1.0")
	b, _ := value.ParseNumeric("1.00")
	wb := &WindowBinding{Base: 1, Calls: []*WindowCall{{Name: "row_number", Partition: []expr.Expr{col(0, value.Numeric)}}}}
	out, err := wb.compute(testEnv(), [][]any{{a}, {b}})
	if err != nil {
		t.Fatal(err)
	}
	if out[0][1] != int64(1) || out[1][1] != int64(2) {
		t.Errorf("row_number %v %v, want 1 2", out[0][1], out[1][1])
	}
}

// TestWindowCall_Ntile: ntile(b) over n rows as PostgreSQL 15 splits them
// (SELECT ntile(b) OVER (ORDER BY g) FROM generate_series(1, n) g): the
// first n%b buckets hold one row more. More buckets than rows leaves
// the last ones empty, not every other one (ntile(5) over 3 rows was
// 1, 2, 4).
func TestWindowCall_Ntile(t *testing.T) {
	for _, tt := range []struct {
		n, buckets int
		want       string
	}{
		{7, 5, "1 1 2 2 3 4 5"},
		{3, 5, "1 2 3"},
		{10, 4, "1 1 1 2 2 2 3 3 4 4"},
		{5, 3, "1 1 2 2 3"},
		{1, 3, "1"},
		{6, 6, "1 2 3 4 5 6"},
		{8, 3, "1 1 1 2 2 2 3 3"},
		{9, 2, "1 1 1 1 1 2 2 2 2"},
	} {
		rows := make([][]any, tt.n)
		for i := range rows {
			rows[i] = []any{int64(i)}
		}
		wb := &WindowBinding{Base: 1, Calls: []*WindowCall{{Name: "ntile", Args: []expr.Expr{lit(int64(tt.buckets), value.Int8)}, Order: []expr.SortKey{{X: col(0, value.Int8)}}}}}
		out, err := wb.compute(testEnv(), rows)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]string, len(out))
		for i, r := range out {
			got[i] = value.FormatText(r[1])
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("ntile(%d) over %d rows: %s, want %s", tt.buckets, tt.n, g, tt.want)
		}
	}
}
