package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// soakFaults are what the simulator does to the soak's API calls: latency
// on every call, and now and then an error, a bare 502 or a dropped
// connection, which the SDK retries and, rarely, gives up on.
const soakFaults = `[
 {"kind": "latency", "latency": "20ms", "jitter": "60ms"},
 {"action": "Describe*", "kind": "error", "code": "InternalError", "rate": 0.05},
 {"action": "Describe*", "kind": "http", "status": 502, "rate": 0.02},
 {"action": "Describe*", "kind": "drop", "rate": 0.01}
]`

// apiFailures are the SQLSTATEs of a statement whose API calls failed
// after the SDK's retries: throttled (53400), EC2 InternalError or no
// answer (58000: a dropped connection), another failure (38000, a bare
// 502).
var apiFailures = []string{"53400", "58000", "38000"}

// soakKind is one kind of work a soak session does, with the SQLSTATEs it
// may legitimately end with.
type soakKind struct {
	name     string
	weight   int
	expected []string
	run      func(ctx context.Context, w *soakWorker) error
}

// soakWorker is one session of the soak.
type soakWorker struct {
	url     string
	conn    *pgx.Conn
	r       *rand.Rand
	catalog []string // recorded catalog queries, OIDs filled in
	reads   []string
}

// soakKinds is the mix: reads, recorded catalog queries (psql \d, pgJDBC
// metadata, BI tools), prepared statements, cancels, statement timeouts,
// disconnects in the middle of a result, and dry-run writes.
var soakKinds = []soakKind{
	{"read", 30, apiFailures, func(ctx context.Context, w *soakWorker) error {
		_, err := w.conn.Exec(ctx, w.reads[w.r.IntN(len(w.reads))])
		return err
	}},
	{"catalog", 25, nil, func(ctx context.Context, w *soakWorker) error {
		_, err := w.conn.PgConn().Exec(ctx, w.catalog[w.r.IntN(len(w.catalog))]).ReadAll()
		return err
	}},
	{"prepared", 15, apiFailures, func(ctx context.Context, w *soakWorker) error {
		name := fmt.Sprintf("soak_%d", w.r.IntN(3))
		if _, err := w.conn.Prepare(ctx, name, `SELECT "vpnConnectionId", state, tags->>'Name' FROM vpn_connections WHERE region = $1 AND state <> $2`); err != nil {
			return err
		}
		for i := 0; i < 3; i++ {
			rows, err := w.conn.Query(ctx, name, []string{"us-east-1", "eu-west-1", "ap-southeast-2"}[i], "deleted")
			if err != nil {
				return err
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return w.conn.Deallocate(ctx, name)
	}},
	{"cancel", 5, append([]string{"57014"}, apiFailures...), func(ctx context.Context, w *soakWorker) error {
		delay := time.Duration(10+w.r.IntN(150)) * time.Millisecond
		sent := make(chan struct{})
		go func() {
			defer close(sent)
			time.Sleep(delay)
			cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			defer cancel()
			w.conn.PgConn().CancelRequest(cctx)
		}()
		// A sleep, or a read waiting on the simulator's latency; both
		// outlast the delay, so the cancel lands on this statement.
		_, err := w.conn.Exec(ctx, pick(w.r, "SELECT pg_sleep(1)", "SELECT count(*) FROM vpn_connections, pg_sleep(0.3)"))
		<-sent
		return err
	}},
	{"timeout", 5, append([]string{"57014"}, apiFailures...), func(ctx context.Context, w *soakWorker) error {
		if _, err := w.conn.Exec(ctx, "SET statement_timeout = 100"); err != nil {
			return err
		}
		_, err := w.conn.Exec(ctx, pick(w.r, "SELECT pg_sleep(2)", "SELECT count(*) FROM vpn_connections, pg_sleep(1)"))
		if _, rerr := w.conn.Exec(ctx, "SET statement_timeout = 0"); rerr != nil && err == nil {
			err = rerr
		}
		return err
	}},
	{"disconnect", 5, nil, func(ctx context.Context, w *soakWorker) error {
		rows, err := w.conn.Query(ctx, "SELECT g, repeat('x', 100) FROM generate_series(1, 100000) g")
		if err != nil {
			return err
		}
		for i := 0; i < 10 && rows.Next(); i++ {
		}
		// Gone in the middle of the result, without Terminate.
		w.conn.PgConn().Conn().Close()
		rows.Close()
		return w.reconnect(ctx)
	}},
	{"dry_run_write", 15, append([]string{"57014", "23505", "23503", "22023", "55000"}, apiFailures...), func(ctx context.Context, w *soakWorker) error {
		var stmt string
		switch w.r.IntN(3) {
		case 0:
			stmt = `INSERT INTO vpn_connections ("customerGatewayId", "vpnGatewayId", type, region)
				SELECT "customerGatewayId", "vpnGatewayId", type, region FROM vpn_connections WHERE "vpnGatewayId" IS NOT NULL LIMIT 1`
		case 1:
			stmt = `UPDATE vpn_connections SET tags = tags || '{"Soak": "yes"}' WHERE region = 'eu-west-1'`
		default:
			stmt = `DELETE FROM vpn_connections WHERE region = 'ap-southeast-2' AND state = 'available'`
		}
		// Every soak session is a dry run from its connection string; this
		// says so again as a client would.
		if _, err := w.conn.Exec(ctx, "SET vpnsql.dry_run = on"); err != nil {
			return err
		}
		// Per-row calls queue behind EC2's throttling of mutating actions
		// (5 a second): a statement_timeout bounds them, as a client would.
		if _, err := w.conn.Exec(ctx, "SET statement_timeout = 10000"); err != nil {
			return err
		}
		_, err := w.conn.Exec(ctx, stmt)
		if _, rerr := w.conn.Exec(ctx, "SET statement_timeout = 0"); rerr != nil && err == nil {
			err = rerr
		}
		return err
	}},
}

// Pick returns one of xs.
func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

func (w *soakWorker) reconnect(ctx context.Context) error {
	w.conn.Close(ctx)
	conn, err := pgx.Connect(ctx, w.url)
	if err != nil {
		return err
	}
	w.conn = conn
	return nil
}

// soakTally collects the outcomes of every session.
type soakTally struct {
	mu         sync.Mutex
	latency    map[string][]time.Duration // by kind
	byCode     map[string]map[string]int  // kind -> SQLSTATE -> count
	unexpected []string
}

func (s *soakTally) add(kind soakKind, took time.Duration, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency[kind.name] = append(s.latency[kind.name], took)
	if err == nil {
		return
	}
	code := "not a PostgreSQL error"
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		code = pg.Code
	}
	if s.byCode[kind.name] == nil {
		s.byCode[kind.name] = map[string]int{}
	}
	s.byCode[kind.name][code]++
	for _, c := range kind.expected {
		if c == code {
			return
		}
	}
	if len(s.unexpected) < 20 {
		s.unexpected = append(s.unexpected, fmt.Sprintf("%s: %v", kind.name, err))
	}
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sorted := append([]time.Duration(nil), ds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	return sorted[int(p*float64(len(sorted)-1))]
}

// soakSize is the soak's size: by default the short form `make test`
// runs; `make soak` sets VPNSQL_SOAK_SESSIONS and VPNSQL_SOAK_TIME.
func soakSize(t *testing.T) (int, time.Duration) {
	sessions, length := 30, 20*time.Second
	if v := os.Getenv("VPNSQL_SOAK_SESSIONS"); v != "" {
		if _, err := fmt.Sscan(v, &sessions); err != nil || sessions < 1 {
			t.Fatalf("VPNSQL_SOAK_SESSIONS=%q: want a number", v)
		}
	}
	if v := os.Getenv("VPNSQL_SOAK_TIME"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("VPNSQL_SOAK_TIME=%q: %v", v, err)
		}
		length = d
	}
	return sessions, length
}

// TestSoak runs concurrent sessions replaying recorded client queries and
// the other kinds of soakKinds against `vpnsql serve` talking to a
// separate `vpnsql sim` with injected latency and faults, for a bounded
// time. It reports outcomes by SQLSTATE, latency, peak RSS, goroutines and
// file descriptors, and fails on an unexpected SQLSTATE, on a server that
// stops answering, and on goroutines or descriptors left behind once the
// sessions are gone.
func TestSoak(t *testing.T) {
	sessions, length := soakSize(t)
	simURL := start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0",
		"--seed-per-region", "20", "--seed-regions", "us-east-1,eu-west-1,ap-southeast-2")
	setSimFaults(t, simURL, soakFaults)
	env := simEnv(simURL)
	pgURL, proc := startLimited(t, env, serveReady, "serve", "--listen", "127.0.0.1:0",
		"--regions", "us-east-1,eu-west-1,ap-southeast-2", "--max-connections", fmt.Sprint(sessions+20))
	// Every session is a dry run, so no write reaches the simulator; half
	// of them read through the cache, half reach the simulator every time.
	urls := []string{pgURL + "?options=-c%20vpnsql.dry_run%3Don",
		pgURL + "?options=-c%20vpnsql.dry_run%3Don%20-c%20vpnsql.cache_ttl%3D0"}

	var catalogSQL []string
	for _, file := range []string{"testdata/catalog_queries.sql", "testdata/clients/bi_queries.sql"} {
		for _, q := range loadCatalogQueries(t, file) {
			catalogSQL = append(catalogSQL, fill(q.sql, vpnsqlOIDs()))
		}
	}
	reads := []string{
		`SELECT "vpnConnectionId", state, region, tags FROM vpn_connections`,
		`SELECT count(*) FROM vpn_connections WHERE region = 'eu-west-1'`,
		`SELECT "vpnConnectionId", options->'tunnelOptionSet'->0->>'outsideIpAddress' FROM vpn_connections WHERE state = 'available' ORDER BY 1`,
		`SELECT region, count(*), jsonb_agg(tags) FROM vpn_connections GROUP BY region`,
		`SELECT c.*, t FROM vpn_connections c, jsonb_array_elements("vgwTelemetry") t WHERE type = 'ipsec.1'`,
		`EXPLAIN ANALYZE SELECT * FROM vpn_connections WHERE tags->>'Env' = 'prod'`,
		`SELECT * FROM vpnsql.api_calls ORDER BY time DESC LIMIT 5`,
		`SELECT pid, state, query FROM pg_stat_activity`,
	}

	// Warm up (pool connections to the simulator, caches), then the baseline.
	warm(t, urls[1], reads)
	base := proc.stats(t)
	t.Logf("before: %s", base)

	tally := &soakTally{latency: map[string][]time.Duration{}, byCode: map[string]map[string]int{}}
	total := 0
	for _, k := range soakKinds {
		total += k.weight
	}
	ctx, cancel := context.WithTimeout(context.Background(), length+2*time.Minute)
	defer cancel()
	end := time.Now().Add(length)
	var peak procStats
	stopSampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			select {
			case <-stopSampling:
				return
			case <-time.After(time.Second):
				var s procStats
				proc.readProc(t, &s)
				if s.FDs > peak.FDs {
					peak.FDs = s.FDs
				}
				if s.Threads > peak.Threads {
					peak.Threads = s.Threads
				}
			}
		}
	}()
	var wg sync.WaitGroup
	connectErrs := make(chan error, sessions)
	for i := 0; i < sessions; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			w := &soakWorker{url: urls[i%2], r: rand.New(rand.NewPCG(uint64(i), 13)), catalog: catalogSQL, reads: reads}
			var err error
			if w.conn, err = pgx.Connect(ctx, w.url); err != nil {
				connectErrs <- err
				return
			}
			defer func() { w.conn.Close(context.Background()) }()
			for time.Now().Before(end) {
				n := w.r.IntN(total)
				k := soakKinds[0]
				for _, kk := range soakKinds {
					if n < kk.weight {
						k = kk
						break
					}
					n -= kk.weight
				}
				began := time.Now()
				stmtCtx, cancelStmt := context.WithTimeout(ctx, 30*time.Second)
				err := k.run(stmtCtx, w)
				cancelStmt()
				tally.add(k, time.Since(began), err)
				if w.conn.IsClosed() {
					if err := w.reconnect(ctx); err != nil {
						connectErrs <- err
						return
					}
				}
			}
		}(i)
	}
	wg.Wait()
	close(stopSampling)
	<-sampled
	close(connectErrs)
	for err := range connectErrs {
		t.Errorf("a session could not connect: %v", err)
	}

	// The server must still answer, and let go of what the sessions held.
	warm(t, urls[0], reads[:1])
	var after procStats
	for deadline := time.Now().Add(20 * time.Second); ; {
		after = proc.stats(t)
		if (after.Goroutines <= base.Goroutines+10 && after.FDs <= base.FDs+5) || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	var all []time.Duration
	var report strings.Builder
	fmt.Fprintf(&report, "soak: %d sessions for %s against vpnsql sim with faults\n", sessions, length)
	for _, k := range soakKinds {
		ds := tally.latency[k.name]
		all = append(all, ds...)
		fmt.Fprintf(&report, "  %-14s %6d statements, p50 %8s, p99 %8s, failed by SQLSTATE %v\n", k.name, len(ds),
			percentile(ds, 0.5).Round(time.Microsecond*100), percentile(ds, 0.99).Round(time.Microsecond*100), tally.byCode[k.name])
	}
	fmt.Fprintf(&report, "  all            %6d statements, p50 %8s, p99 %8s\n", len(all),
		percentile(all, 0.5).Round(time.Microsecond*100), percentile(all, 0.99).Round(time.Microsecond*100))
	fmt.Fprintf(&report, "  peak RSS %.1f MiB, peak fds %d, peak threads %d\n", mib(after.Peak), peak.FDs, peak.Threads)
	fmt.Fprintf(&report, "  before: %s\n  after:  %s", base, after)
	t.Log(report.String())

	for _, u := range tally.unexpected {
		t.Errorf("unexpected failure: %s", u)
	}
	if after.Goroutines > base.Goroutines+10 {
		t.Errorf("%d goroutines after the sessions closed, %d before: goroutines leak", after.Goroutines, base.Goroutines)
	}
	if after.FDs > base.FDs+5 {
		t.Errorf("%d file descriptors after the sessions closed, %d before: descriptors leak", after.FDs, base.FDs)
	}
	if after.HeapAlloc > base.HeapAlloc+64<<20 {
		t.Errorf("Go heap after GC %.1f MiB, %.1f MiB before", mib(after.HeapAlloc), mib(base.HeapAlloc))
	}
}

// warm runs each of queries once from a few sessions at a time.
func warm(t *testing.T, url string, queries []string) {
	t.Helper()
	ctx := testContext(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(queries))
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := pgx.Connect(ctx, url)
			if err != nil {
				errs <- err
				return
			}
			defer conn.Close(ctx)
			for _, q := range queries {
				conn.Exec(ctx, q) // API faults may fail one; only the connection matters
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("the server does not answer: %v", err)
	}
}

func setSimFaults(t *testing.T, simURL, faults string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPut, simURL+"/_sim/faults", bytes.NewBufferString(faults))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("setting the simulator's faults: %s", resp.Status)
	}
}
