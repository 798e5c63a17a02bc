package executor

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
)

// Benchmarks of the live path (issue 20, items 1.5, 1.6, 1.7 and 1.10):
// the cache off unless the pair needs it, every call through the SDK to
// ec2sim on loopback with injected latency. Each reports its pair's figure
// as a custom metric: latencies are medians (p50) of the iterations, the
// vpnsql and SDK sides run interleaved in the same loop so that the
// machine's load falls on both alike. Run with a count of iterations,
// not a time:
//
//	go test ./executor -run '^$' -bench 'Live_' -benchtime 40x -count 5
//
// vpnsql paces its calls by EC2's request-rate buckets (ratelimit.go: 90
// Describe calls, then 20 a second per region): the point lookups start a
// new account before that; the other benchmarks stay under it at 40
// iterations.

// liveEnv is the organisation's network account (newOrgEnv) in the given
// regions, with a direct SDK client of the same account beside it.
type liveEnv struct {
	*orgEnv
	sdk map[string]*awsec2.Client // by region
}

func newLiveEnv(b *testing.B, regions []string, sim ec2sim.Options) *liveEnv {
	b.Helper()
	e := newOrgEnv(b, sim, ec2.AccountSpec{Name: "network", Profile: "network", Regions: regions})
	// The direct client: the SDK's defaults (standard retryer, no vpnsql
	// middleware) with vpnsql's HTTP client settings.
	cfg := aws.Config{
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDNET", "s1", ""),
		BaseEndpoint: aws.String(e.url),
		HTTPClient:   ec2.NewHTTPClient(),
	}
	le := &liveEnv{orgEnv: e, sdk: map[string]*awsec2.Client{}}
	for _, r := range regions {
		le.sdk[r] = awsec2.NewFromConfig(cfg, func(o *awsec2.Options) { o.Region = r })
	}
	return le
}

// prepared is a statement prepared once in s, executed and read to its end
// by run.
type prepared struct {
	s *Session
	p *Prepared
}

func prepareB(b *testing.B, s *Session, sql string) prepared {
	b.Helper()
	stmts, err := s.Parse(sql)
	if err != nil {
		b.Fatal(err)
	}
	p, err := s.Prepare(context.Background(), stmts[0], nil)
	if err != nil {
		b.Fatal(err)
	}
	return prepared{s, p}
}

// run executes the statement and returns how many rows it gave.
func (p prepared) run(ctx context.Context, params ...any) (int, error) {
	c, err := p.s.Execute(ctx, p.p, params)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	n := 0
	for {
		r, err := c.Next(ctx)
		if err != nil || r == nil {
			return n, err
		}
		n++
	}
}

// timed runs f and returns how long it took.
func timed(b *testing.B, f func() error) time.Duration {
	b.Helper()
	start := time.Now()
	if err := f(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

func p50(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// BenchmarkLive_PointLookup (item 1.5): a point lookup by id, cache off,
// every DescribeVpnConnections delayed 20 ms, against the same call made
// with the SDK directly. p50-ratio is vpnsql's p50 over the SDK's (target
// ≤ 1.05); overhead-us the difference of the medians.
func BenchmarkLive_PointLookup(b *testing.B) {
	benchPointLookup(b, 20*time.Millisecond)
}

// BenchmarkLive_PointLookupNoLatency is the same pair with no injected
// latency: what vpnsql adds to the call, in CPU, where a profile sees it.
func BenchmarkLive_PointLookupNoLatency(b *testing.B) {
	benchPointLookup(b, 0)
}

func benchPointLookup(b *testing.B, latency time.Duration) {
	pp := newPointPair(b, latency)
	// Warm both: connections open, credentials and endpoints resolved.
	timed(b, pp.vpnsql)
	timed(b, pp.direct)
	var vs, ds []time.Duration
	i := 0
	for b.Loop() {
		pp.renew(b)
		if i%2 == 0 {
			vs = append(vs, timed(b, pp.vpnsql))
			ds = append(ds, timed(b, pp.direct))
		} else {
			ds = append(ds, timed(b, pp.direct))
			vs = append(vs, timed(b, pp.vpnsql))
		}
		i++
	}
	b.ReportMetric(millis(p50(vs)), "vpnsql-p50-ms")
	b.ReportMetric(millis(p50(ds)), "sdk-p50-ms")
	b.ReportMetric(float64(p50(vs))/float64(p50(ds)), "p50-ratio")
	b.ReportMetric(float64(p50(vs)-p50(ds))/float64(time.Microsecond), "overhead-us")
}

// BenchmarkLive_PointLookupAllocs splits the pair in two, so that each
// side's allocations and CPU profile are its own (no latency).
func BenchmarkLive_PointLookupAllocs(b *testing.B) {
	b.Run("vpnsql", func(b *testing.B) {
		pp := newPointPair(b, 0)
		b.ReportAllocs()
		for b.Loop() {
			pp.renew(b)
			if err := pp.vpnsql(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk", func(b *testing.B) {
		pp := newPointPair(b, 0)
		b.ReportAllocs()
		for b.Loop() {
			if err := pp.direct(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// pointPair is a prepared point lookup by id in one region and the same
// DescribeVpnConnections made with the SDK directly.
type pointPair struct {
	latency time.Duration
	e       *liveEnv
	id      string
	q       prepared
	calls   int // vpnsql's calls in e
}

const pointRegion = "us-east-1"

func newPointPair(b *testing.B, latency time.Duration) *pointPair {
	pp := &pointPair{latency: latency}
	pp.open(b)
	return pp
}

func (pp *pointPair) open(b *testing.B) {
	e := newLiveEnv(b, []string{pointRegion}, ec2sim.Options{ResponseHold: -1})
	if pp.latency > 0 {
		e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Kind: ec2sim.FaultLatency, Latency: pp.latency})
	}
	out, err := e.sdk[pointRegion].DescribeVpnConnections(context.Background(), &awsec2.DescribeVpnConnectionsInput{})
	if err != nil || len(out.VpnConnections) == 0 {
		b.Fatal(err)
	}
	pp.e, pp.calls = e, 0
	pp.id = aws.ToString(out.VpnConnections[0].VpnConnectionId)
	pp.q = prepareB(b, e.s, `SELECT "vpnConnectionId", state, tags->>'Name' FROM vpn_connections WHERE "vpnConnectionId" = $1`)
}

// renew starts a new account (with the timer stopped) before vpnsql's
// client-side copy of EC2's Describe bucket (90 calls, then 20 a second,
// ratelimit.go) would pace the calls: the benchmark measures a call, not
// the rate EC2 allows.
func (pp *pointPair) renew(b *testing.B) {
	if pp.calls < 80 {
		return
	}
	b.StopTimer()
	pp.open(b)
	if err := pp.vpnsql(); err != nil { // warm, as the first account was
		b.Fatal(err)
	}
	b.StartTimer()
}

func (pp *pointPair) vpnsql() error {
	pp.calls++
	n, err := pp.q.run(context.Background(), pp.id)
	if err == nil && n != 1 {
		return fmt.Errorf("%d rows", n)
	}
	return err
}

func (pp *pointPair) direct() error {
	out, err := pp.e.sdk[pointRegion].DescribeVpnConnections(context.Background(), &awsec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{pp.id}})
	if err == nil && len(out.VpnConnections) != 1 {
		return fmt.Errorf("%d connections", len(out.VpnConnections))
	}
	return err
}

// BenchmarkLive_FanOut16 (item 1.6): a scan of 16 regions, each call
// delayed 100 ms, cache off, against the same scan of one region.
// p50-ratio is the 16 regions' p50 over the one region's (target ≤ 1.3).
// in-flight is the most calls the simulator held at once (16: one round,
// item 4). The same pair made with the SDK directly, 16 goroutines against
// one call, is the control (sdk-p50-ratio): in one process on two shared
// cores, the simulator's and the SDK's work on 16 answers at once is part
// of both ratios.
func BenchmarkLive_FanOut16(b *testing.B) {
	e := newLiveEnv(b, orgRegions, ec2sim.Options{})
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Kind: ec2sim.FaultLatency, Latency: 100 * time.Millisecond})
	ctx := context.Background()
	all := prepareB(b, e.s, `SELECT "vpnConnectionId", state FROM vpn_connections`)
	one := prepareB(b, e.s, `SELECT "vpnConnectionId", state FROM vpn_connections WHERE region = 'eu-west-1'`)
	run := func(p prepared) func() error { return func() error { _, err := p.run(ctx); return err } }
	sdkAll := func() error {
		var wg sync.WaitGroup
		errs := make(chan error, len(orgRegions))
		for _, r := range orgRegions {
			wg.Go(func() {
				if _, err := e.sdk[r].DescribeVpnConnections(ctx, &awsec2.DescribeVpnConnectionsInput{}); err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		return <-errs
	}
	sdkOne := func() error {
		_, err := e.sdk["eu-west-1"].DescribeVpnConnections(ctx, &awsec2.DescribeVpnConnectionsInput{})
		return err
	}
	timed(b, run(all))
	timed(b, sdkAll)
	var alls, ones, sdkAlls, sdkOnes []time.Duration
	inFlight := 0
	i := 0
	for b.Loop() {
		e.sim.ResetRequests()
		if i%2 == 0 {
			alls = append(alls, timed(b, run(all)))
			inFlight = max(inFlight, maxInFlight(e.sim.Requests()))
			ones = append(ones, timed(b, run(one)))
			sdkAlls = append(sdkAlls, timed(b, sdkAll))
			sdkOnes = append(sdkOnes, timed(b, sdkOne))
		} else {
			sdkOnes = append(sdkOnes, timed(b, sdkOne))
			sdkAlls = append(sdkAlls, timed(b, sdkAll))
			ones = append(ones, timed(b, run(one)))
			e.sim.ResetRequests()
			alls = append(alls, timed(b, run(all)))
			inFlight = max(inFlight, maxInFlight(e.sim.Requests()))
		}
		i++
	}
	b.ReportMetric(millis(p50(alls)), "16-regions-p50-ms")
	b.ReportMetric(millis(p50(ones)), "1-region-p50-ms")
	b.ReportMetric(float64(p50(alls))/float64(p50(ones)), "p50-ratio")
	b.ReportMetric(float64(p50(sdkAlls))/float64(p50(sdkOnes)), "sdk-p50-ratio")
	b.ReportMetric(float64(inFlight), "in-flight")
}

// maxInFlight is the most requests of the log the simulator held at once.
func maxInFlight(reqs []ec2sim.Request) int {
	type edge struct {
		at time.Time
		d  int
	}
	var es []edge
	for _, r := range reqs {
		es = append(es, edge{r.Time, 1}, edge{r.Time.Add(r.Latency), -1})
	}
	slices.SortFunc(es, func(a, b edge) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.d - b.d // an end before a start at the same instant
	})
	n, most := 0, 0
	for _, e := range es {
		n += e.d
		most = max(most, n)
	}
	return most
}

// BenchmarkLive_ColdQueries200 (item 1.7): 200 sessions ask the same
// question of a cold read cache at once (three regions, 100 ms a call). The
// cache coalesces them: calls-per-region counts ec2sim's log (target 1),
// slowest-ratio is the slowest answer over one direct SDK call, made
// alone just before (target ≤ 2). The cache is on here, as coalescing
// is the cache's (vpnsql.cache_ttl = 0 never shares across statements);
// it is emptied before each round.
func BenchmarkLive_ColdQueries200(b *testing.B) {
	const sessions = 200
	regions := []string{"us-east-1", "eu-west-1", "ap-southeast-2"}
	e := newLiveEnv(b, regions, ec2sim.Options{})
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Kind: ec2sim.FaultLatency, Latency: 100 * time.Millisecond})
	ctx := context.Background()
	qs := make([]prepared, sessions)
	for i := range qs {
		s, err := e.eng.NewSession(SessionInfo{User: "dash", Database: "aws", PID: int32(1000 + i), Params: map[string]string{"vpnsql.cache_ttl": "1min"}})
		if err != nil {
			b.Fatal(err)
		}
		qs[i] = prepareB(b, s, `SELECT region, state, count(*) FROM vpn_connections GROUP BY 1, 2`)
	}
	clear := prepareB(b, e.s, `SELECT vpnsql.cache_clear()`)
	direct := func() error {
		_, err := e.sdk["eu-west-1"].DescribeVpnConnections(ctx, &awsec2.DescribeVpnConnectionsInput{})
		return err
	}
	timed(b, direct)
	var calls int
	var slowest, median []float64
	var lone []time.Duration
	for b.Loop() {
		if _, err := clear.run(ctx); err != nil {
			b.Fatal(err)
		}
		lone = append(lone, timed(b, direct))
		e.sim.ResetRequests()
		took := make([]time.Duration, sessions)
		var wg sync.WaitGroup
		gate := make(chan struct{})
		errs := make(chan error, sessions)
		for i, q := range qs {
			wg.Go(func() {
				<-gate
				start := time.Now()
				if _, err := q.run(ctx); err != nil {
					errs <- err
				}
				took[i] = time.Since(start)
			})
		}
		close(gate)
		wg.Wait()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		perRegion := map[string]int{}
		for _, r := range e.sim.Requests() {
			if r.Action == "DescribeVpnConnections" {
				perRegion[r.Region]++
			}
		}
		for _, n := range perRegion {
			calls = max(calls, n)
		}
		slices.Sort(took)
		l := lone[len(lone)-1]
		slowest = append(slowest, float64(took[len(took)-1])/float64(l))
		median = append(median, float64(took[len(took)/2])/float64(l))
	}
	slices.Sort(slowest)
	slices.Sort(median)
	b.ReportMetric(float64(calls), "calls-per-region")
	b.ReportMetric(slowest[len(slowest)/2], "slowest-ratio")
	b.ReportMetric(median[len(median)/2], "p50-ratio")
	b.ReportMetric(millis(p50(lone)), "one-call-ms")
}
