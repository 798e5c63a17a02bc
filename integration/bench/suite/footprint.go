package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// footprintPair is pair 9: start-up to ready (from the process's start to
// the first answered SELECT 1, reading the 16-region simulator), RSS at
// idle a second later, the binary's size, and the image's size when a
// local vpnsql image exists.
func footprintPair(cfg *config, e *env, l *live) ([]row, error) {
	var ready, idle []float64
	for round := 1; round <= cfg.rounds; round++ {
		s, d, err := e.serve(l.bin, fmt.Sprintf("serve-start-%d", round), l.sim, "--regions", strings.Join(liveRegions, ","))
		if err != nil {
			return nil, err
		}
		time.Sleep(time.Second)
		rss, err := memKiB(s.cmd.Process.Pid, "VmRSS")
		e.stopProc(s.cmd)
		if err != nil {
			return nil, err
		}
		cfg.sample("footprint round=%d ready_ms=%.1f idle_rss_kib=%d", round, ms(d), rss)
		ready, idle = append(ready, ms(d)), append(idle, float64(rss)/1024)
	}
	st, err := os.Stat(l.bin)
	if err != nil {
		return nil, err
	}
	return []row{
		{pair: "1.9", measure: "start-up to ready (first SELECT 1 answered), 16 regions", vpnsql: fmt.Sprintf("%.0f ms", median(ready)), ref: "—", ratio: "—", target: "reported", holds: "—"},
		{pair: "1.9", measure: "RSS at idle (1 s after ready)", vpnsql: fmt.Sprintf("%.1f MiB", median(idle)), ref: "—", ratio: "—", target: "reported", holds: "—"},
		{pair: "1.9", measure: "binary size (" + l.bin + ")", vpnsql: fmt.Sprintf("%.1f MB", float64(st.Size())/1e6), ref: "—", ratio: "—", target: "reported", holds: "—"},
		{pair: "1.9", measure: "image size", vpnsql: imageSize(cfg.ctx), ref: "—", ratio: "—", target: "reported", holds: "—"},
	}, nil
}

// imageSize reads the size of a local vpnsql image through podman (or
// docker), without building one.
func imageSize(ctx context.Context) string {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	for _, tool := range []string{"podman", "docker"} {
		if _, err := exec.LookPath(tool); err != nil {
			continue
		}
		for _, img := range []string{"localhost/vpnsql:test", "localhost/vpnsql:latest", "vpnsql:latest"} {
			out, err := exec.CommandContext(ctx, tool, "image", "inspect", "--format", "{{.Size}}", img).Output()
			if err != nil {
				continue
			}
			if n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64); err == nil {
				return fmt.Sprintf("%.0f MB (%s)", float64(n)/1e6, img)
			}
		}
	}
	return "not built"
}
