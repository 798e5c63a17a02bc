package ec2sim

import (
	"encoding/json"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
)

// TestRequests_Log: the log tells which calls were made, with what, and how
// they were answered; it is what vpnsql's tests assert pushdown with.
func TestRequests_Log(t *testing.T) {
	clk := newClock()
	e := newEnv(t, Options{Now: clk.Now})
	c := e.client()
	describe(t, c, &ec2.DescribeVpnConnectionsInput{Filters: filters("state", "available,pending", "tag:Env", "prod")})
	_, err := c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: aws.String("vpn-0123456789abcdef0")})
	wantError(t, err, "InvalidVpnConnectionID.NotFound", 400)
	must[*ec2.DescribeVpnGatewaysOutput](t)(e.ec2("eu-west-1", "AKIDTEST").DescribeVpnGateways(ctx, &ec2.DescribeVpnGatewaysInput{}))

	rs := e.sim.Requests()
	if len(rs) != 3 {
		t.Fatalf("%d requests logged", len(rs))
	}
	d := rs[0]
	if d.Action != "DescribeVpnConnections" || d.Region != "us-east-1" || d.Account != DefaultAccount || d.Status != 200 ||
		d.ErrorCode != "" || !d.Time.Equal(clk.Now()) || d.Latency <= 0 || d.Service != "ec2" || d.AccessKey != "AKIDTEST" || d.RequestID == "" {
		t.Errorf("first request %+v", d)
	}
	wantParams := map[string]string{"Filter.1.Name": "state", "Filter.1.Value.1": "available", "Filter.1.Value.2": "pending",
		"Filter.2.Name": "tag:Env", "Filter.2.Value.1": "prod", "Version": "2016-11-15"}
	for k, v := range wantParams {
		if got := d.Params.Get(k); got != v {
			t.Errorf("param %s = %q, want %q", k, got, v)
		}
	}
	if r := rs[1]; r.Action != "DeleteVpnConnection" || r.Status != 400 || r.ErrorCode != "InvalidVpnConnectionID.NotFound" ||
		r.Params.Get("VpnConnectionId") != "vpn-0123456789abcdef0" {
		t.Errorf("second request %+v", r)
	}
	if r := rs[2]; r.Region != "eu-west-1" || r.Action != "DescribeVpnGateways" {
		t.Errorf("third request %+v", r)
	}

	// A copy: changing it does not change the log.
	rs[0].Params.Set("Version", "x")
	if e.sim.Requests()[0].Params.Get("Version") != "2016-11-15" {
		t.Error("Requests returned the log's own memory")
	}

	status, body := adminDo(t, e, "GET", "/_sim/requests?action=DeleteVpnConnection", "")
	var got []RequestJSON
	if err := json.Unmarshal([]byte(body), &got); status != 200 || err != nil || len(got) != 1 || got[0].ErrorCode != "InvalidVpnConnectionID.NotFound" {
		t.Fatalf("GET /_sim/requests: %d %v %s", status, err, body)
	}
	if status, _ := adminDo(t, e, "DELETE", "/_sim/requests", ""); status != 204 || len(e.sim.Requests()) != 0 {
		t.Fatalf("DELETE /_sim/requests: %d, %d left", status, len(e.sim.Requests()))
	}
	e.sim.ResetRequests()
	if len(e.sim.Requests()) != 0 {
		t.Fatal("ResetRequests left entries")
	}
}

func TestRequests_LogSize(t *testing.T) {
	e := newEnv(t, Options{RequestLogSize: 10})
	c := e.client()
	for range 25 {
		describe(t, c, nil)
	}
	if n := len(e.sim.Requests()); n == 0 || n > 10 {
		t.Errorf("%d requests kept, want at most 10", n)
	}
	off := newEnv(t, Options{RequestLogSize: -1})
	describe(t, off.client(), nil)
	if n := len(off.sim.Requests()); n != 0 {
		t.Errorf("%d requests kept with the log off", n)
	}
}
