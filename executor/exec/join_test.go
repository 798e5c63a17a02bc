package exec

import (
	"fmt"
	"slices"
	"testing"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// rowSet is rows as sorted text, to compare results whose order the
// operator does not promise.
func rowSet(rows [][]any) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprint(r)
	}
	slices.Sort(out)
	return out
}

func sameSet(t *testing.T, got [][]any, want [][]any) {
	t.Helper()
	if g, w := rowSet(got), rowSet(want); !slices.Equal(g, w) {
		t.Errorf("rows\n got %v\nwant %v", g, w)
	}
}

// TestJoinRel_Kinds: each join kind, by hash (equality of one hashable
// type) and by nested loop (the same condition over numeric, which is
// not hashed), with NULL keys on both sides: a NULL key matches nothing,
// so its row appears only NULL-extended, in the joins that keep it.
func TestJoinRel_Kinds(t *testing.T) {
	left := [][]any{{int64(1), "l1"}, {int64(2), "l2"}, {nil, "lnull"}, {int64(2), "l2b"}}
	right := [][]any{{int64(2), "r2"}, {int64(3), "r3"}, {nil, "rnull"}, {int64(2), "r2b"}}
	inner := [][]any{
		{int64(2), "l2", int64(2), "r2"}, {int64(2), "l2", int64(2), "r2b"},
		{int64(2), "l2b", int64(2), "r2"}, {int64(2), "l2b", int64(2), "r2b"},
	}
	leftOnly := [][]any{{int64(1), "l1", nil, nil}, {nil, "lnull", nil, nil}}
	rightOnly := [][]any{{nil, nil, int64(3), "r3"}, {nil, nil, nil, "rnull"}}
	var cross [][]any
	for _, l := range left {
		for _, r := range right {
			cross = append(cross, append(append([]any{}, l...), r...))
		}
	}
	tests := []struct {
		kind string
		want [][]any
	}{
		{"inner", inner},
		{"left", append(append([][]any{}, inner...), leftOnly...)},
		{"right", append(append([][]any{}, inner...), rightOnly...)},
		{"full", append(append(append([][]any{}, inner...), leftOnly...), rightOnly...)},
		{"cross", cross},
	}
	for _, keyType := range []*value.Type{value.Int8, value.Numeric} {
		for _, tt := range tests {
			t.Run(tt.kind+"/"+keyType.Name, func(t *testing.T) {
				l := newRel([]*value.Type{keyType, value.Text}, left...)
				r := newRel([]*value.Type{keyType, value.Text}, right...)
				j := &JoinRel{Left: l, Right: r, Kind: tt.kind}
				if tt.kind != "cross" {
					j.Cond = cmp("=", col(0, keyType), col(2, keyType))
				}
				wantOp := "Nested Loop"
				if keyType == value.Int8 && j.Cond != nil {
					wantOp = "Hash Join"
				}
				if op := opName(j); op != wantOp {
					t.Errorf("runs as %s, want %s", op, wantOp)
				}
				got := rowsOf(t, j)
				sameSet(t, got, tt.want)
				if l.opened[0].closes == 0 {
					t.Error("left input not closed")
				}
			})
		}
	}
}

// TestJoinRel_OnRejectsAll: in a LEFT JOIN a left row whose every
// candidate fails the rest of ON (a non-key conjunct) is NULL-extended,
// as in PostgreSQL; the condition is not a WHERE.
func TestJoinRel_OnRejectsAll(t *testing.T) {
	l := newRel([]*value.Type{value.Int8}, ints(1, 2)...)
	r := newRel([]*value.Type{value.Int8, value.Text}, []any{int64(1), "x"}, []any{int64(2), "y"}, []any{int64(2), "z"})
	cond := and(cmp("=", col(0, value.Int8), col(1, value.Int8)), cmp("<>", col(2, value.Text), lit("x", value.Text)))
	j := &JoinRel{Left: l, Right: r, Kind: "left", Cond: cond}
	got := rowsOf(t, j)
	sameSet(t, got, [][]any{{int64(1), nil, nil}, {int64(2), int64(2), "y"}, {int64(2), int64(2), "z"}})
}

// TestJoinRel_MixedTypesNotHashed: int4 = int8 keys are compared, not
// hashed (their Go values are one type, but HashKeys wants one SQL type),
// and still join.
func TestJoinRel_MixedTypesNotHashed(t *testing.T) {
	l := newRel([]*value.Type{value.Int4}, ints(1, 2)...)
	r := newRel([]*value.Type{value.Int8}, ints(2, 3)...)
	j := &JoinRel{Left: l, Right: r, Kind: "inner", Cond: cmp("=", col(0, value.Int4), col(1, value.Int8))}
	if lk, _ := HashKeys(j.Cond, 1); len(lk) != 0 {
		t.Errorf("hash keys %v", lk)
	}
	it, err := j.Open(testEnv())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := drain(t, it)
	sameRows(t, got, [][]any{{int64(2), int64(2)}})
}

// TestJoinRel_StreamsLeft: the left side streams: the first joined row
// needs one left row, and closing the join closes the left input.
func TestJoinRel_StreamsLeft(t *testing.T) {
	l := newRel([]*value.Type{value.Int8}, ints(1, 2, 3)...)
	r := newRel([]*value.Type{value.Int8}, ints(1, 2, 3)...)
	j := &JoinRel{Left: l, Right: r, Kind: "inner", Cond: cmp("=", col(0, value.Int8), col(1, value.Int8))}
	it, err := j.Open(testEnv())
	if err != nil {
		t.Fatal(err)
	}
	if row, err := it.Next(); err != nil || row[0] != int64(1) {
		t.Fatalf("%v %v", row, err)
	}
	it.Close()
	if src := l.opened[0]; src.nexts != 1 || src.closes == 0 {
		t.Errorf("left: %d Next, %d Close", src.nexts, src.closes)
	}
}

// TestUsingRel_Merge: the merged column of USING is the left value for
// inner and left joins, the right one for right joins, the non-NULL one
// for full joins.
func TestUsingRel_Merge(t *testing.T) {
	for _, tt := range []struct {
		kind string
		want [][]any
	}{
		{"left", [][]any{{int64(1), int64(1), nil}, {int64(2), int64(2), int64(2)}}},
		{"right", [][]any{{int64(2), int64(2), int64(2)}, {int64(3), nil, int64(3)}}},
		{"full", [][]any{{int64(1), int64(1), nil}, {int64(2), int64(2), int64(2)}, {int64(3), nil, int64(3)}}},
	} {
		t.Run(tt.kind, func(t *testing.T) {
			l := newRel([]*value.Type{value.Int8}, ints(1, 2)...)
			r := newRel([]*value.Type{value.Int8}, ints(2, 3)...)
			j := &JoinRel{Left: l, Right: r, Kind: tt.kind, Cond: cmp("=", col(0, value.Int8), col(1, value.Int8))}
			u := &UsingRel{Join: j, Cols: []expr.ScopeCol{{Name: "c0", T: value.Int8}}, Pairs: [][2]int{{0, 1}}, Types: [][2]*value.Type{{value.Int8, value.Int8}}}
			got := rowsOf(t, u)
			sameSet(t, got, tt.want)
		})
	}
}
