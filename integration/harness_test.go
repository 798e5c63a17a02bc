package integration

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// binary is the vpnsql binary built once for the whole package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vpnsql-integration")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "vpnsql")
	build := exec.Command("go", "build", "-o", binary, "../cmd/vpnsql")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building vpnsql:", err)
		os.Exit(1)
	}
	code := m.Run()
	if code == 0 {
		if err := checkLogsForSecrets(); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL:", err)
			code = 1
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// process is a running vpnsql command whose stdout announced readiness.
type process struct {
	cmd    *exec.Cmd
	stderr *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs `vpnsql args...` and waits for the line matching ready on
// stdout; it returns the first submatch of ready. The process is stopped
// (SIGTERM, then killed) when the test ends.
func start(t *testing.T, env []string, ready *regexp.Regexp, args ...string) string {
	t.Helper()
	v, _ := startCmd(t, exec.Command(binary, args...), env, ready, args...)
	return v
}

// startCmd is start for a prepared command (one wrapped in prlimit, say):
// it also returns the process, for its pid and its stderr.
func startCmd(t testing.TB, cmd *exec.Cmd, env []string, ready *regexp.Regexp, args ...string) (string, *process) {
	t.Helper()
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, stderr: &lockedBuffer{}}
	cmd.Stderr = p.stderr
	registerLog(strings.Join(args, " "), p.stderr)
	out, _ := scannedStdout(strings.Join(args, " "), stdout)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("%s stderr:\n%s", args[0], p.stderr.String())
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := ready.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case v := <-found:
		return v, p
	case <-time.After(60 * time.Second):
		t.Fatalf("vpnsql %s did not become ready; stderr:\n%s", strings.Join(args, " "), p.stderr.String())
	}
	return "", p
}

var serveReady = regexp.MustCompile(`psql "(postgres://[^"]+)"`)

// startDemo starts `vpnsql serve --demo` on a free port and returns its
// connection URL.
func startDemo(t *testing.T) string {
	t.Helper()
	return start(t, nil, serveReady, "serve", "--demo", "--listen", "127.0.0.1:0")
}

// requireTool finds a client binary. A missing client fails the test, so
// a machine without it never silently tests less; make test installs them (scripts/test-deps.sh).
func requireTool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed; make test installs it (scripts/test-deps.sh)", name)
	}
	return path
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// compileJDBC compiles a Java test client against Debian's pgJDBC and
// returns the java binary and the classpath to run it with.
func compileJDBC(t *testing.T, src string) (java, classpath string) {
	t.Helper()
	javac, java := requireTool(t, "javac"), requireTool(t, "java")
	const jar = "/usr/share/java/postgresql.jar"
	if _, err := os.Stat(jar); err != nil {
		t.Fatalf("pgJDBC is not installed (%v); make test installs libpostgresql-jdbc-java (scripts/test-deps.sh)", err)
	}
	dir := t.TempDir()
	abs, err := filepath.Abs(src)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(javac, "-d", dir, "-cp", jar, abs).CombinedOutput(); err != nil {
		t.Fatalf("javac: %v\n%s", err, out)
	}
	return java, jar + ":" + dir
}
