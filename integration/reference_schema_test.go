package integration

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
)

// The reference schema: what a PostgreSQL 15 database holding vpnsql's
// objects would hold, generated from vpnsql's own catalog (ec2.Tables),
// so that a table added to the list of resources is in every
// differential and client test without a line here.
//
// User objects have different OIDs on the two servers. Each is named by an
// identity both sides can compute ("class:ec2.customer_gateways",
// "constraint:ec2.vpn_connections_customerGatewayId_fkey", "trigger:<foreign
// key>:<n>", "function:<name>/<arguments>", ...): referenceOIDs asks the
// reference, vpnsqlOIDs derives vpnsql's from the list of resources, and
// the reference's OIDs in results are rewritten to vpnsql's by identity.

// catalogTables is vpnsql's list of tables and views, unplaced in any account.
func catalogTables() []catalog.Table { return ec2.Tables(&ec2.Source{}, nil) }

// resourceTables are the ec2 tables of the list (not the vpnsql views).
func resourceTables() []catalog.Table {
	var out []catalog.Table
	for _, t := range catalogTables() {
		if _, view := t.(catalog.View); !view && t.Schema() == "ec2" {
			out = append(out, t)
		}
	}
	return out
}

// resourceTableNames are the resource tables' qualified names.
func resourceTableNames() []string {
	var out []string
	for _, t := range resourceTables() {
		out = append(out, t.Schema()+"."+t.Name())
	}
	return out
}

// tableList is the resource tables' names, comma-separated: the client
// programs' argument.
func tableList() string {
	var out []string
	for _, t := range resourceTables() {
		out = append(out, t.Name())
	}
	return strings.Join(out, ",")
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// referenceStatements are the statements that make every table, view and
// function of vpnsql in the reference, in the list's order (so OID order
// agrees), with their owner, comments and unique indexes; not the foreign
// keys (referenceForeignKeys), which rows must be loaded before. A unique
// index's CREATE is its own statement: pg_index.indpred holds offsets into
// the statement text, which must be the very text vpnsql declares.
func referenceStatements() []string {
	out := []string{"CREATE SCHEMA ec2 AUTHORIZATION vpnsql", "CREATE SCHEMA vpnsql AUTHORIZATION vpnsql"}
	for _, t := range catalogTables() {
		name := t.Schema() + "." + t.Name()
		if _, view := t.(catalog.View); view {
			out = append(out, "CREATE VIEW "+name+" AS"+pgcatalog.ResourceViewDefinition(t), "ALTER VIEW "+name+" OWNER TO vpnsql")
		} else {
			out = append(out, createTable(t), "ALTER TABLE "+name+" OWNER TO vpnsql")
		}
		if c, ok := t.(catalog.Commented); ok && c.Comment() != "" {
			out = append(out, "COMMENT ON TABLE "+name+" IS "+sqlString(c.Comment()))
		}
		for _, c := range t.Columns() {
			if c.Comment != "" {
				out = append(out, fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", name, pgcatalog.QuoteIdent(c.Name), sqlString(c.Comment)))
			}
		}
		if ix, ok := t.(catalog.Indexed); ok {
			for _, u := range ix.UniqueIndexes() {
				out = append(out, u.Create)
			}
		}
	}
	out = append(out, referenceFunctions()...)
	// The cache view's function, after the view its body reads.
	return append(out,
		"CREATE FUNCTION vpnsql.cache_clear() RETURNS bigint LANGUAGE sql AS $body$"+pgcatalog.CacheClearBody+"$body$",
		"ALTER FUNCTION vpnsql.cache_clear() OWNER TO vpnsql",
		"COMMENT ON FUNCTION vpnsql.cache_clear() IS "+sqlString(pgcatalog.CacheClearDoc))
}

// createTable is CREATE TABLE for a resource table: its columns, types,
// NOT NULLs and primary key.
func createTable(t catalog.Table) string {
	var cols, key []string
	for _, c := range t.Columns() {
		def := pgcatalog.QuoteIdent(c.Name) + " " + c.Type.Name
		if c.NotNull {
			def += " NOT NULL"
		}
		cols = append(cols, def)
	}
	for _, i := range t.PrimaryKey() {
		key = append(key, pgcatalog.QuoteIdent(t.Columns()[i].Name))
	}
	if len(key) > 0 {
		cols = append(cols, "PRIMARY KEY ("+strings.Join(key, ", ")+")")
	}
	return fmt.Sprintf("CREATE TABLE %s.%s (\n  %s\n)", t.Schema(), t.Name(), strings.Join(cols, ",\n  "))
}

// referenceForeignKeys declares each table's foreign keys as vpnsql does
// (catalog.ForeignKey): NOT VALID, named by PostgreSQL itself, so a
// name vpnsql chose differently shows as a difference.
func referenceForeignKeys() []string {
	var out []string
	for _, t := range catalogTables() {
		r, ok := t.(catalog.Referencing)
		if !ok {
			continue
		}
		for _, fk := range r.ForeignKeys() {
			var cols []string
			for _, c := range fk.Columns {
				cols = append(cols, pgcatalog.QuoteIdent(t.Columns()[c].Name))
			}
			action := ""
			if fk.Cascade {
				action = " ON DELETE CASCADE"
			}
			out = append(out, fmt.Sprintf("ALTER TABLE %s.%s ADD FOREIGN KEY (%s) REFERENCES %s.%s%s NOT VALID",
				t.Schema(), t.Name(), strings.Join(cols, ", "), fk.RefSchema, fk.RefTable, action))
		}
	}
	return out
}

// createReference makes the reference's objects, without foreign keys.
func createReference(ctx context.Context, conn *pgconn.PgConn) error {
	return execAll(ctx, conn, referenceStatements())
}

// addReferenceForeignKeys adds the foreign keys, once the rows are in.
func addReferenceForeignKeys(ctx context.Context, conn *pgconn.PgConn) error {
	return execAll(ctx, conn, referenceForeignKeys())
}

func execAll(ctx context.Context, conn *pgconn.PgConn, stmts []string) error {
	for _, st := range stmts {
		if _, err := conn.Exec(ctx, st).ReadAll(); err != nil {
			return fmt.Errorf("%s: %w", st, err)
		}
	}
	return nil
}

// referenceFunctions declares the tables' methods (ec2.vpn_connection_modify,
// ...) as vpnsql lists them in pg_proc: SQL functions returning the table's
// rows, one overload per arity, owned by vpnsql, with their comments.
func referenceFunctions() []string {
	var out []string
	for _, m := range catalog.New(catalogTables()...).Methods() {
		required := 0
		for _, p := range m.Params {
			if !p.Optional {
				required++
			}
		}
		for n := required; n <= len(m.Params); n++ {
			var args, types []string
			for _, p := range m.Params[:n] {
				args = append(args, p.Name+" "+p.Type.Name)
				types = append(types, p.Type.Name)
			}
			sig := fmt.Sprintf("%s.%s(%s)", m.Schema, m.Name, strings.Join(types, ", "))
			out = append(out,
				fmt.Sprintf("CREATE FUNCTION %s.%s(%s) RETURNS SETOF %s.%s LANGUAGE sql AS $body$%s$body$",
					m.Schema, m.Name, strings.Join(args, ", "), m.Schema, m.Table, m.Body()),
				"ALTER FUNCTION "+sig+" OWNER TO vpnsql",
				"COMMENT ON FUNCTION "+sig+" IS "+sqlString(m.Doc))
		}
	}
	return out
}

// loadReference loads vpnsql's rows of every resource table into the
// reference, every value through its text form, then adds the foreign
// keys (NOT VALID: as in AWS, a connection may name a gateway that is
// gone, and the rows are in before the keys).
func loadReference(ctx context.Context, t *testing.T, from, to *pgconn.PgConn) {
	t.Helper()
	for _, tbl := range resourceTables() {
		copyTableRows(ctx, t, from, to, tbl.Schema()+"."+tbl.Name())
	}
	if err := addReferenceForeignKeys(ctx, to); err != nil {
		t.Fatal(err)
	}
}

func copyTableRows(ctx context.Context, t *testing.T, from, to *pgconn.PgConn, table string) {
	t.Helper()
	res, err := from.Exec(ctx, "SELECT * FROM "+table).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	var cols []string
	for _, fd := range r.FieldDescriptions {
		cols = append(cols, pgcatalog.QuoteIdent(fd.Name))
	}
	for _, row := range r.Rows {
		vals := make([]string, len(row))
		for i, v := range row {
			if v == nil {
				vals[i] = "NULL"
			} else {
				vals[i] = sqlString(string(v))
			}
		}
		sql := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
		if _, err := to.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
	if len(r.Rows) == 0 {
		t.Fatalf("no demo rows in %s to copy", table)
	}
}

// objectIdentities lists the reference's user objects (OID 16384 up) by
// identity, as vpnsqlOIDs names vpnsql's.
const objectIdentities = `
SELECT 'class:' || n.nspname || '.' || c.relname, c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid >= 16384 AND n.nspname <> 'pg_toast'
UNION ALL SELECT 'toast:' || n.nspname || '.' || c.relname, c.reltoastrelid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.oid >= 16384 AND c.reltoastrelid <> 0
UNION ALL SELECT 'toastindex:' || n.nspname || '.' || c.relname, i.indexrelid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_index i ON i.indrelid = c.reltoastrelid WHERE c.oid >= 16384
UNION ALL SELECT 'type:' || n.nspname || '.' || t.typname, t.oid FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.oid >= 16384 AND n.nspname <> 'pg_toast'
UNION ALL SELECT 'constraint:' || n.nspname || '.' || c.conname, c.oid FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
  WHERE c.oid >= 16384
UNION ALL SELECT 'trigger:' || c.conname || ':' || row_number() OVER (PARTITION BY t.tgconstraint ORDER BY t.oid), t.oid
  FROM pg_trigger t JOIN pg_constraint c ON c.oid = t.tgconstraint WHERE t.oid >= 16384
UNION ALL SELECT 'function:' || p.proname || '/' || p.pronargs, p.oid FROM pg_proc p WHERE p.oid >= 16384
UNION ALL SELECT 'namespace:' || nspname, oid FROM pg_namespace WHERE oid >= 16384
UNION ALL SELECT 'role:' || rolname, oid FROM pg_roles WHERE oid >= 16384
UNION ALL SELECT 'database:' || datname, oid FROM pg_database WHERE oid >= 16384`

// referenceOIDs finds the reference's OIDs of the user objects, by
// identity and by the names the query files use (oidAliases).
func referenceOIDs(t *testing.T, conn *pgconn.PgConn) map[string]string {
	t.Helper()
	res, err := runText(testContext(t), conn, objectIdentities)
	if err != nil {
		t.Fatalf("reading the reference's OIDs: %v", err)
	}
	out := map[string]string{}
	for _, r := range res.rows {
		out[r[0]] = r[1]
	}
	return withAliases(out)
}

// vpnsqlOIDs names vpnsql's user objects as referenceOIDs names the
// reference's, from the list of resources and the OIDs it assigns
// (catalog/ec2/resources.go, pgcatalog's relOIDs and foreignkeys.go).
func vpnsqlOIDs() map[string]string {
	s := func(o uint32) string { return fmt.Sprint(o) }
	out := map[string]string{"namespace:ec2": s(catalog.OIDNamespaceEC2), "namespace:vpnsql": s(catalog.OIDNamespaceVpnsql),
		"role:vpnsql": s(catalog.OIDRoleVpnsql), "database:aws": s(catalog.OIDDatabase)}
	tables := catalogTables()
	for _, t := range tables {
		o, name := t.OID(), t.Schema()+"."+t.Name()
		out["class:"+name], out["type:"+name], out["type:"+t.Schema()+"._"+t.Name()] = s(o), s(o+2), s(o+1)
		if c, ok := t.(catalog.Clearer); ok {
			out["function:cache_clear/0"] = s(c.ClearFunctionOID())
		}
		if _, view := t.(catalog.View); view {
			continue
		}
		out["toast:"+name], out["toastindex:"+name] = s(o+3), s(o+4)
		if len(t.PrimaryKey()) > 0 {
			out["class:"+name+"_pkey"], out["constraint:"+name+"_pkey"] = s(o+5), s(o+6)
		}
		if ix, ok := t.(catalog.Indexed); ok {
			for _, u := range ix.UniqueIndexes() {
				out["class:"+t.Schema()+"."+u.Name] = s(u.OID)
			}
		}
		if r, ok := t.(catalog.Referencing); ok {
			for _, fk := range r.ForeignKeys() {
				out["constraint:"+t.Schema()+"."+fk.Name] = s(fk.OID)
				for i := uint32(1); i <= 4; i++ {
					out[fmt.Sprintf("trigger:%s:%d", fk.Name, i)] = s(fk.OID + i)
				}
			}
		}
	}
	for _, m := range catalog.New(tables...).Methods() {
		for i, o := range m.OIDs {
			n := len(m.Params) - len(m.OIDs) + 1 + i // the arities, from the required parameters up
			out[fmt.Sprintf("function:%s/%d", m.Name, n)] = s(o)
		}
	}
	return withAliases(out)
}

// oidAliases are the short names the query files use for vpn_connections'
// objects and the views ({{table}} outside a per-table query, {{view}},
// ...), by identity.
var oidAliases = map[string]string{
	"table": "class:ec2.vpn_connections", "index": "class:ec2.vpn_connections_pkey",
	"constraint": "constraint:ec2.vpn_connections_pkey", "namespace": "namespace:ec2",
	"rowtype": "type:ec2.vpn_connections", "arraytype": "type:ec2._vpn_connections",
	"role": "role:vpnsql", "database": "database:aws",
	"toast": "toast:ec2.vpn_connections", "toastindex": "toastindex:ec2.vpn_connections",
	"pairindex": "class:ec2.vpn_connections_gateway_pair_key", "vpnsqlnamespace": "namespace:vpnsql",
	"view": "class:vpnsql.api_calls", "viewrowtype": "type:vpnsql.api_calls", "viewarraytype": "type:vpnsql._api_calls",
	"progressview": "class:vpnsql.progress", "progressrowtype": "type:vpnsql.progress", "progressarraytype": "type:vpnsql._progress",
	"sourcesview": "class:vpnsql.sources", "sourcesrowtype": "type:vpnsql.sources", "sourcesarraytype": "type:vpnsql._sources",
	"cacheview": "class:vpnsql.cache", "cacherowtype": "type:vpnsql.cache", "cachearraytype": "type:vpnsql._cache",
}

func withAliases(oids map[string]string) map[string]string {
	for alias, id := range oidAliases {
		if o, ok := oids[id]; ok {
			oids[alias] = o
		}
	}
	return oids
}

// oidRewrites maps each reference OID to vpnsql's OID of the same object.
func oidRewrites(ref, vpn map[string]string) map[string]string {
	out := map[string]string{}
	for k, r := range ref {
		if v, ok := vpn[k]; ok {
			out[r] = v
		}
	}
	return out
}

// perTable are the placeholders of a per-table query: one that names any
// of them runs once for each resource table, {{tablename}} its name.
var perTable = map[string]func(name string) string{
	"table":      func(n string) string { return "class:ec2." + n },
	"index":      func(n string) string { return "class:ec2." + n + "_pkey" },
	"constraint": func(n string) string { return "constraint:ec2." + n + "_pkey" },
	"rowtype":    func(n string) string { return "type:ec2." + n },
	"arraytype":  func(n string) string { return "type:ec2._" + n },
	"toast":      func(n string) string { return "toast:ec2." + n },
	"toastindex": func(n string) string { return "toastindex:ec2." + n },
}

// expandPerTable makes a per-table query one query for each resource
// table, named "name/table".
func expandPerTable(q catalogQuery) []catalogQuery {
	per := strings.Contains(q.sql, "{{tablename}}")
	for k := range perTable {
		per = per || strings.Contains(q.sql, "{{"+k+"}}")
	}
	if !per {
		return []catalogQuery{q}
	}
	var out []catalogQuery
	for _, t := range resourceTables() {
		sql := strings.ReplaceAll(q.sql, "{{tablename}}", t.Name())
		for k, id := range perTable {
			sql = strings.ReplaceAll(sql, "{{"+k+"}}", "{{"+id(t.Name())+"}}")
		}
		out = append(out, catalogQuery{name: q.name + "/" + t.Name(), xfail: q.xfail, sql: sql})
	}
	return out
}
