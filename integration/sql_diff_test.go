package integration

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// TestSQLDiff is the differential test of the SQL engine: the same
// statements run against vpnsql (demo data from ec2sim, over the wire)
// and against a real PostgreSQL 15 whose ec2.vpn_connections holds the
// same rows, copied from vpnsql. Result column names, type OIDs and rows
// must match. It covers testdata/sql_queries.sql (queries over the table)
// and executor/testdata/queries.sql (expressions, functions, joins,
// subqueries, CTEs, windows without a table).
func TestSQLDiff(t *testing.T) {
	ref := startReferencePG(t)
	vpn := connectText(t, startDemo(t))
	ctx := testContext(t)
	for _, conn := range []*pgconn.PgConn{ref, vpn} {
		if _, err := conn.Exec(ctx, "SET TimeZone = 'UTC'").ReadAll(); err != nil {
			t.Fatal(err)
		}
	}
	copyRows(ctx, t, vpn, ref)

	var queries []string
	for _, q := range strings.Split(readFile(t, "testdata/sql_queries.sql"), "\n;;\n") {
		queries = append(queries, q)
	}
	for _, q := range strings.Split(strings.TrimSpace(readFile(t, "../executor/testdata/queries.sql")), ";\n") {
		queries = append(queries, q)
	}
	for _, q := range queries {
		q = stripComments(q)
		if q == "" {
			continue
		}
		name := q
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			want, err := runText(ctx, ref, q)
			if err != nil {
				t.Fatalf("PostgreSQL rejects the query: %v\n%s", err, q)
			}
			got, err := runText(ctx, vpn, q)
			if err != nil {
				t.Fatalf("vpnsql: %v\n%s", err, q)
			}
			if d := want.diff(got); d != "" {
				t.Errorf("%s\nquery:\n%s", d, q)
			}
		})
	}
}

// copyRows loads vpnsql's rows into the reference table, every value
// through its text form.
func copyRows(ctx context.Context, t *testing.T, from, to *pgconn.PgConn) {
	t.Helper()
	res, err := from.Exec(ctx, "SELECT * FROM ec2.vpn_connections").ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	var cols []string
	for _, fd := range r.FieldDescriptions {
		cols = append(cols, `"`+fd.Name+`"`)
	}
	for _, row := range r.Rows {
		vals := make([]string, len(row))
		for i, v := range row {
			if v == nil {
				vals[i] = "NULL"
			} else {
				vals[i] = "'" + strings.ReplaceAll(string(v), "'", "''") + "'"
			}
		}
		sql := "INSERT INTO ec2.vpn_connections (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(vals, ", ") + ")"
		if _, err := to.Exec(ctx, sql).ReadAll(); err != nil {
			t.Fatalf("%v\n%s", err, sql)
		}
	}
	if len(r.Rows) == 0 {
		t.Fatal("no demo rows to copy")
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func stripComments(q string) string {
	var keep []string
	for _, line := range strings.Split(q, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			keep = append(keep, line)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

// TestSQLErrorsDiff runs statements that fail and compares the SQLSTATE,
// message and position PostgreSQL 15 and vpnsql report.
func TestSQLErrorsDiff(t *testing.T) {
	ref := startReferencePG(t)
	vpn := connectText(t, startDemo(t))
	ctx := testContext(t)
	copyRows(ctx, t, vpn, ref)
	for _, q := range strings.Split(readFile(t, "testdata/sql_errors.sql"), "\n;;\n") {
		q = strings.TrimSpace(q)
		t.Run(q, func(t *testing.T) {
			want := errorOf(ctx, ref, q)
			if want == "" {
				t.Fatalf("PostgreSQL accepts the query:\n%s", q)
			}
			if got := errorOf(ctx, vpn, q); got != want {
				t.Errorf("error differs:\n  postgres: %s\n  vpnsql:   %s", want, got)
			}
		})
	}
}

// errorOf runs q and describes its error as "SQLSTATE message @position".
func errorOf(ctx context.Context, conn *pgconn.PgConn, q string) string {
	_, err := conn.Exec(ctx, q).ReadAll()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return ""
	}
	return fmt.Sprintf("%s %s @%d", pe.Code, pe.Message, pe.Position)
}
