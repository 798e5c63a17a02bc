package parse

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/vpnsql/vpnsql/pgerr"
)

func TestCache_Parse(t *testing.T) {
	for _, tc := range []struct {
		name, sql string
		code      pgerr.Code // "" for a tree
		position  int32
		cached    bool
	}{
		{"statement", "SELECT 1 FROM t WHERE a = $1", "", 0, true},
		{"two statements", "SELECT 1; SELECT 2", "", 0, true},
		{"empty", " -- nothing", "", 0, true},
		{"syntax error", "SELECT 1 FROM WHERE", pgerr.SyntaxError, 15, true},
		{"syntax error, multibyte", "SELECT 'é' FROM WHERE", pgerr.SyntaxError, 17, true},
		// Statements too deep for the parser (54001) are all longer
		// than MaxCachedText.
		{"too deep", "SELECT " + rep("1+", 5000) + "1", pgerr.StatementTooComplex, 0, false},
		{"long text", "SELECT 1" + rep(" ", MaxCachedText), "", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := NewCache(DefaultCacheBytes)
			tree1, err1 := c.Parse(tc.sql)
			tree2, err2 := c.Parse(tc.sql)
			for _, err := range []error{err1, err2} {
				if tc.code == "" && err != nil {
					t.Fatal(err)
				}
				if tc.code != "" {
					pe, ok := err.(*pgerr.Error)
					if !ok || pe.Code != tc.code || pe.Position != tc.position {
						t.Fatalf("error %#v, want %s at %d", err, tc.code, tc.position)
					}
				}
			}
			want := CacheStats{Hits: 1, Misses: 1, Entries: 1}
			if !tc.cached {
				want = CacheStats{}
			}
			got := c.Stats()
			got.Bytes = 0
			if got != want {
				t.Errorf("stats %+v, want %+v", got, want)
			}
			if tc.code == "" {
				if tc.cached && tree1 != tree2 {
					t.Error("a cached text gave a new tree")
				}
				fresh, _ := Parse(tc.sql)
				if !proto.Equal(tree2, fresh) {
					t.Error("the cached tree differs from a fresh parse")
				}
			} else if err1 == err2 {
				t.Error("two callers got the same error value; each must have its own to position")
			}
		})
	}
}

// TestCache_ErrorCopies: the caller who moves its error's position (as
// the executor does, to characters) does not move the next caller's.
func TestCache_ErrorCopies(t *testing.T) {
	c := NewCache(DefaultCacheBytes)
	_, err := c.Parse("SELECT FROM FROM")
	err.(*pgerr.Error).Position = 99
	_, err = c.Parse("SELECT FROM FROM")
	if pe := err.(*pgerr.Error); pe.Position != 13 || pe.Code != pgerr.SyntaxError {
		t.Fatalf("second error %#v", pe)
	}
}

// TestCache_Bound: the cache holds at most its bound of estimated bytes,
// evicting the least recently used texts.
func TestCache_Bound(t *testing.T) {
	text := func(i int) string { return fmt.Sprintf("SELECT %d AS x%d", 10+i, 10+i) } // the same size
	one := NewCache(DefaultCacheBytes)
	one.Parse(text(0))
	size := one.Stats().Bytes
	c := NewCache(10 * size)
	for i := range 10 {
		c.Parse(text(i))
	}
	c.Parse(text(0)) // recently used: stays
	c.Parse(text(10))
	st := c.Stats()
	if st.Entries != 10 || st.Bytes > 10*size {
		t.Fatalf("%+v, want 10 entries within %d bytes", st, 10*size)
	}
	c.Parse(text(0))
	c.Parse(text(1))
	if st := c.Stats(); st.Hits != 2 || st.Misses != 12 {
		t.Errorf("%+v: want x10 kept (hit) and x11 evicted (miss)", st)
	}
	// An entry larger than an eighth of the bound is not kept.
	small := NewCache(size * 4)
	small.Parse("SELECT " + strings.Repeat("a, ", 200) + "a FROM t")
	if st := small.Stats(); st.Entries != 0 {
		t.Errorf("%+v: want the large entry refused", st)
	}
}

// TestCache_Concurrent: sessions parse through one cache at once (run
// with -race).
func TestCache_Concurrent(t *testing.T) {
	c := NewCache(DefaultCacheBytes)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				sql := fmt.Sprintf("SELECT %d WHERE x = %d", i%20, g%2)
				tree, err := c.Parse(sql)
				if err != nil || len(tree.Stmts) != 1 {
					t.Error(sql, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if st := c.Stats(); st.Entries != 40 || st.Hits+st.Misses != 800 {
		t.Errorf("%+v", st)
	}
}

const benchSQL = `SELECT "vpnConnectionId", state, tags->>'Name' FROM ec2.vpn_connections WHERE "vpnConnectionId" = $1`

// BenchmarkParse is pg_query's parse of the point lookup (BENCHMARKS.md).
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(benchSQL); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCache_Hit is the same text found in the cache.
func BenchmarkCache_Hit(b *testing.B) {
	c := NewCache(DefaultCacheBytes)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Parse(benchSQL); err != nil {
			b.Fatal(err)
		}
	}
}
