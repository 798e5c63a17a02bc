package pgcatalog

import (
	"context"
	"fmt"
	"slices"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// R is a row under construction, keyed by column name; columns left out
// are NULL. Naming a column the relation lacks panics (tests build every
// table).
type R map[string]any

// vtable is a virtual catalog relation: a generated definition plus a
// populate function that computes its rows at Scan time.
type vtable struct {
	c    *catalog.Catalog
	def  *relDef
	cols []catalog.Column
	idx  map[string]int
	fill fill
}

// rows collects a scan's result: the rows that satisfy the scan's
// constraints (column = value, pushed down from WHERE, which the executor
// still checks on every row), so a lookup by OID or name skips copying
// the rest.
type rows struct {
	t     *vtable
	data  [][]any
	where []catalog.Constraint
}

// add appends a row given by column name.
func (o *rows) add(r R) {
	if row := o.t.row(r); o.keep(row) {
		o.data = append(o.data, row)
	}
}

// addRow appends a row given in column order (generated rows).
func (o *rows) addRow(a A) {
	if o.keep(a) {
		o.data = append(o.data, append([]any(nil), a...))
	}
}

func (o *rows) keep(row []any) bool {
	for _, c := range o.where {
		if c.Key != "" {
			continue
		}
		if !slices.Contains(c.Values, row[c.Column]) {
			return false
		}
	}
	return true
}

func (t *vtable) row(r R) []any { return inOrder(t.def.Name, t.idx, r) }

// inOrder is a row of relation name given by column names, in the order
// of idx (a vtable's, or columnsOf).
func inOrder(name string, idx map[string]int, r R) A {
	out := make(A, len(idx))
	for k, v := range r {
		i, ok := idx[k]
		if !ok {
			panic(fmt.Sprintf("pgcatalog: %s has no column %q", name, k))
		}
		out[i] = v
	}
	return out
}

func (t *vtable) Schema() string            { return t.def.Schema }
func (t *vtable) Name() string              { return t.def.Name }
func (t *vtable) OID() uint32               { return t.def.OID }
func (t *vtable) Columns() []catalog.Column { return t.cols }
func (t *vtable) PrimaryKey() []int         { return nil }

// Pushable: equality on a string, OID or integer column narrows the
// rows a scan copies (see rows).
func (t *vtable) Pushable(col int) bool {
	typ := t.cols[col].Type
	return typ.IsString() || typ.IsOIDAlias() || typ == value.Int2 || typ == value.Int4 || typ == value.Int8
}

// Scan computes the rows, after checking the session may read them: as
// for an ordinary PostgreSQL user, a relation whose ACL grants it no
// SELECT (pg_authid, pg_statistic, pg_shadow, ...) is denied. The rows
// are shared with other scans: the executor only reads them.
func (t *vtable) Scan(ctx context.Context, req catalog.ScanRequest) ([][]any, error) {
	m := newModel(ctx, t.c)
	if r, _ := m.relOf(t.def.OID); !m.relationAllows(m.user.oid, r, 0, "r", false) {
		kind := "table"
		if t.def.Kind == 'v' {
			kind = "view"
		}
		return nil, pgerr.New(pgerr.InsufficientPrivilege, "permission denied for %s %s", kind, t.def.Name)
	}
	return t.rows(m, req.Constraints), nil
}

// rows are the relation's rows for m that satisfy where (or more): its
// static rows, found through their indexes, then the dynamic ones.
func (t *vtable) rows(m *model, where []catalog.Constraint) [][]any {
	out := &rows{t: t, where: where}
	if t.fill.static != nil {
		out.data = m.shared(t).matching(where)
	}
	if t.fill.dynamic != nil {
		t.fill.dynamic(m, out)
	}
	return out.data
}

// Indexed reports that an equality on a pushable column is answered from
// an index: a join may look rows up one key at a time instead of reading
// the whole relation (catalog.KeyLookup).
func (t *vtable) Indexed(col int) bool { return t.fill.static != nil && t.Pushable(col) }

func (t *vtable) Explain(catalog.ScanRequest) []string {
	return []string{"System catalog " + t.def.Schema + "." + t.def.Name + " (computed in memory)"}
}

// Tables returns pg_catalog's and information_schema's relations over c;
// add them with c.Add(pgcatalog.Tables(c)...). Rows are computed at each
// Scan from c's tables at that time and the session in the scan's context
// (catalog.WithSession), so tables added later appear.
func Tables(c *catalog.Catalog) []catalog.Table {
	var out []catalog.Table
	for _, d := range relDefs {
		if d.scannable() {
			out = append(out, newVTable(c, d))
		}
	}
	return out
}

// scannable reports whether a built-in relation can be queried: the
// tables and views of pg_catalog and information_schema. Indexes and
// TOAST tables are listed in the catalogs but hold nothing to read.
func (d *relDef) scannable() bool {
	return (d.Kind == 'r' || d.Kind == 'v') && d.Schema != "pg_toast"
}

func newVTable(c *catalog.Catalog, d *relDef) *vtable {
	t := &vtable{c: c, def: d, idx: map[string]int{}, fill: fills[d.Schema+"."+d.Name]}
	for _, a := range d.Attrs {
		if a[attNum].(int64) <= 0 {
			continue
		}
		typ := value.TypeByOID(oid(a[attTypID]))
		typmod := int32(a[attTypMod].(int64))
		if typ.Kind == 'd' {
			typmod = int32(typeRow(typ.OID)[typeCols["typtypmod"]].(int64)) // RowDescription shows the domain's base type
		}
		t.idx[a[attName].(string)] = len(t.cols)
		t.cols = append(t.cols, catalog.Column{Name: a[attName].(string), Type: typ.BaseType(), NotNull: a[attNotNull].(bool), TypMod: max(typmod, 0)})
	}
	return t
}

// fills maps "schema.relation" to its populate function; relations
// without one are empty. Each file adds its relations' functions; the
// list in allFills is the one place they are gathered. (init assigns it:
// populate functions read other views through newVTable, which reads
// fills, a cycle Go refuses in a variable's initializer.)
var fills fillTable

func allFills() fillTable {
	return fillTable{}.with(staticFills, pgClassFills, pgTypeFills, pgRolesFills, policyFills, pgViewsFills, infoSchemaFills, infoSchemaTypeFills, foreignKeyFills)
}

// staticFills adds the relations generated whole from PostgreSQL 15.
func staticFills(t fillTable) {
	for name, data := range staticRows {
		t.generated(name, data)
	}
}

// fillTable is the populate functions by "schema.relation".
type fillTable map[string]fill

// fill populates one relation: first the rows static makes, which depend
// only on the catalog's tables (it is given a model without a session,
// once per catalogState: static.go), then those dynamic makes at each
// scan, which may depend on the session or change between statements.
type fill struct {
	static, dynamic func(m *model, out *rows)
}

func (t fillTable) with(adders ...func(fillTable)) fillTable {
	for _, add := range adders {
		add(t)
	}
	return t
}

// add panics on a name added twice: two populate functions for one
// relation is a programming error, found by any test that loads the
// package.
func (t fillTable) add(name string, f func(m *model, out *rows)) {
	t.split(name, nil, f)
}

// static adds a relation whose rows depend only on the catalog's tables.
func (t fillTable) static(name string, f func(m *model, out *rows)) {
	t.split(name, f, nil)
}

// split adds a relation with static rows first, then dynamic ones.
func (t fillTable) split(name string, static, dynamic func(m *model, out *rows)) {
	if _, dup := t[name]; dup {
		panic("pgcatalog: two populate functions for " + name)
	}
	t[name] = fill{static: static, dynamic: dynamic}
}

// Column positions in generated rows. pg_attribute's own layout is fixed
// by PostgreSQL; init checks it against the generated definition.
const (
	attRelID   = 0
	attName    = 1
	attTypID   = 2
	attNum     = 5
	attTypMod  = 8
	attNotNull = 13
)

var (
	defs                = map[string]*relDef{}
	classCols           map[string]int // pg_class column name -> position
	conCols             map[string]int
	collCols            map[string]int
	attrCols            map[string]int // pg_attribute column name -> position
	typeCols            map[string]int
	procCols            map[string]int
	typeByOID           = map[uint32]A{}
	typeByNsName        = map[nsName]uint32{}
	procByOID           = map[uint32]A{}
	operatorCols        map[string]int
	operatorByOID       = map[uint32]A{}
	overloadedProcs     = map[string]bool{}
	overloadedOperators = map[string]bool{}

	typLen, typByVal, typAlign, typStorage, typCollation, typName, typNamespace, typArray, typElem, typRelID int
)

func init() {
	fills = allFills()
	for _, d := range relDefs {
		defs[d.Schema+"."+d.Name] = d
	}
	classCols = columnsOf("pg_class")
	conCols = columnsOf("pg_constraint")
	collCols = columnsOf("pg_collation")
	attrCols = columnsOf("pg_attribute")
	for name, want := range map[string]int{"attrelid": attRelID, "attname": attName, "atttypid": attTypID, "attnum": attNum, "atttypmod": attTypMod, "attnotnull": attNotNull} {
		if attrCols[name] != want {
			panic("pgcatalog: pg_attribute layout changed: " + name)
		}
	}
	typeCols = columnsOf("pg_type")
	procCols = columnsOf("pg_proc")
	typLen, typByVal, typAlign, typStorage = typeCols["typlen"], typeCols["typbyval"], typeCols["typalign"], typeCols["typstorage"]
	typCollation, typName, typNamespace = typeCols["typcollation"], typeCols["typname"], typeCols["typnamespace"]
	typArray, typElem, typRelID = typeCols["typarray"], typeCols["typelem"], typeCols["typrelid"]
	for _, r := range typeRows {
		typeByOID[oid(r[0])] = r
		typeByNsName[nsName{oid(r[typNamespace]), r[typName].(string)}] = oid(r[0])
	}
	for _, d := range relDefs {
		d.OID, d.Kind, d.RowType = oid(d.Class[0]), d.Class[classCols["relkind"]].(string)[0], oid(d.Class[classCols["reltype"]])
		d.ACL = d.Class[classCols["relacl"]]
		if d.RowType != 0 {
			d.ArrayType = oid(typeRow(d.RowType)[typArray])
		}
	}
	for _, r := range procRows {
		procByOID[oid(r[0])] = r
	}
	operatorCols = columnsOf("pg_operator")
	for _, r := range operatorRows {
		operatorByOID[oid(r[0])] = r
	}
	for _, n := range overloadedProcNames {
		overloadedProcs[n.(string)] = true
	}
	for _, n := range overloadedOperatorNames {
		overloadedOperators[n.(string)] = true
	}
	buildBuiltinRels()
}

// columnsOf maps a generated relation's column names to positions.
func columnsOf(rel string) map[string]int {
	d := defs["pg_catalog."+rel]
	m := map[string]int{}
	for _, a := range d.Attrs {
		if n := a[attNum].(int64); n > 0 {
			m[a[attName].(string)] = int(n - 1)
		}
	}
	return m
}

// nsName is an object's name in a schema.
type nsName struct {
	ns   uint32
	name string
}

// typeRow is the generated pg_type row of a built-in type.
func typeRow(o uint32) A {
	r, ok := typeByOID[o]
	if !ok {
		panic(fmt.Sprintf("pgcatalog: no pg_type row for type %d", o))
	}
	return r
}

// attrRow turns a pg_attribute row by name into column order.
func attrRow(r R) A {
	out := make(A, len(attrCols))
	for k, v := range r {
		i, ok := attrCols[k]
		if !ok {
			panic("pgcatalog: pg_attribute has no column " + k)
		}
		out[i] = v
	}
	return out
}

// byName turns a row by name into the column order of a generated
// relation.
func byName(cols map[string]int, r R) A {
	out := make(A, len(cols))
	for k, v := range r {
		i, ok := cols[k]
		if !ok {
			panic("pgcatalog: no column " + k)
		}
		out[i] = v
	}
	return out
}
