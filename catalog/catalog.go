package catalog

import (
	"strings"
	"sync"
)

// Database is the name current_database() reports.
const Database = "aws"

// Catalog is the set of tables a session can see.
type Catalog struct {
	tables []Table

	// The methods of the tables, listed once per set of tables: the
	// binder looks a function name up among them for every call it binds.
	mu         sync.Mutex
	methods    []Method
	methodsFor int // len(tables) when methods was made
}

// New returns a catalog holding the given tables.
func New(tables ...Table) *Catalog { return &Catalog{tables: tables} }

// Add registers more tables (system catalogs are added after the resource
// tables they describe).
func (c *Catalog) Add(tables ...Table) { c.tables = append(c.tables, tables...) }

// Tables returns every table.
func (c *Catalog) Tables() []Table { return c.tables }

// Methods lists the methods of the tables (MethodTable), in table order.
func (c *Catalog) Methods() []Method {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.methods == nil || c.methodsFor != len(c.tables) {
		out := []Method{}
		for _, t := range c.tables {
			if mt, ok := t.(MethodTable); ok {
				out = append(out, mt.Methods()...)
			}
		}
		c.methods, c.methodsFor = out, len(c.tables)
	}
	return c.methods[:len(c.methods):len(c.methods)]
}

// Method finds a method by schema (may be empty: any) and name.
func (c *Catalog) Method(schema, name string) (Method, bool) {
	for _, m := range c.Methods() {
		if m.Name == name && (schema == "" || m.Schema == schema) {
			return m, true
		}
	}
	return Method{}, false
}

// Lookup finds a table by schema (may be empty: use searchPath) and name.
// Names match exactly first, then ignoring case and underscores.
func (c *Catalog) Lookup(schema, name string, searchPath []string) Table {
	schemas := searchPath
	if schema != "" {
		schemas = []string{schema}
	}
	for _, exact := range []bool{true, false} {
		for _, s := range schemas {
			for _, t := range c.tables {
				if t.Schema() == s && nameMatches(t.Name(), name, exact) {
					return t
				}
			}
		}
	}
	return nil
}

// ColumnIndex finds a column by name (exact, then ignoring case and
// underscores) and returns its index or -1.
func ColumnIndex(t Table, name string) int {
	cols := t.Columns()
	for _, exact := range []bool{true, false} {
		for i, c := range cols {
			if nameMatches(c.Name, name, exact) {
				return i
			}
		}
	}
	return -1
}

func nameMatches(catalogName, name string, exact bool) bool {
	if exact {
		return catalogName == name
	}
	return fold(catalogName) == fold(name)
}

// fold lowers case and drops underscores: vpn_connection_id, vpnconnectionid
// and vpnConnectionId all fold to the same key.
func fold(s string) string {
	return strings.ToLower(strings.ReplaceAll(s, "_", ""))
}

// ServerVersion is the PostgreSQL version vpnsql presents.
const ServerVersion = "15.18"
