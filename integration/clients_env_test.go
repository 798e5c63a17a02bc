package integration

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog/pgtest"
)

// TestClients runs real client programs — psql, pgJDBC, psqlODBC (isql
// and pyodbc), SQLAlchemy's inspector with psycopg2, psycopg 3, pgcli,
// node-postgres — and the catalog queries Metabase, Grafana and DBeaver
// send, each against a real PostgreSQL 15 and against vpnsql, and
// compares what the client printed.
//
// Both servers hold the same objects: the reference is made as vpnsql
// presents itself (clientServers), so the only differences left to
// normalise are those that legitimately differ: server version strings,
// ports, and the OIDs of user objects (clientPair.normalise).
//
// Every client prints its output in sections headed "## name"; sections
// are compared one by one. A section listed in a client's known map is a
// known difference: its diff is logged with the reason, and a known
// difference that starts to match fails the test, so the entry goes.
func TestClients(t *testing.T) {
	t.Parallel()
	pair := clientServers(t)
	for _, c := range []struct {
		name string
		run  func(*testing.T, *clientPair)
	}{
		{"psql", testPsqlClient},
		{"psql_tab_completion", testPsqlTabCompletion},
		{"pgjdbc", testJDBCClient},
		{"psqlodbc", testODBCClient},
		{"psqlodbc_isql", testISQLClient},
		{"sqlalchemy", testSQLAlchemyClient},
		{"psycopg3", testPsycopg3Client},
		{"pgcli", testPgcliClient},
		{"node_postgres", testNodePostgresClient},
		{"bi_tools", testBIToolQueries},
	} {
		c := c
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, pair)
		})
	}
}

// clientPair is the reference PostgreSQL 15 and a vpnsql demo server,
// both with database aws, schema ec2 and table vpn_connections owned by
// the role vpnsql that clients connect as.
type clientPair struct {
	refHost, vpnHost string // 127.0.0.1:port
	refConn, vpnConn *pgconn.PgConn
	refOIDs, vpnOIDs map[string]string
	replacer         *strings.Replacer // reference-only strings -> vpnsql's
	ports            *regexp.Regexp
	oidMap           map[string]string // reference user-object OIDs -> vpnsql's
}

// clientServers starts both servers. The reference is set up as vpnsql
// presents itself (docs/catalog.md): one database, aws, owned by vpnsql;
// search_path ec2, public; the demo rows; a role vpnsql that owns the
// objects and logs in; TimeZone UTC, vpnsql's (initdb takes the
// machine's zone); and the bootstrap role postgres, which vpnsql shows
// as an ordinary role, stripped of superuser and the other attributes.
// The template databases and postgres are dropped, because vpnsql has only
// aws, and the statistics of the inserted rows are reset.
func clientServers(t *testing.T) *clientPair {
	t.Helper()
	if why := pgtest.Available(); why != "" {
		t.Fatalf("the client tests need PostgreSQL 15: %s", why)
	}
	cluster, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Stop)
	ctx := testContext(t)
	admin := connectText(t, cluster.URL("postgres"))
	for _, stmt := range []string{"CREATE ROLE vpnsql LOGIN", "CREATE DATABASE aws OWNER vpnsql",
		"ALTER DATABASE aws SET search_path = ec2, public", "ALTER DATABASE aws SET TimeZone = 'UTC'"} {
		if _, err := admin.Exec(ctx, stmt).ReadAll(); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	admin.Close(ctx)
	setup := connectText(t, cluster.URL("aws"))
	if err := createReference(ctx, setup); err != nil {
		t.Fatal(err)
	}

	demo, err := url.Parse(startDemo(t))
	if err != nil {
		t.Fatal(err)
	}
	p := &clientPair{
		refHost: fmt.Sprintf("127.0.0.1:%d", cluster.Port),
		vpnHost: "127.0.0.1:" + demo.Port(),
	}
	p.vpnConn = connectText(t, p.url(p.vpnHost, "sslmode=disable"))
	copyResourceRows(ctx, t, p.vpnConn, setup)
	if err := addReferenceForeignKeys(ctx, setup); err != nil {
		t.Fatal(err)
	}
	// Forget the inserts' statistics, then give the reference what vpnsql
	// shows after copyRows' complete scan: reltuples and n_live_tup the
	// row count (ANALYZE's, with relpages 0 as vpnsql has no pages; its
	// indexes as built), every other counter 0 (catalog/stats.go).
	for _, stmt := range []string{"SELECT pg_stat_force_next_flush()", "SELECT 1", "SELECT pg_stat_reset()",
		"ANALYZE " + strings.Join(resourceTableNames(), ", "), "UPDATE pg_class SET relpages = 0 WHERE relkind = 'r' AND relnamespace = 'ec2'::regnamespace",
		// vpnsql's indexes stay as freshly built (relpages 1, reltuples 0).
		"UPDATE pg_class SET relpages = 1, reltuples = 0 WHERE relkind = 'i' AND relnamespace = 'ec2'::regnamespace",
		"SELECT pg_stat_force_next_flush()", "SELECT 1",
		"DROP DATABASE postgres",
		"ALTER DATABASE template1 IS_TEMPLATE false", "DROP DATABASE template1",
		"ALTER DATABASE template0 IS_TEMPLATE false", "DROP DATABASE template0",
		"ALTER ROLE postgres NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"} {
		if _, err := setup.Exec(ctx, stmt).ReadAll(); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	setup.Close(ctx)
	p.refConn = connectText(t, p.url(p.refHost, "sslmode=disable"))

	p.refOIDs, p.vpnOIDs = referenceOIDs(t, p.refConn), vpnsqlOIDs()
	p.oidMap = oidRewrites(p.refOIDs, p.vpnOIDs)
	var pairs []string
	for _, q := range []string{"SELECT version()", "SHOW server_version"} {
		ref, err1 := runText(ctx, p.refConn, q)
		vpn, err2 := runText(ctx, p.vpnConn, q)
		if err1 != nil || err2 != nil {
			t.Fatalf("%s: %v %v", q, err1, err2)
		}
		pairs = append(pairs, ref.rows[0][0], vpn.rows[0][0])
	}
	p.replacer = strings.NewReplacer(pairs...)
	p.ports = regexp.MustCompile(`\b(` + regexp.QuoteMeta(fmt.Sprint(cluster.Port)) + `|` + regexp.QuoteMeta(demo.Port()) + `)\b`)
	return p
}

// url is a postgres URL for user vpnsql, database aws on host.
func (p *clientPair) url(host string, query ...string) string {
	u := "postgres://vpnsql@" + host + "/aws"
	if len(query) > 0 {
		u += "?" + strings.Join(query, "&")
	}
	return u
}

// wholeNumber finds runs of digits, also inside names (pg_toast_16384):
// those equal to a user object's OID are rewritten.
var wholeNumber = regexp.MustCompile(`\d+`)

// normalise rewrites what legitimately differs between the two servers'
// outputs: the reference's version strings become vpnsql's, either port
// becomes PORT, and the reference's user-object OIDs become vpnsql's.
func (p *clientPair) normalise(s string, reference bool) string {
	if reference {
		s = p.replacer.Replace(s)
		s = wholeNumber.ReplaceAllStringFunc(s, func(n string) string {
			if to, ok := p.oidMap[n]; ok {
				return to
			}
			return n
		})
	}
	return p.ports.ReplaceAllString(s, "PORT")
}

// runClient runs a client program with a deadline and returns its
// standard output; standard error is appended when the program fails.
func runClient(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	out, stderr, code := runClientStatus(t, env, "", name, args...)
	if code != 0 {
		t.Fatalf("%s %s: exit status %d\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), code, out, stderr)
	}
	return out
}

// runClientStatus runs a client program with a deadline, stdin read from
// the file input when it is not "", and returns its standard output and
// error and its exit status. A program that cannot run, or runs out of
// time, fails the test.
func runClientStatus(t *testing.T, env []string, input, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	if input != "" {
		f, err := os.Open(input)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
	}
	var errOut strings.Builder
	cmd.Stderr = &errOut
	out, err := cmd.Output()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), errOut.String(), 0
	case errors.As(err, &exit) && ctx.Err() == nil:
		return string(out), errOut.String(), exit.ExitCode()
	}
	t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", name, strings.Join(args, " "), err, out, errOut.String())
	return "", "", -1
}

// knownDiff is a section whose output differs for a reason vpnsql cannot
// fix in its catalogs: why, for the log and docs/clients.md.
type knownDiff map[string]string

// section is one "## name" block of a client's output.
type section struct {
	name string
	body string
}

// splitSections cuts output into sections; a name seen before gets " #2",
// " #3", ... appended.
func splitSections(out string) []section {
	var secs []section
	count := map[string]int{}
	for _, line := range strings.SplitAfter(out, "\n") {
		if strings.HasPrefix(line, "## ") {
			name := strings.TrimSpace(strings.TrimPrefix(line, "## "))
			if count[name]++; count[name] > 1 {
				name += fmt.Sprintf(" #%d", count[name])
			}
			secs = append(secs, section{name: name})
			continue
		}
		if len(secs) == 0 {
			secs = append(secs, section{name: "(preamble)"})
		}
		secs[len(secs)-1].body += line
	}
	return secs
}

// compareOutputs compares the reference's and vpnsql's output of one
// client section by section. unordered names sections whose rows come in
// no defined order (the client's query has no ORDER BY): their lines are
// compared sorted.
func compareOutputs(t *testing.T, p *clientPair, ref, vpn string, known knownDiff, unordered ...string) {
	t.Helper()
	want := splitSections(p.normalise(ref, true))
	got := map[string]string{}
	var gotOrder []string
	for _, s := range splitSections(p.normalise(vpn, false)) {
		got[s.name] = s.body
		gotOrder = append(gotOrder, s.name)
	}
	sorted := map[string]bool{}
	for _, u := range unordered {
		sorted[u] = true
	}
	var matched, differ []string
	seen := map[string]bool{}
	for _, w := range want {
		seen[w.name] = true
		g, ok := got[w.name]
		wb := w.body
		if sorted[w.name] {
			wb, g = sortLines(wb), sortLines(g)
		}
		d := ""
		switch {
		case !ok:
			d = "vpnsql's output has no such section\n"
		case wb != g:
			d = lineDiff(wb, g)
		}
		reason, isKnown := known[w.name]
		switch {
		case d == "" && isKnown:
			t.Errorf("section %q matches PostgreSQL now: remove it from the known differences (%s)", w.name, reason)
			matched = append(matched, w.name)
		case d == "":
			matched = append(matched, w.name)
		case isKnown:
			t.Logf("known difference in %q (%s):\n%s", w.name, reason, d)
			differ = append(differ, w.name)
		default:
			t.Errorf("section %q differs (- postgres, + vpnsql):\n%s", w.name, d)
		}
	}
	for _, name := range gotOrder {
		if !seen[name] {
			t.Errorf("vpnsql's output has a section %q that PostgreSQL's has not:\n%s", name, got[name])
		}
	}
	for name := range known {
		if !seen[name] {
			t.Errorf("known difference %q names no section of the output", name)
		}
	}
	t.Logf("%d sections match; %d known differences: %s", len(matched), len(differ), strings.Join(differ, ", "))
}

func sortLines(s string) string {
	lines := strings.Split(s, "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// lineDiff lists the lines only one side has, in order, at most 40.
func lineDiff(want, got string) string {
	a, b := strings.Split(want, "\n"), strings.Split(got, "\n")
	// Longest common subsequence on lines; outputs are small.
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			out = append(out, "+ "+b[j])
			j++
		default:
			out = append(out, "- "+a[i])
			i++
		}
	}
	if len(out) > 40 {
		out = append(out[:40:40], fmt.Sprintf("... and %d more lines", len(out)-40))
	}
	return strings.Join(out, "\n") + "\n"
}

// systemPython is Debian's interpreter, where python3-psycopg2,
// python3-sqlalchemy, python3-psycopg, python3-pyodbc and pgcli install;
// the python3 first on PATH may be another one.
const systemPython = "/usr/bin/python3"

// requirePython fails unless the system interpreter can import modules.
func requirePython(t *testing.T, pkg string, modules ...string) {
	t.Helper()
	for _, m := range modules {
		if out, err := exec.Command(systemPython, "-c", "import "+m).CombinedOutput(); err != nil {
			t.Fatalf("%s cannot import %s (%v: %s); make test installs %s (scripts/test-deps.sh)", systemPython, m, err, out, pkg)
		}
	}
}
