package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/jackc/pgx/v5"
	"golang.org/x/sync/errgroup"
)

// The live pairs' set-up: a simulator with 10 generated connections in
// each of 16 regions, a server reading us-east-1 alone (the point lookup,
// cancel) and one reading all 16 (fan-out, the crowd, call counts). Their
// sessions read with the cache off, but for pair 7's cold crowd.
type live struct {
	sim      *sim
	one, all *server
	sdk      *awsec2.Client
	id       string // a connection in us-east-1
	bin      string
}

var liveRegions = []string{"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1"}

const perRegion = 10

func setupLive(cfg *config, e *env) (*live, error) {
	l := &live{bin: cfg.bins[len(cfg.bins)-1].path}
	var err error
	if l.sim, err = e.startSim(l.bin, "sim-live", "--demo-data=false", "--seed-per-region", fmt.Sprint(perRegion),
		"--seed-regions", strings.Join(liveRegions, ",")); err != nil {
		return nil, err
	}
	if l.one, _, err = e.serve(l.bin, "serve-live-1", l.sim, "--regions", "us-east-1"); err != nil {
		return nil, err
	}
	if l.all, _, err = e.serve(l.bin, "serve-live-16", l.sim, "--regions", strings.Join(liveRegions, ","), "--max-connections", "400"); err != nil {
		return nil, err
	}
	l.sdk = awsec2.NewFromConfig(aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDBENCH", "secret", ""),
		BaseEndpoint: aws.String(l.sim.url),
	})
	out, err := l.sdk.DescribeVpnConnections(cfg.ctx, &awsec2.DescribeVpnConnectionsInput{})
	if err != nil {
		return nil, err
	}
	if len(out.VpnConnections) != perRegion {
		return nil, fmt.Errorf("the simulator holds %d connections in us-east-1, want %d", len(out.VpnConnections), perRegion)
	}
	l.id = aws.ToString(out.VpnConnections[0].VpnConnectionId)
	return l, nil
}

// sdkCall is one direct DescribeVpnConnections, as a program would make it.
func (l *live) sdkCall(ctx context.Context, ids ...string) (time.Duration, int, error) {
	start := time.Now()
	out, err := l.sdk.DescribeVpnConnections(ctx, &awsec2.DescribeVpnConnectionsInput{VpnConnectionIds: ids})
	if err != nil {
		return 0, 0, err
	}
	return time.Since(start), len(out.VpnConnections), nil
}

// timedQuery runs a prepared query and counts its rows.
func timedQuery(ctx context.Context, conn *pgx.Conn, sql string, args ...any) (time.Duration, int, error) {
	start := time.Now()
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		return 0, 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	rows.Close()
	return time.Since(start), n, rows.Err()
}

// countQuery runs a count(*) query and returns the count.
func countQuery(ctx context.Context, conn *pgx.Conn, sql string) (time.Duration, int, error) {
	start := time.Now()
	var n int
	err := conn.QueryRow(ctx, sql).Scan(&n)
	return time.Since(start), n, err
}

// livePointPair is pair 5: a point lookup by id with the cache off and 20 ms
// on every DescribeVpnConnections, against the same call made with the SDK
// directly, one after the other (the first alternating), p50 of each round.
func livePointPair(cfg *config, e *env, l *live) ([]row, error) {
	ctx := cfg.ctx
	if err := l.sim.setFaults(fault{Action: "DescribeVpnConnections", Kind: "latency", Latency: "20ms"}); err != nil {
		return nil, err
	}
	defer l.sim.setFaults()
	conn, err := pgx.Connect(ctx, l.one.url("0"))
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	const q = `SELECT "vpnConnectionId", state FROM ec2.vpn_connections WHERE "vpnConnectionId" = $1`
	n := 30
	if cfg.smoke {
		n = 3
	}
	// Connections opened and the statement prepared before timing.
	for range 2 {
		if _, _, err := timedQuery(ctx, conn, q, l.id); err != nil {
			return nil, err
		}
		if _, _, err := l.sdkCall(ctx, l.id); err != nil {
			return nil, err
		}
	}
	var ratios, vp50, sp50 []float64
	for round := 1; round <= cfg.rounds; round++ {
		var v, s []float64
		for i := range n {
			for _, side := range order(2, round+i) {
				var d time.Duration
				var rows int
				if side == 0 {
					d, rows, err = timedQuery(ctx, conn, q, l.id)
				} else {
					d, rows, err = l.sdkCall(ctx, l.id)
				}
				if err != nil {
					return nil, err
				}
				if rows != 1 {
					return nil, fmt.Errorf("point lookup returned %d rows (side %d)", rows, side)
				}
				if side == 0 {
					v = append(v, ms(d))
				} else {
					s = append(s, ms(d))
				}
			}
		}
		cfg.sample("livepoint round=%d vpnsql_ms=%v sdk_ms=%v", round, v, s)
		vp50, sp50 = append(vp50, median(v)), append(sp50, median(s))
		ratios = append(ratios, median(v)/median(s))
	}
	m := median(ratios)
	return []row{{pair: "1.5", measure: "live point lookup, cache off, 20 ms API latency (p50)",
		vpnsql: fmt.Sprintf("%.1f ms", median(vp50)), ref: fmt.Sprintf("aws-sdk-go-v2 DescribeVpnConnections: %.1f ms", median(sp50)),
		ratio: fmt.Sprintf("%.3f%s", m, spread(ratios)), target: "≤ 1.05", holds: verdict(cfg, m <= 1.05)}}, nil
}

// sdkFanOut is what a program does to read the 16 regions with the SDK
// directly: one DescribeVpnConnections per region, all at once. It
// returns the time until the last answer is decoded and the connections.
func (l *live) sdkFanOut(ctx context.Context, regions []string) (time.Duration, int, error) {
	start := time.Now()
	counts := make([]int, len(regions))
	var g errgroup.Group
	for i, r := range regions {
		g.Go(func() error {
			out, err := l.sdk.DescribeVpnConnections(ctx, &awsec2.DescribeVpnConnectionsInput{},
				func(o *awsec2.Options) { o.Region = r })
			if err == nil {
				counts[i] = len(out.VpnConnections)
			}
			return err
		})
	}
	err := g.Wait()
	return time.Since(start), sum(counts), err
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// fanOutPair is pair 6: a count over 16 regions against the same count
// over one (region = 'us-east-1'), 100 ms on every call, cache off. The
// same two reads made with the SDK directly, interleaved with them, are
// the reference: the part of the ratio that is the SDK's own work.
func fanOutPair(cfg *config, e *env, l *live) ([]row, error) {
	ctx := cfg.ctx
	if err := l.sim.setFaults(fault{Action: "DescribeVpnConnections", Kind: "latency", Latency: "100ms"}); err != nil {
		return nil, err
	}
	defer l.sim.setFaults()
	conn, err := pgx.Connect(ctx, l.all.url("0"))
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	queries := []struct {
		sql  string
		want int
	}{
		{`SELECT count(*) FROM ec2.vpn_connections WHERE region = 'us-east-1'`, perRegion},
		{`SELECT count(*) FROM ec2.vpn_connections`, perRegion * len(liveRegions)},
	}
	n := 10
	if cfg.smoke {
		n = 1
	}
	for _, q := range queries { // prepared before timing
		if _, _, err := countQuery(ctx, conn, q.sql); err != nil {
			return nil, err
		}
	}
	// Each read: vpnsql one region, vpnsql all, the SDK one region, the SDK all.
	reads := []func() (time.Duration, int, error){
		func() (time.Duration, int, error) { return countQuery(ctx, conn, queries[0].sql) },
		func() (time.Duration, int, error) { return countQuery(ctx, conn, queries[1].sql) },
		func() (time.Duration, int, error) { return l.sdkFanOut(ctx, []string{"us-east-1"}) },
		func() (time.Duration, int, error) { return l.sdkFanOut(ctx, liveRegions) },
	}
	for _, read := range reads[2:] { // the SDK's connections opened before timing
		if _, _, err := read(); err != nil {
			return nil, err
		}
	}
	var ratios, one, all, sdkRatios, sdkOne, sdkAll []float64
	for round := 1; round <= cfg.rounds; round++ {
		var t [4][]float64
		for i := range n {
			for _, k := range order(len(reads), round+i) {
				d, got, err := reads[k]()
				if err != nil {
					return nil, err
				}
				if want := queries[k%2].want; got != want {
					return nil, fmt.Errorf("fan-out read %d: %d connections, want %d", k, got, want)
				}
				t[k] = append(t[k], ms(d))
			}
		}
		cfg.sample("fanout round=%d one_ms=%v all_ms=%v sdk_one_ms=%v sdk_all_ms=%v", round, t[0], t[1], t[2], t[3])
		one, all = append(one, median(t[0])), append(all, median(t[1]))
		ratios = append(ratios, median(t[1])/median(t[0]))
		sdkOne, sdkAll = append(sdkOne, median(t[2])), append(sdkAll, median(t[3]))
		sdkRatios = append(sdkRatios, median(t[3])/median(t[2]))
	}
	m := median(ratios)
	// Item 4: whether the 16 calls ran in one round, from the request log.
	if err := l.sim.resetRequests(); err != nil {
		return nil, err
	}
	if _, _, err := countQuery(ctx, conn, queries[1].sql); err != nil {
		return nil, err
	}
	reqs, err := l.sim.requests()
	if err != nil {
		return nil, err
	}
	inFlight, arrivals, span := concurrency(reqs, dvc)
	if inFlight == 0 {
		return nil, fmt.Errorf("the simulator logged no DescribeVpnConnections for the fan-out")
	}
	return []row{{pair: "1.6", measure: "fan-out over 16 regions, 100 ms each, cache off (p50)",
		vpnsql: fmt.Sprintf("%.0f ms", median(all)), ref: fmt.Sprintf("one region: %.0f ms", median(one)),
		ratio: fmt.Sprintf("%.2f%s", m, spread(ratios)), target: "≤ 1.3", holds: verdict(cfg, m <= 1.3)},
		{pair: "1.6", measure: "the same 16 calls made with aws-sdk-go-v2 directly, all at once (p50): the SDK's own share",
			vpnsql: fmt.Sprintf("%.0f ms", median(sdkAll)), ref: fmt.Sprintf("one region: %.0f ms", median(sdkOne)),
			ratio: fmt.Sprintf("%.2f%s", median(sdkRatios), spread(sdkRatios)), target: "reference", holds: "—"},
		{pair: "1.6", measure: "the same, one query (request log): calls in flight at once; first to last arrival; first arrival to last answer",
			vpnsql: fmt.Sprintf("%d; %.0f ms; %.0f ms", inFlight, arrivals, span), ref: fmt.Sprintf("one round: %d", len(liveRegions)),
			ratio: "—", target: "= 16 (item 4)", holds: verdict(cfg, inFlight == len(liveRegions))}}, nil
}

// concurrency is the most calls of one action the simulator held at once,
// the time from the first call's arrival to the last's, and from the first
// arrival to the last response's end.
func concurrency(reqs []simRequest, action string) (most int, arrivalsMs, spanMs float64) {
	type edge struct {
		at    time.Time
		delta int
	}
	var edges []edge
	var first, last, lastEnd time.Time
	for _, r := range reqs {
		if r.Action != action {
			continue
		}
		if first.IsZero() || r.Time.Before(first) {
			first = r.Time
		}
		if r.Time.After(last) {
			last = r.Time
		}
		end := r.Time.Add(time.Duration(r.LatencyMs * float64(time.Millisecond)))
		if end.After(lastEnd) {
			lastEnd = end
		}
		edges = append(edges, edge{r.Time, 1}, edge{end, -1})
	}
	slices.SortFunc(edges, func(a, b edge) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return a.delta - b.delta // an end before a start at the same instant
	})
	n := 0
	for _, e := range edges {
		n += e.delta
		most = max(most, n)
	}
	return most, ms(last.Sub(first)), ms(lastEnd.Sub(first))
}

// describeCounts counts the EC2 calls in the simulator's log by action
// (STS is left out), and per region for one action.
func describeCounts(reqs []simRequest, action string) (byAction map[string]int, byRegion map[string]int) {
	byAction, byRegion = map[string]int{}, map[string]int{}
	for _, r := range reqs {
		if r.Service == "sts" {
			continue
		}
		byAction[r.Action]++
		if r.Action == action {
			byRegion[r.Region]++
		}
	}
	return byAction, byRegion
}

func sortedKeys(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
