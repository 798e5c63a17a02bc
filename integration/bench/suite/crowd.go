package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

const crowdSessions = 200

// coldCrowdPair is pair 7: 200 sessions send the same 16-region count at
// once to a cold cache (vpnsql.cache_ttl = 1s, and each round starts
// after the last round's entries have expired), 100 ms on every call.
// The simulator's log must show one DescribeVpnConnections per region,
// and the slowest answer is compared with one call's latency: the p50 of
// a direct SDK call under the same fault.
func coldCrowdPair(cfg *config, e *env, l *live) ([]row, error) {
	ctx := cfg.ctx
	if err := l.sim.setFaults(fault{Action: "DescribeVpnConnections", Kind: "latency", Latency: "100ms"}); err != nil {
		return nil, err
	}
	defer l.sim.setFaults()
	conns := make([]*pgx.Conn, crowdSessions)
	defer func() {
		for _, c := range conns {
			if c != nil {
				c.Close(context.Background())
			}
		}
	}()
	const q = `SELECT count(*) FROM ec2.vpn_connections`
	for i := range conns {
		c, err := pgx.Connect(ctx, l.all.url("1s"))
		if err != nil {
			return nil, fmt.Errorf("session %d: %w", i, err)
		}
		conns[i] = c
		if _, err := c.Prepare(ctx, "crowd", q); err != nil {
			return nil, err
		}
	}
	want := perRegion * len(liveRegions)
	var worst, p50s, calls []float64
	var oneCall []float64
	holds := true
	callsNote := ""
	for round := 1; round <= cfg.rounds; round++ {
		var sdk []float64
		for range 5 {
			d, _, err := l.sdkCall(ctx)
			if err != nil {
				return nil, err
			}
			sdk = append(sdk, ms(d))
		}
		oneCall = append(oneCall, median(sdk))
		time.Sleep(1500 * time.Millisecond) // the last round's entries expire
		if err := l.sim.resetRequests(); err != nil {
			return nil, err
		}
		took := make([]float64, crowdSessions)
		errs := make([]error, crowdSessions)
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for i, c := range conns {
			wg.Go(func() {
				<-gate
				start := time.Now()
				var n int
				err := c.QueryRow(ctx, "crowd").Scan(&n)
				took[i] = ms(time.Since(start))
				if err == nil && n != want {
					err = fmt.Errorf("count %d, want %d", n, want)
				}
				errs[i] = err
			})
		}
		close(gate)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				return nil, fmt.Errorf("session %d: %w", i, err)
			}
		}
		reqs, err := l.sim.requests()
		if err != nil {
			return nil, err
		}
		byAction, byRegion := describeCounts(reqs, "DescribeVpnConnections")
		n := byAction["DescribeVpnConnections"]
		if n == 0 {
			return nil, fmt.Errorf("the simulator logged no DescribeVpnConnections for %d cold queries", crowdSessions)
		}
		if n != len(liveRegions) || len(byRegion) != len(liveRegions) {
			holds = false
			var per []string
			for _, r := range sortedKeys(byRegion) {
				per = append(per, fmt.Sprintf("%s %d", r, byRegion[r]))
			}
			callsNote = "; round " + fmt.Sprint(round) + ": " + strings.Join(per, ", ")
		}
		calls = append(calls, float64(n))
		worst = append(worst, slices.Max(took))
		p50s = append(p50s, median(took))
		cfg.sample("crowd round=%d calls=%d one_call_ms=%.1f p50_ms=%.1f max_ms=%.1f", round, n, median(sdk), median(took), slices.Max(took))
	}
	var ratios []float64
	for r := range worst {
		ratios = append(ratios, worst[r]/oneCall[r])
	}
	m := median(ratios)
	return []row{
		{pair: "1.7", measure: fmt.Sprintf("%d concurrent identical cold queries, 16 regions: DescribeVpnConnections calls", crowdSessions),
			vpnsql: fmt.Sprintf("%.0f (median of rounds)%s", median(calls), callsNote), ref: fmt.Sprintf("one per region: %d", len(liveRegions)),
			ratio: "—", target: "= 16", holds: verdict(cfg, holds)},
		{pair: "1.7", measure: "the same: slowest answer (p50 beside it) / one call's latency",
			vpnsql: fmt.Sprintf("%.0f ms (p50 %.0f ms)", median(worst), median(p50s)), ref: fmt.Sprintf("one SDK call at 100 ms: %.0f ms", median(oneCall)),
			ratio: fmt.Sprintf("%.2f%s", m, spread(ratios)), target: "≤ 2.0", holds: verdict(cfg, m <= 2.0)},
	}, nil
}
