package executor

import (
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/value"
)

// scopeCol is one column visible to expressions: a table column, or an
// output column of a subquery.
type scopeCol struct {
	name     string
	rel      string // the range variable's name (alias or table name)
	t        *value.Type
	tableOID uint32
	attnum   int16
	typmod   int32
	hidden   bool   // not part of * nor of unqualified names (the right copy of a USING column)
	relID    string // identifies the range-table entry
	table    string // the catalog table's own name, when the entry is a table
	pkey     bool   // part of that table's primary key
	// scalarFunc marks the one column of a function in FROM that
	// returns a base type: the entry's name alone stands for the value.
	scalarFunc bool
	// writeResult marks a column of a side-effecting function's result:
	// a condition reading it could only be checked after the call.
	writeResult bool
}

// scope is the row layout an expression is bound against.
type scope struct {
	cols []scopeCol
}

// lookup resolves a possibly qualified column name. Exact spelling wins;
// otherwise names match ignoring case and underscores. It returns -1 when
// nothing matches and -2 when the name is ambiguous.
func (s *scope) lookup(rel, name string) int {
	for _, exact := range []bool{true, false} {
		found := -1
		for i, c := range s.cols {
			if rel != "" && !strings.EqualFold(c.rel, rel) {
				continue
			}
			if rel == "" && c.hidden {
				continue
			}
			if !namesMatch(c.name, name, exact) {
				continue
			}
			if found >= 0 {
				return -2
			}
			found = i
		}
		if found >= 0 {
			return found
		}
	}
	return -1
}

func (s *scope) hasRel(rel string) bool {
	for _, c := range s.cols {
		if strings.EqualFold(c.rel, rel) {
			return true
		}
	}
	return false
}

func namesMatch(catalogName, name string, exact bool) bool {
	if exact {
		return catalogName == name
	}
	return strings.EqualFold(strings.ReplaceAll(catalogName, "_", ""), strings.ReplaceAll(name, "_", ""))
}

// maxFuzzyDistance is PostgreSQL's MAX_FUZZY_DISTANCE.
const maxFuzzyDistance = 3

// suggest returns PostgreSQL's hint for a misspelt column: the closest
// column within three edits, and not more than half the name different.
func (s *scope) suggest(rel, name string) string {
	best, dist := "", maxFuzzyDistance+1
	for _, c := range s.cols {
		if c.hidden || (rel != "" && !strings.EqualFold(c.rel, rel)) {
			continue
		}
		d := levenshtein(strings.ToLower(strings.ReplaceAll(c.name, "_", "")), strings.ToLower(strings.ReplaceAll(name, "_", "")))
		if d > len(name)/2 || d >= dist {
			continue
		}
		dist = d
		best = fmt.Sprintf("Perhaps you meant to reference the column \"%s.%s\".", c.rel, c.name)
	}
	return best
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// tableOID is the system column tableoid of a range entry: the OID of the
// table rel (or of the only table in scope) when it is a table.
func (s *scope) tableOID(rel string) (uint32, bool) {
	var oid uint32
	for _, c := range s.cols {
		if rel != "" && !strings.EqualFold(c.rel, rel) {
			continue
		}
		if c.tableOID == 0 || (oid != 0 && c.tableOID != oid) {
			return 0, false
		}
		oid = c.tableOID
	}
	return oid, oid != 0
}
