package executor

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU starts counting the process's CPU time (user and system,
// every goroutine and the collector); the function it returns reports it
// per operation as cpu-ns/op: on a machine shared with other work, wall
// time per op measures the load as much as the code, CPU time much less.
//
//	b.ResetTimer()
//	defer reportCPU(b)()
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
