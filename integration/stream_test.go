package integration

import (
	"encoding/json"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"
)

// describeOutcomes waits until the simulator has logged n
// DescribeVpnConnections requests and returns "region status" for each,
// sorted; status 0 is a request the client gave up (cancelled).
func describeOutcomes(t *testing.T, simURL string, n int) []string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get(simURL + "/_sim/requests?action=DescribeVpnConnections")
		if err != nil {
			t.Fatal(err)
		}
		var reqs []struct {
			Region string `json:"region"`
			Status int    `json:"status"`
		}
		err = json.NewDecoder(resp.Body).Decode(&reqs)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(reqs) >= n || time.Now().After(deadline) {
			var out []string
			for _, r := range reqs {
				status := "answered"
				if r.Status == 0 {
					status = "cancelled"
				}
				out = append(out, r.Region+" "+status)
			}
			sort.Strings(out)
			return out
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestPortalRowLimitStopsScan: an Execute with a row limit of 1 gets the
// first region's row and PortalSuspended without waiting for the slow
// regions; the Sync that ends the implicit transaction closes the portal,
// and with it the scan: the slow regions' calls are cancelled, not left
// running for their minute.
func TestPortalRowLimitStopsScan(t *testing.T) {
	t.Parallel()
	pgURL, simURL := startAgainstSim(t)
	ctx := testContext(t)
	// us-east-1 answers after 200ms, so the other calls are surely sent
	// (and in flight) when its row arrives.
	setSimFaults(t, simURL, `[
		{"action": "DescribeVpnConnections", "region": "us-east-1", "kind": "latency", "latency": "200ms"},
		{"action": "DescribeVpnConnections", "region": "eu-west-1", "kind": "latency", "latency": "60s"},
		{"action": "DescribeVpnConnections", "region": "ap-southeast-2", "kind": "latency", "latency": "60s"}]`)
	pc, err := pgconn.Connect(ctx, pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close(ctx)
	fe := pc.Frontend()
	fe.Send(&pgproto3.Parse{Query: `SELECT "vpnConnectionId", region FROM ec2.vpn_connections`})
	fe.Send(&pgproto3.Bind{})
	fe.Send(&pgproto3.Execute{MaxRows: 1})
	fe.Send(&pgproto3.Sync{})
	if err := fe.Flush(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for {
		msg, err := fe.Receive()
		if err != nil {
			t.Fatal(err)
		}
		switch m := msg.(type) {
		case *pgproto3.DataRow:
			got = append(got, "DataRow "+string(m.Values[1]))
		case *pgproto3.PortalSuspended:
			got = append(got, "PortalSuspended")
		case *pgproto3.ErrorResponse:
			t.Fatalf("error: %s %s", m.Code, m.Message)
		}
		if _, ok := msg.(*pgproto3.ReadyForQuery); ok {
			break
		}
	}
	if len(got) != 2 || got[0] != "DataRow us-east-1" || got[1] != "PortalSuspended" {
		t.Fatalf("got %q, want one us-east-1 row and PortalSuspended", got)
	}
	out := describeOutcomes(t, simURL, 3)
	want := []string{"ap-southeast-2 cancelled", "eu-west-1 cancelled", "us-east-1 answered"}
	if len(out) != 3 || out[0] != want[0] || out[1] != want[1] || out[2] != want[2] {
		t.Fatalf("DescribeVpnConnections calls %q, want %q (the closed portal cancels its scan)", out, want)
	}
}
