package integration

import (
	"os"
	"testing"
)

var nodePostgresKnown = knownDiff{}

// testNodePostgresClient runs testdata/clients/node/probe.js with
// node-postgres, which make test (scripts/test-deps.sh) installs into testdata/clients/node with
// npm install.
func testNodePostgresClient(t *testing.T, p *clientPair) {
	node := requireTool(t, "node")
	if _, err := os.Stat("testdata/clients/node/node_modules/pg/package.json"); err != nil {
		t.Fatalf("node-postgres is not installed (%v); make test runs npm ci in integration/testdata/clients/node (scripts/test-deps.sh)", err)
	}
	run := func(host string) string {
		return runClient(t, nil, node, "testdata/clients/node/probe.js", p.url(host))
	}
	compareOutputs(t, p, run(p.refHost), run(p.vpnHost), nodePostgresKnown)
}
