package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

const fullScan = `SELECT * FROM ec2.vpn_connections`

// scanPair is pair 4: every column of the generated connections (each
// with its customerGatewayConfiguration document, a few KB), cached,
// through psql (simple protocol, text; the time includes psql's start and
// connection, the same on both sides) and through pgx (extended protocol,
// binary where pgx has it; the query alone on an open connection), against
// PostgreSQL holding the same rows. The servers' peak RSS (VmHWM) is
// taken over these scans alone (reset with /proc/PID/clear_refs first),
// and since the start (which includes filling the cache).
func scanPair(cfg *config, e *env, c *cached) ([]row, error) {
	ctx := cfg.ctx
	rounds := cfg.rounds
	if !cfg.smoke && rounds < 5 {
		rounds = 5
	}
	targets := []target{{name: "postgresql-15", url: c.pg.url("big")}}
	for j, s := range c.big {
		targets = append(targets, target{name: cfg.bins[j].name, url: s.url(cacheTTL)})
	}
	type mem struct{ startPeak, before int64 }
	mems := make([]mem, len(c.big))
	for j, s := range c.big {
		var err error
		if mems[j].startPeak, err = memKiB(s.cmd.Process.Pid, "VmHWM"); err != nil {
			return nil, err
		}
		if mems[j].before, err = memKiB(s.cmd.Process.Pid, "VmRSS"); err != nil {
			return nil, err
		}
		if err := resetPeak(s.cmd.Process.Pid); err != nil {
			return nil, err
		}
	}
	clients := []struct {
		name string
		scan func(ctx context.Context, url string) (time.Duration, int, error)
	}{{"psql", psqlScan}, {"pgx binary", pgxScan}}
	// times[client][target]
	times := make([][][]float64, len(clients))
	for k := range clients {
		times[k] = make([][]float64, len(targets))
	}
	for round := 1; round <= rounds; round++ {
		for k, cl := range clients {
			for _, j := range order(len(targets), round) {
				d, n, err := cl.scan(ctx, targets[j].url)
				if err != nil {
					return nil, fmt.Errorf("%s on %s: %w", cl.name, targets[j].name, err)
				}
				if n != cfg.rows {
					return nil, fmt.Errorf("%s on %s: %d rows, want %d", cl.name, targets[j].name, n, cfg.rows)
				}
				cfg.sample("scan round=%d client=%q target=%s ms=%.1f", round, cl.name, targets[j].name, ms(d))
				times[k][j] = append(times[k][j], ms(d))
			}
		}
	}
	var rows []row
	for k, cl := range clients {
		for j := 1; j < len(targets); j++ {
			var ratios []float64
			for r := range times[k][j] {
				ratios = append(ratios, times[k][j][r]/times[k][0][r])
			}
			m := median(ratios)
			name := ""
			if len(cfg.bins) > 1 {
				name = targets[j].name + ": "
			}
			rows = append(rows, row{pair: "1.4", measure: fmt.Sprintf("full scan of %d connections with their documents, %s (time)", cfg.rows, cl.name),
				vpnsql: fmt.Sprintf("%s%.0f ms", name, median(times[k][j])),
				ref:    fmt.Sprintf("PostgreSQL 15: %.0f ms", median(times[k][0])),
				ratio:  fmt.Sprintf("%.2f%s%s", m, spread(ratios), againstFirst(cfg, times[k], j, true)), target: "≤ 1.25", holds: verdict(cfg, m <= 1.25)})
		}
	}
	for j, s := range c.big {
		peak, err := memKiB(s.cmd.Process.Pid, "VmHWM")
		if err != nil {
			return nil, err
		}
		rows = append(rows, row{pair: "1.4", measure: "server peak RSS (VmHWM) during the scans; RSS before them; peak since start (cache fill)",
			vpnsql: fmt.Sprintf("%s%.0f MiB; %.0f MiB; %.0f MiB", prefix(cfg, j), float64(peak)/1024, float64(mems[j].before)/1024, float64(mems[j].startPeak)/1024),
			ref:    "—", ratio: "—", target: "reported", holds: "—"})
	}
	return rows, nil
}

func prefix(cfg *config, j int) string {
	if len(cfg.bins) > 1 {
		return cfg.bins[j].name + ": "
	}
	return ""
}

func psqlScan(ctx context.Context, url string) (time.Duration, int, error) {
	start := time.Now()
	out, err := runCmd(ctx, "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-o", "/dev/null", "-c", fullScan, "-c", `\echo :ROW_COUNT`, url)
	d := time.Since(start)
	if err != nil {
		return 0, 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(out))
	return d, n, err
}

func pgxScan(ctx context.Context, url string) (time.Duration, int, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return 0, 0, err
	}
	defer conn.Close(ctx)
	// Prepared once, as a pool's statement cache would hold it.
	if _, err := conn.Prepare(ctx, "scan", fullScan); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	rows, err := conn.Query(ctx, "scan")
	if err != nil {
		return 0, 0, err
	}
	n := 0
	for rows.Next() {
		n++
	}
	d := time.Since(start)
	return d, n, rows.Err()
}
