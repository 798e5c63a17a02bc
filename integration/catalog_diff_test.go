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

	"github.com/vpnsql/vpnsql/catalog/pgcatalog/pgtest"
)

// TestCatalogDiff runs the catalog queries clients send
// (testdata/catalog_queries.sql) against a real PostgreSQL 15 holding the
// schema generated from vpnsql's own catalog (reference_schema_test.go:
// every table of the list of resources with its keys, comments, unique
// indexes and NOT VALID foreign keys, the views and the functions) and
// against vpnsql, and compares result column names, type OIDs and rows.
//
// User objects have different OIDs on the two servers: queries name them
// by identity ({{class:ec2.customer_gateways}}) or by the short names of
// oidAliases ({{namespace}}, {{role}}, ...), filled in per server. A query
// that names {{table}}, {{index}}, {{constraint}}, {{rowtype}},
// {{arraytype}}, {{toast}}, {{toastindex}} or {{tablename}} runs once per
// resource table (expandPerTable). The reference's OIDs in results (also
// inside text such as 16386_16387_1_not_null) are rewritten to vpnsql's
// before comparing. Rows are compared as sorted lists of text values.
//
// A query marked "-- xfail: reason" is a known difference: it is run and
// its difference logged, but it does not fail the test; when it starts to
// match, the test fails, so the marker goes as soon as the engine is fixed.
func TestCatalogDiff(t *testing.T) {
	queries := loadCatalogQueries(t, "testdata/catalog_queries.sql")
	ref := startReferencePG(t)
	vpn := connectText(t, withUser(startDemo(t), "vpnsql"))
	ctx := testContext(t)

	if err := addReferenceForeignKeys(ctx, ref); err != nil {
		t.Fatal(err)
	}
	refOIDs := referenceOIDs(t, ref)
	vpnOIDs := vpnsqlOIDs()
	rewrite := oidRewrites(refOIDs, vpnOIDs)

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
// other lines starting with "--" are comments. A per-table entry becomes
// one query per resource table (expandPerTable).
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
			out = append(out, expandPerTable(cur)...)
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

var placeholder = regexp.MustCompile(`\{\{([\w:.]+)\}\}`)

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
