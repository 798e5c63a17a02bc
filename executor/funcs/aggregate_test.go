package funcs

import "testing"

// TestStringAggGrow: string_agg counts each value and its delimiter as it
// collects them, so value.CheckStringBuffer can fail before the input is
// all held.
func TestStringAggGrow(t *testing.T) {
	agg := Builtin().Aggregates["string_agg"]
	size := 0
	for i := 0; i < 3; i++ {
		if err := agg.Grow(&size, []any{"abc", ","}); err != nil {
			t.Fatal(err)
		}
	}
	if size != 12 {
		t.Fatalf("size %d", size)
	}
}
