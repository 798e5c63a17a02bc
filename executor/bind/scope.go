package bind

import (
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/executor/expr"
)

// Scope is the row layout an expression is bound against.
type Scope struct {
	Cols []expr.ScopeCol
}

// lookup resolves a possibly qualified column name. Exact spelling wins;
// otherwise names match ignoring case and underscores. It returns -1 when
// nothing matches and -2 when the name is ambiguous.
func (s *Scope) lookup(rel, name string) int {
	for _, exact := range []bool{true, false} {
		found := -1
		for i, c := range s.Cols {
			if rel != "" && !strings.EqualFold(c.Rel, rel) {
				continue
			}
			if rel == "" && c.Hidden {
				continue
			}
			if !namesMatch(c.Name, name, exact) {
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

func (s *Scope) hasRel(rel string) bool {
	for _, c := range s.Cols {
		if strings.EqualFold(c.Rel, rel) {
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
func (s *Scope) suggest(rel, name string) string {
	best, dist := "", maxFuzzyDistance+1
	for _, c := range s.Cols {
		if c.Hidden || (rel != "" && !strings.EqualFold(c.Rel, rel)) {
			continue
		}
		d := levenshtein(strings.ToLower(strings.ReplaceAll(c.Name, "_", "")), strings.ToLower(strings.ReplaceAll(name, "_", "")))
		if d > len(name)/2 || d >= dist {
			continue
		}
		dist = d
		best = fmt.Sprintf("Perhaps you meant to reference the column \"%s.%s\".", c.Rel, c.Name)
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

// TableOID is the system column tableoid of a range entry: the OID of the
// Table rel (or of the only table in scope) when it is a table.
func (s *Scope) tableOID(rel string) (uint32, bool) {
	var oid uint32
	for _, c := range s.Cols {
		if rel != "" && !strings.EqualFold(c.Rel, rel) {
			continue
		}
		if c.TableOID == 0 || (oid != 0 && c.TableOID != oid) {
			return 0, false
		}
		oid = c.TableOID
	}
	return oid, oid != 0
}
