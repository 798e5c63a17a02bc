package integration

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/internal/sqlgen"
)

// Fixed sizes for make test (about a minute on two cores); make fuzz-sql
// SEED=... N=... sets VPNSQL_FUZZ_SEED and VPNSQL_FUZZ_N for more.
const (
	fuzzSeed = 1
	fuzzN    = 2500
	tlpN     = 400
)

// TestSQLFuzz is the random query generator's test (sqlgen.Grammar), in the
// manner of SQLsmith and SQLancer:
//
//   - differential: each generated SELECT runs on vpnsql and on PostgreSQL 15
//     holding the same rows (as TestSQLDiff's); columns (name, type,
//     typmod) and rows must match, as multisets unless the statement
//     orders them, and errors by SQLSTATE. A panic (the session ends), an
//     XX000, a statement that runs 20 s past its statement_timeout (a
//     hang), or any difference not on the reviewed list (fuzzKnown) fails.
//     A statement more than 100 times slower than PostgreSQL's (and over
//     100 ms) is reported, not failed.
//   - tlp: ternary-logic partitioning on vpnsql alone: count(*) equals the
//     sum of the counts WHERE p, WHERE NOT p and WHERE p IS NULL.
//
// The grammar's functions, operators and casts are PostgreSQL 15's
// (pg_proc, pg_operator, pg_cast) over the types in play
// (sqlgen.Types), immutable ones only (so both servers compute the same
// value), and of those only what vpnsql implements: each is probed with
// typed NULL arguments first, and one vpnsql answers with 42883 is left
// out and counted, or the run would measure little but 42883. The
// statements of a seed are the same for the same commit.
func TestSQLFuzz(t *testing.T) {
	t.Parallel()
	seed, n, m := envUint(t, "VPNSQL_FUZZ_SEED", fuzzSeed), envInt(t, "VPNSQL_FUZZ_N", fuzzN), envInt(t, "VPNSQL_TLP_N", tlpN)
	ref := startReferencePG(t)
	demo := startDemo(t)
	f := &fuzzer{t: t, demo: demo, ref: ref, vpn: connectText(t, withUser(demo, "vpnsql"))}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Hour)
	defer cancel()
	f.ctx = ctx
	for _, conn := range []*pgconn.PgConn{ref, f.vpn} {
		f.setup(conn)
	}
	loadReference(ctx, t, f.vpn, ref)
	if file := os.Getenv("VPNSQL_FUZZ_FILE"); file != "" {
		f.replay(file)
		return
	}
	g := f.grammar()

	t.Run("differential", func(t *testing.T) {
		f.t = t
		start := time.Now()
		// VPNSQL_FUZZ_FROM skips to a statement: each is generated from
		// (seed, index) alone, so one finding replays without the rest.
		for i := envInt(t, "VPNSQL_FUZZ_FROM", 0); i < n; i++ {
			st := g.Statement(seed, i)
			f.check(fmt.Sprintf("seed %d statement %d (%s)", seed, i, st.Shape), st.SQL)
			if (i+1)%5000 == 0 {
				t.Logf("seed %d: %d statements, %d failures, %v", seed, i+1, f.failures, time.Since(start).Round(time.Second))
			}
		}
		f.report(time.Since(start), seed, n)
	})
	t.Run("tlp", func(t *testing.T) {
		f.t = t
		skipped := 0
		for i := 0; i < m; i++ {
			if !f.tlp(fmt.Sprintf("seed %d check %d", seed, i), g.TLP(seed, i)) {
				skipped++
			}
		}
		t.Logf("TLP seed %d: %d checks, %d skipped (a partition fails on purpose: an error PostgreSQL would raise too)", seed, m, skipped)
	})
}

// fuzzer holds the two sessions and the tallies of a run.
type fuzzer struct {
	t        *testing.T
	ctx      context.Context
	demo     string
	ref, vpn *pgconn.PgConn
	outcomes map[string]int // "match", "both fail", "known: <why>"
	failures int
	slow     []string
}

func (f *fuzzer) setup(conn *pgconn.PgConn) {
	for _, s := range []string{"SET TimeZone = 'UTC'", "SET statement_timeout = '10s'"} {
		if _, err := conn.Exec(f.ctx, s).ReadAll(); err != nil {
			f.t.Fatal(err)
		}
	}
}

// session is vpnsql's session, a new one after a statement ended it.
func (f *fuzzer) session() *pgconn.PgConn {
	if f.vpn.IsClosed() {
		f.vpn = connectText(f.t, withUser(f.demo, "vpnsql"))
		f.setup(f.vpn)
	}
	return f.vpn
}

// fuzzOutcome is one server's answer to a statement.
type fuzzOutcome struct {
	res  *sqlResult
	code string // SQLSTATE; "" when it succeeded
	msg  string
	took time.Duration
}

func (o fuzzOutcome) state() string {
	if o.code == "" {
		return "ok"
	}
	return o.code
}

// fuzzGrace is how long past statement_timeout (10s) a statement may run
// before the client calls it a hang and drops the connection.
const fuzzGrace = 20 * time.Second

func fuzzRun(ctx context.Context, conn *pgconn.PgConn, sql string) fuzzOutcome {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second+fuzzGrace)
	defer cancel()
	start := time.Now()
	res, err := runSQL(ctx, conn, sql)
	o := fuzzOutcome{res: res, took: time.Since(start)}
	if err != nil {
		o.msg = err.Error()
		var pe *pgconn.PgError
		switch {
		case errors.As(err, &pe):
			o.code = pe.Code
		case ctx.Err() != nil:
			o.code = "hang"
		default:
			o.code = "connection"
		}
	}
	return o
}

// compare runs sql on both servers and describes how vpnsql differs:
// kind is "" (no difference), "error", "columns" or "rows".
func (f *fuzzer) compare(sql string) (pg, vpn fuzzOutcome, kind, diff string) {
	pg = fuzzRun(f.ctx, f.ref, sql)
	vpn = fuzzRun(f.ctx, f.session(), sql)
	switch {
	case pg.code != "" || vpn.code != "":
		if pg.code == vpn.code {
			return pg, vpn, "", ""
		}
		return pg, vpn, "error", fmt.Sprintf("postgres: %s\n  vpnsql:   %s\n", orOK(pg.msg), orOK(vpn.msg))
	}
	diff = pg.res.diff(vpn.res, isOrdered(sql))
	if diff != "" && isOrdered(sql) && numericPeers(pg.res, vpn.res) {
		diff = ""
	}
	switch {
	case diff == "":
	case strings.HasPrefix(diff, "columns differ"):
		kind = "columns"
	default:
		kind = "rows"
	}
	return pg, vpn, kind, diff
}

// numericPeers reports results that are the same multiset and the same
// sequence once equal numerics of different scales (0 and 0.0) read the
// same: ORDER BY leaves the order of such peers to each engine (seed 4,
// statement 8915).
func numericPeers(pg, vpn *sqlResult) bool {
	if pg.diff(vpn, false) != "" || len(pg.rows) != len(vpn.rows) {
		return false
	}
	for i := range pg.rows {
		if normaliseNumerics(pg.rows[i]) != normaliseNumerics(vpn.rows[i]) {
			return false
		}
	}
	return true
}

// normaliseNumerics drops trailing fractional zeros of each decimal cell.
func normaliseNumerics(row string) string {
	cells := strings.Split(row, " | ")
	for i, c := range cells {
		if _, err := strconv.ParseFloat(c, 64); err == nil && strings.Contains(c, ".") && !strings.ContainsAny(c, "eE") {
			c = strings.TrimRight(c, "0")
			cells[i] = strings.TrimSuffix(c, ".")
		}
	}
	return strings.Join(cells, " | ")
}

func orOK(msg string) string {
	if msg == "" {
		return "(succeeds)"
	}
	return msg
}

// check compares one statement and files the result.
func (f *fuzzer) check(where, sql string) {
	pg, vpn, kind, diff := f.compare(sql)
	f.file(where, sql, pg, vpn, kind, diff)
}

// file counts a compared statement's outcome, or fails.
func (f *fuzzer) file(where, sql string, pg, vpn fuzzOutcome, kind, diff string) {
	if f.outcomes == nil {
		f.outcomes = map[string]int{}
	}
	switch {
	case vpn.code == "hang":
		f.fail("%s: vpnsql ran past statement_timeout (10s) and %v more: a hang\n%s", where, fuzzGrace, sql)
		return
	case f.vpn.IsClosed():
		f.fail("%s: vpnsql's session ended (a panic?): %s\n%s", where, vpn.msg, sql)
		return
	case vpn.code == "XX000":
		if k := matchKnown(fuzzKnownCrashers, "", pg.state(), vpn.state(), sql, vpn.msg); k != nil && os.Getenv("VPNSQL_TEST_KNOWN_CRASHERS") == "" {
			f.outcomes["known crasher: "+k.category]++
			f.t.Logf("%s: known crasher (%s):\n%s", where, k.category, sql)
			return
		}
		f.fail("%s: XX000 from vpnsql: %s\n%s", where, vpn.msg, sql)
		return
	case pg.code == "57014":
		f.outcomes["postgres timed out"]++
		return
	}
	if vpn.took > 100*time.Millisecond && vpn.took > 100*pg.took {
		f.slow = append(f.slow, fmt.Sprintf("%s: vpnsql %v, postgres %v\n%s", where, vpn.took.Round(time.Millisecond), pg.took.Round(time.Microsecond), sql))
	}
	if kind == "" {
		if pg.code != "" {
			f.outcomes["both fail "+pg.code]++
		} else {
			f.outcomes["match"]++
		}
		return
	}
	if k := matchKnown(fuzzKnown, kind, pg.state(), vpn.state(), sql, diff); k != nil {
		f.outcomes["known: "+k.category]++
		return
	}
	f.fail("%s: %s difference not on the known list (fuzzKnown):\n  %s%s", where, kind, diff, sql)
}

// fail reports a failure; past 30 only counts them, so one common
// difference does not bury the others.
func (f *fuzzer) fail(format string, args ...any) {
	f.failures++
	if f.failures <= 30 {
		f.t.Errorf(format, args...)
	} else {
		f.t.Fail()
	}
}

func (f *fuzzer) report(took time.Duration, seed uint64, n int) {
	var keys []string
	for k := range f.outcomes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "\n  %6d %s", f.outcomes[k], k)
	}
	f.t.Logf("seed %d: %d statements in %v, %d failures; outcomes:%s", seed, n, took.Round(time.Millisecond), f.failures, b.String())
	for _, s := range f.slow {
		f.t.Logf("more than 100x slower than PostgreSQL (reported, not failed): %s", s)
	}
}

// tlp runs one TLP check on vpnsql; false when a query fails (then the
// check says nothing).
func (f *fuzzer) tlp(where string, c sqlgen.TLP) bool {
	var counts [4]int64
	for i, q := range c.Queries() {
		o := fuzzRun(f.ctx, f.session(), q)
		switch {
		case o.code == "hang":
			f.fail("%s: vpnsql ran past statement_timeout (10s) and %v more: a hang\n%s", where, fuzzGrace, q)
			return false
		case f.vpn.IsClosed():
			f.fail("%s: vpnsql's session ended (a panic?): %s\n%s", where, o.msg, q)
			return false
		case o.code == "XX000":
			if matchKnown(fuzzKnownCrashers, "", "", o.state(), q, o.msg) == nil || os.Getenv("VPNSQL_TEST_KNOWN_CRASHERS") != "" {
				f.fail("%s: XX000 from vpnsql: %s\n%s", where, o.msg, q)
			}
			return false
		case o.code != "":
			return false
		}
		n, err := strconv.ParseInt(o.res.rows[0], 10, 64)
		if err != nil {
			f.t.Fatalf("%s: count(*) gave %q", where, o.res.rows[0])
		}
		counts[i] = n
	}
	if counts[0] != counts[1]+counts[2]+counts[3] {
		qs := c.Queries()
		f.fail("%s: TLP: count(*) = %d, but WHERE p %d + WHERE NOT p %d + WHERE p IS NULL %d = %d\n%s\n%s\n%s\n%s",
			where, counts[0], counts[1], counts[2], counts[3], counts[1]+counts[2]+counts[3], qs[0], qs[1], qs[2], qs[3])
	}
	return true
}

// replay runs the statements of a file (separated by lines holding only
// ";;") on both servers and logs both answers: VPNSQL_FUZZ_FILE=... to
// look into a finding, or to reduce it.
func (f *fuzzer) replay(file string) {
	b, err := os.ReadFile(file)
	if err != nil {
		f.t.Fatal(err)
	}
	for i, sql := range strings.Split(string(b), "\n;;\n") {
		if sql = strings.TrimSpace(sql); sql == "" {
			continue
		}
		pg, vpn, kind, diff := f.compare(sql)
		show := func(o fuzzOutcome) string {
			if o.code != "" {
				return o.msg
			}
			return fmt.Sprintf("%v\n    %s", o.res.cols, strings.Join(o.res.rows, "\n    "))
		}
		f.t.Logf("statement %d: %s\n%s\npostgres: %s\nvpnsql: %s\n%s", i, kind, sql, show(pg), show(vpn), diff)
	}
}

func envInt(t *testing.T, name string, def int) int {
	if s := os.Getenv(name); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return n
	}
	return def
}

func envUint(t *testing.T, name string, def uint64) uint64 {
	if s := os.Getenv(name); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return n
	}
	return def
}

// grammar builds the generator's grammar: the resource tables and catalog
// subsets as relations, the rows' own values as texts, and PostgreSQL 15's
// immutable functions, operators and casts over the types in play that
// vpnsql implements.
func (f *fuzzer) grammar() *sqlgen.Grammar {
	t := f.t
	g := &sqlgen.Grammar{}
	// Every resource table, loaded in the reference by loadReference;
	// vpn_connections also by its unqualified name. Their foreign keys'
	// columns are the keys the keyjoin shape joins on.
	keys := map[string]bool{}
	for _, tbl := range resourceTables() {
		var cols []sqlgen.Column
		for _, c := range tbl.Columns() {
			cols = append(cols, sqlgen.Column{Name: c.Name, Type: c.Type.Name})
		}
		g.Tables = append(g.Tables, sqlgen.Relation{From: tbl.Schema() + "." + tbl.Name(), Columns: cols, Resource: true})
		if tbl.Name() == "vpn_connections" {
			g.Tables = append(g.Tables, sqlgen.Relation{From: tbl.Name(), Columns: cols, Resource: true})
		}
		if r, ok := tbl.(catalog.Referencing); ok {
			for _, fk := range r.ForeignKeys() {
				for _, i := range fk.Columns {
					if name := tbl.Columns()[i].Name; !keys[name] {
						keys[name] = true
						g.Keys = append(g.Keys, name)
					}
				}
			}
		}
	}
	g.Tables = append(g.Tables,
		// Built-in rows only: user objects' OIDs differ between the two.
		sqlgen.Relation{From: "(SELECT oid, typname, typlen, typbyval, typcategory, typelem FROM pg_catalog.pg_type WHERE oid < 120)",
			Columns: []sqlgen.Column{{Name: "oid", Type: "oid"}, {Name: "typname", Type: "name"}, {Name: "typlen", Type: "int2"},
				{Name: "typbyval", Type: "bool"}, {Name: "typcategory", Type: "char"}, {Name: "typelem", Type: "oid"}}},
		sqlgen.Relation{From: "(SELECT oid, nspname FROM pg_catalog.pg_namespace WHERE oid < 16384)",
			Columns: []sqlgen.Column{{Name: "oid", Type: "oid"}, {Name: "nspname", Type: "name"}}},
		sqlgen.Relation{From: "(SELECT oid, amname, amtype FROM pg_catalog.pg_am)", Columns: []sqlgen.Column{{Name: "oid", Type: "oid"}, {Name: "amname", Type: "name"},
			{Name: "amtype", Type: "char"}}},
	)
	texts, err := runText(f.ctx, f.ref, `SELECT DISTINCT v FROM (
		SELECT unnest(ARRAY[state, region, type, "vpnConnectionId", "customerGatewayId", category]) FROM ec2.vpn_connections
		UNION ALL SELECT jsonb_object_keys(tags) FROM ec2.vpn_connections
		UNION ALL SELECT value FROM ec2.vpn_connections, jsonb_each_text(tags)
		UNION ALL SELECT unnest(ARRAY[state, "ipAddress", "bgpAsn", "deviceName"]) FROM ec2.customer_gateways
		UNION ALL SELECT unnest(ARRAY[state, "vpnGatewayId", "availabilityZone"]) FROM ec2.vpn_gateways
		UNION ALL SELECT unnest(ARRAY[state, "transitGatewayId", description]) FROM ec2.transit_gateways
		UNION ALL SELECT unnest(ARRAY[status, "outsideIpAddress", "tunnelInsideCidr"]) FROM ec2.vpn_tunnels) s(v) WHERE v IS NOT NULL ORDER BY 1`)
	if err != nil {
		t.Fatalf("the rows' values: %v", err)
	}
	for _, r := range texts.rows {
		g.Texts = append(g.Texts, r[0])
	}

	types := "'{" + strings.Join(sqlgen.Types, ",") + "}'::name[]"
	funcs := f.signatures(`SELECT p.proname, coalesce((SELECT string_agg(a.typname, ',' ORDER BY u.i) FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(o, i) JOIN pg_type a ON a.oid = u.o), ''), r.typname
		FROM pg_proc p JOIN pg_type r ON r.oid = p.prorettype
		WHERE p.pronamespace = 'pg_catalog'::regnamespace AND p.prokind = 'f' AND NOT p.proretset AND p.provolatile = 'i'
		  AND p.pronargs BETWEEN 1 AND 3 AND p.provariadic = 0 AND r.typname = ANY(` + types + `)
		  AND NOT EXISTS (SELECT 1 FROM unnest(p.proargtypes::oid[]) u(o) JOIN pg_type a ON a.oid = u.o WHERE a.typname <> ALL(` + types + `))
		  AND p.proname !~ '^(pg_|_|binary_upgrade|hash)'
		  AND NOT EXISTS (SELECT 1 FROM pg_operator o WHERE o.oprcode = p.oid)
		ORDER BY 1, 2`)
	ops := f.signatures(`SELECT o.oprname, concat_ws(',', l.typname, r.typname), res.typname
		FROM pg_operator o LEFT JOIN pg_type l ON l.oid = o.oprleft JOIN pg_type r ON r.oid = o.oprright
		  JOIN pg_type res ON res.oid = o.oprresult JOIN pg_proc p ON p.oid = o.oprcode
		WHERE p.provolatile = 'i' AND (o.oprleft = 0 OR l.typname = ANY(` + types + `)) AND r.typname = ANY(` + types + `)
		  AND res.typname = ANY(` + types + `)
		ORDER BY 1, 2`)
	casts := f.signatures(`SELECT '', s.typname, t.typname FROM pg_cast c JOIN pg_type s ON s.oid = c.castsource JOIN pg_type t ON t.oid = c.casttarget
		WHERE s.typname = ANY(` + types + `) AND t.typname = ANY(` + types + `) AND s.oid <> t.oid ORDER BY 2, 3`)
	for _, c := range casts {
		g.Casts = append(g.Casts, sqlgen.Cast{From: c.Args[0], To: c.Result})
	}
	for _, ty := range sqlgen.Types { // I/O conversions through text
		if ty != "text" {
			g.Casts = append(g.Casts, sqlgen.Cast{From: ty, To: "text"}, sqlgen.Cast{From: "text", To: ty})
		}
	}

	// Keep what vpnsql implements: a probe with typed NULLs per signature,
	// itself compared like any statement.
	var missing []string
	probe := func(sql, sig string) bool {
		pg, vpn, kind, diff := f.compare(sql)
		if pg.code == "" && (vpn.code == "42883" || vpn.code == "0A000") {
			missing = append(missing, sig)
			return false
		}
		f.file("probe "+sig, sql, pg, vpn, kind, diff)
		return pg.code == "" && vpn.code == ""
	}
	null := func(ty string) string { return "NULL::" + sqlgen.TypeName(ty) }
	for _, fn := range funcs {
		var args []string
		for _, a := range fn.Args {
			args = append(args, null(a))
		}
		sig := fn.Name + "(" + strings.Join(fn.Args, ", ") + ")"
		if probe("SELECT "+fn.Name+"("+strings.Join(args, ", ")+")", sig) {
			g.Funcs = append(g.Funcs, fn)
		}
	}
	nOps := 0
	for _, op := range ops {
		var sql string
		if len(op.Args) == 1 {
			sql = "SELECT " + op.Name + " " + null(op.Args[0])
		} else {
			sql = "SELECT " + null(op.Args[0]) + " " + op.Name + " " + null(op.Args[1])
		}
		if probe(sql, "operator "+op.Name+"("+strings.Join(op.Args, ", ")+")") {
			g.Ops = append(g.Ops, op)
			nOps++
		}
	}
	t.Logf("grammar: %d texts; %d of %d functions and %d of %d operators vpnsql implements, %d casts; not implemented (42883): %s",
		len(g.Texts), len(g.Funcs), len(funcs), nOps, len(ops), len(g.Casts), strings.Join(missing, " "))
	return g
}

// signatures reads rows of (name, comma-separated argument types,
// result type) from the reference.
func (f *fuzzer) signatures(sql string) []sqlgen.Func {
	res, err := runText(f.ctx, f.ref, sql)
	if err != nil {
		f.t.Fatalf("%v\n%s", err, sql)
	}
	var out []sqlgen.Func
	for _, r := range res.rows {
		var args []string
		if r[1] != "" {
			args = strings.Split(r[1], ",")
		}
		out = append(out, sqlgen.Func{Name: r[0], Args: args, Result: r[2]})
	}
	return out
}
