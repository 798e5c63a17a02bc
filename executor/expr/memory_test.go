package expr

import "testing"

func TestRowsSize(t *testing.T) {
	small := [][]any{{int64(1), "abc"}, {nil, true}}
	if got, want := RowsSize(small), RowSize(small[0])+RowSize(small[1]); got != want {
		t.Errorf("small: %d, want %d", got, want)
	}
	// A large result is sampled: alike rows give the exact sum.
	large := make([][]any, 10000)
	for i := range large {
		large[i] = []any{int64(i), "0123456789"}
	}
	if got, want := RowsSize(large), 10000*RowSize(large[0]); got != want {
		t.Errorf("large: %d, want %d", got, want)
	}
	if got := ValueSize("0123456789"); got != IfaceSize+2*WordSize+10 {
		t.Errorf("ValueSize(string) = %d", got)
	}
}
