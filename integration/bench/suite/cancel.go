package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// cancelPair is pair 10: a statement waits on a DescribeVpnConnections
// the simulator holds (a hang fault); a CancelRequest is sent, and the
// time is taken to the 57014 error the client reads and to the end of the
// HTTP request in the simulator's log (its arrival plus its duration:
// when vpnsql aborted it).
func cancelPair(cfg *config, e *env, l *live) ([]row, error) {
	ctx := cfg.ctx
	if err := l.sim.setFaults(fault{Action: "DescribeVpnConnections", Kind: "hang"}); err != nil {
		return nil, err
	}
	defer l.sim.setFaults()
	rounds := cfg.rounds
	if !cfg.smoke && rounds < 5 {
		rounds = 5
	}
	var toError, toAbort []float64
	for round := 1; round <= rounds; round++ {
		if err := l.sim.resetRequests(); err != nil {
			return nil, err
		}
		conn, err := pgx.Connect(ctx, l.one.url("0"))
		if err != nil {
			return nil, err
		}
		done := make(chan error, 1)
		go func() {
			_, err := conn.Exec(ctx, `SELECT count(*) FROM ec2.vpn_connections`)
			done <- err
		}()
		time.Sleep(300 * time.Millisecond) // the call is held by now
		sent := time.Now()
		if err := conn.PgConn().CancelRequest(ctx); err != nil {
			conn.Close(ctx)
			return nil, err
		}
		var qerr error
		select {
		case qerr = <-done:
		case <-time.After(30 * time.Second):
			conn.Close(ctx)
			return nil, fmt.Errorf("no answer 30 s after the CancelRequest")
		}
		errAt := time.Since(sent)
		conn.Close(ctx)
		var pe *pgconn.PgError
		if !errors.As(qerr, &pe) || pe.Code != "57014" {
			return nil, fmt.Errorf("cancelled statement: %v, want SQLSTATE 57014", qerr)
		}
		var abort time.Duration
		for deadline := time.Now().Add(10 * time.Second); ; {
			reqs, err := l.sim.requests()
			if err != nil {
				return nil, err
			}
			found := false
			for _, r := range reqs {
				if r.Action == dvc && r.Fault == "hang" {
					end := r.Time.Add(time.Duration(r.LatencyMs * float64(time.Millisecond)))
					abort, found = end.Sub(sent), true
				}
			}
			if found {
				break
			}
			if time.Now().After(deadline) {
				return nil, fmt.Errorf("the simulator logged no aborted DescribeVpnConnections")
			}
			time.Sleep(20 * time.Millisecond)
		}
		cfg.sample("cancel round=%d to_error_ms=%.2f to_abort_ms=%.2f", round, ms(errAt), ms(abort))
		toError, toAbort = append(toError, ms(errAt)), append(toAbort, ms(abort))
	}
	return []row{
		{pair: "1.10", measure: "cancel during a held API call: CancelRequest to the 57014 error (p50)", vpnsql: fmt.Sprintf("%.1f ms", median(toError)), ref: "—", ratio: "—", target: "reported", holds: "—"},
		{pair: "1.10", measure: "CancelRequest to the HTTP request aborted in the simulator (p50)", vpnsql: fmt.Sprintf("%.1f ms", median(toAbort)), ref: "—", ratio: "—", target: "reported", holds: "—"},
	}, nil
}
