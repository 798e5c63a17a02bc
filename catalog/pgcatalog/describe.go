package pgcatalog

import (
	"strconv"
	"strings"
	"sync"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Functions that describe one catalog object as text: pg_get_functiondef,
// pg_describe_object, pg_index_column_has_property.

// procDefFact is what pg_get_functiondef prints of a built-in function
// that its pg_proc row holds only as an OID or a node tree: the support
// function's name, the SQL-standard body and the arguments with their
// defaults (procDefFacts, generated).
type procDefFact struct{ support, body, arguments string }

var procDefFactsByOID = sync.OnceValue(func() map[uint32]procDefFact {
	out := make(map[uint32]procDefFact, len(procDefFacts))
	for _, r := range procDefFacts {
		out[oid(r[0])] = procDefFact{support: r[1].(string), body: r[2].(string), arguments: r[3].(string)}
	}
	return out
})

// FunctionDef is pg_get_functiondef: the CREATE OR REPLACE FUNCTION
// statement that makes the function again, as PostgreSQL 15's
// pg_get_functiondef_worker prints it from the pg_proc row (vpnsql's own
// functions are LANGUAGE sql with their prosrc; the built-in ones are
// internal, or sql with a SQL-standard body). ok is false when no
// function has the OID; an aggregate is an error.
func (s *Snapshot) FunctionDef(o uint32) (string, bool, error) {
	p, ok := s.m.proc(o)
	if !ok {
		return "", false, nil
	}
	col := func(name string) any { return p[procCols[name]] }
	name := p[1].(string)
	kind := col("prokind")
	if kind == "a" {
		return "", false, pgerr.New(pgerr.WrongObjectType, "\"%s\" is an aggregate function", name)
	}
	what := "FUNCTION"
	if kind == "p" {
		what = "PROCEDURE"
	}
	var b strings.Builder
	b.WriteString("CREATE OR REPLACE " + what + " " + qualified(s.m.nsByOID[oid(col("pronamespace"))].name, name) +
		"(" + s.functionArguments(p) + ")\n")
	if kind != "p" {
		b.WriteString(" RETURNS " + s.m.functionResult(p, s.path) + "\n")
	}
	lang := oid(col("prolang"))
	b.WriteString(" LANGUAGE " + QuoteIdent(languageName(lang)) + "\n")

	var opts strings.Builder
	if kind == "w" {
		opts.WriteString(" WINDOW")
	}
	opts.WriteString(map[any]string{"i": " IMMUTABLE", "s": " STABLE"}[col("provolatile")])
	opts.WriteString(map[any]string{"s": " PARALLEL SAFE", "r": " PARALLEL RESTRICTED"}[col("proparallel")])
	for _, f := range []struct{ col, word string }{{"proisstrict", " STRICT"}, {"prosecdef", " SECURITY DEFINER"}, {"proleakproof", " LEAKPROOF"}} {
		if col(f.col) == true {
			opts.WriteString(f.word)
		}
	}
	cost := 100.0 // CREATE FUNCTION's default, 1 for internal and C functions
	if lang == 12 || lang == 13 {
		cost = 1
	}
	if c, _ := col("procost").(float64); c != cost {
		opts.WriteString(" COST " + strconv.FormatFloat(c, 'g', -1, 64))
	}
	if r, _ := col("prorows").(float64); r > 0 && r != 1000 {
		opts.WriteString(" ROWS " + strconv.FormatFloat(r, 'g', -1, 64))
	}
	fact := procDefFactsByOID()[o]
	if sup := oid(col("prosupport")); sup != 0 {
		if fact.support == "" {
			fact.support = s.RegprocOut(sup)
		}
		opts.WriteString(" SUPPORT " + fact.support)
	}
	if opts.Len() > 0 {
		b.WriteString(opts.String() + "\n")
	}

	if lang == oidLanguageSQL && col("prosqlbody") != nil {
		b.WriteString(fact.body)
	} else {
		b.WriteString("AS ")
		if bin, ok := col("probin").(string); ok {
			b.WriteString("'" + strings.ReplaceAll(strings.ReplaceAll(bin, `\`, `\\`), "'", "''") + "', ")
		}
		src, _ := col("prosrc").(string)
		delim := "$" + strings.ToLower(what)
		for strings.Contains(src, delim) {
			delim += "x"
		}
		delim += "$"
		b.WriteString(delim + src + delim)
	}
	b.WriteString("\n")
	return b.String(), true, nil
}

// functionArguments is pg_get_function_arguments: the arguments of a
// built-in function with defaults as PostgreSQL prints them (vpnsql's own
// functions have no defaults).
func (s *Snapshot) functionArguments(p A) string {
	if f := procDefFactsByOID()[oid(p[0])]; f.arguments != "" {
		return f.arguments
	}
	return s.m.functionArguments(p, s.path)
}

// FunctionSQLBody is pg_get_function_sqlbody: the SQL-standard body of a
// built-in function that has one (vpnsql's own functions have none).
func (s *Snapshot) FunctionSQLBody(o uint32) (string, bool) {
	p, ok := s.m.proc(o)
	if !ok || p[procCols["prosqlbody"]] == nil {
		return "", false
	}
	f, ok := procDefFactsByOID()[o]
	return f.body, ok
}

// More catalogs pg_describe_object knows, by their pg_class OIDs.
const (
	classPgAm       uint32 = 2601
	classPgLanguage uint32 = 2612
)

// objectClasses are the catalogs whose objects PostgreSQL 15 describes
// (getObjectClass); another class ID is an error.
var objectClasses = map[uint32]bool{1259: true, 1255: true, 1247: true, 2605: true, 3456: true, 2606: true,
	2607: true, 2604: true, 2612: true, 2613: true, 2617: true, 2616: true, 2753: true, 2601: true, 2602: true,
	2603: true, 2618: true, 2620: true, 2615: true, 3381: true, 3601: true, 3600: true, 3764: true, 3602: true,
	1260: true, 1261: true, 1262: true, 1213: true, 2328: true, 1417: true, 1418: true, 826: true, 3079: true,
	3466: true, 6243: true, 3256: true, 6104: true, 6237: true, 6106: true, 6100: true, 3576: true}

// DescribeObject is pg_describe_object(classid, objid, objsubid) for the
// objects vpnsql's catalogs list: relations and their columns, functions,
// types, schemas, roles, the database, languages, access methods and
// tablespaces, in PostgreSQL 15's words (getObjectDescription). ok is
// false for an object that does not exist and for the other catalogs'
// objects (constraints, operators, casts, ...), which vpnsql does not
// describe; a class ID that is no such catalog is PostgreSQL's XX000.
func (s *Snapshot) DescribeObject(class, o uint32, sub int64) (string, bool, error) {
	if class == 0 && o == 0 {
		return "", false, nil // pg_depend's pinned entries
	}
	if !objectClasses[class] {
		return "", false, pgerr.New(pgerr.InternalError, "unrecognized object class: %d", class)
	}
	d, ok := s.describeObject(class, o, sub)
	return d, ok, nil
}

func (s *Snapshot) describeObject(class, o uint32, sub int64) (string, bool) {
	switch class {
	case classPgTablespace:
		switch o {
		case 1663:
			return "tablespace pg_default", true
		case 1664:
			return "tablespace pg_global", true
		}
	case classPgClass:
		rel, ok := s.relationDescription(o)
		if !ok || sub == 0 {
			return rel, ok
		}
		col, ok := s.Column(o, sub)
		if !ok {
			return "", false
		}
		return "column " + col + " of " + rel, true
	case classPgProc:
		p, ok := s.m.proc(o)
		if !ok {
			return "", false
		}
		if p[procCols["prokind"]] == "p" {
			return "procedure " + s.RegprocedureOut(o), true
		}
		return "function " + s.RegprocedureOut(o), true
	case classPgType:
		if _, ok := s.m.typeRowOf(o); !ok {
			return "", false
		}
		return "type " + s.FormatType(o, -1, false), true
	case classPgNamespace:
		n, ok := s.NamespaceName(o)
		return "schema " + n, ok
	case classPgAuthid:
		n, ok := s.RoleName(o)
		return "role " + n, ok
	case classPgDatabase:
		if o != catalog.OIDDatabase {
			return "", false
		}
		return "database " + db, true
	case classPgLanguage:
		n := languageName(o)
		return "language " + n, n != ""
	case classPgAm:
		for _, a := range amRows {
			if oid(a[0]) == o {
				return "access method " + a[1].(string), true
			}
		}
	}
	return "", false
}

// relationDescription is getRelationDescription: the relation's kind and
// its name, qualified unless visible.
func (s *Snapshot) relationDescription(o uint32) (string, bool) {
	r, ok := s.m.relOf(o)
	if !ok {
		return "", false
	}
	kind := map[byte]string{'r': "table", 'i': "index", 'S': "sequence", 't': "toast table", 'v': "view",
		'm': "materialized view", 'c': "composite type", 'f': "foreign table", 'p': "table", 'I': "index"}[r.kind]
	name := qualified(r.schema, r.name)
	if vis, _ := s.RelationVisible(o); vis {
		name = QuoteIdent(r.name)
	}
	return kind + " " + name, true
}

// IndexColumnProperty is pg_index_column_has_property(index, column,
// property). Every index vpnsql lists is a btree index of ascending key
// columns, nulls last; ok is false (NULL) for what is not an index or
// not one of its columns, and for a property btree does not know.
func (s *Snapshot) IndexColumnProperty(o uint32, column int64, property string) (bool, bool) {
	r, ok := s.m.relOf(o)
	if !ok || r.kind != 'i' || column < 1 {
		return false, false
	}
	if _, ok := s.Column(o, column); !ok {
		return false, false
	}
	v, ok := map[string]bool{"asc": true, "desc": false, "nulls_first": false, "nulls_last": true,
		"orderable": true, "distance_orderable": false, "returnable": true, "search_array": true,
		"search_nulls": true}[strings.ToLower(property)]
	return v, ok
}

// RelationName is a relation's name, unqualified.
func (s *Snapshot) RelationName(o uint32) (string, bool) {
	r, ok := s.m.relOf(o)
	if !ok {
		return "", false
	}
	return r.name, true
}

// LanguageOID finds a language (internal, c or sql) by name.
func (s *Snapshot) LanguageOID(name string) (uint32, bool) {
	for _, l := range languageRows {
		if l[1] == name {
			return oid(l[0]), true
		}
	}
	return 0, false
}

// LanguageName finds a language by OID.
func (s *Snapshot) LanguageName(o uint32) (string, bool) {
	n := languageName(o)
	return n, n != ""
}

// IndexProperty is pg_index_has_property(index, property): what a btree
// index can do as a whole. ok is false (NULL) for what is not an index
// and for an unknown property.
func (s *Snapshot) IndexProperty(o uint32, property string) (bool, bool) {
	if r, ok := s.m.relOf(o); !ok || r.kind != 'i' {
		return false, false
	}
	switch strings.ToLower(property) {
	case "clusterable", "index_scan", "bitmap_scan", "backward_scan":
		return true, true
	}
	return false, false
}

// indexAMProperties are pg_indexam_has_property's answers for PostgreSQL
// 15's index access methods: can_order, can_unique, can_multi_col,
// can_exclude, can_include.
var indexAMProperties = map[uint32][5]bool{
	403:  {true, true, true, true, true},     // btree
	405:  {false, false, false, true, false}, // hash
	783:  {false, false, true, true, true},   // gist
	2742: {false, false, true, false, false}, // gin
	3580: {false, false, true, false, false}, // brin
	4000: {false, false, false, true, true},  // spgist
}

// IndexAMProperty is pg_indexam_has_property(am, property); ok is false
// (NULL) for what is not an index access method and for an unknown
// property.
func (s *Snapshot) IndexAMProperty(am uint32, property string) (bool, bool) {
	props, ok := indexAMProperties[am]
	if !ok {
		return false, false
	}
	for i, name := range []string{"can_order", "can_unique", "can_multi_col", "can_exclude", "can_include"} {
		if strings.EqualFold(property, name) {
			return props[i], true
		}
	}
	return false, false
}
