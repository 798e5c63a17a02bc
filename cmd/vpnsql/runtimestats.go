package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"syscall"
)

// logRuntimeOnSignal writes one log line of the process's runtime figures
// each time the process receives SIGUSR1, after a garbage collection, so
// the heap figure is what is live: goroutines, heap in use, memory taken
// from the OS, GC cycles. It is the way the soak and fuzz tests (and an
// operator) see leaks until the admin listener's metrics exist, in the
// spirit of PostgreSQL's pg_log_backend_memory_contexts, which also
// answers in the server log.
func logRuntimeOnSignal(ctx context.Context, logger *slog.Logger) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	go func() {
		defer signal.Stop(ch)
		for {
			select {
			case <-ctx.Done():
				return
			case <-ch:
				runtime.GC()
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				logger.Info("runtime stats", "goroutines", runtime.NumGoroutine(),
					"heap_alloc_bytes", m.HeapAlloc, "heap_sys_bytes", m.HeapSys,
					"sys_bytes", m.Sys, "num_gc", m.NumGC)
			}
		}
	}()
}
