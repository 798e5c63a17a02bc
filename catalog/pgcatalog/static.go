package pgcatalog

import (
	"slices"
	"sync"

	"github.com/vpnsql/vpnsql/catalog"
)

// Static rows: most of pg_catalog (the built-in relations' pg_class rows,
// pg_attribute, pg_type, pg_proc, pg_description, the generated
// relations) depends only on the catalog's tables. Those rows are made
// once per catalogState, at the relation's first scan, and shared
// read-only by every later scan; an equality pushed into a scan (attrelid
// = x, relname = x, oid IN (...)) is answered from a hash index of the
// column, made at the first scan constrained on it, instead of testing
// every row. PostgreSQL answers the same lookups from its catalog indexes.

// sharedRows are one relation's static rows and their indexes.
type sharedRows struct {
	data [][]any
	mu   sync.Mutex
	idx  map[int]map[any][]int32 // column -> value -> row positions, ascending; nil: not indexable
}

// shared returns t's static rows for m's catalogState, making them at
// the first call. The populate function gets a model without a session.
func (m *model) shared(t *vtable) *sharedRows {
	if s, ok := m.static.Load(t.def); ok {
		return s.(*sharedRows)
	}
	out := &rows{t: t}
	t.fill.static(&model{catalogState: m.catalogState, cat: m.cat, roles: baseRoles(), user: baseRoles()[0]}, out)
	s, _ := m.static.LoadOrStore(t.def, &sharedRows{data: out.data, idx: map[int]map[any][]int32{}})
	return s.(*sharedRows)
}

// matching returns the rows that satisfy every value constraint in where.
// It looks up the most selective constrained column's index; without
// constraints it is all the rows. The result may be the shared slice
// itself, capped so that an append copies it.
func (s *sharedRows) matching(where []catalog.Constraint) [][]any {
	var best []int32
	bestC, found := -1, false
	for i, c := range where {
		if c.Key != "" {
			continue
		}
		idx := s.index(c.Column)
		if idx == nil {
			continue
		}
		var pos []int32
		for _, v := range c.Values {
			if !comparable(v) {
				pos = nil
				break
			}
			pos = append(pos, idx[v]...)
		}
		if !found || len(pos) < len(best) {
			best, bestC, found = pos, i, true
		}
	}
	if !found {
		if len(where) == 0 {
			return s.data[:len(s.data):len(s.data)]
		}
		return keepAll(s.data, where, -1)
	}
	if len(where[bestC].Values) > 1 {
		slices.Sort(best) // the rows of several values, in the relation's order
		best = slices.Compact(best)
	}
	out := make([][]any, 0, len(best))
	for _, p := range best {
		if row := s.data[p]; keepRow(row, where, bestC) {
			out = append(out, row)
		}
	}
	return out
}

// index returns the hash index of a column, or nil when a value in it is
// not comparable (an array).
func (s *sharedRows) index(col int) map[any][]int32 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if idx, ok := s.idx[col]; ok {
		return idx
	}
	idx := map[any][]int32{}
	for i, row := range s.data {
		v := row[col]
		if !comparable(v) {
			idx = nil
			break
		}
		idx[v] = append(idx[v], int32(i))
	}
	s.idx[col] = idx
	return idx
}

// comparable reports whether a catalog value can be a map key: the
// scalars catalog rows hold, not arrays.
func comparable(v any) bool {
	switch v.(type) {
	case nil, int64, string, bool, float64:
		return true
	}
	return false
}

func keepAll(data [][]any, where []catalog.Constraint, skip int) [][]any {
	var out [][]any
	for _, row := range data {
		if keepRow(row, where, skip) {
			out = append(out, row)
		}
	}
	return out
}

// keepRow reports whether row satisfies the value constraints of where
// but the one at index skip.
func keepRow(row []any, where []catalog.Constraint, skip int) bool {
	for i, c := range where {
		if i != skip && c.Key == "" && !slices.Contains(c.Values, row[c.Column]) {
			return false
		}
	}
	return true
}
