package ec2sim

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func lastRequest(t *testing.T, s *Sim) Request {
	t.Helper()
	// A dropped or hung request is logged when its handler returns, which
	// may be just after the client has seen the failure.
	for range 200 {
		if rs := s.Requests(); len(rs) > 0 {
			return rs[len(rs)-1]
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no request logged")
	return Request{}
}

func timed(f func() error) (time.Duration, error) {
	start := time.Now()
	err := f()
	return time.Since(start), err
}

func TestFaults_Kinds(t *testing.T) {
	describeGW := func(c *ec2.Client) error {
		_, err := c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{})
		return err
	}
	cases := []struct {
		name   string
		fault  Fault
		check  func(t *testing.T, d time.Duration, err error)
		logged func(t *testing.T, r Request)
	}{
		{"fixed latency", Fault{Kind: FaultLatency, Latency: 80 * time.Millisecond}, func(t *testing.T, d time.Duration, err error) {
			if err != nil || d < 80*time.Millisecond {
				t.Errorf("took %v, err %v", d, err)
			}
		}, func(t *testing.T, r Request) {
			if r.Latency < 80*time.Millisecond || r.Status != 200 {
				t.Errorf("logged %v %d", r.Latency, r.Status)
			}
		}},
		{"uniform latency", Fault{Kind: FaultLatency, Latency: 30 * time.Millisecond, Jitter: 30 * time.Millisecond}, func(t *testing.T, d time.Duration, err error) {
			if err != nil || d < 30*time.Millisecond || d > 2*time.Second {
				t.Errorf("took %v, err %v", d, err)
			}
		}, nil},
		{"exponential latency", Fault{Kind: FaultLatency, Latency: 5 * time.Millisecond, Distribution: "exponential"}, func(t *testing.T, d time.Duration, err error) {
			if err != nil {
				t.Error(err)
			}
		}, nil},
		{"normal latency", Fault{Kind: FaultLatency, Latency: 20 * time.Millisecond, Jitter: time.Millisecond, Distribution: "normal"}, func(t *testing.T, d time.Duration, err error) {
			if err != nil || d < 10*time.Millisecond {
				t.Errorf("took %v, err %v", d, err)
			}
		}, nil},
		{"internal error", Fault{Kind: FaultError}, func(t *testing.T, d time.Duration, err error) {
			wantError(t, err, "InternalError", 500)
		}, func(t *testing.T, r Request) {
			if r.ErrorCode != "InternalError" || r.Status != 500 || r.Fault != "error" {
				t.Errorf("logged %+v", r)
			}
		}},
		{"unavailable", Fault{Kind: FaultError, Code: "Unavailable"}, func(t *testing.T, d time.Duration, err error) {
			wantError(t, err, "Unavailable", 503)
		}, nil},
		{"throttling error", Fault{Kind: FaultError, Code: "RequestLimitExceeded"}, func(t *testing.T, d time.Duration, err error) {
			wantError(t, err, "RequestLimitExceeded", 503)
		}, nil},
		{"error with status", Fault{Kind: FaultError, Code: "UnauthorizedOperation", Status: 403, Message: "no"}, func(t *testing.T, d time.Duration, err error) {
			wantError(t, err, "UnauthorizedOperation", 403)
		}, nil},
		{"bare 502", Fault{Kind: FaultHTTP}, func(t *testing.T, d time.Duration, err error) {
			if _, status := sdkError(t, err); status != 502 {
				t.Errorf("status %d: %v", status, err)
			}
		}, func(t *testing.T, r Request) {
			if r.Status != 502 || r.Fault != "http" {
				t.Errorf("logged %+v", r)
			}
		}},
		{"bare 504", Fault{Kind: FaultHTTP, Status: 504}, func(t *testing.T, d time.Duration, err error) {
			if _, status := sdkError(t, err); status != 504 {
				t.Errorf("status %d: %v", status, err)
			}
		}, nil},
		{"dropped connection", Fault{Kind: FaultDrop}, func(t *testing.T, d time.Duration, err error) {
			if _, status := sdkError(t, err); err == nil || status != 0 {
				t.Errorf("status %d: %v", status, err)
			}
		}, func(t *testing.T, r Request) {
			if r.Status != 0 || r.Fault != "drop" {
				t.Errorf("logged %+v", r)
			}
		}},
		{"truncated body", Fault{Kind: FaultTruncate}, func(t *testing.T, d time.Duration, err error) {
			if err == nil || !strings.Contains(err.Error(), "EOF") {
				t.Errorf("err %v", err)
			}
		}, func(t *testing.T, r Request) {
			if r.Status != 200 || r.Fault != "truncate" {
				t.Errorf("logged %+v", r)
			}
		}},
		{"hang until a cap", Fault{Kind: FaultHang, Latency: 50 * time.Millisecond}, func(t *testing.T, d time.Duration, err error) {
			if err == nil || d < 50*time.Millisecond {
				t.Errorf("took %v, err %v", d, err)
			}
		}, func(t *testing.T, r Request) {
			if r.Status != 0 || r.Fault != "hang" {
				t.Errorf("logged %+v", r)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.fault
			f.Action = "DescribeVpnConnections"
			e := newEnv(t, Options{Faults: []Fault{f}})
			c := e.client()
			// A populated region, so that responses are long enough to truncate.
			if err := e.sim.Seed(SeedConfig{PerRegion: 1}); err != nil {
				t.Fatal(err)
			}
			d, err := timed(func() error { return describeErr(c) })
			tc.check(t, d, err)
			if tc.logged != nil {
				tc.logged(t, lastRequest(t, e.sim))
			}
			// Other actions are untouched.
			if d, err := timed(func() error { return describeGW(c) }); err != nil || d > 50*time.Millisecond {
				t.Errorf("another action: %v after %v", err, d)
			}
		})
	}
}

func TestFaults_Hang(t *testing.T) {
	e := newEnv(t, Options{Faults: []Fault{{Kind: FaultHang}}})
	c := e.client()
	cctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	_, err := c.DescribeVpnConnections(cctx, &ec2.DescribeVpnConnectionsInput{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err %v, want the client's deadline", err)
	}
	if r := lastRequest(t, e.sim); r.Fault != "hang" || r.Status != 0 {
		t.Errorf("logged %+v", r)
	}
}

func TestFaults_Matching(t *testing.T) {
	e := newEnv(t, Options{RandSeed: 7, Keys: map[string]string{"AKIDA": "111111111111", "AKIDB": "222222222222"}})
	a, b := e.ec2("us-east-1", "AKIDA"), e.ec2("us-east-1", "AKIDB")
	cases := []struct {
		name  string
		fault Fault
		run   func() (fails int)
		want  func(fails int) bool
	}{
		{"action pattern", Fault{Action: "Describe*", Kind: FaultError}, func() int {
			n := 0
			if describeErr(a) != nil {
				n++
			}
			if _, err := a.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: "ipsec.1"}); err != nil {
				n += 10
			}
			return n
		}, func(n int) bool { return n == 1 }},
		{"account", Fault{Account: "222222222222", Kind: FaultError}, func() int {
			n := 0
			if describeErr(a) != nil {
				n++
			}
			if describeErr(b) != nil {
				n += 10
			}
			return n
		}, func(n int) bool { return n == 10 }},
		{"region", Fault{Region: "eu-west-1", Kind: FaultError}, func() int {
			n := 0
			if describeErr(a) != nil {
				n++
			}
			if describeErr(e.ec2("eu-west-1", "AKIDA")) != nil {
				n += 10
			}
			return n
		}, func(n int) bool { return n == 10 }},
		{"count", Fault{Kind: FaultError, Count: 2}, func() int {
			n := 0
			for range 5 {
				if describeErr(a) != nil {
					n++
				}
			}
			return n
		}, func(n int) bool { return n == 2 }},
		{"rate", Fault{Kind: FaultError, Code: "InternalError", Rate: 0.5}, func() int {
			n := 0
			for range 60 {
				if describeErr(a) != nil {
					n++
				}
			}
			return n
		}, func(n int) bool { return n > 15 && n < 45 }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e.sim.SetFaults([]Fault{tc.fault})
			if n := tc.run(); !tc.want(n) {
				t.Errorf("failures %d", n)
			}
		})
	}
}

// TestFaults_After: the call takes effect although its response is lost.
func TestFaults_After(t *testing.T) {
	for _, kind := range []FaultKind{FaultDrop, FaultError} {
		t.Run(string(kind), func(t *testing.T) {
			e := newEnv(t, Options{Faults: []Fault{{Action: "CreateVpnGateway", Kind: kind, After: true}}})
			c := e.client()
			if _, err := c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1}); err == nil {
				t.Fatal("the response was not lost")
			}
			out := must[*ec2.DescribeVpnGatewaysOutput](t)(c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{}))
			if len(out.VpnGateways) != 1 {
				t.Errorf("%d gateways, want the one created", len(out.VpnGateways))
			}
		})
	}
}

func adminDo(t *testing.T, e *env, method, path, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestFaults_AdminEndpoint(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	status, body := adminDo(t, e, "PUT", "/_sim/faults",
		`[{"action": "DescribeVpnConnections", "kind": "error", "code": "InternalError", "count": 1},
		  {"action": "DescribeVpnGateways", "kind": "latency", "latency": "30ms"}]`)
	if status != 200 {
		t.Fatalf("PUT: %d %s", status, body)
	}
	wantError(t, describeErr(c), "InternalError", 500)
	if err := describeErr(c); err != nil {
		t.Fatalf("count exhausted: %v", err)
	}
	if d, _ := timed(func() error {
		_, err := c.DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{})
		return err
	}); d < 30*time.Millisecond {
		t.Errorf("latency rule: %v", d)
	}
	_, body = adminDo(t, e, "GET", "/_sim/faults", "")
	var got []struct {
		Action  string `json:"action"`
		Latency string `json:"latency"`
		Fired   int    `json:"fired"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || len(got) != 2 || got[0].Fired != 1 || got[1].Latency != "30ms" || got[1].Fired != 1 {
		t.Fatalf("GET: %v %s", err, body)
	}
	status, _ = adminDo(t, e, "POST", "/_sim/faults", `{"kind": "drop", "action": "CreateVpnGateway"}`)
	if status != 200 || len(e.sim.Faults()) != 3 {
		t.Fatalf("POST: %d, %d rules", status, len(e.sim.Faults()))
	}
	if status, _ := adminDo(t, e, "DELETE", "/_sim/faults", ""); status != 204 || len(e.sim.Faults()) != 0 {
		t.Fatalf("DELETE: %d", status)
	}
	for _, bad := range []string{`{"kind": "explode"}`, `{"kind": "latency", "latency": "soon"}`, `{"kind": "error", "rate": 2}`, `[`} {
		if status, _ := adminDo(t, e, "PUT", "/_sim/faults", bad); status != 400 {
			t.Errorf("%s: status %d", bad, status)
		}
	}
}
