package integration

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

var simReady = regexp.MustCompile(`--endpoint-url (http://\S+)`)

// simEnv is the environment that points `vpnsql serve` at a simulator
// the way it would reach AWS: the SDK's standard variables, static keys,
// no shared config, and no instance-metadata probe.
func simEnv(simURL string) []string {
	return []string{
		"AWS_ENDPOINT_URL=" + simURL,
		"AWS_ACCESS_KEY_ID=AKIDINTEGRATION",
		"AWS_SECRET_ACCESS_KEY=vpnsql-integration-secret-key",
		"AWS_SESSION_TOKEN=vpnsql-integration-session-token",
		"AWS_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=/dev/null",
		"AWS_SHARED_CREDENTIALS_FILE=/dev/null",
	}
}

// startAgainstSim starts `vpnsql sim` and a `vpnsql serve` that reaches it
// the way it would reach AWS: through the SDK's standard configuration
// (AWS_ENDPOINT_URL, static keys in the environment). It returns the
// server URL and the simulator URL.
func startAgainstSim(t *testing.T) (string, string) {
	t.Helper()
	simURL := start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0")
	env := simEnv(simURL)
	pgURL := start(t, env, serveReady, "serve", "--listen", "127.0.0.1:0", "--regions", "us-east-1,eu-west-1,ap-southeast-2")
	// Turn the read cache off, so every query reaches the simulator.
	return pgURL + "?options=-c%20vpnsql.cache_ttl%3D0", simURL
}

type simRequest struct {
	Action string     `json:"action"`
	Region string     `json:"region"`
	Params url.Values `json:"params"`
}

func simRequests(t *testing.T, simURL, action string) []simRequest {
	t.Helper()
	resp, err := http.Get(simURL + "/_sim/requests?action=" + action)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var reqs []simRequest
	if err := json.NewDecoder(resp.Body).Decode(&reqs); err != nil {
		t.Fatal(err)
	}
	return reqs
}

func clearSimRequests(t *testing.T, simURL string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, simURL+"/_sim/requests", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
}

// TestPushdownMakesOneCall checks, from the simulator's own request log,
// that an id and region predicate becomes exactly one
// DescribeVpnConnections call, to that region, naming that id.
func TestPushdownMakesOneCall(t *testing.T) {
	t.Parallel()
	pgURL, simURL := startAgainstSim(t)
	ctx := testContext(t)
	conn, err := pgx.Connect(ctx, pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)

	var id string
	if err := conn.QueryRow(ctx, `SELECT "vpnConnectionId" FROM vpn_connections WHERE region = 'eu-west-1' ORDER BY 1 LIMIT 1`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	clearSimRequests(t, simURL)

	for _, mode := range []string{"psql", "pgx"} {
		clearSimRequests(t, simURL)
		query := `SELECT "vpnConnectionId", state, region FROM vpn_connections WHERE "vpnConnectionId" = '` + id + `' AND region = 'eu-west-1'`
		var got string
		if mode == "psql" {
			got = strings.TrimSpace(psql(t, pgURL, "-t", "-c", query))
		} else {
			var gotID, state, region string
			if err := conn.QueryRow(ctx, query).Scan(&gotID, &state, &region); err != nil {
				t.Fatal(err)
			}
			got = gotID + "|" + state + "|" + region
		}
		if !strings.HasPrefix(got, id+"|") || !strings.HasSuffix(got, "|eu-west-1") {
			t.Errorf("%s: row = %q", mode, got)
		}
		calls := simRequests(t, simURL, "DescribeVpnConnections")
		if len(calls) != 1 {
			t.Fatalf("%s: %d DescribeVpnConnections calls, want 1: %+v", mode, len(calls), calls)
		}
		c := calls[0]
		if c.Region != "eu-west-1" {
			t.Errorf("%s: call went to %s", mode, c.Region)
		}
		if got := c.Params["VpnConnectionId.1"]; len(got) != 1 || got[0] != id {
			t.Errorf("%s: VpnConnectionId.1 = %v, want %s (params %v)", mode, got, id, c.Params)
		}
		if _, ok := c.Params["VpnConnectionId.2"]; ok {
			t.Errorf("%s: more than one id sent: %v", mode, c.Params)
		}
	}
}
