package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"
)

// report is the results as a markdown section ready to paste into
// BENCHMARKS.md: how it was run, on what, then one table row per figure.
func report(cfg *config, rows []row) (string, error) {
	ctx := cfg.ctx
	var b strings.Builder
	mode := ""
	if cfg.smoke {
		mode = " (smoke: one tiny round, not a measurement)"
	}
	fmt.Fprintf(&b, "## make bench: issue 20's pairs, %s%s\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), mode)
	fmt.Fprintf(&b, "```\ngo run ./integration/bench/suite %s\n```\n\n", strings.Join(os.Args[1:], " "))
	fmt.Fprintf(&b, "- machine: %s, %d cores, %s memory, Linux %s; load average %s at the start, %s at the end\n",
		lscpuModel(ctx), runtime.NumCPU(), memTotal(), kernel(), cfg.loadStart, loadAvg())
	fmt.Fprintf(&b, "- commit: %s; %s; %s\n", commit(ctx), runtime.Version(), firstLine(ctx, pgBin+"/postgres", "--version"))
	for _, bin := range cfg.bins {
		fmt.Fprintf(&b, "- %s: %s (%s)\n", bin.name, bin.path, firstLine(ctx, bin.path, "version"))
	}
	atLeast := ""
	if !cfg.smoke {
		atLeast = " (pairs 4 and 10: at least 5)"
	}
	fmt.Fprintf(&b, "- %d interleaved rounds%s, medians; ratios are the median of each round's ratio, range in brackets; pgbench %d s a run, 8 clients, `-j 2`; took %s\n\n",
		cfg.rounds, atLeast, cfg.secs, time.Since(cfg.start).Round(time.Second))
	b.WriteString("| pair | measure | vpnsql | compared with | ratio | target | holds |\n|---|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", r.pair, cell(r.measure), cell(r.vpnsql), cell(r.ref), r.ratio, r.target, r.holds)
	}
	return b.String(), nil
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func lscpuModel(ctx context.Context) string {
	out, err := runCmd(ctx, "lscpu")
	if err == nil {
		for _, l := range strings.Split(out, "\n") {
			if v, ok := strings.CutPrefix(l, "Model name:"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return "unknown CPU"
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "?"
	}
	var kb int64
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
		}
	}
	return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
}

func kernel() string {
	b, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	return strings.TrimSpace(string(b))
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func commit(ctx context.Context) string {
	c := firstLine(ctx, "git", "rev-parse", "--short", "HEAD")
	if out, err := runCmd(ctx, "git", "status", "--porcelain", "--untracked-files=no"); err == nil && strings.TrimSpace(out) != "" {
		c += " (with uncommitted changes)"
	}
	return c
}

func firstLine(ctx context.Context, bin string, args ...string) string {
	out, err := runCmd(ctx, bin, args...)
	if err != nil {
		return "?"
	}
	l, _, _ := strings.Cut(strings.TrimSpace(out), "\n")
	return l
}
