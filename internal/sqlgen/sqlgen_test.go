package sqlgen

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestShape_Generate(t *testing.T) {
	names := map[string]bool{}
	for _, table := range [][]Shape{Hostile, KnownCrashers} {
		for _, s := range table {
			if names[s.Name] {
				t.Errorf("two shapes named %s", s.Name)
			}
			names[s.Name] = true
			for seed := uint64(0); seed < 20; seed++ {
				a, b := s.Generate(seed), s.Generate(seed)
				if a.SQL != b.SQL || strings.Join(a.Params, "\x01") != strings.Join(b.Params, "\x01") {
					t.Fatalf("%s seed %d: two different statements", s.Name, seed)
				}
				if a.Shape != s.Name || strings.TrimSpace(a.SQL) == "" {
					t.Fatalf("%s seed %d: %+v", s.Name, seed, a)
				}
			}
		}
	}
}

func TestSize(t *testing.T) {
	for _, tc := range []struct{ lo, hi int }{{1, 1}, {0, 10}, {2, 100000}, {300, 2147483647}} {
		seen := map[bool]bool{}
		for seed := uint64(0); seed < 200; seed++ {
			s := Shape{Name: "size", Gen: func(r *rand.Rand) Statement {
				n := Size(r, tc.lo, tc.hi)
				if n < tc.lo || n > tc.hi {
					t.Fatalf("Size(%d, %d) = %d", tc.lo, tc.hi, n)
				}
				seen[n < tc.lo+(tc.hi-tc.lo)/1000+1] = true
				return Statement{SQL: "x"}
			}}
			s.Generate(seed)
		}
		if tc.hi-tc.lo > 1000 && len(seen) != 2 {
			t.Errorf("Size(%d, %d) drew only small or only large sizes", tc.lo, tc.hi)
		}
	}
}
