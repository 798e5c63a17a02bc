package integration

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestProtocolNode runs testdata/protocol/node/protocol.js with
// node-postgres (pg, pinned by package-lock.json; scripts/test-deps.sh installs it with
// npm ci, and the test does when node_modules is missing).
func TestProtocolNode(t *testing.T) {
	t.Parallel()
	node := requireTool(t, "node")
	dir := protoNodeModules(t)
	sessions, proxy := protoRun(t, "node", func(t *testing.T, tg protoTarget) string {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, node, "--no-deprecation", "protocol.js", tg.url(), tg.watchURL())
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TZ=UTC")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s: node: %v\n%s", tg.name, err, out)
		}
		return string(out)
	})
	// The main client and the binary one; the cancelling Client only
	// sends a CancelRequest.
	if len(sessions) != 2 {
		t.Fatalf("%d sessions, want 2", len(sessions))
	}
	s, b := sessions[0], sessions[1]
	protoExpect(t, "simple", s.frontend, `Query "SELECT 1 AS one; SELECT 'two' AS two, 2.5 AS half; VALUES (3, 'three'), (4, 'four')"`)
	protoExpect(t, "binary results", b.frontend, `Bind "" "" params=[0 0 0 0] ["41" "abc" "1.25" NULL] results=[1]`)
	if n := protoCount(s.frontend, `Parse "doubled"`); n != 1 {
		t.Errorf("%d Parses of the named query, want 1", n)
	}
	if n := protoCount(s.frontend, `Bind "" "doubled"`); n != 4 {
		t.Errorf("%d Binds of the named query, want 4", n)
	}
	// rows: 3 at a time, PortalSuspended, Execute again (Flush, not Sync,
	// in between).
	protoExpect(t, "row limit", s.frontend, `Query "BEGIN"`, `Parse "" "SELECT g AS n`, `Execute "" 3`, "Flush", `Execute "" 3`, "Flush", `Execute "" 3`, "Sync", `Query "COMMIT"`)
	if n := protoCount(s.backend, "PortalSuspended"); n != 2 {
		t.Errorf("%d PortalSuspended, want 2 (8 rows read 3 at a time)", n)
	}
	protoExpect(t, "empty query", s.backend, "EmptyQueryResponse", "ReadyForQuery I")
	if n := proxy.cancelCount(); n != 1 {
		t.Errorf("%d CancelRequests, want 1", n)
	}
}

var protoNPM sync.Mutex

// protoNodeModules returns the directory of protocol.js with pg installed
// in its node_modules.
func protoNodeModules(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("testdata/protocol/node")
	if err != nil {
		t.Fatal(err)
	}
	protoNPM.Lock()
	defer protoNPM.Unlock()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "pg", "package.json")); err == nil {
		return dir
	}
	npm := requireTool(t, "npm")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, strings.TrimSpace(string(out)))
	}
	return dir
}
