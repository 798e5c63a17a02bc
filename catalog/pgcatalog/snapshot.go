package pgcatalog

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Snapshot answers the questions of the catalog functions (format_type,
// pg_get_indexdef, the reg* types, visibility, descriptions) about what
// exists for one statement: the catalog's tables and the session in the
// context (its search_path decides visibility and name qualification).
type Snapshot struct {
	m    *model
	path []string // effective search path: pg_catalog first, then the session's existing schemas
}

// NewSnapshot takes a snapshot of c for the session in ctx
// (catalog.WithSession); without one the search path is "ec2, public".
func NewSnapshot(ctx context.Context, c *catalog.Catalog) *Snapshot {
	m := newModel(ctx, c)
	path := []string{"ec2", "public"}
	if m.hasSess && m.sess.SearchPath != nil {
		path = m.sess.SearchPath
	}
	return &Snapshot{m: m, path: m.effectivePath(path)}
}

// effectivePath is the schemas searched for unqualified names, as
// PostgreSQL builds it: pg_catalog first unless listed, then the listed
// schemas that exist.
func (m *model) effectivePath(path []string) []string {
	out := []string{}
	listed := false
	for _, s := range path {
		if s == pgCatalogSchemaNam {
			listed = true
		}
	}
	if !listed {
		out = append(out, pgCatalogSchemaNam)
	}
	for _, s := range path {
		if m.schemaOID(s) != 0 {
			out = append(out, s)
		}
	}
	return out
}

// SearchPath returns the effective search path.
func (s *Snapshot) SearchPath() []string { return append([]string(nil), s.path...) }

// FormatType is format_type(type, typmod); withTypmod false is a NULL
// Typmod. An unknown OID gives "???", as in PostgreSQL.
func (s *Snapshot) FormatType(typ uint32, typmod int64, withTypmod bool) string {
	return s.m.formatType(typ, typmod, withTypmod, s.path)
}

// typeRowOf finds a type's pg_type row: built-in, or a resource table's
// row or array type.
func (m *model) typeRowOf(o uint32) (A, bool) {
	if r, ok := typeByOID[o]; ok {
		return r, true
	}
	for _, r := range m.resourceRels() {
		if (r.kind == 'r' || r.kind == 'v') && (r.rowType == o || r.arrayType == o) {
			row, arr := rowTypeRows(r)
			if r.rowType == o {
				return row, true
			}
			return arr, true
		}
	}
	return nil, false
}

func (m *model) typeVisible(o uint32, path []string) bool {
	t, ok := m.typeRowOf(o)
	if !ok {
		return false
	}
	name := t[typName].(string)
	for _, sch := range path {
		ns := m.schemaOID(sch)
		if found, ok := m.typeByName(ns, name); ok {
			return found == o
		}
	}
	return false
}

func (m *model) typeByName(ns uint32, name string) (uint32, bool) {
	if o, ok := typeByNsName[nsName{ns, name}]; ok {
		return o, true
	}
	for _, r := range m.resourceRels() {
		if (r.kind == 'r' || r.kind == 'v') && r.ns == ns {
			if r.name == name {
				return r.rowType, true
			}
			if "_"+r.name == name {
				return r.arrayType, true
			}
		}
	}
	return 0, false
}

func (m *model) relByName(ns uint32, name string) *rel {
	if r, ok := builtinRels.byName[nsName{ns, name}]; ok {
		return r
	}
	for _, r := range m.resourceRels() {
		if r.ns == ns && r.name == name {
			return r
		}
	}
	return nil
}

// RelationKind finds a relation as a FROM item names it (schema "" for
// the search path) and returns its relkind: the executor's tables are only
// the scannable ones, so this tells it an index from a missing relation.
func (s *Snapshot) RelationKind(schema, name string) (byte, bool) {
	path := s.path
	if schema != "" {
		path = []string{schema}
	}
	for _, sch := range path {
		if r := s.m.relByName(s.m.schemaOID(sch), name); r != nil {
			return r.kind, true
		}
	}
	return 0, false
}

// LiveTuples is pg_stat_get_live_tuples: a resource table's last complete
// scan's rows (catalog/stats.go), 0 for any other OID, as n_live_tup.
func (s *Snapshot) LiveTuples(o uint32) int64 {
	if r, ok := s.m.relOf(o); ok && r.table != nil {
		if n, ok := catalog.LastCompleteScan(r.table); ok {
			return n
		}
	}
	return 0
}

// RelationExists reports whether pg_class has the OID.
func (s *Snapshot) RelationExists(o uint32) bool { _, ok := s.m.relOf(o); return ok }

// RelationVisible is pg_table_is_visible: the relation's schema is on the
// search path and no earlier schema has a relation of the same name.
// The second result is false when the relation does not exist.
func (s *Snapshot) RelationVisible(o uint32) (bool, bool) {
	r, ok := s.m.relOf(o)
	if !ok {
		return false, false
	}
	for _, sch := range s.path {
		if found := s.m.relByName(s.m.schemaOID(sch), r.name); found != nil {
			return found == r, true
		}
	}
	return false, true
}

// TypeVisible is pg_type_is_visible; the second result is false when the
// type does not exist.
func (s *Snapshot) TypeVisible(o uint32) (bool, bool) {
	if _, ok := s.m.typeRowOf(o); !ok {
		return false, false
	}
	return s.m.typeVisible(o, s.path), true
}

// FunctionVisible is pg_function_is_visible: a function of pg_catalog
// (always searched) or of a schema on the search path.
func (s *Snapshot) FunctionVisible(o uint32) (bool, bool) {
	p, ok := s.m.proc(o)
	if !ok {
		return false, false
	}
	ns := oid(p[procCols["pronamespace"]])
	if ns == oidPgCatalog {
		return true, true
	}
	for _, name := range s.path {
		if s.m.schemaOID(name) == ns {
			return true, true
		}
	}
	return false, true
}

// BuiltinType finds a PostgreSQL 15 built-in type by name or by OID
// (name ""): pg_type lists every one, though the engine implements a
// subset (package catalog), so the binder can tell "not supported" from
// "does not exist".
func BuiltinType(name string, o uint32) (string, bool) {
	if name != "" {
		o = typeByNsName[nsName{oidPgCatalog, name}]
	}
	if t, ok := typeByOID[o]; ok {
		return t[typName].(string), true
	}
	return "", false
}

// BuiltinVisible is pg_opclass_is_visible and its siblings, for a catalog
// holding only built-in objects ("pg_opclass", "pg_operator", ...): they
// all live in pg_catalog, which is always searched. The second result is
// false when the object does not exist.
func (s *Snapshot) BuiltinVisible(relation string, o uint32) (bool, bool) {
	rows := staticRows["pg_catalog."+relation]
	switch relation {
	case "pg_operator":
		rows = operatorRows
	case "pg_collation":
		rows = collationRows
	}
	for _, r := range rows {
		if oid(r[0]) == o {
			return true, true
		}
	}
	return false, false
}

// NamespaceOID finds a schema by name.
func (s *Snapshot) NamespaceOID(name string) (uint32, bool) {
	o := s.m.schemaOID(name)
	return o, o != 0
}

// NamespaceName finds a schema by OID.
func (s *Snapshot) NamespaceName(o uint32) (string, bool) {
	n, ok := s.m.nsByOID[o]
	return n.name, ok
}

// RoleOID finds a role by name.
func (s *Snapshot) RoleOID(name string) (uint32, bool) {
	for _, r := range s.m.roles {
		if r.name == name {
			return r.oid, true
		}
	}
	return 0, false
}

// RoleName is pg_get_userbyid without the "unknown (OID=n)" fallback.
func (s *Snapshot) RoleName(o uint32) (string, bool) { return s.m.roleName(o) }

// CurrentUserOID is the OID of the session's user.
func (s *Snapshot) CurrentUserOID() uint32 { return s.m.user.oid }

// Column returns the name of a relation's column by attnum (system
// columns included); ok is false when there is no such live column.
func (s *Snapshot) Column(rel uint32, attnum int64) (string, bool) {
	r, ok := s.m.relOf(rel)
	if !ok {
		return "", false
	}
	for _, a := range r.attrs {
		if a[attNum].(int64) == attnum {
			return a[attName].(string), true
		}
	}
	return "", false
}

// ColumnNumber finds a relation's column by name.
func (s *Snapshot) ColumnNumber(rel uint32, name string) (int64, bool) {
	r, ok := s.m.relOf(rel)
	if !ok {
		return 0, false
	}
	for _, a := range r.attrs {
		if a[attName] == name {
			return a[attNum].(int64), true
		}
	}
	return 0, false
}

// IndexDef is pg_get_indexdef(index, column, pretty): the index's CREATE
// statement (column 0) or the column's name. The table is
// schema-qualified, except with pretty when it is visible.
func (s *Snapshot) IndexDef(o uint32, column int, pretty bool) (string, bool) {
	r, ok := s.m.relOf(o)
	if !ok || r.kind != 'i' {
		return "", false
	}
	qualify := true
	if pretty {
		vis, _ := s.RelationVisible(r.indexOf.oid)
		qualify = !vis
	}
	return indexDef(r, column, qualify, pretty), true
}

// Expr is pg_get_expr of an expression tree vpnsql stores: a unique
// index's predicate (pg_index.indpred) or a policy's USING expression
// (pg_policy.polqual, policies.go) on relation rel. ok is false for
// any other text.
func (s *Snapshot) Expr(tree string, rel uint32, pretty bool) (string, bool) {
	r, found := s.m.relOf(rel)
	if !found {
		return "", false
	}
	if text, ok := s.m.policyExprText(tree, rel, pretty); ok {
		return text, true
	}
	for _, u := range r.uniques {
		if u.unique.PredicateTree != "" && u.unique.PredicateTree == tree {
			if pretty {
				return u.unique.PredicatePretty, true
			}
			return u.unique.Predicate, true
		}
	}
	return "", false
}

// ConstraintDef is pg_get_constraintdef.
func (s *Snapshot) ConstraintDef(o uint32) (string, bool) {
	if d, ok := constraintDefs[o]; ok {
		return d, true
	}
	for _, r := range s.m.rels {
		if r.kind == 'i' && r.constraint == o {
			return constraintDef(r), true
		}
	}
	if f, ok := s.m.foreignKeyByOID(o); ok {
		visible, _ := s.RelationVisible(f.to.oid)
		return f.definition(visible), true
	}
	return "", false
}

// ViewDef is pg_get_viewdef of a view (see viewDefinition).
func (s *Snapshot) ViewDef(o uint32) (string, bool) {
	r, ok := s.m.relOf(o)
	if !ok || r.kind != 'v' {
		return "", false
	}
	return viewDefinition(r), true
}

// FunctionArguments is pg_get_function_arguments (identity false) or
// pg_get_function_identity_arguments (identity true).
func (s *Snapshot) FunctionArguments(o uint32, identity bool) (string, bool) {
	p, ok := s.m.proc(o)
	if !ok {
		return "", false
	}
	if identity {
		return s.m.functionArguments(p, s.path), true // without the defaults, with OUT arguments
	}
	return s.functionArguments(p), true
}

// FunctionResult is pg_get_function_result.
func (s *Snapshot) FunctionResult(o uint32) (string, bool) {
	p, ok := s.m.proc(o)
	if !ok {
		return "", false
	}
	return s.m.functionResult(p, s.path), true
}

// ClassOID is the OID of a pg_catalog relation by name ("pg_class" ->
// 1259), for obj_description(oid, 'pg_class').
func (s *Snapshot) ClassOID(name string) (uint32, bool) {
	if d, ok := defs["pg_catalog."+name]; ok {
		return d.OID, true
	}
	return 0, false
}

// descriptions lists pg_description's rows.
func (m *model) descriptions() []A {
	var out []A
	for _, d := range descriptionRows {
		out = append(out, d)
	}
	out = append(out, m.methodDescriptions()...)
	for _, r := range m.resourceRels() {
		if r.kind != 'r' && r.kind != 'v' {
			continue
		}
		if c, ok := r.table.(catalog.Commented); ok && c.Comment() != "" {
			out = append(out, A{I(r.oid), I(classPgClass), I(0), c.Comment()})
		}
		for i, c := range r.table.Columns() {
			if c.Comment != "" {
				out = append(out, A{I(r.oid), I(classPgClass), I(i + 1), c.Comment})
			}
		}
	}
	return out
}

// Description is obj_description/col_description: the comment on
// (objoid, classoid, subid). classoid 0 matches any catalog (the
// one-argument obj_description).
func (s *Snapshot) Description(objoid, classoid uint32, subid int64) (string, bool) {
	for _, d := range s.m.descriptions() {
		if oid(d[0]) == objoid && (classoid == 0 || oid(d[1]) == classoid) && d[2].(int64) == subid {
			return d[3].(string), true
		}
	}
	return "", false
}

// ---- the reg* types ----

// ParseQualifiedName splits a possibly qualified, possibly quoted name as
// PostgreSQL's stringToQualifiedNameList does: unquoted parts fold to
// lower case.
func ParseQualifiedName(s string) ([]string, error) {
	var parts []string
	s = strings.TrimSpace(s)
	for i := 0; ; {
		var part string
		if i < len(s) && s[i] == '"' {
			var b strings.Builder
			for i++; ; {
				if i >= len(s) {
					return nil, invalidName()
				}
				if s[i] == '"' {
					if i+1 < len(s) && s[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(s[i])
				i++
			}
			part = b.String()
		} else {
			j := i
			for j < len(s) && s[j] != '.' && s[j] != ' ' && s[j] != '"' {
				j++
			}
			part, i = strings.ToLower(s[i:j]), j
		}
		if part == "" {
			return nil, invalidName()
		}
		parts = append(parts, part)
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i == len(s) {
			return parts, nil
		}
		if s[i] != '.' {
			return nil, invalidName()
		}
		for i++; i < len(s) && s[i] == ' '; i++ {
		}
	}
}

func invalidName() *pgerr.Error {
	return pgerr.New(pgerr.InvalidName, "invalid name syntax")
}

// numericOID reads an all-digits reg* input as an OID, as PostgreSQL
// accepts '16387'::regclass without looking it up.
func numericOID(s string) (uint32, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 32)
	return uint32(n), err == nil
}

// resolveSchema checks the catalog part of a three-part name and returns
// the schema's OID (0: search the path).
func (s *Snapshot) resolveSchema(parts []string, input string) (uint32, string, error) {
	switch len(parts) {
	case 1:
		return 0, parts[0], nil
	case 3:
		if parts[0] != catalog.Database {
			return 0, "", pgerr.New(pgerr.FeatureNotSupported, "cross-database references are not implemented: %s", input)
		}
		parts = parts[1:]
		fallthrough
	case 2:
		ns := s.m.schemaOID(parts[0])
		if ns == 0 {
			return 0, "", pgerr.New(pgerr.InvalidSchemaName, "schema %q does not exist", parts[0])
		}
		return ns, parts[1], nil
	}
	return 0, "", pgerr.New(pgerr.InvalidName, "improper qualified name (too many dotted names): %s", input)
}

// RegclassIn is regclass's input: a relation name, qualified or found on
// the search path, or an OID in digits.
func (s *Snapshot) RegclassIn(name string) (uint32, error) {
	if o, ok := numericOID(name); ok {
		return o, nil
	}
	parts, err := ParseQualifiedName(name)
	if err != nil {
		return 0, err
	}
	ns, rel, err := s.resolveSchema(parts, name)
	if err != nil {
		return 0, err
	}
	if ns != 0 {
		if r := s.m.relByName(ns, rel); r != nil {
			return r.oid, nil
		}
	} else {
		for _, sch := range s.path {
			if r := s.m.relByName(s.m.schemaOID(sch), rel); r != nil {
				return r.oid, nil
			}
		}
	}
	return 0, pgerr.New(pgerr.UndefinedTable, "relation %q does not exist", name)
}

// RegclassOut is regclass's output: the name, qualified when not visible;
// an unknown OID prints as digits.
func (s *Snapshot) RegclassOut(o uint32) string {
	r, ok := s.m.relOf(o)
	if !ok {
		return strconv.FormatUint(uint64(o), 10)
	}
	if vis, _ := s.RelationVisible(o); vis {
		return QuoteIdent(r.name)
	}
	return qualified(r.schema, r.name)
}

// RegtypeIn is regtype's input: a type name in any SQL spelling,
// qualified or found on the search path, or an OID in digits.
func (s *Snapshot) RegtypeIn(name string) (uint32, error) {
	if o, ok := numericOID(name); ok {
		return o, nil
	}
	if t := value.TypeByName(name); t != nil {
		return t.OID, nil
	}
	base, array := strings.TrimSpace(name), false
	if strings.HasSuffix(base, "[]") {
		base, array = strings.TrimSpace(strings.TrimSuffix(base, "[]")), true
	}
	if parts, err := ParseQualifiedName(base); err == nil {
		if ns, typ, err := s.resolveSchema(parts, name); err == nil {
			search := s.path
			if ns != 0 {
				search = []string{s.m.nsByOID[ns].name}
			}
			for _, sch := range search {
				if o, ok := s.m.typeByName(s.m.schemaOID(sch), typ); ok {
					if !array {
						return o, nil
					}
					if t, _ := s.m.typeRowOf(o); t != nil && oid(t[typArray]) != 0 {
						return oid(t[typArray]), nil
					}
				}
			}
		}
	}
	return 0, pgerr.New(pgerr.UndefinedObject, "type %q does not exist", name)
}

// RegtypeOut is regtype's output: format_type without a typmod.
func (s *Snapshot) RegtypeOut(o uint32) string {
	if _, ok := s.m.typeRowOf(o); !ok {
		return strconv.FormatUint(uint64(o), 10)
	}
	return s.FormatType(o, -1, false)
}

// RegprocIn is regproc's input: a function name, qualified or found on
// the search path, that must be unique: PostgreSQL's built-in functions
// and vpnsql's own (the tables' methods, vpnsql.cache_clear).
func (s *Snapshot) RegprocIn(name string) (uint32, error) {
	if strings.TrimSpace(name) == "-" {
		return 0, nil
	}
	if o, ok := numericOID(name); ok {
		return o, nil
	}
	ns, fn, err := s.functionName(name)
	if err != nil {
		return 0, err
	}
	found := s.procsNamed(ns, fn)
	switch {
	case len(found) == 0:
		return 0, pgerr.New(pgerr.UndefinedFunction, "function \"%s\" does not exist", name)
	case len(found) == 1 && !(oid(found[0][procCols["pronamespace"]]) == oidPgCatalog && overloadedProcs[fn]):
		// (pg_proc lists only the built-in overloads vpnsql has; a name
		// PostgreSQL overloads is ambiguous there.)
		return oid(found[0][0]), nil
	}
	return 0, pgerr.New(pgerr.AmbiguousFunction, "more than one function named \"%s\"", name)
}

// functionName splits a function's possibly qualified name into its
// schema's OID (0: the search path) and the name.
func (s *Snapshot) functionName(name string) (uint32, string, error) {
	parts, err := ParseQualifiedName(name)
	if err != nil {
		return 0, "", err
	}
	return s.resolveSchema(parts, name)
}

// procsNamed are the pg_proc rows of the functions named fn in schema ns
// or, ns 0, in a schema of the search path.
func (s *Snapshot) procsNamed(ns uint32, fn string) []A {
	var out []A
	for _, rows := range [][]A{procRows, s.m.ownProcs} {
		for _, p := range rows {
			if p[1] == fn && s.searched(ns, oid(p[procCols["pronamespace"]])) {
				out = append(out, p)
			}
		}
	}
	return out
}

// searched reports whether a name in schema ns (0: the search path)
// looks in schema o.
func (s *Snapshot) searched(ns, o uint32) bool {
	if ns != 0 {
		return o == ns
	}
	for _, sch := range s.path {
		if s.m.schemaOID(sch) == o {
			return true
		}
	}
	return false
}

// RegprocOut is regproc's output: the function's name, "-" for 0,
// qualified when regprocin would not find it back by name alone.
func (s *Snapshot) RegprocOut(o uint32) string {
	if o == 0 {
		return "-"
	}
	p, ok := s.m.proc(o)
	if !ok {
		return strconv.FormatUint(uint64(o), 10)
	}
	name := p[1].(string)
	ns := oid(p[procCols["pronamespace"]])
	if ns == oidPgCatalog {
		return overloaded(name, overloadedProcs)
	}
	if vis, _ := s.FunctionVisible(o); vis && len(s.procsNamed(0, name)) == 1 {
		return QuoteIdent(name)
	}
	return qualified(s.m.nsByOID[ns].name, name)
}

// overloaded quotes a function's or operator's name, schema-qualified
// when PostgreSQL has several of that name: regprocin and regoperin could
// not find it back by name alone, so their outputs qualify it.
func overloaded(name string, names map[string]bool) string {
	if names[name] {
		return "pg_catalog." + QuoteIdent(name)
	}
	return QuoteIdent(name)
}

// RegoperOut is regoper's output: the operator's name.
func (s *Snapshot) RegoperOut(o uint32) string {
	if op, ok := operatorByOID[o]; ok {
		name := op[operatorCols["oprname"]].(string)
		if overloadedOperators[name] {
			return "pg_catalog." + name
		}
		return name
	}
	return strconv.FormatUint(uint64(o), 10)
}

// RegoperatorOut is regoperator's output: name(lefttype,righttype), NONE
// for the missing operand of a prefix operator.
func (s *Snapshot) RegoperatorOut(o uint32) string {
	op, ok := operatorByOID[o]
	if !ok {
		return strconv.FormatUint(uint64(o), 10)
	}
	operand := func(col string) string {
		if t := oid(op[operatorCols[col]]); t != 0 {
			return s.FormatType(t, -1, false)
		}
		return "NONE"
	}
	return op[operatorCols["oprname"]].(string) + "(" + operand("oprleft") + "," + operand("oprright") + ")"
}

// RegprocedureIn is regprocedure's input: name(argtype, ...), the name
// qualified or found on the search path.
func (s *Snapshot) RegprocedureIn(sig string) (uint32, error) {
	if o, ok := numericOID(sig); ok {
		return o, nil
	}
	open := strings.IndexByte(sig, '(')
	if open < 0 || !strings.HasSuffix(strings.TrimSpace(sig), ")") {
		return 0, pgerr.New(pgerr.InvalidTextRepresentation, "expected a left parenthesis")
	}
	ns, fn, err := s.functionName(sig[:open])
	if err != nil {
		return 0, err
	}
	inner := strings.TrimSpace(sig[open+1 : strings.LastIndexByte(sig, ')')])
	var args []any
	if inner != "" {
		for _, a := range strings.Split(inner, ",") {
			o, err := s.RegtypeIn(a)
			if err != nil {
				return 0, err
			}
			args = append(args, I(o))
		}
	}
	for _, p := range s.procsNamed(ns, fn) {
		have, _ := p[procCols["proargtypes"]].([]any)
		if len(have) == len(args) && equalAny(have, args) {
			return oid(p[0]), nil
		}
	}
	return 0, pgerr.New(pgerr.UndefinedFunction, "function \"%s\" does not exist", sig)
}

func equalAny(a, b []any) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// RegprocedureOut is regprocedure's output: name(type,type), the name
// qualified when the function is not visible.
func (s *Snapshot) RegprocedureOut(o uint32) string {
	p, ok := s.m.proc(o)
	if !ok {
		return strconv.FormatUint(uint64(o), 10)
	}
	args, _ := p[procCols["proargtypes"]].([]any)
	names := make([]string, len(args))
	for i, a := range args {
		names[i] = s.FormatType(oid(a), -1, false)
	}
	name := QuoteIdent(p[1].(string))
	if vis, _ := s.FunctionVisible(o); !vis {
		name = qualified(s.m.nsByOID[oid(p[procCols["pronamespace"]])].name, p[1].(string))
	}
	return name + "(" + strings.Join(names, ",") + ")"
}

// RegnamespaceIn is regnamespace's input.
func (s *Snapshot) RegnamespaceIn(name string) (uint32, error) {
	if o, ok := numericOID(name); ok {
		return o, nil
	}
	parts, err := ParseQualifiedName(name)
	if err != nil {
		return 0, err
	}
	if len(parts) != 1 {
		return 0, invalidName()
	}
	if o := s.m.schemaOID(parts[0]); o != 0 {
		return o, nil
	}
	return 0, pgerr.New(pgerr.InvalidSchemaName, "schema %q does not exist", parts[0])
}

// RegnamespaceOut is regnamespace's output.
func (s *Snapshot) RegnamespaceOut(o uint32) string {
	if n, ok := s.m.nsByOID[o]; ok {
		return QuoteIdent(n.name)
	}
	return strconv.FormatUint(uint64(o), 10)
}

// RegroleIn is regrole's input.
func (s *Snapshot) RegroleIn(name string) (uint32, error) {
	if o, ok := numericOID(name); ok {
		return o, nil
	}
	parts, err := ParseQualifiedName(name)
	if err != nil {
		return 0, err
	}
	if len(parts) != 1 {
		return 0, invalidName()
	}
	if o, ok := s.RoleOID(parts[0]); ok {
		return o, nil
	}
	return 0, pgerr.New(pgerr.UndefinedObject, "role %q does not exist", parts[0])
}

// RegroleOut is regrole's output.
func (s *Snapshot) RegroleOut(o uint32) string {
	if n, ok := s.m.roleName(o); ok {
		return QuoteIdent(n)
	}
	return strconv.FormatUint(uint64(o), 10)
}

// FunctionVolatile reports whether PostgreSQL 15 marks a built-in function
// of that name volatile (pg_proc.provolatile 'v') in any of its overloads:
// two calls in one statement may give different values (random,
// clock_timestamp). A name pg_proc does not list is not volatile.
func FunctionVolatile(name string) bool { return volatileProcs()[name] }

var volatileProcs = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	for _, r := range procRows {
		if r[procCols["provolatile"]] == "v" {
			out[r[procCols["proname"]].(string)] = true
		}
	}
	return out
})

// GeneratedFunction reports whether the generator looked up a function
// name (searched) and whether PostgreSQL 15 has functions of that name
// (inPG); pg_proc lists those it has.
func GeneratedFunction(name string) (searched, inPG bool) {
	for _, n := range procNamesSearched {
		if n == name {
			searched = true
		}
	}
	for _, n := range procNamesMissing {
		if n == name {
			return searched, false
		}
	}
	return searched, searched
}

// FunctionImmutable reports whether PostgreSQL 15 marks every overload of
// a built-in function of that name immutable (pg_proc.provolatile 'i'):
// its value depends on its arguments alone, so the planner may compute a
// call with constant arguments once, as PostgreSQL's constant folding
// does. A name pg_proc does not list is not immutable.
func FunctionImmutable(name string) bool { return immutableProcs()[name] }

var immutableProcs = sync.OnceValue(func() map[string]bool {
	out := map[string]bool{}
	for _, r := range procRows {
		name := r[procCols["proname"]].(string)
		if r[procCols["provolatile"]] != "i" {
			out[name] = false
		} else if _, seen := out[name]; !seen {
			out[name] = true
		}
	}
	return out
})
