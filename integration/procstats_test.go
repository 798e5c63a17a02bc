package integration

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// serverMemoryLimit bounds the address space of the servers the fuzz and
// soak tests start (prlimit --as), so a statement that allocates without
// bound kills only that server, with Go's "out of memory" in its stderr,
// never the machine the tests share.
const serverMemoryLimit = 4 << 30

// startLimited starts `vpnsql args...` under serverMemoryLimit and
// returns its URL and process.
func startLimited(t testing.TB, env []string, ready *regexp.Regexp, args ...string) (string, *process) {
	t.Helper()
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		t.Fatal("prlimit (util-linux) is not installed")
	}
	cmd := exec.Command(prlimit, append([]string{fmt.Sprintf("--as=%d", serverMemoryLimit), binary}, args...)...)
	// A fuzz worker can be stopped without running its cleanups: its
	// server must not outlive it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return startCmd(t, cmd, env, ready, args...)
}

// running says whether the process has not exited (a zombie has).
func (p *process) running() bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return false
	}
	_, after, _ := strings.Cut(string(b), ") ")
	return after != "" && after[0] != 'Z' && after[0] != 'X'
}

// procStats are a server's figures: from its SIGUSR1 log line (goroutines,
// the Go heap after a GC) and from /proc (resident memory, its peak,
// threads, open file descriptors).
type procStats struct {
	Goroutines int
	HeapAlloc  int64 // bytes live after a GC
	RSS, Peak  int64 // bytes (VmRSS, VmHWM)
	Threads    int
	FDs        int
}

func (s procStats) String() string {
	return fmt.Sprintf("goroutines %d, heap after GC %.1f MiB, RSS %.1f MiB (peak %.1f MiB), threads %d, fds %d",
		s.Goroutines, mib(s.HeapAlloc), mib(s.RSS), mib(s.Peak), s.Threads, s.FDs)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

var runtimeLine = regexp.MustCompile(`msg="runtime stats" goroutines=(\d+) heap_alloc_bytes=(\d+)`)

// stats asks the server for its runtime figures (SIGUSR1) and reads /proc.
func (p *process) stats(t testing.TB) procStats {
	t.Helper()
	pid := p.cmd.Process.Pid
	before := len(runtimeLine.FindAllStringSubmatch(p.stderr.String(), -1))
	if err := syscall.Kill(pid, syscall.SIGUSR1); err != nil {
		t.Fatalf("signalling the server: %v", err)
	}
	var s procStats
	deadline := time.Now().Add(15 * time.Second)
	for {
		all := runtimeLine.FindAllStringSubmatch(p.stderr.String(), -1)
		if len(all) > before {
			m := all[len(all)-1]
			s.Goroutines, _ = strconv.Atoi(m[1])
			s.HeapAlloc, _ = strconv.ParseInt(m[2], 10, 64)
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no runtime stats line after SIGUSR1; stderr:\n%s", tail(p.stderr.String(), 2000))
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.readProc(t, &s)
	return s
}

// readProc fills the /proc figures of s.
func (p *process) readProc(t testing.TB, s *procStats) {
	t.Helper()
	pid := p.cmd.Process.Pid
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("reading the server's status: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), ":")
		fields := strings.Fields(v)
		if len(fields) == 0 {
			continue
		}
		n, _ := strconv.ParseInt(fields[0], 10, 64)
		switch k {
		case "VmRSS":
			s.RSS = n << 10
		case "VmHWM":
			s.Peak = n << 10
		case "Threads":
			s.Threads = int(n)
		}
	}
	fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatalf("listing the server's file descriptors: %v", err)
	}
	s.FDs = len(fds)
}

// tail is the last n bytes of s.
func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}
