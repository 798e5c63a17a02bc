// Command suite is `make bench`: the pairs of issue 20, item 1, each
// measured side by side in one run, interleaved, as the median of its
// rounds, written as markdown.
//
//	go run ./integration/bench/suite -vpnsql bin/vpnsql [-smoke] [-rounds 3] [-secs 10] [-pairs 1,2,...]
//	go run ./integration/bench/suite -vpnsql before=A -vpnsql after=B -pairs 1,2,3,4
//
// Everything runs on loopback: `vpnsql sim` processes (the cached data
// set, and a 16-region one for the live pairs), `vpnsql serve` pointed at
// them with static keys, and a throwaway PostgreSQL 15 cluster loaded with
// exactly the rows vpnsql returns. Pairs 1–3 and the 10,000-row extras are
// pgbench runs (8 clients, 2 threads); the others are measured here, with
// pgx, aws-sdk-go-v2, psql and the simulator's request log. With several
// -vpnsql binaries (integration/bench/compare.sh), pairs 1–4 run each
// binary's server in every round, in turn; the other pairs use the last.
//
// Smoke mode runs every pair once, tiny, and asserts only that each can
// run: no server error, the right row counts, the calls counted. It never
// judges speed.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// config is the run's shape, from the flags.
type config struct {
	bins      []binary
	smoke     bool
	rounds    int          // rounds of every interleaved pair
	secs      int          // seconds of each pgbench run
	rows      int          // connections of the 10,000-row data set
	pairs     map[int]bool // which pairs run
	out       string       // the markdown file
	raw       *os.File     // every sample, one line each
	ctx       context.Context
	start     time.Time
	loadStart string
}

type binary struct{ name, path string }

// row is one line of the results table.
type row struct {
	pair    string
	measure string
	vpnsql  string
	ref     string // what vpnsql is compared with, and its figure
	ratio   string
	target  string
	holds   string // yes, no, or — where the issue sets no target
}

type binsFlag []binary

func (b *binsFlag) String() string { return fmt.Sprint(*b) }
func (b *binsFlag) Set(v string) error {
	name, path, ok := strings.Cut(v, "=")
	if !ok {
		name, path = "vpnsql", v
	}
	*b = append(*b, binary{name, path})
	return nil
}

func main() {
	var bins binsFlag
	flag.Var(&bins, "vpnsql", "the vpnsql binary, or NAME=PATH (repeatable: side by side in pairs 1–4)")
	smoke := flag.Bool("smoke", false, "every pair once, tiny: checks that the suite runs, measures nothing")
	rounds := flag.Int("rounds", 3, "interleaved rounds per pair (medians over them)")
	secs := flag.Int("secs", 10, "seconds per pgbench run")
	rows := flag.Int("rows", 10000, "connections of the full-scan data set")
	pairs := flag.String("pairs", "1,2,3,4,5,6,7,8,9,10,x", "pairs to run (x: the 10,000-row pgbench extras)")
	out := flag.String("out", "", "the markdown file (default: bench-results.md in a new temporary directory)")
	keep := flag.Bool("keep", false, "keep the temporary directory (logs, scripts)")
	flag.Parse()
	if len(bins) == 0 {
		fmt.Fprintln(os.Stderr, "usage: suite -vpnsql BINARY [flags]")
		os.Exit(2)
	}
	cfg := &config{bins: bins, smoke: *smoke, rounds: *rounds, secs: *secs, rows: *rows, out: *out, pairs: map[int]bool{}, start: time.Now(), loadStart: loadAvg()}
	explicit := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { explicit[f.Name] = true })
	if cfg.smoke {
		cfg.rounds, cfg.secs, cfg.rows = 1, 1, 100
		if !explicit["pairs"] {
			*pairs = "1,2,3,4,5,6,7,8,9,10" // the extras are not pairs
		}
	}
	for _, p := range strings.Split(*pairs, ",") {
		if p == "x" {
			cfg.pairs[0] = true
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 1 || n > 10 {
			fmt.Fprintf(os.Stderr, "bad pair %q\n", p)
			os.Exit(2)
		}
		cfg.pairs[n] = true
	}
	e, err := newEnv(*keep)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// A signal ends everything the suite started before exiting.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-sig
		fmt.Fprintln(os.Stderr, "interrupted: stopping")
		cancel()
		e.close()
		os.Exit(1)
	}()
	cfg.ctx = ctx
	err = run(cfg, e)
	e.close()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(cfg *config, e *env) error {
	if cfg.out == "" {
		dir, err := os.MkdirTemp("", "vpnsql-bench-results-")
		if err != nil {
			return err
		}
		cfg.out = dir + "/bench-results.md"
	}
	raw, err := os.Create(strings.TrimSuffix(cfg.out, ".md") + "-raw.txt")
	if err != nil {
		return err
	}
	defer raw.Close()
	cfg.raw = raw

	var results []row
	add := func(rs []row, err error) error {
		results = append(results, rs...)
		for _, r := range rs {
			fmt.Printf("%-4s %-62s %s | %s | ratio %s | target %s | %s\n", r.pair, r.measure, r.vpnsql, r.ref, r.ratio, r.target, r.holds)
		}
		return err
	}
	needCached := cfg.pairs[1] || cfg.pairs[2] || cfg.pairs[3] || cfg.pairs[4] || cfg.pairs[0]
	if needCached {
		c, err := setupCached(cfg, e)
		if err != nil {
			return fmt.Errorf("set-up of the cached pairs: %w", err)
		}
		if err := add(pgbenchPairs(cfg, e, c)); err != nil {
			return err
		}
		if cfg.pairs[4] {
			if err := add(scanPair(cfg, e, c)); err != nil {
				return fmt.Errorf("pair 4: %w", err)
			}
		}
		c.stop(e)
	}
	if slices.ContainsFunc([]int{5, 6, 7, 8, 9, 10}, func(p int) bool { return cfg.pairs[p] }) {
		l, err := setupLive(cfg, e)
		if err != nil {
			return fmt.Errorf("set-up of the live pairs: %w", err)
		}
		steps := []struct {
			n int
			f func(*config, *env, *live) ([]row, error)
		}{{5, livePointPair}, {6, fanOutPair}, {7, coldCrowdPair}, {8, callsPair}, {10, cancelPair}, {9, footprintPair}}
		for _, s := range steps {
			if !cfg.pairs[s.n] {
				continue
			}
			if err := add(s.f(cfg, e, l)); err != nil {
				return fmt.Errorf("pair %d: %w", s.n, err)
			}
		}
	}
	slices.SortStableFunc(results, func(a, b row) int { return pairKey(a.pair) - pairKey(b.pair) })
	md, err := report(cfg, results)
	if err != nil {
		return err
	}
	if err := os.WriteFile(cfg.out, []byte(md), 0o644); err != nil {
		return err
	}
	fmt.Printf("\n%s\nresults: %s (raw samples: %s), %s\n", md, cfg.out, raw.Name(), time.Since(cfg.start).Round(time.Second))
	return nil
}

// sample records one measurement in the raw file.
func (cfg *config) sample(format string, args ...any) {
	fmt.Fprintf(cfg.raw, format+"\n", args...)
}

// order returns the indexes 0..n-1, reversed in even rounds, so that the
// machine's load falls on every side alike.
func order(n, round int) []int {
	o := make([]int, n)
	for i := range o {
		o[i] = i
	}
	if round%2 == 0 {
		slices.Reverse(o)
	}
	return o
}

// pairKey orders the rows: 1.1 … 1.10, then the extras.
func pairKey(p string) int {
	n, err := strconv.Atoi(strings.TrimPrefix(p, "1."))
	if err != nil {
		return 100
	}
	return n
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// verdict says whether a ratio holds against an upper or lower bound.
func verdict(cfg *config, ok bool) string {
	switch {
	case cfg.smoke:
		return "(smoke)"
	case ok:
		return "yes"
	}
	return "no"
}

func spread(xs []float64) string {
	if len(xs) < 2 {
		return ""
	}
	return fmt.Sprintf(" (%.2f–%.2f)", slices.Min(xs), slices.Max(xs))
}
