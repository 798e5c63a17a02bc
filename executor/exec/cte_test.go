package exec

import (
	"testing"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// recursive is WITH RECURSIVE r(n) AS (VALUES base UNION [ALL] SELECT
// step FROM r [WHERE where]).
func recursive(base [][]any, all bool, step expr.Expr, where expr.Expr) *RecursivePlan {
	key := new(int)
	work := &WorkTable{Cols: []expr.ScopeCol{{Name: "n", T: value.Int8}}, Key: key}
	return &RecursivePlan{
		Base: &rowsPlan{types: []*value.Type{value.Int8}, rows: base},
		Step: &SelectPlan{From: work, Where: where, Project: []expr.Expr{step}, NOutput: 1},
		All:  all, Key: key,
	}
}

// TestRecursivePlan: the recursion ends when an iteration adds nothing:
// with UNION a row seen before is not new (so a cycle ends), with UNION
// ALL only an empty iteration ends it; the work table is gone after.
func TestRecursivePlan(t *testing.T) {
	n := col(0, value.Int8)
	one := lit(int64(1), value.Int8)
	for _, tt := range []struct {
		name  string
		base  [][]any
		all   bool
		step  expr.Expr
		where expr.Expr
		want  [][]any
	}{
		// SELECT n % 3 + 1 FROM r: 1, 2, 3, 1, ... a cycle UNION stops.
		{"UNION ends a cycle", ints(1), false, expr.ArithExpr("+", expr.ArithExpr("%", n, lit(int64(3), value.Int8), value.Int8), one, value.Int8), nil, ints(1, 2, 3)},
		// SELECT n + 1 FROM r WHERE n < 3
		{"UNION ALL ends on an empty step", ints(1), true, expr.ArithExpr("+", n, one, value.Int8), cmp("<", n, lit(int64(3), value.Int8)), ints(1, 2, 3)},
		// VALUES (1), (1) UNION ALL SELECT n + 1 FROM r WHERE n < 2
		{"UNION ALL keeps duplicates", ints(1, 1), true, expr.ArithExpr("+", n, one, value.Int8), cmp("<", n, lit(int64(2), value.Int8)), ints(1, 1, 2, 2)},
		{"UNION drops them", ints(1, 1), false, expr.ArithExpr("+", n, one, value.Int8), cmp("<", n, lit(int64(2), value.Int8)), ints(1, 2)},
		// VALUES (NULL), (1) UNION SELECT NULL FROM r WHERE n = 1: the
		// step's NULL row was seen, so nothing is new.
		{"UNION: NULL rows are not distinct", [][]any{{nil}, {int64(1)}}, false, lit(nil, value.Int8), cmp("=", n, one), [][]any{{nil}, {int64(1)}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := recursive(tt.base, tt.all, tt.step, tt.where)
			e := limitedEnv(t, 1<<20) // a case that never ends fails
			it, err := p.Open(e)
			if err != nil {
				t.Fatal(err)
			}
			got, err := drain(t, it)
			if err != nil {
				t.Fatal(err)
			}
			sameRows(t, got, tt.want)
			if _, left := e.Exec.Cache[p.Key]; left {
				t.Error("the work table is still in the cache")
			}
		})
	}
}

// TestRecursivePlan_Runaway: a recursion that never ends stops at the
// statement's memory limit with 53200, as PostgreSQL's would at its disk
// or statement_timeout, instead of taking the server's memory.
func TestRecursivePlan_Runaway(t *testing.T) {
	n := col(0, value.Int8)
	p := recursive(ints(1), true, expr.ArithExpr("+", n, lit(int64(1), value.Int8), value.Int8), nil)
	_, err := p.Open(limitedEnv(t, 64<<10))
	wantCode(t, err, pgerr.OutOfMemory)
}

// TestSelectPlan_Distinct: DISTINCT keeps the first of equal rows (NULLs
// equal), over the output columns only, not the hidden sort columns;
// DISTINCT ON keeps the first row of each group in ORDER BY's order.
func TestSelectPlan_Distinct(t *testing.T) {
	// (x, y)
	in := [][]any{{int64(1), "b"}, {nil, "z"}, {int64(1), "a"}, {nil, "y"}}
	x, y := col(0, value.Int8), col(1, value.Text)
	t.Run("DISTINCT x ORDER BY x", func(t *testing.T) {
		p := &SelectPlan{From: newRel([]*value.Type{value.Int8, value.Text}, in...), Distinct: true,
			Project: []expr.Expr{x}, NOutput: 1, SortCols: []int{0}, SortKeys: []expr.SortKey{{X: x}}}
		it, err := p.Open(testEnv())
		if err != nil {
			t.Fatal(err)
		}
		got, _ := drain(t, it)
		sameRows(t, got, [][]any{{int64(1)}, {nil}})
	})
	// SELECT DISTINCT ON (x) x, y ... ORDER BY x, y (PostgreSQL 15: (1, a), (NULL, y))
	t.Run("DISTINCT ON (x) ORDER BY x, y", func(t *testing.T) {
		p := &SelectPlan{From: newRel([]*value.Type{value.Int8, value.Text}, in...), DistinctOn: []int{0},
			Project: []expr.Expr{x, y}, NOutput: 2, SortCols: []int{0, 1}, SortKeys: []expr.SortKey{{X: x}, {X: y}}}
		it, err := p.Open(testEnv())
		if err != nil {
			t.Fatal(err)
		}
		got, _ := drain(t, it)
		sameRows(t, got, [][]any{{int64(1), "a"}, {nil, "y"}})
	})
}

// TestJoinRel_Lateral: a LATERAL right side runs once per left row with
// that row as its outer context; LEFT JOIN LATERAL keeps a left row whose
// right side is empty (PostgreSQL 15: x = 0 LEFT JOIN LATERAL
// generate_series(1, x) gives (0, NULL)).
func TestJoinRel_Lateral(t *testing.T) {
	left := newRel([]*value.Type{value.Int8}, ints(2, 0)...)
	// generate_series(1, x): rows 1..x of the outer row's x.
	right := &seriesRel{}
	j := &JoinRel{Left: left, Right: right, Kind: "left", Lateral: true}
	got := rowsOf(t, j)
	sameRows(t, got, [][]any{{int64(2), int64(1)}, {int64(2), int64(2)}, {int64(0), nil}})
	if right.opens != 2 {
		t.Errorf("right side opened %d times, want once per left row", right.opens)
	}
}

// seriesRel is generate_series(1, x) for the outer row's first column.
type seriesRel struct{ opens int }

func (s *seriesRel) Columns() []expr.ScopeCol {
	return []expr.ScopeCol{{Name: "g", T: value.Int8}}
}

func (s *seriesRel) Open(e *expr.Env) (RowIter, error) {
	s.opens++
	x, err := (&expr.OuterColExpr{Depth: 1, Idx: 0, T: value.Int8}).Eval(e)
	if err != nil {
		return nil, err
	}
	var rows [][]any
	for i := int64(1); i <= x.(int64); i++ {
		rows = append(rows, []any{i})
	}
	return &rowsIter{rows: rows}, nil
}
