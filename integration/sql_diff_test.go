package integration

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// TestSQLDiff is the differential test of the SQL engine. Every statement
// of the corpus in testdata/sql runs against a real PostgreSQL 15 whose
// ec2.vpn_connections holds the rows vpnsql's demo returns (copied from
// vpnsql), and against vpnsql itself, over the wire:
//
//   - testdata/sql/*.sql must succeed on PostgreSQL; result column names,
//     type OIDs and typmods must match, and the rows too: in order when
//     the statement has a top-level ORDER BY, as multisets otherwise.
//   - testdata/sql/errors/*.sql must fail on PostgreSQL; vpnsql must fail
//     with the same SQLSTATE, message, detail, hint and cursor position.
//   - testdata/sql/explain/*.sql is EXPLAIN, whose output is vpnsql's own
//     (regions, accounts, API calls): it is compared with the .expected
//     file next to it, not with PostgreSQL. -sql.update rewrites those
//     files from vpnsql's output; review the difference before keeping it.
//
// testdata/sql/README.md describes the file format. A case marked
// "-- xfail: reason" is a known difference: its difference is logged, and
// the test fails if it starts to match, so the marker goes as soon as the
// engine is fixed.
//
// One reference cluster and one demo server serve the whole corpus.
func TestSQLDiff(t *testing.T) {
	t.Parallel()
	queries := loadCorpus(t, "testdata/sql")
	failing := loadCorpus(t, "testdata/sql/errors")
	if len(queries)+len(failing) == 0 {
		t.Fatal("empty corpus")
	}
	ref := startReferencePG(t)
	demo := startDemo(t)
	vpn := connectText(t, withUser(demo, "vpnsql"))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, conn := range []*pgconn.PgConn{ref, vpn} {
		if _, err := conn.Exec(ctx, "SET TimeZone = 'UTC'").ReadAll(); err != nil {
			t.Fatal(err)
		}
	}
	loadReference(ctx, t, vpn, ref)
	// A statement that ends vpnsql's session (a panic) fails its case;
	// the next case gets a new session, so one crash cannot hide the rest.
	session := func() *pgconn.PgConn {
		if vpn.IsClosed() {
			vpn = connectText(t, withUser(demo, "vpnsql"))
			if _, err := vpn.Exec(ctx, "SET TimeZone = 'UTC'").ReadAll(); err != nil {
				t.Fatal(err)
			}
		}
		return vpn
	}

	var tally corpusTally
	// Each statement gets a deadline of its own: one that hangs fails its
	// case instead of the whole corpus.
	statement := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, 30*time.Second) }
	runCorpus(t, "queries", queries, &tally, func(c sqlCase) (string, error) {
		ctx, cancel := statement()
		defer cancel()
		want, err := runSQL(ctx, ref, c.sql)
		if err != nil {
			return "", fmt.Errorf("PostgreSQL rejects the statement (move it to errors/): %v", err)
		}
		got, err := runSQL(ctx, session(), c.sql)
		if err != nil {
			return "vpnsql fails: " + err.Error() + "\n", nil
		}
		return want.diff(got, isOrdered(c.sql)), nil
	})
	runCorpus(t, "errors", failing, &tally, func(c sqlCase) (string, error) {
		ctx, cancel := statement()
		defer cancel()
		want := describeError(ctx, ref, c.sql)
		if want == "" {
			return "", fmt.Errorf("PostgreSQL accepts the statement (move it out of errors/)")
		}
		got := describeError(ctx, session(), c.sql)
		if got == want {
			return "", nil
		}
		if got == "" {
			got = "(no error)"
		}
		return fmt.Sprintf("error differs:\n  postgres: %s\n  vpnsql:   %s\n", want, got), nil
	})
	t.Run("explain", func(t *testing.T) { runExplainCorpus(ctx, t, session()) })
	t.Logf("SQL corpus: %d statements, %d match, %d known differences (xfail)", tally.total, tally.total-len(tally.xfail)-tally.failed, len(tally.xfail))
	for _, x := range tally.xfail {
		t.Logf("xfail %s", x)
	}
}

// sqlCase is one statement of the corpus.
type sqlCase struct {
	file  string // base name without .sql
	line  int    // line of the statement's first line
	name  string // "-- name:", else "L<line>"
	xfail string // "-- xfail:" reason; "" when the case must match
	sql   string
}

type corpusTally struct {
	total, failed int
	xfail         []string
}

// runCorpus runs each case as a subtest kind/file/name; check returns the
// difference ("" when none) or an error when the case itself is wrong.
func runCorpus(t *testing.T, kind string, cases []sqlCase, tally *corpusTally, check func(sqlCase) (string, error)) {
	t.Run(kind, func(t *testing.T) {
		for _, c := range cases {
			tally.total++
			ok := t.Run(c.file+"/"+c.name, func(t *testing.T) {
				diff, err := check(c)
				switch {
				case err != nil:
					t.Fatalf("%s:%d: %v\n%s", c.file, c.line, err, c.sql)
				case c.xfail != "" && diff == "":
					t.Errorf("%s:%d matches PostgreSQL now: remove its xfail marker (%s)", c.file, c.line, c.xfail)
				case c.xfail != "":
					tally.xfail = append(tally.xfail, fmt.Sprintf("%s:%d (%s)", c.file, c.line, c.xfail))
					t.Logf("known difference (xfail: %s):\n%s%s", c.xfail, diff, c.sql)
				case diff != "":
					t.Errorf("%s:%d:\n%s%s", c.file, c.line, diff, c.sql)
				}
			})
			if !ok {
				tally.failed++
			}
		}
	})
}

// loadCorpus reads every .sql file of dir (not its subdirectories).
func loadCorpus(t *testing.T, dir string) []sqlCase {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	var out []sqlCase
	for _, f := range files {
		out = append(out, parseCorpusFile(t, f)...)
	}
	return out
}

// parseCorpusFile splits a file into statements at lines holding only
// ";;". Within a statement, "-- name: NAME" names it and "-- xfail:
// REASON" marks a known difference; other lines starting with "--" are
// comments and are sent as part of the statement.
func parseCorpusFile(t *testing.T, path string) []sqlCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	base := strings.TrimSuffix(filepath.Base(path), ".sql")
	var out []sqlCase
	cur := sqlCase{file: base}
	var body []string
	names := map[string]bool{}
	flush := func() {
		sql := strings.TrimSpace(strings.Join(body, "\n"))
		if stripSQLComments(sql) != "" {
			cur.sql = sql
			if cur.name == "" {
				cur.name = fmt.Sprintf("L%d", cur.line)
			}
			if names[cur.name] {
				t.Fatalf("%s: duplicate case name %s", path, cur.name)
			}
			names[cur.name] = true
			out = append(out, cur)
		} else if cur.name != "" || cur.xfail != "" {
			t.Fatalf("%s:%d: a name or xfail marker without a statement", path, cur.line)
		}
		cur, body = sqlCase{file: base}, nil
	}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == ";;":
			flush()
			continue
		case strings.HasPrefix(trimmed, "-- name:"):
			cur.name = strings.TrimSpace(strings.TrimPrefix(trimmed, "-- name:"))
			continue
		case strings.HasPrefix(trimmed, "-- xfail:"):
			cur.xfail = strings.TrimSpace(strings.TrimPrefix(trimmed, "-- xfail:"))
			if cur.xfail == "" {
				t.Fatalf("%s:%d: an xfail marker needs a reason", path, n)
			}
			continue
		}
		if cur.line == 0 && trimmed != "" && !strings.HasPrefix(trimmed, "--") {
			cur.line = n
		}
		body = append(body, line)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	flush()
	return out
}

func stripSQLComments(q string) string {
	var keep []string
	for _, line := range strings.Split(q, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "--") {
			keep = append(keep, line)
		}
	}
	return strings.TrimSpace(strings.Join(keep, "\n"))
}

// isOrdered reports whether the statement's result has a defined order:
// a top-level SELECT (or set operation) with ORDER BY.
func isOrdered(sql string) bool {
	tree, err := pg_query.Parse(sql)
	if err != nil || len(tree.Stmts) == 0 {
		return false
	}
	sel := tree.Stmts[len(tree.Stmts)-1].Stmt.GetSelectStmt()
	return sel != nil && len(sel.SortClause) > 0
}

// sqlResult is a statement's result columns ("name:oid:typmod") and its
// rows as text, NULL as "NULL".
type sqlResult struct {
	cols []string
	rows []string
}

func runSQL(ctx context.Context, conn *pgconn.PgConn, sql string) (*sqlResult, error) {
	results, err := conn.Exec(ctx, sql).ReadAll()
	if err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) {
			return nil, sqlError{pe}
		}
		return nil, err
	}
	res := &sqlResult{}
	if len(results) == 0 {
		return res, nil
	}
	last := results[len(results)-1]
	for _, fd := range last.FieldDescriptions {
		res.cols = append(res.cols, fmt.Sprintf("%s:%d:%d", fd.Name, fd.DataTypeOID, fd.TypeModifier))
	}
	for _, r := range last.Rows {
		vals := make([]string, len(r))
		for i, v := range r {
			if v == nil {
				vals[i] = "NULL"
			} else {
				vals[i] = string(v)
			}
		}
		res.rows = append(res.rows, strings.Join(vals, " | "))
	}
	return res, nil
}

// sqlError is a statement's error as "SQLSTATE message"; errors.As finds
// the PgError in it.
type sqlError struct{ pe *pgconn.PgError }

func (e sqlError) Error() string { return e.pe.Code + " " + e.pe.Message }
func (e sqlError) Unwrap() error { return e.pe }

// diff describes how got differs from r ("" if it does not): columns, and
// rows in order (ordered) or as multisets.
func (r *sqlResult) diff(got *sqlResult, ordered bool) string {
	var b strings.Builder
	if w, g := strings.Join(r.cols, ", "), strings.Join(got.cols, ", "); w != g {
		fmt.Fprintf(&b, "columns differ (name:type oid:typmod):\n  postgres: %s\n  vpnsql:   %s\n", w, g)
	}
	if ordered {
		for i := 0; i < max(len(r.rows), len(got.rows)); i++ {
			if i < len(r.rows) && i < len(got.rows) && r.rows[i] == got.rows[i] {
				continue
			}
			fmt.Fprintf(&b, "rows differ from row %d on (postgres %d rows, vpnsql %d; ORDER BY: compared in order):\n", i+1, len(r.rows), len(got.rows))
			fmt.Fprintf(&b, "  postgres:\n%s  vpnsql:\n%s", listRows(r.rows[min(i, len(r.rows)):]), listRows(got.rows[min(i, len(got.rows)):]))
			break
		}
		return b.String()
	}
	counts := map[string]int{}
	for _, w := range r.rows {
		counts[w]++
	}
	var extra []string
	for _, h := range got.rows {
		if counts[h] > 0 {
			counts[h]--
		} else {
			extra = append(extra, h)
		}
	}
	var missing []string
	for _, w := range r.rows {
		if counts[w] > 0 {
			counts[w]--
			missing = append(missing, w)
		}
	}
	if len(missing)+len(extra) > 0 {
		sort.Strings(missing)
		sort.Strings(extra)
		fmt.Fprintf(&b, "rows differ (postgres %d, vpnsql %d; compared as multisets):\n", len(r.rows), len(got.rows))
		for _, m := range limit(missing) {
			fmt.Fprintf(&b, "  - %s\n", m)
		}
		for _, e := range limit(extra) {
			fmt.Fprintf(&b, "  + %s\n", e)
		}
	}
	return b.String()
}

func listRows(rows []string) string {
	var b strings.Builder
	for _, r := range limit(rows) {
		fmt.Fprintf(&b, "    %s\n", r)
	}
	if len(rows) == 0 {
		b.WriteString("    (no more rows)\n")
	}
	return b.String()
}

// describeError runs sql and describes its error as "SQLSTATE message
// [detail] [hint] @position" ("" when it succeeds).
func describeError(ctx context.Context, conn *pgconn.PgConn, sql string) string {
	_, err := conn.Exec(ctx, sql).ReadAll()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		if err != nil {
			return "not a PostgreSQL error: " + err.Error()
		}
		return ""
	}
	s := pe.Code + " " + pe.Message
	if pe.Detail != "" {
		s += " DETAIL: " + pe.Detail
	}
	if pe.Hint != "" {
		s += " HINT: " + pe.Hint
	}
	return fmt.Sprintf("%s @%d", s, pe.Position)
}

var sqlUpdate = flag.Bool("sql.update", false, "rewrite testdata/sql/explain/*.expected from vpnsql's output")

// timing matches the durations EXPLAIN ANALYZE prints, which vary.
var timing = regexp.MustCompile(`\d+\.\d+ ms`)

// runExplainCorpus runs each testdata/sql/explain file and compares its
// output, statement by statement, with the .expected file.
func runExplainCorpus(ctx context.Context, t *testing.T, conn *pgconn.PgConn) {
	files, err := filepath.Glob("testdata/sql/explain/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		var out strings.Builder
		for _, c := range parseCorpusFile(t, f) {
			fmt.Fprintf(&out, "-- %s\n%s\n", c.name, stripSQLComments(c.sql))
			results, err := conn.Exec(ctx, c.sql).ReadAll()
			if err != nil {
				fmt.Fprintf(&out, "ERROR: %v\n", err)
				continue
			}
			for _, r := range results {
				for _, row := range r.Rows {
					for i, v := range row {
						if i > 0 {
							out.WriteString(" | ")
						}
						out.WriteString(timing.ReplaceAllString(string(v), "N ms"))
					}
					out.WriteByte('\n')
				}
				if len(r.Rows) == 0 {
					fmt.Fprintf(&out, "%s\n", r.CommandTag)
				}
			}
			out.WriteByte('\n')
		}
		golden := strings.TrimSuffix(f, ".sql") + ".expected"
		if *sqlUpdate {
			if err := os.WriteFile(golden, []byte(out.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -sql.update to create it)", err)
		}
		if string(want) != out.String() {
			t.Errorf("%s: EXPLAIN output differs from %s (-sql.update rewrites it):\n%s", f, golden, explainDiff(string(want), out.String()))
		}
	}
}

// explainDiff lists the lines that differ between two texts.
func explainDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want: %s\n  got:  %s\n", i+1, wl, gl)
		}
	}
	return b.String()
}
