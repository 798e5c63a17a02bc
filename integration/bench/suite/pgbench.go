package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// The cached pairs' set-up: one simulator holding the demo's connections
// (three regions) and cfg.rows generated ones, each with its configuration
// document, in us-west-2; per binary, a server on the demo regions and one
// on us-west-2; PostgreSQL 15 with databases demo and big holding exactly
// what those servers return. Every vpnsql session reads with
// vpnsql.cache_ttl = 1h, so after its first run a script is answered from
// the cache.
type cached struct {
	sim       *sim
	pg        *pgCluster
	demo, big []*server // per binary
	demoID    string    // the first connection id, for point lookups
	bigID     string
}

const (
	demoRegions = "us-east-1,eu-west-1,ap-southeast-2"
	bigRegion   = "us-west-2"
	cacheTTL    = "1h"
)

func setupCached(cfg *config, e *env) (*cached, error) {
	ctx := cfg.ctx
	c := &cached{}
	var err error
	needBig := cfg.pairs[4] || cfg.pairs[0]
	args := []string{"--demo-data=true"}
	if needBig {
		args = append(args, "--seed-per-region", strconv.Itoa(cfg.rows), "--seed-regions", bigRegion)
	}
	if c.sim, err = e.startSim(cfg.bins[len(cfg.bins)-1].path, "sim-cached", args...); err != nil {
		return nil, err
	}
	for _, b := range cfg.bins {
		s, _, err := e.serve(b.path, "serve-demo-"+b.name, c.sim, "--regions", demoRegions)
		if err != nil {
			return nil, err
		}
		c.demo = append(c.demo, s)
		if needBig {
			s, _, err := e.serve(b.path, "serve-big-"+b.name, c.sim, "--regions", bigRegion)
			if err != nil {
				return nil, err
			}
			c.big = append(c.big, s)
		}
	}
	if c.pg, err = e.startPostgres(ctx); err != nil {
		return nil, err
	}
	if err := c.pg.loadFrom(ctx, "demo", c.demo[0].url(cacheTTL)); err != nil {
		return nil, fmt.Errorf("loading the demo rows into PostgreSQL: %w", err)
	}
	if c.demoID, err = firstID(ctx, c.pg.url("demo"), 11); err != nil {
		return nil, err
	}
	if needBig {
		if err := c.pg.loadFrom(ctx, "big", c.big[0].url(cacheTTL)); err != nil {
			return nil, fmt.Errorf("loading the generated rows into PostgreSQL: %w", err)
		}
		if c.bigID, err = firstID(ctx, c.pg.url("big"), cfg.rows); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// firstID checks the row count of PostgreSQL's copy and returns its first id.
func firstID(ctx context.Context, url string, want int) (string, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	var n int
	var id string
	if err := conn.QueryRow(ctx, `SELECT count(*), min("vpnConnectionId") FROM ec2.vpn_connections`).Scan(&n, &id); err != nil {
		return "", err
	}
	if n != want {
		return "", fmt.Errorf("PostgreSQL holds %d connections, want %d", n, want)
	}
	return id, nil
}

func (c *cached) stop(e *env) {
	for _, s := range append(c.demo, c.big...) {
		e.stopProc(s.cmd)
	}
	e.stopProc(c.sim.cmd)
}

// A pgbench case: one script, one protocol mode, PostgreSQL against each
// binary's server.
type benchCase struct {
	pair, measure, target string
	atLeast               float64
	file                  string // under integration/bench, with :id
	mode                  string // pgbench -M
	big                   bool   // the generated data set, not the demo's
	psqlMeta              string // instead of file: the queries psql sends for this meta-command
	rows                  int    // the rows the script's last query returns, -1 = not checked
}

func benchCases(cfg *config) []benchCase {
	var cs []benchCase
	if cfg.pairs[1] {
		cs = append(cs,
			benchCase{pair: "1.1", measure: "cached point lookup by id, `-M prepared`", target: "≥ 1.0", atLeast: 1.0, file: "point.sql", mode: "prepared", rows: 1},
			benchCase{pair: "1.1", measure: "cached point lookup by id, `-M simple`", target: "≥ 0.8", atLeast: 0.8, file: "point.sql", mode: "simple", rows: 1})
	}
	if cfg.pairs[2] {
		cs = append(cs, benchCase{pair: "1.2", measure: "cached `GROUP BY region, state ORDER BY 1, 2`", target: "≥ 1.0", atLeast: 1.0, file: "groupby_region.sql", mode: "prepared", rows: -1})
	}
	if cfg.pairs[3] {
		cs = append(cs,
			benchCase{pair: "1.3", measure: "psql `\\d vpn_connections` (its queries, simple protocol)", target: "≥ 0.8", atLeast: 0.8, psqlMeta: `\d vpn_connections`, mode: "simple", rows: -1},
			benchCase{pair: "1.3", measure: "psql `\\dt` (simple protocol)", target: "≥ 0.8", atLeast: 0.8, psqlMeta: `\dt`, mode: "simple", rows: -1},
			benchCase{pair: "1.3", measure: "pgJDBC `getColumns` (extended protocol)", target: "≥ 0.8", atLeast: 0.8, file: "jdbc_getcolumns.sql", mode: "extended", rows: 18})
	}
	if cfg.pairs[0] {
		for _, f := range []struct{ file, what string }{
			{"point.sql", "point lookup by id"}, {"groupby.sql", "`GROUP BY state, type` with count(DISTINCT)"},
			{"scan.sql", "all rows, 4 columns"}, {"catalog_lookup.sql", "psql's `\\d` lookup in pg_class"},
			{"catalog_columns.sql", "psql's `\\d` columns from pg_attribute"},
		} {
			cs = append(cs, benchCase{pair: "x", measure: fmt.Sprintf("%d rows: %s (%s, `-M prepared`)", cfg.rows, f.what, f.file), target: "—", file: f.file, mode: "prepared", big: true, rows: -1})
		}
	}
	return cs
}

// target is one side of a pgbench case.
type target struct {
	name, url, script string
	def               string // pgbench -D NAME=VALUE
	pid               int    // the server's process: vpnsql, or PostgreSQL's postmaster
}

func pgbenchPairs(cfg *config, e *env, c *cached) ([]row, error) {
	ctx := cfg.ctx
	cases := benchCases(cfg)
	if len(cases) == 0 {
		return nil, nil
	}
	if err := os.MkdirAll(filepath.Join(e.dir, "scripts"), 0o755); err != nil {
		return nil, err
	}
	pgPID, err := c.pg.pid()
	if err != nil {
		return nil, err
	}
	targets := make([][]target, len(cases)) // per case: PostgreSQL, then each binary
	for i, bc := range cases {
		db, servers, id := "demo", c.demo, c.demoID
		if bc.big {
			db, servers, id = "big", c.big, c.bigID
		}
		urls := []target{{name: "postgresql-15", url: c.pg.url(db), pid: pgPID}}
		for j, s := range servers {
			urls = append(urls, target{name: cfg.bins[j].name, url: s.url(cacheTTL), pid: s.cmd.Process.Pid})
		}
		text, err := caseText(ctx, bc, urls[1].url)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", bc.measure, err)
		}
		var counts []int
		for j := range urls {
			t := text
			if bc.psqlMeta != "" {
				if t, err = retarget(ctx, text, urls[1].url, urls[j].url); err != nil {
					return nil, err
				}
			}
			// A parameter in the extended protocol, a literal in the simple one.
			literal := strings.ReplaceAll(t, ":id", quote(id))
			if bc.mode == "simple" {
				t = literal
			} else if strings.Contains(t, ":id") {
				urls[j].def = "id=" + id
			}
			urls[j].script = filepath.Join(e.dir, "scripts", fmt.Sprintf("case%d-%s.sql", i, urls[j].name))
			if err := os.WriteFile(urls[j].script, []byte(t), 0o644); err != nil {
				return nil, err
			}
			// Once through pgbench (it fills vpnsql's cache), then the
			// last query's rows through psql.
			if _, err := pgbench(ctx, urls[j].url, urls[j].script, bc.mode, urls[j].def, 1, 1, 0); err != nil {
				return nil, fmt.Errorf("%s on %s: %w", bc.measure, urls[j].name, err)
			}
			n, err := lastQueryRows(ctx, urls[j].url, literal)
			if err != nil {
				return nil, fmt.Errorf("%s on %s: %w", bc.measure, urls[j].name, err)
			}
			counts = append(counts, n)
		}
		for j, n := range counts {
			if n != counts[0] || bc.rows >= 0 && n != bc.rows {
				return nil, fmt.Errorf("%s: %s returns %d rows, PostgreSQL %d (want %d)", bc.measure, urls[j].name, n, counts[0], bc.rows)
			}
		}
		targets[i] = urls
	}

	// tps[case][target][round]; cpu: the server's CPU per transaction, µs
	tps := make([][][]float64, len(cases))
	lat := make([][][]float64, len(cases))
	cpu := make([][][]float64, len(cases))
	for i := range cases {
		tps[i] = make([][]float64, len(targets[i]))
		lat[i] = make([][]float64, len(targets[i]))
		cpu[i] = make([][]float64, len(targets[i]))
	}
	for round := 1; round <= cfg.rounds; round++ {
		for i, bc := range cases {
			for _, j := range order(len(targets[i]), round) {
				t := targets[i][j]
				r, used, err := t.bench(ctx, bc.mode, cfg.secs)
				if err != nil {
					return nil, fmt.Errorf("%s on %s: %w", bc.measure, t.name, err)
				}
				perTxn := float64(used.Microseconds()) / float64(r.txns)
				cfg.sample("pgbench round=%d pair=%s case=%q target=%s mode=%s tps=%.1f latency_ms=%.3f server_cpu_us_per_txn=%.2f",
					round, bc.pair, bc.measure, t.name, bc.mode, r.tps, r.latMs, perTxn)
				tps[i][j] = append(tps[i][j], r.tps)
				lat[i][j] = append(lat[i][j], r.latMs)
				cpu[i][j] = append(cpu[i][j], perTxn)
			}
		}
	}
	var rows []row
	for i, bc := range cases {
		pg := median(tps[i][0])
		for j := 1; j < len(targets[i]); j++ {
			var ratios []float64
			for r := range tps[i][j] {
				ratios = append(ratios, tps[i][j][r]/tps[i][0][r])
			}
			m := median(ratios)
			holds := "—"
			if bc.atLeast > 0 {
				holds = verdict(cfg, m >= bc.atLeast)
			}
			name := ""
			if len(cfg.bins) > 1 {
				name = targets[i][j].name + ": "
			}
			rows = append(rows, row{pair: bc.pair, measure: bc.measure,
				vpnsql: fmt.Sprintf("%s%.1f tps, %.3f ms, %.1f µs CPU", name, median(tps[i][j]), median(lat[i][j]), median(cpu[i][j])),
				ref:    fmt.Sprintf("PostgreSQL 15: %.1f tps, %.3f ms, %.1f µs CPU", pg, median(lat[i][0]), median(cpu[i][0])),
				ratio:  fmt.Sprintf("%.2f%s%s", m, spread(ratios), againstFirst(cfg, tps[i], j, false)),
				target: bc.target, holds: holds})
		}
	}
	return rows, nil
}

// bench is one timed pgbench run (8 clients, 2 threads) of the target's
// script, with the CPU its server used meanwhile: vpnsql's process, or
// PostgreSQL's postmaster with its backends and other children.
func (t target) bench(ctx context.Context, mode string, secs int) (benchRun, time.Duration, error) {
	kids, err := children(t.pid)
	if err != nil {
		return benchRun{}, 0, err
	}
	before, err := cpuTree(t.pid)
	if err != nil {
		return benchRun{}, 0, err
	}
	r, err := pgbench(ctx, t.url, t.script, mode, t.def, 8, 2, secs)
	if err != nil {
		return benchRun{}, 0, err
	}
	after, err := settledCPU(t.pid, len(kids))
	if err != nil {
		return benchRun{}, 0, err
	}
	return r, after - before, nil
}

// caseText is a case's pgbench script: its file, or the queries psql
// sends vpnsql for its meta-command, each ending in a semicolon.
func caseText(ctx context.Context, bc benchCase, vpnURL string) (string, error) {
	if bc.psqlMeta == "" {
		b, err := os.ReadFile(filepath.Join(benchDir, bc.file))
		return string(b), err
	}
	qs, err := psqlQueries(ctx, vpnURL, bc.psqlMeta)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- the queries psql sends for %s\n", bc.psqlMeta)
	for _, q := range qs {
		b.WriteString(strings.TrimSuffix(q, ";") + ";\n")
	}
	return b.String(), nil
}

// benchDir holds the pgbench scripts; the suite runs from the repository root.
const benchDir = "integration/bench"

var lookupQuery = `SELECT c.oid FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	WHERE c.relname = 'vpn_connections' AND n.nspname = 'ec2'`

// retarget replaces vpn_connections' OID as psql wrote it for vpnsql ('N')
// by the target's.
func retarget(ctx context.Context, text, from, to string) (string, error) {
	oid := func(url string) (string, error) {
		conn, err := pgx.Connect(ctx, url)
		if err != nil {
			return "", err
		}
		defer conn.Close(ctx)
		var o uint32
		err = conn.QueryRow(ctx, lookupQuery).Scan(&o)
		return strconv.FormatUint(uint64(o), 10), err
	}
	a, err := oid(from)
	if err != nil {
		return "", err
	}
	b, err := oid(to)
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(text, "'"+a+"'", "'"+b+"'"), nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// lastQueryRows runs a script's last statement through psql and counts its rows.
func lastQueryRows(ctx context.Context, url, script string) (int, error) {
	stmts := strings.Split(strings.TrimSpace(script), ";")
	last := ""
	for _, s := range stmts {
		if strings.TrimSpace(stripComments(s)) != "" {
			last = s
		}
	}
	out, err := runCmd(ctx, "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-c", last, "-c", `\echo :ROW_COUNT`, url)
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(out))
}

var commentLine = regexp.MustCompile(`(?m)^\s*--.*$`)

func stripComments(s string) string { return commentLine.ReplaceAllString(s, "") }

var (
	tpsLine    = regexp.MustCompile(`(?m)^tps = ([0-9.]+)`)
	latLine    = regexp.MustCompile(`(?m)^latency average = ([0-9.]+) ms`)
	failedLine = regexp.MustCompile(`(?m)^number of failed transactions: ([0-9]+)`)
	txnsLine   = regexp.MustCompile(`(?m)^number of transactions actually processed: ([0-9]+)`)
)

// benchRun is one pgbench run's outcome.
type benchRun struct {
	tps, latMs float64
	txns       int64
}

// pgbench runs one script; secs 0 runs it once (-t 1). It fails on any
// error or failed transaction.
func pgbench(ctx context.Context, url, script, mode, def string, clients, threads, secs int) (benchRun, error) {
	args := []string{"-n", "-M", mode, "-c", strconv.Itoa(clients), "-j", strconv.Itoa(threads)}
	if def != "" {
		args = append(args, "-D", def)
	}
	if secs > 0 {
		args = append(args, "-T", strconv.Itoa(secs))
	} else {
		args = append(args, "-t", "1")
	}
	out, err := runCmd(ctx, "pgbench", append(args, "-f", script, url)...)
	if err != nil {
		return benchRun{}, err
	}
	if m := failedLine.FindStringSubmatch(out); m != nil && m[1] != "0" {
		return benchRun{}, fmt.Errorf("pgbench: %s failed transactions", m[1])
	}
	m, l, n := tpsLine.FindStringSubmatch(out), latLine.FindStringSubmatch(out), txnsLine.FindStringSubmatch(out)
	if m == nil || l == nil || n == nil {
		return benchRun{}, fmt.Errorf("pgbench printed no tps: %s", out)
	}
	var r benchRun
	r.tps, _ = strconv.ParseFloat(m[1], 64)
	r.latMs, _ = strconv.ParseFloat(l[1], 64)
	r.txns, _ = strconv.ParseInt(n[1], 10, 64)
	if r.tps <= 0 || r.txns <= 0 {
		return benchRun{}, fmt.Errorf("pgbench: %s", out)
	}
	return r, nil
}

// againstFirst is, for the second and later binaries, the median of the
// rounds' ratios to the first binary (compare.sh's after / before); lower
// says a smaller figure is the better one (times).
func againstFirst(cfg *config, samples [][]float64, j int, lower bool) string {
	if j < 2 {
		return ""
	}
	var rs []float64
	for r := range samples[j] {
		rs = append(rs, samples[j][r]/samples[1][r])
	}
	what := "throughput"
	if lower {
		what = "time"
	}
	return fmt.Sprintf("; %s / %s %s: %.2f%s", cfg.bins[j-1].name, cfg.bins[0].name, what, median(rs), spread(rs))
}
