package exec

import (
	"math"
	"testing"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/value"
)

// TestSetOpPlan: UNION, INTERSECT and EXCEPT with and without ALL, where
// NULLs are equal to each other (they are "not distinct"), as PostgreSQL
// 15 answers for left (1, 1, NULL, NULL, 2).
func TestSetOpPlan(t *testing.T) {
	left := [][]any{{int64(1)}, {int64(1)}, {nil}, {nil}, {int64(2)}}
	tests := []struct {
		op    SetOp
		all   bool
		right [][]any
		want  [][]any
	}{
		{Union, false, [][]any{{nil}, {int64(3)}}, [][]any{{int64(1)}, {nil}, {int64(2)}, {int64(3)}}},
		{Union, true, [][]any{{nil}, {int64(3)}}, append(append([][]any{}, left...), []any{nil}, []any{int64(3)})},
		{Intersect, false, [][]any{{nil}, {int64(1)}, {int64(1)}, {int64(1)}}, [][]any{{int64(1)}, {nil}}},
		{Intersect, true, [][]any{{nil}, {int64(1)}, {int64(1)}, {int64(1)}}, [][]any{{int64(1)}, {int64(1)}, {nil}}},
		{Except, false, [][]any{{nil}, {int64(1)}}, [][]any{{int64(2)}}},
		{Except, true, [][]any{{nil}, {int64(1)}}, [][]any{{int64(1)}, {nil}, {int64(2)}}},
		{Except, false, nil, [][]any{{int64(1)}, {nil}, {int64(2)}}},
		{Intersect, true, nil, nil},
	}
	for _, tt := range tests {
		name := map[SetOp]string{Union: "UNION", Intersect: "INTERSECT", Except: "EXCEPT"}[tt.op]
		if tt.all {
			name += " ALL"
		}
		t.Run(name, func(t *testing.T) {
			p := &SetOpPlan{Op: tt.op, All: tt.all,
				Left:  &rowsPlan{types: []*value.Type{value.Int8}, rows: left},
				Right: &rowsPlan{types: []*value.Type{value.Int8}, rows: tt.right},
				Types: []*value.Type{value.Int8}}
			p.Columns = p.Left.OutputColumns()
			got := rowsOf(t, p)
			sameSet(t, got, tt.want)
		})
	}
}

// TestSetOpPlan_EqualValues: rows are compared by their type's equality,
// not their text: numeric 1.0 INTERSECT 1.00 is 1.0 in PostgreSQL, and
// UNION of float8 0 and -0 is one row.
func TestSetOpPlan_EqualValues(t *testing.T) {
	num := func(s string) pgtype.Numeric {
		v, err := value.ParseNumeric(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct {
		name        string
		op          SetOp
		t           *value.Type
		left, right [][]any
		want        int
	}{
		{"numeric INTERSECT", Intersect, value.Numeric, [][]any{{num("1.0")}}, [][]any{{num("1.00")}}, 1},
		{"numeric EXCEPT", Except, value.Numeric, [][]any{{num("1.0")}}, [][]any{{num("1")}}, 0},
		{"float8 UNION", Union, value.Float8, [][]any{{0.0}}, [][]any{{math.Copysign(0, -1)}}, 1},
		{"interval UNION", Union, value.Interval, [][]any{{pgtype.Interval{Days: 1, Valid: true}}}, [][]any{{pgtype.Interval{Microseconds: 86400e6, Valid: true}}}, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := &SetOpPlan{Op: tt.op,
				Left:  &rowsPlan{types: []*value.Type{tt.t}, rows: tt.left},
				Right: &rowsPlan{types: []*value.Type{tt.t}, rows: tt.right},
				Types: []*value.Type{tt.t}}
			p.Columns = p.Left.OutputColumns()
			it, err := p.Open(testEnv())
			if err != nil {
				t.Fatal(err)
			}
			got, err := drain(t, it)
			if err != nil || len(got) != tt.want {
				t.Fatalf("rows %v, err %v; want %d rows", got, err, tt.want)
			}
			if len(got) == 1 && got[0][0] != tt.left[0][0] && tt.t == value.Numeric {
				t.Errorf("kept %v, want the left row's %v", got[0][0], tt.left[0][0])
			}
		})
	}
}

// TestSetOpPlan_UnionAllStreams: UNION ALL under LIMIT reads the left side
// only as far as needed and never opens the right one.
func TestSetOpPlan_UnionAllStreams(t *testing.T) {
	l := &rowsPlan{types: []*value.Type{value.Int8}, rows: ints(1, 2, 3)}
	r := &rowsPlan{types: []*value.Type{value.Int8}, rows: ints(4)}
	p := &SetOpPlan{Op: Union, All: true, Left: l, Right: r, Types: []*value.Type{value.Int8}, Limit: lit(int64(2), value.Int8)}
	got := rowsOf(t, p)
	sameRows(t, got, ints(1, 2))
	if len(r.opened) != 0 || l.opened[0].nexts != 2 || l.opened[0].closes == 0 {
		t.Errorf("right opened %d times; left %d Next, %d Close", len(r.opened), l.opened[0].nexts, l.opened[0].closes)
	}
}
