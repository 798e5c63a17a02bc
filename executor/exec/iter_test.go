package exec

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// streamingSelect is SELECT c0 FROM in [WHERE where] [OFFSET] [LIMIT]: the
// streaming path of SelectPlan.Open (FROM, filterIter, projecting,
// limitIter).
func streamingSelect(in Relation, where expr.Expr, offset, limit expr.Expr) *SelectPlan {
	return &SelectPlan{From: in, Where: where, Project: []expr.Expr{col(0, value.Int8)}, NOutput: 1, Offset: offset, Limit: limit}
}

// TestSelectPlan_Streaming: WHERE passes only rows whose condition is
// true (NULL rejects), and OFFSET/LIMIT read no row past the last one they
// return: the input's Next is not called once the limit is reached, and
// the input is closed.
func TestSelectPlan_Streaming(t *testing.T) {
	in := [][]any{{int64(1)}, {int64(2)}, {nil}, {int64(4)}, {int64(5)}}
	gt1 := cmp(">", col(0, value.Int8), lit(int64(1), value.Int8))
	n := func(v int64) expr.Expr { return lit(v, value.Int8) }
	tests := []struct {
		name          string
		where         expr.Expr
		offset, limit expr.Expr
		want          [][]any
		nexts         int // calls of the input's Next
	}{
		{"all", nil, nil, nil, in, 6},
		{"where: NULL is not true", gt1, nil, nil, ints(2, 4, 5), 6},
		{"limit 2 reads 2", nil, nil, n(2), [][]any{{int64(1)}, {int64(2)}}, 2},
		{"offset 1 limit 2 reads 3", nil, n(1), n(2), [][]any{{int64(2)}, {nil}}, 3},
		{"limit through a filter reads to the match", gt1, nil, n(1), ints(2), 2},
		{"limit past the end", nil, nil, n(10), in, 6},
		{"offset past the end", nil, n(7), nil, nil, 6},
		{"NULL limit is no limit", nil, nil, lit(nil, value.Int8), in, 6},
		{"limit equal to the rows", nil, nil, n(5), in, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rel := newRel([]*value.Type{value.Int8}, in...)
			it, err := streamingSelect(rel, tt.where, tt.offset, tt.limit).Open(testEnv())
			if err != nil {
				t.Fatal(err)
			}
			got, err := drain(t, it)
			if err != nil {
				t.Fatal(err)
			}
			sameRows(t, got, tt.want)
			src := rel.opened[0]
			if src.nexts != tt.nexts {
				t.Errorf("input Next called %d times, want %d", src.nexts, tt.nexts)
			}
			if src.closes == 0 || src.nextAfterClose > 0 {
				t.Errorf("input closed %d times, read %d times after Close", src.closes, src.nextAfterClose)
			}
		})
	}
}

// TestSelectPlan_LimitZeroOpensNothing: as in PostgreSQL, LIMIT 0 reads
// nothing, so a scan under it makes no API call.
func TestSelectPlan_LimitZeroOpensNothing(t *testing.T) {
	rel := newRel([]*value.Type{value.Int8}, ints(1, 2)...)
	it, err := streamingSelect(rel, nil, nil, lit(int64(0), value.Int8)).Open(testEnv())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := drain(t, it); len(got) != 0 || len(rel.opened) != 0 {
		t.Fatalf("rows %v, input opened %d times", got, len(rel.opened))
	}
}

// TestSelectPlan_CloseEarly: a consumer that stops (a portal closed part
// way) closes the input through every operator.
func TestSelectPlan_CloseEarly(t *testing.T) {
	rel := newRel([]*value.Type{value.Int8}, ints(1, 2, 3)...)
	where := cmp(">", col(0, value.Int8), lit(int64(0), value.Int8))
	it, err := streamingSelect(rel, where, lit(int64(1), value.Int8), lit(int64(5), value.Int8)).Open(testEnv())
	if err != nil {
		t.Fatal(err)
	}
	if r, err := it.Next(); err != nil || r[0] != int64(2) {
		t.Fatalf("first row %v, %v", r, err)
	}
	it.Close()
	it.Close() // Close may be called more than once
	if src := rel.opened[0]; src.closes == 0 || src.nexts != 2 {
		t.Fatalf("input: %d Next, %d Close", src.nexts, src.closes)
	}
}

// TestSelectPlan_LimitErrors: negative LIMIT and OFFSET are PostgreSQL's
// 2201W and 2201X, and fail before the input is opened.
func TestSelectPlan_LimitErrors(t *testing.T) {
	for _, tt := range []struct {
		offset, limit expr.Expr
		code          pgerr.Code
		msg           string
	}{
		{nil, lit(int64(-1), value.Int8), pgerr.InvalidRowCountInLimitClause, "LIMIT must not be negative"},
		{lit(int64(-1), value.Int8), nil, pgerr.InvalidRowCountInResultOffsetClause, "OFFSET must not be negative"},
	} {
		for _, sorted := range []bool{false, true} {
			rel := newRel([]*value.Type{value.Int8}, ints(1)...)
			p := streamingSelect(rel, nil, tt.offset, tt.limit)
			if sorted { // the collecting path
				p.SortCols, p.SortKeys = []int{0}, []expr.SortKey{{X: col(0, value.Int8)}}
			}
			it, err := p.Open(testEnv())
			if err == nil {
				_, err = drain(t, it)
			}
			if pe := wantCode(t, err, tt.code); pe.Message != tt.msg {
				t.Errorf("message %q, want %q", pe.Message, tt.msg)
			}
		}
	}
}

// TestSelectPlan_Project: the select list is evaluated per row and
// hidden sort columns are cut from what is returned.
func TestSelectPlan_Project(t *testing.T) {
	rel := newRel([]*value.Type{value.Int8, value.Text}, []any{int64(2), "b"}, []any{int64(1), "a"})
	p := &SelectPlan{From: rel, NOutput: 1,
		Project:  []expr.Expr{col(1, value.Text), col(0, value.Int8)},
		SortCols: []int{1}, SortKeys: []expr.SortKey{{X: col(0, value.Int8)}}}
	got := rowsOf(t, p)
	sameRows(t, got, [][]any{{"a"}, {"b"}})
}

// TestGather_MemoryAccount: Gather charges the rows it collects to the
// operator that made them, fails with 53200 naming it once the
// statement's limit is passed, and does not charge again rows that were
// already held (a slice).
func TestGather_MemoryAccount(t *testing.T) {
	rows := make([][]any, 300)
	for i := range rows {
		rows[i] = []any{int64(i), strings.Repeat("x", 100)}
	}
	// accounted is an Env with a statement account of 1MB, and what the
	// account holds.
	accounted := func(t *testing.T) (*expr.Env, func() int64) {
		pool := &expr.MemoryPool{}
		acc, err := pool.Open(1<<20, 1, "q")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(acc.Close)
		e := testEnv()
		e.Exec.Mem = acc
		return e, func() int64 { return pool.Statements()[0].Bytes }
	}
	t.Run("under the limit, charged as estimated", func(t *testing.T) {
		e, held := accounted(t)
		got, err := Gather(e, &rowsIter{rows: rows[:10]}, "Foreign Scan")
		if err != nil || len(got) != 10 {
			t.Fatalf("%d rows, %v", len(got), err)
		}
		if got, want := held(), expr.RowsSize(rows[:10]); got != want {
			t.Errorf("charged %d bytes, want %d", got, want)
		}
		if _, err := Gather(e, SliceRows(rows), "Foreign Scan"); err != nil {
			t.Fatal(err)
		}
		if got, want := held(), expr.RowsSize(rows[:10]); got != want {
			t.Errorf("a slice was charged again: %d bytes, want %d", got, want)
		}
	})
	t.Run("the read cache's rows are charged as references", func(t *testing.T) {
		e, held := accounted(t)
		// Rows 0-99 are the cache's, 100-109 the statement's own.
		src := &sharedIter{rowsIter: rowsIter{rows: rows[:110]}, shares: 100}
		if _, err := Gather(e, src, "Foreign Scan"); err != nil {
			t.Fatal(err)
		}
		if got, want := held(), 100*expr.SliceSize+expr.RowsSize(rows[100:110]); got != want {
			t.Errorf("charged %d bytes, want %d", got, want)
		}
		// Past the limit with the statement's own rows, however many of
		// the cache's came first.
		src = &sharedIter{rowsIter: rowsIter{rows: rows}, shares: 260}
		wantCode(t, func() error { _, err := Gather(limitedEnv(t, 4096), src, "Foreign Scan"); return err }(), pgerr.OutOfMemory)
	})
	t.Run("past the limit", func(t *testing.T) {
		src := &rowsIter{rows: rows}
		_, err := Gather(limitedEnv(t, 4096), src, "Hash Join")
		pe := wantCode(t, err, pgerr.OutOfMemory)
		if pe.Message != "out of memory" || !strings.Contains(pe.Detail, `operator "Hash Join"`) || !strings.Contains(pe.Hint, "vpnsql.statement_mem") {
			t.Errorf("error %q, DETAIL %q, HINT %q", pe.Message, pe.Detail, pe.Hint)
		}
		if src.closes == 0 {
			t.Error("Gather did not close its input on error")
		}
	})
	t.Run("the collecting path names its input", func(t *testing.T) {
		rel := newRel([]*value.Type{value.Int8, value.Text}, rows...)
		p := &SelectPlan{From: &FilterRel{Rel: rel, Cond: lit(true, value.Bool)}, Project: []expr.Expr{col(0, value.Int8)}, NOutput: 1,
			SortCols: []int{0}, SortKeys: []expr.SortKey{{X: col(0, value.Int8)}}}
		_, err := p.Open(limitedEnv(t, 4096))
		// rowsRel is neither a scan nor a join: its rows are a "Result".
		if pe := wantCode(t, err, pgerr.OutOfMemory); !strings.Contains(pe.Detail, `operator "Result"`) {
			t.Errorf("DETAIL %q", pe.Detail)
		}
	})
}

// sharedIter is a rowsIter whose first shares rows are the read cache's
// (sharer).
type sharedIter struct {
	rowsIter
	shares int
}

func (s *sharedIter) shared() bool { return s.i <= s.shares }
