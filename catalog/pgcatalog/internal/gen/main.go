// Command gen dumps the facts vpnsql's system catalogs need from a live
// PostgreSQL 15 and writes them as Go source (catalog/pgcatalog/generated.go):
//
//   - the definition of every catalog relation vpnsql implements: its OID,
//     kind, row type and ACL, and its pg_attribute rows (column names, types,
//     typmods, NOT NULL, collations, system columns);
//   - the pg_type rows of catalog.AllTypes(), of the information_schema
//     domains and of the catalog relations' row and array types;
//   - the pg_proc rows of the functions the engine binds
//     (executor.FunctionNames), of the catalog functions, and of every
//     function a dumped row names through a regproc column (typinput,
//     amhandler, ...); an overload whose argument or result type vpnsql
//     lacks is left out;
//   - pg_description rows of the dumped objects;
//   - the built-in rows of pg_namespace, pg_am, pg_collation, pg_language,
//     pg_tablespace, and pg_settings rows of the settings vpnsql knows.
//
// Run it with `go generate ./catalog/pgcatalog` (it starts its own
// throwaway cluster) or `go run ./catalog/pgcatalog/internal/gen -url URL`.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/vpnsql/vpnsql/catalog"
	_ "github.com/vpnsql/vpnsql/catalog/ec2" // its init registers the resource methods the engine binds as functions
	"github.com/vpnsql/vpnsql/catalog/pgcatalog/pgtest"
	"github.com/vpnsql/vpnsql/executor"
)

// relations are the catalog relations vpnsql implements, schema-qualified.
var relations = []string{
	"pg_catalog.pg_am", "pg_catalog.pg_attrdef", "pg_catalog.pg_attribute", "pg_catalog.pg_auth_members",
	"pg_catalog.pg_authid", "pg_catalog.pg_cast", "pg_catalog.pg_class", "pg_catalog.pg_collation",
	"pg_catalog.pg_constraint", "pg_catalog.pg_database", "pg_catalog.pg_depend", "pg_catalog.pg_description",
	"pg_catalog.pg_enum", "pg_catalog.pg_event_trigger", "pg_catalog.pg_extension", "pg_catalog.pg_foreign_table",
	"pg_catalog.pg_index", "pg_catalog.pg_inherits", "pg_catalog.pg_language", "pg_catalog.pg_namespace",
	"pg_catalog.pg_operator", "pg_catalog.pg_partitioned_table", "pg_catalog.pg_policy", "pg_catalog.pg_proc",
	"pg_catalog.pg_publication", "pg_catalog.pg_publication_namespace", "pg_catalog.pg_publication_rel",
	"pg_catalog.pg_range", "pg_catalog.pg_rewrite", "pg_catalog.pg_sequence", "pg_catalog.pg_shdescription",
	"pg_catalog.pg_statistic_ext", "pg_catalog.pg_tablespace", "pg_catalog.pg_trigger", "pg_catalog.pg_type",
	"pg_catalog.pg_user_mapping",
	// views
	"pg_catalog.pg_indexes", "pg_catalog.pg_locks", "pg_catalog.pg_matviews", "pg_catalog.pg_roles",
	"pg_catalog.pg_settings", "pg_catalog.pg_stat_activity", "pg_catalog.pg_stat_user_tables",
	"pg_catalog.pg_tables", "pg_catalog.pg_user", "pg_catalog.pg_views",
	"information_schema.applicable_roles", "information_schema.character_sets",
	"information_schema.check_constraints", "information_schema.column_privileges",
	"information_schema.columns", "information_schema.constraint_column_usage",
	"information_schema.enabled_roles", "information_schema.key_column_usage",
	"information_schema.parameters", "information_schema.referential_constraints",
	"information_schema.role_table_grants", "information_schema.routines",
	"information_schema.schemata", "information_schema.table_constraints",
	"information_schema.table_privileges", "information_schema.tables", "information_schema.views",
}

// extraFunctions are functions clients call that the engine may bind
// outside its function maps (syntax forms), plus helpers the catalog
// functions refer to.
var extraFunctions = []string{"coalesce", "nullif", "current_user", "session_user", "current_catalog", "pg_get_keywords"}

// extraSettings are read-only settings clients read from pg_settings that
// SHOW does not list (pgJDBC reads max_index_keys).
var extraSettings = []string{"max_index_keys", "max_function_args", "segment_size", "wal_block_size",
	"data_checksums", "ssl", "port", "listen_addresses", "server_encoding", "shared_buffers", "work_mem"}

func main() {
	url := flag.String("url", os.Getenv("PGCAT_URL"), "PostgreSQL 15 to read (default: start a throwaway cluster)")
	out := flag.String("out", "generated.go", "output file")
	flag.Parse()
	ctx := context.Background()
	if *url == "" {
		c, err := pgtest.Start()
		if err != nil {
			log.Fatal(err)
		}
		defer c.Stop()
		*url = c.URL("postgres")
	}
	conn, err := pgx.Connect(ctx, *url)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(ctx)
	g := &gen{ctx: ctx, conn: conn}
	src, err := g.run()
	if err != nil {
		log.Fatal(err)
	}
	formatted, err := format.Source(src)
	if err != nil {
		os.WriteFile(*out+".broken", src, 0o644)
		log.Fatalf("gofmt: %v", err)
	}
	if err := os.WriteFile(*out, formatted, 0o644); err != nil {
		log.Fatal(err)
	}
}

type gen struct {
	ctx  context.Context
	conn *pgx.Conn
	buf  bytes.Buffer
}

func (g *gen) p(format string, args ...any) { fmt.Fprintf(&g.buf, format, args...) }

func (g *gen) run() ([]byte, error) {
	var version string
	if err := g.conn.QueryRow(g.ctx, "SELECT version()").Scan(&version); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(version, "PostgreSQL 15.") {
		return nil, fmt.Errorf("need PostgreSQL 15, got %s", version)
	}
	g.p("// Code generated by catalog/pgcatalog/internal/gen from %s; DO NOT EDIT.\n\n", strings.Fields(version)[1])
	g.p("package pgcatalog\n\n")

	// Relations and their pg_attribute rows.
	var relOIDs, rowTypes []string
	g.p("var relDefs = []*relDef{\n")
	for _, qn := range relations {
		schema, name, _ := strings.Cut(qn, ".")
		var oid, reltype, typarray uint32
		var kind string
		var acl []string
		err := g.conn.QueryRow(g.ctx, `SELECT c.oid, c.relkind::text, c.reltype, t.typarray, c.relacl::text[]
			FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = c.reltype
			WHERE n.nspname = $1 AND c.relname = $2`, schema, name).Scan(&oid, &kind, &reltype, &typarray, &acl)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", qn, err)
		}
		relOIDs = append(relOIDs, fmt.Sprint(oid))
		rowTypes = append(rowTypes, fmt.Sprint(reltype), fmt.Sprint(typarray))
		g.p("{OID: %d, Schema: %q, Name: %q, Kind: '%s', RowType: %d, ArrayType: %d, ACL: %s,\nAttrs: []A{\n",
			oid, schema, name, kind, reltype, typarray, lit(anySlice(acl)))
		rows, err := g.dump("pg_attribute", fmt.Sprintf("attrelid = %d ORDER BY attnum < 0, abs(attnum)", oid))
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			g.p("%s,\n", lit(r))
		}
		g.p("}},\n")
	}
	g.p("}\n\n")

	// Types.
	typeOIDs := []string{}
	for _, t := range catalog.AllTypes() {
		typeOIDs = append(typeOIDs, fmt.Sprint(t.OID))
	}
	typeOIDs = append(typeOIDs, rowTypes...)
	types, err := g.dump("pg_type", "oid IN ("+strings.Join(typeOIDs, ",")+") ORDER BY oid")
	if err != nil {
		return nil, err
	}
	if len(types) != len(typeOIDs) {
		return nil, fmt.Errorf("pg_type: %d rows for %d types", len(types), len(typeOIDs))
	}
	haveType := map[int64]bool{0: true}
	for _, r := range types {
		haveType[r[0].(int64)] = true
	}
	g.table("typeRows", "pg_type rows of the built-in types and the catalog relations' row types", types)

	// Built-in rows of small catalogs.
	am, err := g.dump("pg_am", "true ORDER BY oid")
	if err != nil {
		return nil, err
	}
	g.table("amRows", "pg_am", am)
	for _, t := range []struct{ rel, where, v, doc string }{
		{"pg_namespace", "nspname IN ('pg_catalog', 'public', 'information_schema') ORDER BY oid", "namespaceRows", "built-in schemas"},
		{"pg_collation", "collname IN ('default', 'C', 'POSIX', 'ucs_basic') ORDER BY oid", "collationRows", "built-in collations that do not depend on the operating system"},
		{"pg_language", "lanname IN ('internal', 'c', 'sql') ORDER BY oid", "languageRows", "languages of the built-in functions"},
		{"pg_tablespace", "true ORDER BY oid", "tablespaceRows", "pg_default and pg_global"},
	} {
		rows, err := g.dump(t.rel, t.where)
		if err != nil {
			return nil, err
		}
		g.table(t.v, t.doc, rows)
	}

	// Functions: the engine's, then those the dumped rows name.
	names := append(executor.FunctionNames(), extraFunctions...)
	procs, err := g.dump("pg_proc", "pronamespace = 11 AND proname = ANY('{"+strings.Join(names, ",")+"}') ORDER BY oid")
	if err != nil {
		return nil, err
	}
	refs := map[int64]bool{}
	collect := func(rel string, rows [][]any) error {
		cols, err := g.columns(rel)
		if err != nil {
			return err
		}
		for _, r := range rows {
			for i, c := range cols {
				if c.typ == catalog.Regproc.OID {
					if v, ok := r[i].(int64); ok && v != 0 {
						refs[v] = true
					}
				}
			}
		}
		return nil
	}
	if err := collect("pg_type", types); err != nil {
		return nil, err
	}
	if err := collect("pg_am", am); err != nil {
		return nil, err
	}
	for _, r := range procs {
		delete(refs, r[0].(int64))
	}
	if len(refs) > 0 {
		var ids []string
		for id := range refs {
			ids = append(ids, fmt.Sprint(id))
		}
		more, err := g.dump("pg_proc", "oid IN ("+strings.Join(ids, ",")+")")
		if err != nil {
			return nil, err
		}
		procs = append(procs, more...)
	}
	procCols, err := g.columns("pg_proc")
	if err != nil {
		return nil, err
	}
	var kept [][]any
	var procOIDs []string
	for _, r := range procs {
		if procTypesKnown(r, procCols, haveType) || refs[r[0].(int64)] {
			kept = append(kept, r)
			procOIDs = append(procOIDs, fmt.Sprint(r[0]))
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i][0].(int64) < kept[j][0].(int64) })
	g.table("procRows", "pg_proc rows of the functions vpnsql has", kept)
	found := map[string]bool{}
	for _, r := range procs {
		found[r[1].(string)] = true
	}
	var searched, missing []any
	sort.Strings(names)
	for _, n := range names {
		searched = append(searched, n)
		if !found[n] {
			missing = append(missing, n)
		}
	}
	g.p("// procNamesSearched are the function names the generator looked up.\nvar procNamesSearched = %s\n\n", lit(searched))
	g.p("// procNamesMissing are the names PostgreSQL has no function of (vpnsql's own).\nvar procNamesMissing = %s\n\n", lit(missing))

	// Descriptions of what was dumped.
	var nsOIDs []string
	for _, r := range g.mustDump("pg_namespace", "nspname IN ('pg_catalog', 'public', 'information_schema')") {
		nsOIDs = append(nsOIDs, fmt.Sprint(r[0]))
	}
	var amOIDs []string
	for _, r := range am {
		amOIDs = append(amOIDs, fmt.Sprint(r[0]))
	}
	desc, err := g.dump("pg_description", fmt.Sprintf(`(classoid = 'pg_proc'::regclass AND objoid IN (%s))
		OR (classoid = 'pg_type'::regclass AND objoid IN (%s))
		OR (classoid = 'pg_class'::regclass AND objoid IN (%s))
		OR (classoid = 'pg_namespace'::regclass AND objoid IN (%s))
		OR (classoid = 'pg_am'::regclass AND objoid IN (%s))
		ORDER BY classoid, objoid, objsubid`,
		strings.Join(procOIDs, ","), strings.Join(typeOIDs, ","), strings.Join(relOIDs, ","),
		strings.Join(nsOIDs, ","), strings.Join(amOIDs, ",")))
	if err != nil {
		return nil, err
	}
	g.table("descriptionRows", "pg_description rows of the built-in objects vpnsql has", desc)

	settings := append(executor.SettingNames(), extraSettings...)
	for i := range settings {
		settings[i] = strings.ToLower(settings[i])
	}
	set, err := g.dump("pg_settings", "lower(name) = ANY('{"+strings.Join(settings, ",")+"}') ORDER BY name")
	if err != nil {
		return nil, err
	}
	g.table("settingRows", "pg_settings rows as a fresh PostgreSQL 15 cluster reports them", set)

	kw, err := g.query("SELECT word, catcode::text, barelabel, catdesc, baredesc FROM pg_get_keywords() ORDER BY word")
	if err != nil {
		return nil, err
	}
	g.table("keywordRows", "pg_get_keywords(): word, catcode, barelabel, catdesc, baredesc", kw)
	return g.buf.Bytes(), nil
}

func (g *gen) table(name, doc string, rows [][]any) {
	g.p("// %s: %s.\nvar %s = []A{\n", name, doc, name)
	for _, r := range rows {
		g.p("%s,\n", lit(r))
	}
	g.p("}\n\n")
}

// procTypesKnown reports whether every type a pg_proc row names is one
// vpnsql has.
func procTypesKnown(r []any, cols []column, have map[int64]bool) bool {
	for i, c := range cols {
		switch c.name {
		case "prorettype":
			if !have[r[i].(int64)] {
				return false
			}
		case "proargtypes", "proallargtypes":
			if arr, ok := r[i].([]any); ok {
				for _, t := range arr {
					if !have[t.(int64)] {
						return false
					}
				}
			}
		}
	}
	return true
}

type column struct {
	name string
	typ  uint32
}

func (g *gen) columns(rel string) ([]column, error) {
	rows, err := g.conn.Query(g.ctx, `SELECT attname::text, atttypid FROM pg_attribute
		WHERE attrelid = ('pg_catalog.' || $1)::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, rel)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (column, error) {
		var c column
		err := r.Scan(&c.name, &c.typ)
		return c, err
	})
}

// query reads text-only rows of a function result (strings and bools).
func (g *gen) query(q string) ([][]any, error) {
	rows, err := g.conn.Query(g.ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

func (g *gen) mustDump(rel, where string) [][]any {
	rows, err := g.dump(rel, where)
	if err != nil {
		log.Fatal(err)
	}
	return rows
}

// dump reads whole rows of a catalog relation in the text format and
// converts each value to vpnsql's Go representation (package catalog):
// reg* columns are read as OIDs, anyarray columns as NULL.
func (g *gen) dump(rel, where string) ([][]any, error) {
	cols, err := g.columns(rel)
	if err != nil {
		return nil, err
	}
	sel := make([]string, len(cols))
	for i, c := range cols {
		t := catalog.TypeByOID(c.typ)
		switch {
		case t == nil:
			return nil, fmt.Errorf("%s.%s: type %d is not in catalog/types.go", rel, c.name, c.typ)
		case t == catalog.AnyArray:
			sel[i] = "NULL"
		case t.IsOIDAlias():
			sel[i] = fmt.Sprintf("%q::oid", c.name)
		default:
			sel[i] = strconv.Quote(c.name)
		}
	}
	q := fmt.Sprintf("SELECT %s FROM pg_catalog.%s WHERE %s", strings.Join(sel, ", "), rel, where)
	res := g.conn.PgConn().Exec(g.ctx, q)
	results, err := res.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", q, err)
	}
	var out [][]any
	for _, r := range results[0].Rows {
		row := make([]any, len(cols))
		for i, raw := range r {
			if raw == nil {
				continue
			}
			v, err := parse(string(raw), catalog.TypeByOID(cols[i].typ))
			if err != nil {
				return nil, fmt.Errorf("%s.%s: %w", rel, cols[i].name, err)
			}
			row[i] = v
		}
		out = append(out, row)
	}
	return out, nil
}

// parse converts PostgreSQL's text output of a value to its Go value.
func parse(s string, t *catalog.Type) (any, error) {
	switch {
	case t == catalog.Bool:
		return s == "t", nil
	case t == catalog.Int2 || t == catalog.Int4 || t == catalog.Int8 || t.IsOIDAlias() ||
		t == catalog.XID || t == catalog.CID || t == catalog.XID8:
		return strconv.ParseInt(s, 10, 64)
	case t == catalog.Float4 || t == catalog.Float8:
		return strconv.ParseFloat(s, 64)
	case t == catalog.Int2Vector || t == catalog.OIDVector:
		out := []any{}
		for _, f := range strings.Fields(s) {
			n, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return nil, err
			}
			out = append(out, n)
		}
		return out, nil
	case t.Elem != nil:
		return parseArray(s, t.Elem)
	}
	return s, nil
}

// parseArray reads a one-dimensional array literal.
func parseArray(s string, elem *catalog.Type) (any, error) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, fmt.Errorf("bad array %q", s)
	}
	out := []any{}
	body := s[1 : len(s)-1]
	if body == "" {
		return out, nil
	}
	var cur strings.Builder
	quoted, inQuotes := false, false
	flush := func() error {
		item := cur.String()
		cur.Reset()
		if !quoted && item == "NULL" {
			out = append(out, nil)
			return nil
		}
		quoted = false
		v, err := parse(item, elem)
		if err != nil {
			return err
		}
		out = append(out, v)
		return nil
	}
	for i := 0; i < len(body); i++ {
		switch ch := body[i]; {
		case ch == '\\' && i+1 < len(body):
			i++
			cur.WriteByte(body[i])
		case ch == '"':
			inQuotes, quoted = !inQuotes, true
		case ch == ',' && !inQuotes:
			if err := flush(); err != nil {
				return nil, err
			}
		default:
			cur.WriteByte(ch)
		}
	}
	return out, flush()
}

func anySlice(s []string) any {
	if s == nil {
		return nil
	}
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// lit writes a value as a Go literal using the short names of values.go
// (A for []any, I for int64, F for float64).
func lit(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return fmt.Sprintf("I(%d)", x)
	case float64:
		return fmt.Sprintf("F(%s)", strconv.FormatFloat(x, 'g', -1, 64))
	case string:
		return strconv.Quote(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = lit(e)
		}
		return "A{" + strings.Join(parts, ", ") + "}"
	}
	panic(fmt.Sprintf("lit: %T", v))
}
