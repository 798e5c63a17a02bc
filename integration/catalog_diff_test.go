package integration

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog/pgtest"
)

// TestCatalogDiff runs the catalog queries clients send
// (testdata/catalog_queries.sql) against a real PostgreSQL 15 holding a
// table of the same definition as ec2.vpn_connections and against vpnsql,
// and compares result column names, type OIDs and rows.
//
// User objects have different OIDs on the two servers: queries name them
// with {{table}}, {{index}}, {{constraint}}, {{namespace}}, {{rowtype}},
// {{arraytype}}, {{role}} and {{database}}, filled in per server, and the
// reference's OIDs in results (also inside text such as
// 16386_16387_1_not_null) are rewritten to vpnsql's before comparing.
// Rows are compared as sorted lists of text values.
//
// A query marked "-- xfail: reason" is a known difference: it is run and
// its difference logged, but it does not fail the test; when it starts to
// match, the test fails, so the marker goes as soon as the engine is fixed.
func TestCatalogDiff(t *testing.T) {
	queries := loadCatalogQueries(t, "testdata/catalog_queries.sql")
	ref := startReferencePG(t)
	vpn := connectText(t, withUser(startDemo(t), "vpnsql"))
	ctx := testContext(t)

	refOIDs := referenceOIDs(t, ref)
	vpnOIDs := vpnsqlOIDs()
	rewrite := map[string]string{}
	for k, r := range refOIDs {
		rewrite[r] = vpnOIDs[k]
	}

	var passed, xfailed, xpassed, failed []string
	for _, q := range queries {
		ok := t.Run(q.name, func(t *testing.T) {
			want, err := runText(ctx, ref, fill(q.sql, refOIDs))
			if err != nil {
				t.Fatalf("reference PostgreSQL rejects the query: %v\n%s", err, q.sql)
			}
			want.rewrite(rewrite)
			got, err := runText(ctx, vpn, fill(q.sql, vpnOIDs))
			diff := ""
			if err != nil {
				diff = "vpnsql: " + err.Error()
			} else {
				diff = want.diff(got)
			}
			switch {
			case q.xfail != "" && diff == "":
				xpassed = append(xpassed, q.name)
				t.Errorf("matches PostgreSQL now: remove its xfail marker (%s)", q.xfail)
			case q.xfail != "":
				xfailed = append(xfailed, q.name)
				t.Logf("known difference (%s):\n%s", q.xfail, diff)
			case diff != "":
				t.Errorf("%s\nquery:\n%s", diff, q.sql)
			}
		})
		switch {
		case !ok:
			failed = append(failed, q.name)
		case q.xfail == "":
			passed = append(passed, q.name)
		}
	}
	t.Logf("catalog queries: %d match, %d known differences, %d newly matching, %d failed",
		len(passed), len(xfailed), len(xpassed), len(failed))
	t.Logf("match: %s", strings.Join(passed, " "))
	if len(xpassed) > 0 {
		t.Logf("newly matching (xfail to remove): %s", strings.Join(xpassed, " "))
	}
}

// catalogQuery is one entry of the query file.
type catalogQuery struct {
	name  string
	xfail string
	sql   string
}

// loadCatalogQueries reads entries separated by lines holding only ";;".
// Each starts with "-- name: NAME" and may carry "-- xfail: reason";
// other lines starting with "--" are comments.
func loadCatalogQueries(t *testing.T, path string) []catalogQuery {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []catalogQuery
	var cur catalogQuery
	var sql strings.Builder
	flush := func() {
		cur.sql = strings.TrimSpace(sql.String())
		if cur.sql != "" || cur.name != "" {
			if cur.name == "" || cur.sql == "" {
				t.Fatalf("%s: entry without a name or SQL near %q", path, cur.sql)
			}
			out = append(out, cur)
		}
		cur, sql = catalogQuery{}, strings.Builder{}
	}
	names := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == ";;":
			flush()
		case strings.HasPrefix(line, "-- name:"):
			cur.name = strings.TrimSpace(strings.TrimPrefix(line, "-- name:"))
			if names[cur.name] {
				t.Fatalf("%s: duplicate name %s", path, cur.name)
			}
			names[cur.name] = true
		case strings.HasPrefix(line, "-- xfail:"):
			cur.xfail = strings.TrimSpace(strings.TrimPrefix(line, "-- xfail:"))
		case strings.HasPrefix(line, "--"):
			// a comment
		default:
			sql.WriteString(line)
			sql.WriteByte('\n')
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	flush()
	return out
}

// startReferencePG starts a PostgreSQL 15 cluster holding the reference
// objects and returns a connection to its aws database as postgres.
func startReferencePG(t *testing.T) *pgconn.PgConn {
	t.Helper()
	if why := pgtest.Available(); why != "" {
		t.Fatalf("the differential test needs PostgreSQL 15: %s", why)
	}
	cluster, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Stop)
	ctx := testContext(t)
	admin := connectText(t, cluster.URL("postgres"))
	for _, stmt := range []string{"CREATE ROLE vpnsql LOGIN", "CREATE DATABASE aws OWNER vpnsql",
		"ALTER DATABASE aws SET search_path = ec2, public"} {
		if _, err := admin.Exec(ctx, stmt).ReadAll(); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	conn := connectText(t, cluster.URL("aws"))
	if err := createReference(ctx, conn); err != nil {
		t.Fatal(err)
	}
	// Reconnect so the database's search_path applies, as vpnsql: the
	// queries see what the owner of the table sees, not a superuser.
	return connectText(t, withUser(cluster.URL("aws"), "vpnsql"))
}

// referenceDDL creates ec2.vpn_connections as vpnsql declares it: the
// same columns, types, NOT NULLs, primary key, owner and comments.
func referenceDDL() string {
	tbl := ec2.NewVPNConnections(nil)
	var cols, comments []string
	for _, c := range tbl.Columns() {
		def := fmt.Sprintf("%s %s", pgcatalog.QuoteIdent(c.Name), c.Type.Name)
		if c.NotNull {
			def += " NOT NULL"
		}
		cols = append(cols, def)
		if c.Comment != "" {
			comments = append(comments, fmt.Sprintf("COMMENT ON COLUMN ec2.%s.%s IS '%s';",
				tbl.Name(), pgcatalog.QuoteIdent(c.Name), strings.ReplaceAll(c.Comment, "'", "''")))
		}
	}
	var key []string
	for _, i := range tbl.PrimaryKey() {
		key = append(key, pgcatalog.QuoteIdent(tbl.Columns()[i].Name))
	}
	cols = append(cols, "PRIMARY KEY ("+strings.Join(key, ", ")+")")
	return fmt.Sprintf("CREATE SCHEMA ec2 AUTHORIZATION vpnsql;\nCREATE TABLE ec2.%s (\n  %s\n);\nALTER TABLE ec2.%s OWNER TO vpnsql;\n%s",
		tbl.Name(), strings.Join(cols, ",\n  "), tbl.Name(), strings.Join(comments, "\n"))
}

// createReference runs referenceDDL, then each unique index's CREATE
// statement on its own: pg_index.indpred holds offsets into the statement
// text, which must be the very text vpnsql declares.
func createReference(ctx context.Context, conn *pgconn.PgConn) error {
	if _, err := conn.Exec(ctx, referenceDDL()).ReadAll(); err != nil {
		return fmt.Errorf("reference DDL: %w\n%s", err, referenceDDL())
	}
	stmts := []string{}
	for _, u := range ec2.NewVPNConnections(nil).(catalog.Indexed).UniqueIndexes() {
		stmts = append(stmts, u.Create)
	}
	stmts = append(stmts, referenceFunctions()...)
	stmts = append(stmts, referenceViews()...)
	for _, st := range stmts {
		if _, err := conn.Exec(ctx, st).ReadAll(); err != nil {
			return fmt.Errorf("%s: %w", st, err)
		}
	}
	return nil
}

// referenceViews makes schema vpnsql and its views as vpnsql lists them:
// a view of typed NULLs with the same columns and comments.
func referenceViews() []string {
	out := []string{"CREATE SCHEMA vpnsql AUTHORIZATION vpnsql"}
	for _, v := range []catalog.Table{ec2.NewAPICalls(&ec2.Source{}, nil), catalog.NewProgress(), ec2.NewSources(&ec2.Source{}), ec2.NewCacheTable(&ec2.Source{})} {
		name := v.Schema() + "." + v.Name()
		out = append(out, "CREATE VIEW "+name+" AS"+pgcatalog.ResourceViewDefinition(v),
			"ALTER VIEW "+name+" OWNER TO vpnsql")
		for _, c := range v.Columns() {
			if c.Comment != "" {
				out = append(out, fmt.Sprintf("COMMENT ON COLUMN %s.%s IS '%s'", name, pgcatalog.QuoteIdent(c.Name), strings.ReplaceAll(c.Comment, "'", "''")))
			}
		}
	}
	// The views' function, after the view its body reads.
	return append(out,
		"CREATE FUNCTION vpnsql.cache_clear() RETURNS bigint LANGUAGE sql AS $body$"+pgcatalog.CacheClearBody+"$body$",
		"ALTER FUNCTION vpnsql.cache_clear() OWNER TO vpnsql",
		"COMMENT ON FUNCTION vpnsql.cache_clear() IS '"+strings.ReplaceAll(pgcatalog.CacheClearDoc, "'", "''")+"'")
}

// referenceFunctions declares the tables' methods (ec2.vpn_connection_modify,
// ...) as vpnsql lists them in pg_proc: SQL functions returning the table's
// rows, one overload per arity, owned by vpnsql, with their comments.
func referenceFunctions() []string {
	var out []string
	for _, m := range catalog.Methods() {
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
				"COMMENT ON FUNCTION "+sig+" IS '"+strings.ReplaceAll(m.Doc, "'", "''")+"'")
		}
	}
	return out
}

// referenceOIDs finds the reference's OIDs of the user objects.
func referenceOIDs(t *testing.T, conn *pgconn.PgConn) map[string]string {
	t.Helper()
	q := `SELECT (SELECT oid FROM pg_class WHERE oid = 'ec2.vpn_connections'::regclass),
		(SELECT oid FROM pg_class WHERE oid = 'ec2.vpn_connections_pkey'::regclass),
		(SELECT oid FROM pg_constraint WHERE conname = 'vpn_connections_pkey'),
		'ec2'::regnamespace::oid,
		(SELECT reltype FROM pg_class WHERE oid = 'ec2.vpn_connections'::regclass),
		(SELECT typarray FROM pg_type t JOIN pg_class c ON c.reltype = t.oid WHERE c.oid = 'ec2.vpn_connections'::regclass),
		'vpnsql'::regrole::oid,
		(SELECT oid FROM pg_database WHERE datname = 'aws'),
		(SELECT reltoastrelid FROM pg_class WHERE oid = 'ec2.vpn_connections'::regclass),
		(SELECT i.indexrelid FROM pg_index i JOIN pg_class c ON c.reltoastrelid = i.indrelid WHERE c.oid = 'ec2.vpn_connections'::regclass),
		'ec2.vpn_connections_gateway_pair_key'::regclass::oid, 'vpnsql'::regnamespace::oid,
		'vpnsql.api_calls'::regclass::oid, (SELECT reltype FROM pg_class WHERE oid = 'vpnsql.api_calls'::regclass),
		(SELECT typarray FROM pg_type t JOIN pg_class c ON c.reltype = t.oid WHERE c.oid = 'vpnsql.api_calls'::regclass),
		'vpnsql.progress'::regclass::oid, (SELECT reltype FROM pg_class WHERE oid = 'vpnsql.progress'::regclass),
		(SELECT typarray FROM pg_type t JOIN pg_class c ON c.reltype = t.oid WHERE c.oid = 'vpnsql.progress'::regclass),
		'vpnsql.sources'::regclass::oid, (SELECT reltype FROM pg_class WHERE oid = 'vpnsql.sources'::regclass),
		(SELECT typarray FROM pg_type t JOIN pg_class c ON c.reltype = t.oid WHERE c.oid = 'vpnsql.sources'::regclass),
		'vpnsql.cache'::regclass::oid, (SELECT reltype FROM pg_class WHERE oid = 'vpnsql.cache'::regclass),
		(SELECT typarray FROM pg_type t JOIN pg_class c ON c.reltype = t.oid WHERE c.oid = 'vpnsql.cache'::regclass)`
	res, err := runText(testContext(t), conn, q)
	if err != nil || len(res.rows) != 1 {
		t.Fatalf("reading the reference's OIDs: %v", err)
	}
	r := res.rows[0]
	oids := functionOIDs(t, conn)
	for k, v := range map[string]string{"table": r[0], "index": r[1], "constraint": r[2], "namespace": r[3],
		"rowtype": r[4], "arraytype": r[5], "role": r[6], "database": r[7], "toast": r[8], "toastindex": r[9], "pairindex": r[10],
		"vpnsqlnamespace": r[11], "view": r[12], "viewrowtype": r[13], "viewarraytype": r[14],
		"progressview": r[15], "progressrowtype": r[16], "progressarraytype": r[17],
		"sourcesview": r[18], "sourcesrowtype": r[19], "sourcesarraytype": r[20],
		"cacheview": r[21], "cacherowtype": r[22], "cachearraytype": r[23]} {
		oids[k] = v
	}
	return oids
}

// functionOIDs finds the reference's OIDs of the ec2 and vpnsql
// functions, keyed "function:name/nargs".
func functionOIDs(t *testing.T, conn *pgconn.PgConn) map[string]string {
	res, err := runText(testContext(t), conn, `SELECT oid, proname, pronargs FROM pg_proc WHERE pronamespace IN ('ec2'::regnamespace, 'vpnsql'::regnamespace)`)
	if err != nil {
		t.Fatalf("reading the reference's function OIDs: %v", err)
	}
	out := map[string]string{}
	for _, r := range res.rows {
		out["function:"+r[1]+"/"+r[2]] = r[0]
	}
	return out
}

func vpnsqlOIDs() map[string]string {
	s := func(o uint32) string { return fmt.Sprint(o) }
	out := map[string]string{"table": s(catalog.OIDVPNConnections), "index": s(pgcatalog.OIDVPNConnectionsPKey),
		"constraint": s(pgcatalog.OIDVPNConnectionsPKeyConstraint), "namespace": s(catalog.OIDNamespaceEC2),
		"rowtype": s(pgcatalog.OIDVPNConnectionsRowType), "arraytype": s(pgcatalog.OIDVPNConnectionsArrayType),
		"role": s(catalog.OIDRoleVpnsql), "database": s(catalog.OIDDatabase),
		"toast": s(pgcatalog.OIDVPNConnectionsToast), "toastindex": s(pgcatalog.OIDVPNConnectionsToastIndex),
		"pairindex": s(catalog.OIDVPNConnectionsGatewayPairKey), "vpnsqlnamespace": s(catalog.OIDNamespaceVpnsql),
		"view": s(catalog.OIDAPICalls), "viewrowtype": s(catalog.OIDAPICalls + 2), "viewarraytype": s(catalog.OIDAPICalls + 1),
		"progressview": s(catalog.OIDProgress), "progressrowtype": s(catalog.OIDProgress + 2), "progressarraytype": s(catalog.OIDProgress + 1),
		"sourcesview": s(catalog.OIDSources), "sourcesrowtype": s(catalog.OIDSources + 2), "sourcesarraytype": s(catalog.OIDSources + 1),
		"cacheview": s(catalog.OIDCache), "cacherowtype": s(catalog.OIDCache + 2), "cachearraytype": s(catalog.OIDCache + 1),
		"function:cache_clear/0": s(catalog.OIDFunctionCacheClear)}
	for _, m := range catalog.Methods() {
		for i, o := range m.OIDs {
			n := len(m.Params) - len(m.OIDs) + 1 + i // the arities, from the required parameters up
			out[fmt.Sprintf("function:%s/%d", m.Name, n)] = s(o)
		}
	}
	return out
}

var placeholder = regexp.MustCompile(`\{\{(\w+)\}\}`)

func fill(sql string, oids map[string]string) string {
	return placeholder.ReplaceAllStringFunc(sql, func(m string) string {
		if v, ok := oids[m[2:len(m)-2]]; ok {
			return v
		}
		return m
	})
}

func withUser(raw, user string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.User = url.User(user)
	q := u.Query()
	q.Set("sslmode", "disable")
	u.RawQuery = q.Encode()
	return u.String()
}

// connectText opens a connection for simple-protocol queries, whose
// results arrive as text exactly as the server wrote them.
func connectText(t *testing.T, connString string) *pgconn.PgConn {
	t.Helper()
	conn, err := pgconn.Connect(testContext(t), connString)
	if err != nil {
		t.Fatalf("connecting to %s: %v", connString, err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// textResult is a query's columns (name and type OID) and its rows as
// text, NULL as "NULL".
type textResult struct {
	cols []string
	rows [][]string
}

func runText(ctx context.Context, conn *pgconn.PgConn, sql string) (*textResult, error) {
	results, err := conn.Exec(ctx, sql).ReadAll()
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s %s", pe.Code, pe.Message)
		}
		return nil, err
	}
	if len(results) == 0 {
		return &textResult{}, nil
	}
	last := results[len(results)-1]
	res := &textResult{}
	for _, fd := range last.FieldDescriptions {
		res.cols = append(res.cols, fmt.Sprintf("%s:%d", fd.Name, fd.DataTypeOID))
	}
	for _, r := range last.Rows {
		row := make([]string, len(r))
		for i, v := range r {
			if v == nil {
				row[i] = "NULL"
			} else {
				row[i] = string(v)
			}
		}
		res.rows = append(res.rows, row)
	}
	return res, nil
}

var number = regexp.MustCompile(`\d+`)

// rewrite replaces the reference's user-object OIDs in every value.
func (r *textResult) rewrite(m map[string]string) {
	for _, row := range r.rows {
		for i, v := range row {
			row[i] = number.ReplaceAllStringFunc(v, func(n string) string {
				if to, ok := m[n]; ok {
					return to
				}
				return n
			})
		}
	}
}

// diff describes how got differs from r ("" if it does not).
func (r *textResult) diff(got *textResult) string {
	var b strings.Builder
	if strings.Join(r.cols, ", ") != strings.Join(got.cols, ", ") {
		fmt.Fprintf(&b, "columns differ:\n  postgres: %s\n  vpnsql:   %s\n", strings.Join(r.cols, ", "), strings.Join(got.cols, ", "))
	}
	want, have := sortedRows(r.rows), sortedRows(got.rows)
	wantSet := map[string]int{}
	for _, w := range want {
		wantSet[w]++
	}
	var missing, extra []string
	for _, h := range have {
		if wantSet[h] > 0 {
			wantSet[h]--
		} else {
			extra = append(extra, h)
		}
	}
	for _, w := range want {
		if wantSet[w] > 0 {
			missing = append(missing, w)
			wantSet[w]--
		}
	}
	if len(missing)+len(extra) > 0 {
		fmt.Fprintf(&b, "rows differ (postgres %d, vpnsql %d):\n", len(want), len(have))
		for _, m := range limit(missing) {
			fmt.Fprintf(&b, "  - %s\n", m)
		}
		for _, e := range limit(extra) {
			fmt.Fprintf(&b, "  + %s\n", e)
		}
	}
	return b.String()
}

func sortedRows(rows [][]string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = strings.Join(r, " | ")
	}
	sort.Strings(out)
	return out
}

func limit(s []string) []string {
	if len(s) > 15 {
		return append(s[:15:15], fmt.Sprintf("... and %d more", len(s)-15))
	}
	return s
}
