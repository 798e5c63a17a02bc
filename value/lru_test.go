package value

import (
	"fmt"
	"testing"
)

func TestLRU_EvictsLeastRecentlyUsed(t *testing.T) {
	c := NewLRU[string, int](2)
	c.Put("a", 1)
	c.Put("b", 2)
	if _, ok := c.Get("a"); !ok { // a is now more recent than b
		t.Fatal("a missing")
	}
	c.Put("c", 3)
	for _, tc := range []struct {
		key  string
		want int
		ok   bool
	}{{"a", 1, true}, {"b", 0, false}, {"c", 3, true}} {
		if v, ok := c.Get(tc.key); ok != tc.ok || v != tc.want {
			t.Errorf("get(%s) = %d, %v; want %d, %v", tc.key, v, ok, tc.want, tc.ok)
		}
	}
	c.Put("c", 4) // replacing keeps the size
	if v, _ := c.Get("c"); v != 4 || c.Len() != 2 {
		t.Errorf("after replace: c = %d, len %d", v, c.Len())
	}
}

// TestCompiledCachesStayBounded: many distinct regexes and jsonpaths, as
// a client may send, leave each cache at its bound, and the latest are
// still cached.
func TestCompiledCachesStayBounded(t *testing.T) {
	for i := range 3 * CompiledCacheSize {
		if _, err := CompileRegex(fmt.Sprintf("^x%d$", i), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := CompileJSONPath(fmt.Sprintf("$.k%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := RegexCache.Len(); n != CompiledCacheSize {
		t.Errorf("regex cache holds %d, want %d", n, CompiledCacheSize)
	}
	if n := JsonPathCache.Len(); n != CompiledCacheSize {
		t.Errorf("jsonpath cache holds %d, want %d", n, CompiledCacheSize)
	}
	last := 3*CompiledCacheSize - 1
	if _, ok := RegexCache.Get("\x00" + fmt.Sprintf("^x%d$", last)); !ok {
		t.Error("the latest regex is not cached")
	}
	if _, ok := JsonPathCache.Get(fmt.Sprintf("$.k%d", last)); !ok {
		t.Error("the latest jsonpath is not cached")
	}
}

// BenchmarkCompileRegexCached is the per-row cost of finding a compiled
// pattern, from all cores at once.
func BenchmarkCompileRegexCached(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := CompileRegex(`^vpn-[0-9a-f]+$`, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
