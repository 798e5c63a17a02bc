package executor

import (
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
)

// scopeCol is one column visible to expressions: a table column, or an
// output column of a subquery.
type scopeCol struct {
	name     string
	rel      string // the range variable's name (alias or table name)
	t        *catalog.Type
	tableOID uint32
	attnum   int16
	typmod   int32
	hidden   bool   // not part of * nor of unqualified names (the right copy of a USING column)
	relID    string // identifies the range-table entry
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
