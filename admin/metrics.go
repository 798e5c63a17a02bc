// Package admin is vpnsql's admin HTTP listener (serve --admin-listen):
// Prometheus metrics, /healthz, /readyz and, when asked for, pprof.
//
// It sits beside cmd, above every other layer. The layers below know
// nothing of Prometheus: the server reports logins and statements through
// server.Config's OnLogin and OnStatement, catalog/ec2 reports API calls
// through ec2.CallHooks and its read cache through Source.CacheStats, and
// the bytes on the wire are counted by the connections CountBytes wraps.
// Every collector is registered on the Metrics' own registry when it is
// made: there is no global registry.
package admin

import (
	"net"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/server"
)

// Metrics are vpnsql's Prometheus metrics (docs/operations.md lists them).
type Metrics struct {
	reg *prometheus.Registry

	sessions      prometheus.Counter
	logins        *prometheus.CounterVec
	statements    *prometheus.CounterVec
	statementTime *prometheus.HistogramVec
	// okSeries holds each kind's series of a successful statement, so
	// the common case looks no labels up (kind -> *statementSeries).
	okSeries      sync.Map
	apiCalls      *prometheus.CounterVec
	apiTime       *prometheus.HistogramVec
	retries       *prometheus.CounterVec
	throttles     *prometheus.CounterVec
	auditFailures prometheus.Counter
	received      prometheus.Counter
	sent          prometheus.Counter
}

// Sources are what the metrics read when scraped; nil members are left
// out.
type Sources struct {
	Version string
	// Sessions counts the sessions past authentication.
	Sessions func() int
	// Cache reads the read cache's counters.
	Cache func() ec2.CacheStats
	// Ready reports readiness (Health.Ready).
	Ready func() bool
	// Logins reads the failed-login limiter's state.
	Logins func() server.LoginStats
}

// statementBuckets: from a cached read (~1 ms) to a slow fan-out over
// many regions (tens of seconds).
var statementBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}

// apiBuckets: one EC2 call, retries included.
var apiBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}

// NewMetrics makes the metrics and registers them, with the Go runtime
// and process collectors, on a registry of their own.
func NewMetrics(src Sources) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	f := factory{m.reg}
	m.sessions = f.counter("vpnsql_sessions_total", "Sessions started (logins that succeeded).")
	m.logins = f.counterVec("vpnsql_login_attempts_total", "Logins by outcome: success, failure (wrong password, unknown user, refused client), refused (too many connections, shutting down), abandoned (the client left during authentication).", "outcome")
	m.statements = f.counterVec("vpnsql_statements_total", "Statements run, by kind (select, insert, update, delete, explain, copy, set, show, transaction, utility) and outcome (ok, error), with the SQLSTATE (00000 for ok).", "kind", "outcome", "sqlstate")
	m.statementTime = f.histogramVec("vpnsql_statement_duration_seconds", "Statement run time, from Execute to its completion, by kind.", statementBuckets, "kind")
	m.apiCalls = f.counterVec("vpnsql_api_calls_total", "AWS API calls made (cache hits excluded), by account, region, service, action and outcome (ok, the AWS error code, or error).", "account", "region", "service", "action", "outcome")
	m.apiTime = f.histogramVec("vpnsql_api_call_duration_seconds", "AWS API call latency, retries included, by service and action.", apiBuckets, "service", "action")
	m.retries = f.counterVec("vpnsql_api_retries_total", "Attempts the SDK retried, by account, region and action.", "account", "region", "action")
	m.throttles = f.counterVec("vpnsql_api_throttles_total", "Attempts AWS answered with a throttling error (RequestLimitExceeded, ...), by account, region and action.", "account", "region", "action")
	m.auditFailures = f.counter("vpnsql_audit_write_failures_total", "Audit log lines that could not be written (a write refused with 58030, or an outcome line lost).")
	m.received = f.counter("vpnsql_client_received_bytes_total", "Bytes received from PostgreSQL clients (on the wire, TLS included).")
	m.sent = f.counter("vpnsql_client_sent_bytes_total", "Bytes sent to PostgreSQL clients (on the wire, TLS included).")

	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if src.Version != "" {
		info := f.gaugeVec("vpnsql_build_info", "Always 1; the version is a label.", "version")
		info.WithLabelValues(src.Version).Set(1)
	}
	if src.Sessions != nil {
		f.gaugeFunc("vpnsql_sessions", "Sessions open now (past authentication).", func() float64 { return float64(src.Sessions()) })
	}
	if src.Ready != nil {
		f.gaugeFunc("vpnsql_ready", "1 when /readyz answers 200, else 0.", func() float64 {
			if src.Ready() {
				return 1
			}
			return 0
		})
	}
	if src.Cache != nil {
		m.reg.MustRegister(cacheCollector(src.Cache))
	}
	if src.Logins != nil {
		m.reg.MustRegister(loginCollector(src.Logins))
	}
	return m
}

// Registry is the registry /metrics serves.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Login counts a login (server.Config.OnLogin).
func (m *Metrics) Login(ev server.LoginEvent) {
	m.logins.WithLabelValues(ev.Outcome).Inc()
	if ev.Outcome == server.LoginSuccess {
		m.sessions.Inc()
	}
}

// Statement counts a statement (server.Config.OnStatement).
func (m *Metrics) Statement(ev server.StatementEvent) {
	var s *statementSeries
	if ev.SQLState == "" {
		v, ok := m.okSeries.Load(ev.Kind)
		if !ok {
			v, _ = m.okSeries.LoadOrStore(ev.Kind, m.series(ev.Kind, "ok", "00000"))
		}
		s = v.(*statementSeries)
	} else {
		s = m.series(ev.Kind, "error", ev.SQLState)
	}
	s.count.Inc()
	if ev.Duration > 0 { // 0: it failed before it ran
		s.time.Observe(ev.Duration.Seconds())
	}
}

// statementSeries are the series one statement adds to.
type statementSeries struct {
	count prometheus.Counter
	time  prometheus.Observer
}

func (m *Metrics) series(kind, outcome, code string) *statementSeries {
	return &statementSeries{m.statements.WithLabelValues(kind, outcome, code), m.statementTime.WithLabelValues(kind)}
}

// APICall counts an API call (ec2.CallHooks.Done); the cache's answers
// are the cache's metrics.
func (m *Metrics) APICall(c ec2.APICall) {
	m.apiCalls.WithLabelValues(c.AccountID, c.Region, c.Service, c.Action, c.Result).Inc()
	m.apiTime.WithLabelValues(c.Service, c.Action).Observe(c.Latency.Seconds())
	if c.Attempts > 1 {
		m.retries.WithLabelValues(c.AccountID, c.Region, c.Action).Add(float64(c.Attempts - 1))
	}
	if c.Throttles > 0 {
		m.throttles.WithLabelValues(c.AccountID, c.Region, c.Action).Add(float64(c.Throttles))
	}
}

// AuditFailure counts an audit line that could not be written.
func (m *Metrics) AuditFailure() { m.auditFailures.Inc() }

// snapshotCollector reports, at each scrape, the fields of a snapshot
// another package keeps (the read cache's counters, the login limiter's).
type snapshotCollector[S any] struct {
	read   func() S
	fields []snapshotField[S]
}

type snapshotField[S any] struct {
	desc *prometheus.Desc
	kind prometheus.ValueType
	get  func(S) float64
}

func field[S any](name, help string, kind prometheus.ValueType, get func(S) float64) snapshotField[S] {
	return snapshotField[S]{prometheus.NewDesc(name, help, nil, nil), kind, get}
}

func (c snapshotCollector[S]) Describe(ch chan<- *prometheus.Desc) {
	for _, f := range c.fields {
		ch <- f.desc
	}
}

func (c snapshotCollector[S]) Collect(ch chan<- prometheus.Metric) {
	s := c.read()
	for _, f := range c.fields {
		ch <- prometheus.MustNewConstMetric(f.desc, f.kind, f.get(s))
	}
}

func cacheCollector(read func() ec2.CacheStats) prometheus.Collector {
	type S = ec2.CacheStats
	return snapshotCollector[S]{read, []snapshotField[S]{
		field("vpnsql_cache_hits_total", "Reads the read cache answered (vpnsql.cache_ttl).", prometheus.CounterValue, func(s S) float64 { return float64(s.Hits) }),
		field("vpnsql_cache_misses_total", "Reads the read cache sent to AWS.", prometheus.CounterValue, func(s S) float64 { return float64(s.Misses) }),
		field("vpnsql_cache_evictions_total", "Cache entries dropped: expired and replaced, or invalidated by a write.", prometheus.CounterValue, func(s S) float64 { return float64(s.Evictions) }),
		field("vpnsql_cache_entries", "Entries in the read cache.", prometheus.GaugeValue, func(s S) float64 { return float64(s.Entries) }),
		field("vpnsql_cache_bytes", "Estimated bytes held by the read cache.", prometheus.GaugeValue, func(s S) float64 { return float64(s.Bytes) }),
	}}
}

// loginCollector reads the failed-login limiter (docs/security.md).
func loginCollector(read func() server.LoginStats) prometheus.Collector {
	type S = server.LoginStats
	return snapshotCollector[S]{read, []snapshotField[S]{
		field("vpnsql_login_limit_tracked", "(user, address) pairs whose failed logins the limiter remembers.", prometheus.GaugeValue, func(s S) float64 { return float64(s.Tracked) }),
		field("vpnsql_login_limit_locked", "(user, address) pairs locked out now.", prometheus.GaugeValue, func(s S) float64 { return float64(s.Locked) }),
		field("vpnsql_login_limit_failures_total", "Failed logins the limiter counted.", prometheus.CounterValue, func(s S) float64 { return float64(s.Failures) }),
		field("vpnsql_login_limit_lockouts_total", "Times a (user, address) pair became locked out.", prometheus.CounterValue, func(s S) float64 { return float64(s.Lockouts) }),
		field("vpnsql_login_limit_locked_attempts_total", "Logins refused because their (user, address) pair was locked out.", prometheus.CounterValue, func(s S) float64 { return float64(s.LockedAttempts) }),
	}}
}

// factory makes metrics registered on one registry.
type factory struct{ reg *prometheus.Registry }

func (f factory) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	f.reg.MustRegister(c)
	return c
}

func (f factory) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(c)
	return c
}

func (f factory) gaugeVec(name, help string, labels ...string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	f.reg.MustRegister(g)
	return g
}

func (f factory) gaugeFunc(name, help string, fn func() float64) {
	f.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, fn))
}

func (f factory) histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
	f.reg.MustRegister(h)
	return h
}

// CountBytes wraps a PostgreSQL connection so its bytes are counted in
// the metrics (server.Config.WrapConn).
func (m *Metrics) CountBytes(c net.Conn) net.Conn { return countingConn{c, m} }

type countingConn struct {
	net.Conn
	m *Metrics
}

func (c countingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.m.received.Add(float64(n))
	return n, err
}

func (c countingConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.m.sent.Add(float64(n))
	return n, err
}
