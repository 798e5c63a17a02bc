package integration

import (
	"net/url"
	"os/exec"
	"strings"
	"testing"
)

// TestHealthCommand: `vpnsql health` (the image's HEALTHCHECK) passes
// against a running server, found through the same --listen, and fails
// where none listens.
func TestHealthCommand(t *testing.T) {
	u, err := url.Parse(startDemo(t))
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary, "health", "--listen", "0.0.0.0:"+u.Port()).CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "healthy: 127.0.0.1:"+u.Port()) {
		t.Errorf("health against a running server: %v\n%s", err, out)
	}
	cmd := exec.Command(binary, "health", "--timeout", "1s")
	cmd.Env = []string{"VPNSQL_LISTEN=127.0.0.1:1"}
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("health with no server passed:\n%s", out)
	}
}
