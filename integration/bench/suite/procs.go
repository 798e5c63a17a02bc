package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// env owns everything the suite starts: a temporary directory, the
// processes (simulators, servers, PostgreSQL) and their logs. close ends
// them all and removes the directory, on success, failure or a signal.
type env struct {
	dir    string
	keep   bool
	mu     sync.Mutex
	procs  []*exec.Cmd
	pg     *pgCluster
	closed sync.Once
}

func newEnv(keep bool) (*env, error) {
	dir, err := os.MkdirTemp("", "vpnsql-bench-")
	if err != nil {
		return nil, err
	}
	// PostgreSQL runs as the postgres user when we are root: it must reach
	// its data directory inside.
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	return &env{dir: dir, keep: keep}, nil
}

func (e *env) close() {
	e.closed.Do(func() {
		e.mu.Lock()
		procs := e.procs
		e.mu.Unlock()
		for _, c := range procs {
			c.Process.Kill()
			c.Wait()
		}
		if e.pg != nil {
			e.pg.stop()
		}
		if e.keep {
			fmt.Fprintf(os.Stderr, "kept %s\n", e.dir)
			return
		}
		os.RemoveAll(e.dir)
	})
}

// start runs a process with its output in DIR/NAME.log.
func (e *env) start(name string, environ []string, bin string, args ...string) (*exec.Cmd, error) {
	log, err := os.Create(filepath.Join(e.dir, name+".log"))
	if err != nil {
		return nil, err
	}
	c := exec.Command(bin, args...)
	c.Stdout, c.Stderr = log, log
	c.Env = append(os.Environ(), environ...)
	if err := c.Start(); err != nil {
		log.Close()
		return nil, err
	}
	log.Close()
	e.mu.Lock()
	e.procs = append(e.procs, c)
	e.mu.Unlock()
	return c, nil
}

// stopProc ends one process the suite started.
func (e *env) stopProc(c *exec.Cmd) {
	c.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { c.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		c.Process.Kill()
		<-done
	}
	e.mu.Lock()
	for i, p := range e.procs {
		if p == c {
			e.procs = append(e.procs[:i], e.procs[i+1:]...)
			break
		}
	}
	e.mu.Unlock()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// sim is a `vpnsql sim` process and its admin API.
type sim struct {
	url string
	cmd *exec.Cmd
}

// startSim starts a simulator without throttling; args add its data flags.
func (e *env) startSim(bin, name string, args ...string) (*sim, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	c, err := e.start(name, nil, bin, append([]string{"sim", "--listen", addr, "--no-throttle"}, args...)...)
	if err != nil {
		return nil, err
	}
	s := &sim{url: "http://" + addr, cmd: c}
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.url + "/_sim/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s did not become ready (see %s.log)", name, name)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (s *sim) admin(method, route string, body any) ([]byte, error) {
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, s.url+"/_sim/"+route, rd)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var out bytes.Buffer
	out.ReadFrom(resp.Body)
	if resp.StatusCode >= 300 {
		return nil, fmt.Errorf("%s /_sim/%s: %s: %s", method, route, resp.Status, out.String())
	}
	return out.Bytes(), nil
}

// fault is one /_sim/faults rule (ec2sim.Fault's JSON form).
type fault struct {
	Action  string `json:"action,omitempty"`
	Region  string `json:"region,omitempty"`
	Kind    string `json:"kind"`
	Latency string `json:"latency,omitempty"`
}

func (s *sim) setFaults(f ...fault) error {
	if f == nil {
		f = []fault{}
	}
	_, err := s.admin(http.MethodPut, "faults", f)
	return err
}

func (s *sim) resetRequests() error {
	_, err := s.admin(http.MethodDelete, "requests", nil)
	return err
}

// simRequest is one entry of the simulator's request log.
type simRequest struct {
	Time      time.Time `json:"time"`
	Action    string    `json:"action"`
	Region    string    `json:"region"`
	Service   string    `json:"service"`
	Status    int       `json:"status"`
	LatencyMs float64   `json:"latencyMs"`
	Fault     string    `json:"fault"`
}

func (s *sim) requests() ([]simRequest, error) {
	b, err := s.admin(http.MethodGet, "requests", nil)
	if err != nil {
		return nil, err
	}
	var out []simRequest
	return out, json.Unmarshal(b, &out)
}

// server is a `vpnsql serve` process reading a simulator with static keys.
type server struct {
	name string
	cmd  *exec.Cmd
	port int
}

// awsEnv points the SDK at a simulator, with static keys and no
// instance-metadata probe: nothing leaves loopback.
func awsEnv(simURL string) []string {
	return []string{
		"AWS_ENDPOINT_URL=" + simURL, "AWS_ACCESS_KEY_ID=AKIDBENCH", "AWS_SECRET_ACCESS_KEY=secret",
		"AWS_REGION=us-east-1", "AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
	}
}

// serve starts a server on the simulator and waits until it answers; it
// returns the time from the start to the first answered SELECT 1.
func (e *env) serve(bin, name string, s *sim, args ...string) (*server, time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return nil, 0, err
	}
	args = append([]string{"serve", "--listen", fmt.Sprintf("127.0.0.1:%d", port)}, args...)
	start := time.Now()
	c, err := e.start(name, awsEnv(s.url), bin, args...)
	if err != nil {
		return nil, 0, err
	}
	srv := &server{name: name, cmd: c, port: port}
	deadline := start.Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, srv.url(""))
		if err == nil {
			_, err = conn.Exec(ctx, "SELECT 1")
			conn.Close(ctx)
		}
		cancel()
		if err == nil {
			return srv, time.Since(start), nil
		}
		if time.Now().After(deadline) {
			return nil, 0, fmt.Errorf("server %s did not become ready (see %s.log): %w", name, name, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// url is the server's connection string, with a cache TTL when ttl is set.
func (s *server) url(ttl string) string {
	u := fmt.Sprintf("postgresql://bench@127.0.0.1:%d/aws?sslmode=disable", s.port)
	if ttl != "" {
		u += "&options=-c%20vpnsql.cache_ttl%3D" + ttl
	}
	return u
}

// memKiB reads a field (VmRSS, VmHWM) of /proc/PID/status in KiB.
func memKiB(pid int, field string) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}

// resetPeak resets a process's VmHWM to its current RSS (Linux clear_refs).
func resetPeak(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

// runCmd runs a command to its end, returning stdout; stderr goes into the error.
func runCmd(ctx context.Context, bin string, args ...string) (string, error) {
	c := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) || errb.Len() > 0 {
			return out.String(), fmt.Errorf("%s %s: %w: %s", filepath.Base(bin), strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
		}
		return out.String(), err
	}
	return out.String(), nil
}

// clockTick is the unit of /proc/PID/stat's times: USER_HZ, 100 on every
// Linux the kernel's ABI allows.
const clockTick = 10 * time.Millisecond

// cpuTree is the CPU time (user and system) a process has used, with its
// children's: those it has waited for (cutime, cstime) and those still
// running or not yet waited for, recursively. It misses a child reaped
// between the reads; callers read when the children they started are
// gone (settledCPU).
func cpuTree(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The fields after the command, which is in parentheses and may hold
	// spaces: state is field 3, utime..cstime fields 14–17.
	end := bytes.LastIndexByte(b, ')')
	if end < 0 {
		return 0, fmt.Errorf("/proc/%d/stat: %q", pid, b)
	}
	f := strings.Fields(string(b[end+1:]))
	if len(f) < 15 {
		return 0, fmt.Errorf("/proc/%d/stat: %q", pid, b)
	}
	var ticks int64
	for _, s := range f[11:15] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
		}
		ticks += n
	}
	total := time.Duration(ticks) * clockTick
	kids, err := children(pid)
	if err != nil {
		return 0, err
	}
	for _, k := range kids {
		if t, err := cpuTree(k); err == nil { // a child gone meanwhile is in cutime or lost
			total += t
		}
	}
	return total, nil
}

// children lists a process's children (/proc/PID/task/*/children).
func children(pid int) ([]int, error) {
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return nil, err
	}
	var kids []int
	for _, t := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, t.Name()))
		if err != nil {
			continue // a thread that ended
		}
		for _, s := range strings.Fields(string(b)) {
			if k, err := strconv.Atoi(s); err == nil {
				kids = append(kids, k)
			}
		}
	}
	return kids, nil
}

// settledCPU is cpuTree once the process has no more children than want
// (PostgreSQL's backends of a finished pgbench have exited and been waited
// for), or after two seconds regardless.
func settledCPU(pid, want int) (time.Duration, error) {
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		kids, err := children(pid)
		if err != nil {
			return 0, err
		}
		if len(kids) <= want {
			break
		}
	}
	return cpuTree(pid)
}
