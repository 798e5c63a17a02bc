// Package sqlgen generates SQL statements from a seed: a table of named
// shapes, each a function of a random stream, so the same (shape, seed)
// always gives the same statement. Two generators share it:
//
//   - hostile.go: shapes meant to hurt a server, for the robustness
//     fuzzer (integration/hostile_test.go);
//   - query.go, query_expr.go, tlp.go: a random query generator in the
//     manner of SQLsmith (Grammar, whose Shapes are the same Shape type)
//     and SQLancer's ternary-logic partitioning checks, for the
//     differential test against PostgreSQL (integration/sql_fuzz_test.go).
//
// A shape draws its sizes from the stream within bounds the server is
// expected to survive today. Shapes past those bounds, which are known to
// crash or exhaust the server until their fix lands, live in
// KnownCrashers rather than Hostile.
package sqlgen

import (
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// Statement is one generated statement.
type Statement struct {
	Shape string
	SQL   string
	// Params, when not nil, are sent as text parameters with the extended
	// protocol ($1, $2, ...); otherwise SQL goes as a simple Query.
	Params []string
}

// Shape is a named generator of statements.
type Shape struct {
	Name string
	Gen  func(r *rand.Rand) Statement
}

// Generate returns the shape's statement for seed. The stream depends on
// the shape's name as well as the seed, so reordering a table changes no
// statement.
func (s Shape) Generate(seed uint64) Statement {
	h := fnv.New64a()
	h.Write([]byte(s.Name))
	st := s.Gen(rand.New(rand.NewPCG(seed, h.Sum64())))
	st.Shape = s.Name
	return st
}

// Lookup finds a shape by name in tables.
func Lookup(name string, tables ...[]Shape) (Shape, bool) {
	for _, t := range tables {
		for _, s := range t {
			if s.Name == name {
				return s, true
			}
		}
	}
	return Shape{}, false
}

// Size draws a size between lo and hi (inclusive), log-uniformly, so small
// and large sizes are both common.
func Size(r *rand.Rand, lo, hi int) int {
	if hi <= lo {
		return lo
	}
	// Pick a bit length, then a value of about that length.
	span := hi - lo
	bits := 1 + r.IntN(bitLen(span))
	n := r.IntN(1 << bits)
	if n > span {
		n = span
	}
	return lo + n
}

func bitLen(n int) int {
	b := 0
	for n > 0 {
		b++
		n >>= 1
	}
	return b
}

// Pick returns one of xs.
func Pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// Join repeats item n times with sep between: Join("1", "+", 3) = "1+1+1".
func Join(item, sep string, n int) string {
	if n <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(n * (len(item) + len(sep)))
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(item)
	}
	return b.String()
}

// Nest wraps inner in n pairs of open and close.
func Nest(open, inner, close string, n int) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// Quote is a SQL string literal of s.
func Quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
