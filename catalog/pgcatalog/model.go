package pgcatalog

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/value"
)

// Built-in OIDs (PostgreSQL 15's own).
const (
	oidPgCatalog       uint32 = 11
	oidPublic          uint32 = 2200
	oidInfoSchema      uint32 = 13207
	oidToastSchema     uint32 = 99
	frozenXID                 = 716  // datfrozenxid and relfrozenxid: the last transaction of initdb
	oidBootstrapRole   uint32 = 10   // initdb's superuser, owner of built-in objects
	oidDatabaseOwner   uint32 = 6171 // pg_database_owner, owner of public
	oidHeapAM          uint32 = 2
	oidBtreeAM         uint32 = 403
	oidDefaultSpace    uint32 = 1663
	oidTextBtreeOps    uint32 = 3126
	oidArraySubscript         = 6179
	oidDefaultCollate  uint32 = 100
	encodingUTF8              = 6
	classPgClass       uint32 = 1259
	classPgType        uint32 = 1247
	classPgProc        uint32 = 1255
	classPgNamespace   uint32 = 2615
	classPgConstraint  uint32 = 2606
	classPgDatabase    uint32 = 1262
	classPgAuthid      uint32 = 1260
	classPgTablespace  uint32 = 1213
	bootstrapRoleName         = "postgres"
	databaseOwnerName         = "pg_database_owner"
	vpnsqlRoleName            = "vpnsql"
	informationSchema         = "information_schema"
	pgCatalogSchemaNam        = "pg_catalog"
)

// SchemaOIDs gives the schemas of resource tables their OIDs. A resource
// table in a schema missing here is not shown in the catalogs: add the
// schema with a stable OID from 16384 up.
var SchemaOIDs = map[string]uint32{
	"ec2":    catalog.OIDNamespaceEC2,
	"vpnsql": catalog.OIDNamespaceVpnsql,
}

// relOIDs returns the OIDs of the objects a resource table with OID t
// owns, in the order CREATE TABLE assigns them in PostgreSQL 15
// (heap_create_with_catalog takes the array type's OID before the row
// type's; the TOAST table comes before the primary key index and its
// constraint): array type t+1, row type t+2, TOAST table t+3 and its
// index t+4, primary key index t+5, its constraint t+6. A view takes the
// first two the same way.
func relOIDs(t uint32) (rowType, arrayType, pkey, constraint, toast, toastIndex uint32) {
	return t + 2, t + 1, t + 5, t + 6, t + 3, t + 4
}

// rel is one relation as the catalogs show it: a built-in relation
// (def != nil), a resource table, its primary key index, its TOAST table
// or the TOAST table's index.
type rel struct {
	oid       uint32
	name      string
	schema    string
	ns        uint32
	kind      byte // relkind
	rowType   uint32
	arrayType uint32
	owner     uint32
	acl       any
	def       *relDef
	table     catalog.Table // a resource table
	attrs     []A           // pg_attribute rows, user columns by attnum then system columns
	class     A             // the pg_class row, when fixed (built-in and TOAST relations)
	indexRow  A             // an index's pg_index row, when fixed

	// A resource table's primary key (index != nil) and TOAST table, or an
	// index's table and key.
	index      *rel
	toast      *rel
	indexOf    *rel
	key        []int64 // attnums of the key columns
	constraint uint32  // a primary key's pg_constraint OID
	// unique is a unique index's definition (not a primary key's); uniques
	// are a table's.
	unique  *catalog.UniqueIndex
	uniques []*rel
}

// hasIndex is pg_class.relhasindex.
func (r *rel) hasIndex() bool {
	if r.class != nil {
		return r.class[classCols["relhasindex"]].(bool)
	}
	return r.index != nil || len(r.uniques) > 0
}

// toastOf returns the TOAST table of a table, or nil.
func (r *rel) toastOf() *rel {
	if r.toast != nil {
		return r.toast
	}
	if r.class != nil {
		if o := oid(r.class[classCols["reltoastrelid"]]); o != 0 {
			return builtinRels.byOID[o]
		}
	}
	return nil
}

// builtinRels are the built-in relations, which every model shares.
var builtinRels struct {
	list   []*rel
	byOID  map[uint32]*rel
	byName map[nsName]*rel
}

// buildBuiltinRels runs at the end of the package's init, once the
// generated definitions are indexed.
func buildBuiltinRels() {
	builtinRels.byOID, builtinRels.byName = map[uint32]*rel{}, map[nsName]*rel{}
	for _, d := range relDefs {
		r := &rel{oid: d.OID, name: d.Name, schema: d.Schema, ns: oid(d.Class[classCols["relnamespace"]]),
			kind: d.Kind, rowType: d.RowType, arrayType: d.ArrayType, owner: oid(d.Class[classCols["relowner"]]),
			acl: d.ACL, def: d, attrs: withSystemAttrs(d.Kind, d.OID, d.Attrs), class: d.Class, indexRow: d.Index}
		builtinRels.list = append(builtinRels.list, r)
		builtinRels.byOID[r.oid] = r
		builtinRels.byName[nsName{r.ns, r.name}] = r
	}
	indexCols := columnsOf("pg_index")
	for _, r := range builtinRels.list {
		if r.indexRow != nil {
			r.indexOf = builtinRels.byOID[oid(r.indexRow[indexCols["indrelid"]])]
			for _, k := range r.indexRow[indexCols["indkey"]].([]any) {
				r.key = append(r.key, k.(int64))
			}
		}
	}
}

// withSystemAttrs appends the system columns' pg_attribute rows to a
// relation's columns, for the kinds of relation that have them.
func withSystemAttrs(kind byte, relOID uint32, attrs []A) []A {
	if kind != 'r' && kind != 't' {
		return attrs
	}
	out := append([]A(nil), attrs...)
	for _, sys := range systemAttrRows {
		a := append(A(nil), sys...)
		a[attRelID] = I(relOID)
		out = append(out, a)
	}
	return out
}

// userColumns returns the pg_attribute rows with attnum > 0.
func (r *rel) userColumns() []A {
	var out []A
	for _, a := range r.attrs {
		if a[attNum].(int64) > 0 {
			out = append(out, a)
		}
	}
	return out
}

func (r *rel) isShared() bool {
	switch r.name {
	case "pg_authid", "pg_database", "pg_tablespace", "pg_shdescription", "pg_auth_members":
		return r.ns == oidPgCatalog
	}
	return false
}

type namespace struct {
	oid   uint32
	name  string
	owner uint32
	acl   any
}

type role struct {
	oid      uint32
	name     string
	canLogin bool
}

// model is what exists, computed for one scan from the catalog's current
// tables and the scanning session.
type model struct {
	*catalogState
	cat     *catalog.Catalog
	sess    catalog.Session
	hasSess bool
	roles   []role
	user    role // the session's user (postgres without a session)
	// The config file's users (users.go): their roles in name order, each
	// by OID, and their grants as a resource table's relacl; the scoped
	// ones' policies (policies.go), made at first use.
	users      []role
	userByOID  map[uint32]*catalog.User
	userACL    []any
	policyOnce sync.Once
	policyList []policy
}

// catalogState is the part of a model that depends only on the catalog's
// tables, not on the session: made once and shared, read-only, by every
// scan until a table is added (catalog.Add only appends, so the count of
// tables tells). Making it for each scan was a quarter of psql's \d
// column query.
type catalogState struct {
	tables  int             // len(cat.Tables()) when made
	rels    []*rel          // the built-in relations, then those of resource tables
	own     map[uint32]*rel // the resource tables' relations by OID
	nss     []namespace
	nsByOID map[uint32]namespace
	// ownProcs are the pg_proc rows of vpnsql's functions (functions.go).
	ownProcs []A
	fks      []foreignKey // the resource tables' foreign keys (foreignkeys.go)
	// classRows are the resource relations' pg_class rows as this state
	// makes them; a scan sets reltuples and row security (pg_class.go).
	classRows map[*rel]A
	// static holds, per relation, the rows that depend only on this
	// state, with their indexes (static.go).
	static sync.Map // *vtable -> *staticRows
}

// states holds each catalog's current catalogState.
var states sync.Map // *catalog.Catalog -> *catalogState

// stateOf returns c's catalogState, making it when c's tables changed.
func stateOf(c *catalog.Catalog) *catalogState {
	n := 0
	if c != nil {
		n = len(c.Tables())
	}
	if st, ok := states.Load(c); ok && st.(*catalogState).tables == n {
		return st.(*catalogState)
	}
	st := newCatalogState(c, n)
	states.Store(c, st)
	return st
}

func newCatalogState(c *catalog.Catalog, n int) *catalogState {
	st := &catalogState{tables: n, own: map[uint32]*rel{}, nsByOID: map[uint32]namespace{}}
	st.rels = builtinRels.list[:len(builtinRels.list):len(builtinRels.list)]
	for _, r := range namespaceRows {
		st.addNamespace(namespace{oid: oid(r[0]), name: r[1].(string), owner: oid(r[2]), acl: r[3]})
	}
	schemas := make([]string, 0, len(SchemaOIDs))
	for s := range SchemaOIDs {
		schemas = append(schemas, s)
	}
	sort.Slice(schemas, func(i, j int) bool { return SchemaOIDs[schemas[i]] < SchemaOIDs[schemas[j]] })
	for _, s := range schemas {
		st.addNamespace(namespace{oid: SchemaOIDs[s], name: s, owner: catalog.OIDRoleVpnsql})
	}
	if c == nil {
		return st
	}
	for _, t := range c.Tables()[:n] {
		for _, r := range relationsOf(t) {
			st.addRel(r)
		}
	}
	m := &model{catalogState: st, cat: c} // the state's own parts read no session
	st.ownProcs = m.methodProcs()
	st.fks = m.foreignKeysOf()
	st.classRows = map[*rel]A{}
	for _, r := range st.resourceRels() {
		if r.class == nil {
			row := classRow(r)
			row["relhastriggers"] = m.hasTriggers(r)
			st.classRows[r] = inOrder("pg_class", classCols, row)
		}
	}
	return st
}

// baseRoles are the roles every model starts from: initdb's superuser, the
// predefined roles and vpnsql.
var baseRoles = sync.OnceValue(func() []role {
	out := []role{{oid: oidBootstrapRole, name: bootstrapRoleName, canLogin: true}}
	for _, r := range predefinedRoleRows {
		out = append(out, role{oid: oid(r[0]), name: r[1].(string)})
	}
	return append(out, role{oid: catalog.OIDRoleVpnsql, name: vpnsqlRoleName})
})

func newModel(ctx context.Context, c *catalog.Catalog) *model {
	m := &model{catalogState: stateOf(c), cat: c}
	m.sess, m.hasSess = catalog.SessionFrom(ctx)
	base := baseRoles()
	m.roles = append(make([]role, 0, len(base)+1), base...)
	m.user = m.roles[0]
	m.addUsers() // users.go
	return m
}

// resourceCache holds the relations of each resource table: they depend
// only on the table's definition, and every catalog scan needs them.
var resourceCache sync.Map // catalog.Table -> []*rel

// relationsOf returns the relations a resource table shows in the
// catalogs: the table, its primary key index, its TOAST table and the
// TOAST table's index; none for a table outside SchemaOIDs (the catalogs'
// own).
func relationsOf(t catalog.Table) []*rel {
	if cached, ok := resourceCache.Load(t); ok {
		return cached.([]*rel)
	}
	ns, ok := SchemaOIDs[t.Schema()]
	if !ok {
		return nil
	}
	rowType, arrayType, pkey, con, toast, toastIndex := relOIDs(t.OID())
	r := &rel{oid: t.OID(), name: t.Name(), schema: t.Schema(), ns: ns, kind: 'r', rowType: rowType,
		arrayType: arrayType, owner: catalog.OIDRoleVpnsql, table: t}
	if _, ok := t.(catalog.View); ok {
		// A view: its columns and row type, no key, index or TOAST table.
		r.kind = 'v'
		r.attrs = tableAttrs(r)
		out := []*rel{r}
		resourceCache.Store(t, out)
		return out
	}
	if pk := t.PrimaryKey(); len(pk) > 0 {
		idx := &rel{oid: pkey, name: t.Name() + "_pkey", schema: t.Schema(), ns: ns, kind: 'i',
			owner: catalog.OIDRoleVpnsql, indexOf: r, constraint: con}
		for _, col := range pk {
			idx.key = append(idx.key, int64(col+1))
		}
		r.index, r.key, r.constraint = idx, idx.key, con
	}
	r.attrs = tableAttrs(r)
	// In OID order, as CREATE TABLE makes them (relOIDs).
	out := []*rel{r}
	if needsToast(r) {
		r.toast = toastRel(r, toast)
		out = append(out, r.toast, toastIndexRel(r.toast, toastIndex))
	}
	if r.index != nil {
		r.index.attrs = indexAttrs(r.index)
		out = append(out, r.index)
	}
	if ix, ok := t.(catalog.Indexed); ok {
		for _, u := range ix.UniqueIndexes() {
			u := u
			idx := &rel{oid: u.OID, name: u.Name, schema: t.Schema(), ns: ns, kind: 'i',
				owner: catalog.OIDRoleVpnsql, indexOf: r, unique: &u}
			for _, col := range u.Columns {
				idx.key = append(idx.key, int64(col+1))
			}
			idx.attrs = indexAttrs(idx)
			r.uniques = append(r.uniques, idx)
			out = append(out, idx)
		}
	}
	resourceCache.Store(t, out)
	return out
}

// needsToast reports whether PostgreSQL would give the table a TOAST
// table: it has a column of a variable-length type stored out of line.
func needsToast(r *rel) bool {
	for _, a := range r.userColumns() {
		if a[attrCols["attlen"]].(int64) == -1 && a[attrCols["attstorage"]] != "p" {
			return true
		}
	}
	return false
}

// toastRel and toastIndexRel make a resource table's TOAST table and its
// index, as CREATE TABLE would, from those of pg_proc as templates.
func toastRel(table *rel, o uint32) *rel {
	tmpl := defs["pg_toast.pg_toast_1255"]
	r := &rel{oid: o, name: fmt.Sprintf("pg_toast_%d", table.oid), schema: "pg_toast", ns: oidToastSchema,
		kind: 't', owner: table.owner, indexOf: table}
	r.attrs = withSystemAttrs('t', o, retarget(tmpl.Attrs, o))
	r.class = retargetClass(tmpl.Class, o, r.name, r.owner)
	r.class[classCols["relpages"]], r.class[classCols["reltuples"]] = I(0), F(-1) // never vacuumed
	return r
}

func toastIndexRel(toast *rel, o uint32) *rel {
	tmpl := defs["pg_toast.pg_toast_1255_index"]
	r := &rel{oid: o, name: toast.name + "_index", schema: "pg_toast", ns: oidToastSchema, kind: 'i',
		owner: toast.owner, indexOf: toast, key: []int64{1, 2}}
	r.attrs = retarget(tmpl.Attrs, o)
	r.class = retargetClass(tmpl.Class, o, r.name, r.owner)
	r.indexRow = append(A(nil), tmpl.Index...)
	r.indexRow[0], r.indexRow[1] = I(o), I(toast.oid) // indexrelid, indrelid
	return r
}

func retarget(attrs []A, relOID uint32) []A {
	out := make([]A, len(attrs))
	for i, a := range attrs {
		out[i] = append(A(nil), a...)
		out[i][attRelID] = I(relOID)
	}
	return out
}

func retargetClass(tmpl A, o uint32, name string, owner uint32) A {
	c := append(A(nil), tmpl...)
	c[0], c[classCols["relname"]], c[classCols["relowner"]], c[classCols["relfilenode"]] = I(o), name, I(owner), I(o)
	return c
}

func (st *catalogState) addNamespace(n namespace) {
	st.nss = append(st.nss, n)
	st.nsByOID[n.oid] = n
}

func (st *catalogState) addRel(r *rel) {
	st.rels = append(st.rels, r)
	st.own[r.oid] = r
}

// resourceRels are the relations of the resource tables.
func (st *catalogState) resourceRels() []*rel { return st.rels[len(builtinRels.list):] }

// relOf finds a relation by OID.
func (st *catalogState) relOf(o uint32) (*rel, bool) {
	if r, ok := builtinRels.byOID[o]; ok {
		return r, true
	}
	r, ok := st.own[o]
	return r, ok
}

func (st *catalogState) schemaOID(name string) uint32 {
	for _, n := range st.nss {
		if n.name == name {
			return n.oid
		}
	}
	return 0
}

func (m *model) roleName(oid uint32) (string, bool) {
	for _, r := range m.roles {
		if r.oid == oid {
			return r.name, true
		}
	}
	return "", false
}

// tableAttrs builds the pg_attribute rows of a resource table, as CREATE
// TABLE would: its columns, NOT NULL for declared and primary key columns,
// then the system columns.
func tableAttrs(r *rel) []A {
	inKey := map[int64]bool{}
	for _, k := range r.key {
		inKey[k] = true
	}
	var out []A
	for i, c := range r.table.Columns() {
		n := int64(i + 1)
		// A view's columns carry no NOT NULL.
		out = append(out, columnAttr(r.oid, c.Name, c.Type, n, r.kind == 'r' && (c.NotNull || inKey[n])))
	}
	return withSystemAttrs(r.kind, r.oid, out)
}

func indexAttrs(idx *rel) []A {
	cols := idx.indexOf.table.Columns()
	var out []A
	for i, k := range idx.key {
		c := cols[k-1]
		out = append(out, columnAttr(idx.oid, c.Name, c.Type, int64(i+1), false))
	}
	return out
}

// columnAttr is the pg_attribute row of a user column.
func columnAttr(relOID uint32, name string, t *value.Type, attnum int64, notNull bool) A {
	tr := typeRow(t.OID)
	ndims := I(0)
	if t.Elem != nil {
		ndims = 1
	}
	return attrRow(R{
		"attrelid": I(relOID), "attname": name, "atttypid": I(t.OID), "attstattarget": I(-1),
		"attlen": tr[typLen], "attnum": attnum, "attndims": ndims, "attcacheoff": I(-1), "atttypmod": I(-1),
		"attbyval": tr[typByVal], "attalign": tr[typAlign], "attstorage": tr[typStorage], "attcompression": "",
		"attnotnull": notNull, "atthasdef": false, "atthasmissing": false, "attidentity": "", "attgenerated": "",
		"attisdropped": false, "attislocal": true, "attinhcount": I(0), "attcollation": tr[typCollation],
	})
}

func oid(v any) uint32 {
	if n, ok := v.(int64); ok {
		return uint32(n)
	}
	return 0
}
