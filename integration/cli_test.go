package integration

import (
	"errors"
	"net"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// runBinary runs the vpnsql binary to its end and returns its stdout,
// stderr and exit code.
func runBinary(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("vpnsql %v: %v", args, err)
	}
	return out.String(), errOut.String(), code
}

// TestCLIHelp: --help lists every flag with its environment variable and
// exits 0; a flag it does not know prints the usage and exits 2.
func TestCLIHelp(t *testing.T) {
	t.Parallel()
	flagLine := regexp.MustCompile(`(?m)^  --([a-z-]+)\b.*\((VPNSQL_[A-Z_]+)`)
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}, {"sim", "-h"}} {
		out, _, code := runBinary(t, args...)
		if code != 0 {
			t.Errorf("vpnsql %v: exit %d, want 0", args, code)
		}
		lines := flagLine.FindAllStringSubmatch(out, -1)
		if len(lines) < 5 {
			t.Errorf("vpnsql %v lists %d flags:\n%s", args, len(lines), out)
		}
		for _, l := range lines {
			if want := "VPNSQL_" + strings.ToUpper(strings.ReplaceAll(l[1], "-", "_")); l[2] != want {
				t.Errorf("vpnsql %v: --%s shows %s, want %s", args, l[1], l[2], want)
			}
		}
	}
	serveHelp, _, _ := runBinary(t, "serve", "--help")
	for _, group := range []string{"Listen:", "TLS:", "Authentication and access:", "AWS:", "Limits:"} {
		if !strings.Contains(serveHelp, "\n"+group+"\n") {
			t.Errorf("serve --help has no %q group:\n%s", group, serveHelp)
		}
	}
	for _, want := range []string{"--listen HOST:PORT", "default 127.0.0.1:5432", "--demo", "--regions", "--tls-cert", "--config", "--max-connections"} {
		if !strings.Contains(serveHelp, want) {
			t.Errorf("serve --help lacks %q", want)
		}
	}

	for _, args := range [][]string{{"serve", "--no-such-flag"}, {"sim", "--listen"}, {"no-such-command"}, {}} {
		out, errOut, code := runBinary(t, args...)
		if code != 2 {
			t.Errorf("vpnsql %v: exit %d, want 2", args, code)
		}
		if out != "" || !strings.Contains(errOut, "usage: vpnsql") {
			t.Errorf("vpnsql %v: want the usage on stderr only, got stdout %q stderr %q", args, out, errOut)
		}
	}
}

// TestCLIPortTaken: a port already in use fails at once, naming the port
// and how to choose another.
func TestCLIPortTaken(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	_, errOut, code := runBinary(t, "serve", "--demo", "--listen", addr)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"port " + port + " on 127.0.0.1 is already in use", "--listen", "VPNSQL_LISTEN"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}
