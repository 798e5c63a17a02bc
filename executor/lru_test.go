package executor

import (
	"fmt"
	"testing"
)

func TestLRU_EvictsLeastRecentlyUsed(t *testing.T) {
	c := newLRU[string, int](2)
	c.put("a", 1)
	c.put("b", 2)
	if _, ok := c.get("a"); !ok { // a is now more recent than b
		t.Fatal("a missing")
	}
	c.put("c", 3)
	for _, tc := range []struct {
		key  string
		want int
		ok   bool
	}{{"a", 1, true}, {"b", 0, false}, {"c", 3, true}} {
		if v, ok := c.get(tc.key); ok != tc.ok || v != tc.want {
			t.Errorf("get(%s) = %d, %v; want %d, %v", tc.key, v, ok, tc.want, tc.ok)
		}
	}
	c.put("c", 4) // replacing keeps the size
	if v, _ := c.get("c"); v != 4 || c.len() != 2 {
		t.Errorf("after replace: c = %d, len %d", v, c.len())
	}
}

// TestCompiledCachesStayBounded: many distinct regexes and jsonpaths, as
// a client may send, leave each cache at its bound, and the latest are
// still cached.
func TestCompiledCachesStayBounded(t *testing.T) {
	for i := range 3 * compiledCacheSize {
		if _, err := compileRegex(fmt.Sprintf("^x%d$", i), ""); err != nil {
			t.Fatal(err)
		}
		if _, err := compileJSONPath(fmt.Sprintf("$.k%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if n := regexCache.len(); n != compiledCacheSize {
		t.Errorf("regex cache holds %d, want %d", n, compiledCacheSize)
	}
	if n := jsonPathCache.len(); n != compiledCacheSize {
		t.Errorf("jsonpath cache holds %d, want %d", n, compiledCacheSize)
	}
	last := 3*compiledCacheSize - 1
	if _, ok := regexCache.get("\x00" + fmt.Sprintf("^x%d$", last)); !ok {
		t.Error("the latest regex is not cached")
	}
	if _, ok := jsonPathCache.get(fmt.Sprintf("$.k%d", last)); !ok {
		t.Error("the latest jsonpath is not cached")
	}
}

// BenchmarkCompileRegexCached is the per-row cost of finding a compiled
// pattern, from all cores at once.
func BenchmarkCompileRegexCached(b *testing.B) {
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := compileRegex(`^vpn-[0-9a-f]+$`, ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
