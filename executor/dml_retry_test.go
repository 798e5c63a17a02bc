package executor

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sdkec2 "github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/pgerr"
)

func (w *writeEnv) attempts(action string) int {
	n := 0
	for _, c := range w.calls() {
		if c.Action == action {
			n++
		}
	}
	return n
}

// TestSDKRetriesCreateByDefault documents why writes need their own retry
// policy: the SDK's standard retryer sends CreateVpnConnection again after
// a 500 answered once EC2 had acted, three attempts in all. (The simulator,
// like AWS's documentation, treats a repeat for the same gateways as the
// same connection; AWS does not promise that, and there is no ClientToken.)
func TestSDKRetriesCreateByDefault(t *testing.T) {
	w := newWriteEnv(t)
	cgw, vgw := w.gateways("us-east-1", "198.51.100.80")
	w.sim.AddFault(ec2sim.Fault{Action: "CreateVpnConnection", Kind: ec2sim.FaultError, Code: "InternalError", Status: 500, After: true})
	client := sdkec2.New(sdkec2.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(w.url),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDSDK", "secret", ""),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
			o.RateLimiter = ratelimit.None
		}),
	})
	w.reset()
	_, err := client.CreateVpnConnection(context.Background(), &sdkec2.CreateVpnConnectionInput{
		CustomerGatewayId: aws.String(cgw), VpnGatewayId: aws.String(vgw), Type: aws.String("ipsec.1")})
	if err == nil {
		t.Fatal("no error")
	}
	if n := w.attempts("CreateVpnConnection"); n != 3 {
		t.Errorf("the SDK sent CreateVpnConnection %d times, want 3 (1 + 2 retries)", n)
	}
}

// TestWritesAreNeverRetriedBlindly injects faults and counts, in the
// simulator's log, how often each write reached it.
func TestWritesAreNeverRetriedBlindly(t *testing.T) {
	insert := `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ($1, 'ipsec.1', $2)`
	tests := []struct {
		name     string
		fault    ec2sim.Fault
		attempts int
		code     pgerr.Code // "" = success
		detail   string
		created  int // connections between the gateways afterwards
	}{
		{name: "500 after EC2 acted", fault: ec2sim.Fault{Kind: ec2sim.FaultError, Code: "InternalError", Status: 500, After: true},
			attempts: 1, code: pgerr.TRStatementCompletionUnknown, created: 1,
			detail: "CreateVpnConnection failed without a definite answer; vpnsql did not retry it, so it was not sent twice. AWS error code: InternalError"},
		{name: "connection dropped after EC2 acted", fault: ec2sim.Fault{Kind: ec2sim.FaultDrop, After: true},
			attempts: 1, code: pgerr.TRStatementCompletionUnknown, created: 1, detail: "Connections now using this customer gateway and gateway: vpn-"},
		{name: "response cut short", fault: ec2sim.Fault{Kind: ec2sim.FaultTruncate},
			attempts: 1, code: pgerr.TRStatementCompletionUnknown, created: 1, detail: "Connections now using this customer gateway and gateway: vpn-"},
		{name: "503 before EC2 acted", fault: ec2sim.Fault{Kind: ec2sim.FaultError, Code: "Unavailable", Status: 503},
			attempts: 1, code: pgerr.TRStatementCompletionUnknown, created: 0,
			detail: "No pending or available connection uses this customer gateway and gateway, so none was created."},
		{name: "bad gateway from a proxy", fault: ec2sim.Fault{Kind: ec2sim.FaultHTTP, Status: 502},
			attempts: 1, code: pgerr.TRStatementCompletionUnknown, created: 0},
		{name: "throttled twice, then accepted", fault: ec2sim.Fault{Kind: ec2sim.FaultError, Code: "RequestLimitExceeded", Count: 2},
			attempts: 3, created: 1},
		{name: "throttled throughout", fault: ec2sim.Fault{Kind: ec2sim.FaultError, Code: "RequestLimitExceeded"},
			attempts: 3, code: pgerr.ConfigurationLimitExceeded, created: 0, detail: "AWS error code: RequestLimitExceeded"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWriteEnv(t)
			cgw, vgw := w.gateways("us-east-1", "198.51.100."+strconv.Itoa(100+i))
			f := tt.fault
			f.Action = "CreateVpnConnection"
			w.sim.AddFault(f)
			w.reset()
			_, _, err := run(t, w.s, insert, cgw, vgw)
			if n := w.attempts("CreateVpnConnection"); n != tt.attempts {
				t.Errorf("CreateVpnConnection reached the simulator %d times, want %d", n, tt.attempts)
			}
			if tt.code == "" {
				if err != nil {
					t.Fatal(describeErr(err))
				}
			} else {
				pe := pgerr.From(err)
				if pe.Code != tt.code || !strings.Contains(pe.Detail, tt.detail) {
					t.Errorf("%s %q\nDETAIL %q\nwant %s, DETAIL containing %q", pe.Code, pe.Message, pe.Detail, tt.code, tt.detail)
				}
			}
			w.sim.SetFaults(nil)
			n := w.exec(`SELECT count(*) FROM vpn_connections WHERE "customerGatewayId" = $1 AND state <> 'deleted'`, cgw)[0][0]
			if n != strconv.Itoa(tt.created) {
				t.Errorf("%s connections exist, want %d", n, tt.created)
			}
		})
	}
}

// TestOtherWritesAreNotRetriedBlindly: the same rule for the other calls.
func TestOtherWritesAreNotRetriedBlindly(t *testing.T) {
	w := newWriteEnv(t)
	c := w.conn(staticVGW)
	for _, tt := range []struct{ action, sql string }{
		{"CreateTags", `UPDATE vpn_connections SET tags = tags || '{"a": "b"}' WHERE "vpnConnectionId" = $1`},
		{"CreateVpnConnectionRoute", `UPDATE vpn_connections SET routes = routes || '["10.66.0.0/16"]' WHERE "vpnConnectionId" = $1`},
		{"ModifyVpnConnectionOptions", `UPDATE vpn_connections SET options = options || '{"remoteIpv4NetworkCidr": "10.67.0.0/16"}' WHERE "vpnConnectionId" = $1`},
		{"DeleteVpnConnection", `DELETE FROM vpn_connections WHERE "vpnConnectionId" = $1`},
	} {
		w.sim.SetFaults([]ec2sim.Fault{{Action: tt.action, Kind: ec2sim.FaultError, Code: "InternalError", Status: 500, After: true}})
		w.reset()
		pe := w.fail(tt.sql, c.id)
		if n := w.attempts(tt.action); n != 1 || pe.Code != pgerr.TRStatementCompletionUnknown {
			t.Errorf("%s: %d attempts, %s %q; want 1 attempt and 40003", tt.action, n, pe.Code, pe.Message)
		}
	}
}
