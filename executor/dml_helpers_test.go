package executor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sdkec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/pgerr"
)

// writeEnv is a session whose tables reach ec2sim
// through the real SDK, with the SDK's standard retryer (fast backoff), as
// a server has it: the write tests assert which calls reached the
// simulator, retries included.
type writeEnv struct {
	t      *testing.T
	sim    *ec2sim.Sim
	eng    *Engine
	s      *Session
	client *sdkec2.Client // for test setup, in us-east-1
	url    string
	audit  *syncBuffer // the audit log, JSON lines
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// auditLines returns the audit records logged so far.
func (w *writeEnv) auditLines() []map[string]any {
	w.audit.mu.Lock()
	defer w.audit.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(w.audit.b.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			w.t.Fatalf("audit line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

type writeEnvOptions struct {
	sim       ec2sim.Options
	accessKey string
}

func newWriteEnv(t *testing.T, opts ...func(*writeEnvOptions)) *writeEnv {
	t.Helper()
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	o := writeEnvOptions{accessKey: "AKIDWRITES"}
	o.sim.Throttle = &ec2sim.ThrottleConfig{Disabled: true}
	o.sim.RandSeed = 7
	for _, f := range opts {
		f(&o)
	}
	sim := ec2sim.New(o.sim)
	if err := sim.Seed(ec2sim.DemoSeed()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { sim.Close(); srv.Close() })
	cfg := aws.Config{
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider(o.accessKey, "secret", ""),
		BaseEndpoint: aws.String(srv.URL),
		Retryer: func() aws.Retryer {
			return retry.NewStandard(func(so *retry.StandardOptions) {
				so.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
				so.RateLimiter = ratelimit.None
			})
		},
	}
	src := &ec2.Source{Accounts: []*ec2.Account{ec2.NewAccount(cfg)}, Regions: demoRegions}
	audit := &syncBuffer{}
	// Every table, as a server has them: the gateways' writes check the
	// foreign keys from vpn_connections.
	eng := &Engine{Catalog: catalog.New(ec2.Tables(src, slog.New(slog.NewJSONHandler(audit, nil)))...)}
	s, err := eng.NewSession(SessionInfo{User: "writer", Database: "aws", ApplicationName: "dml-test"})
	if err != nil {
		t.Fatal(err)
	}
	setupCfg := cfg.Copy()
	setupCfg.Credentials = credentials.NewStaticCredentialsProvider("AKIDSETUP", "secret", "")
	setupCfg.Retryer = func() aws.Retryer { return aws.NopRetryer{} }
	return &writeEnv{t: t, sim: sim, eng: eng, s: s, client: sdkec2.NewFromConfig(setupCfg), url: srv.URL, audit: audit}
}

// exec runs SQL and returns the rows as text; it fails the test on error.
func (w *writeEnv) exec(sql string, params ...any) [][]string {
	w.t.Helper()
	_, rows, err := run(w.t, w.s, sql, params...)
	if err != nil {
		w.t.Fatalf("%s: %v", sql, describeErr(err))
	}
	return rows
}

// fail runs SQL that must fail and returns its error.
func (w *writeEnv) fail(sql string, params ...any) *pgerr.Error {
	w.t.Helper()
	_, _, err := run(w.t, w.s, sql, params...)
	if err == nil {
		w.t.Fatalf("%s: no error", sql)
	}
	return pgerr.From(err)
}

// tag runs one statement and returns its command tag.
func (w *writeEnv) tag(sql string, params ...any) string {
	w.t.Helper()
	stmts, err := w.s.Parse(sql)
	if err != nil {
		w.t.Fatal(err)
	}
	p, err := w.s.Prepare(context.Background(), stmts[0], nil)
	if err != nil {
		w.t.Fatalf("%s: %v", sql, describeErr(err))
	}
	c, err := w.s.Execute(context.Background(), p, params)
	if err != nil {
		w.t.Fatalf("%s: %v", sql, describeErr(err))
	}
	for {
		r, err := c.Next(context.Background())
		if err != nil {
			w.t.Fatal(err)
		}
		if r == nil {
			break
		}
	}
	return c.Tag()
}

func describeErr(err error) string {
	var pe *pgerr.Error
	if errors.As(err, &pe) {
		return string(pe.Code) + " " + pe.Message + " / " + pe.Detail
	}
	return err.Error()
}

// apiCall is one request the simulator logged: action, region and the
// parameters (without Action and Version).
type apiCall struct {
	Action, Region string
	Params         map[string]string
	ErrorCode      string
}

func (c apiCall) String() string {
	keys := make([]string, 0, len(c.Params))
	for k := range c.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(c.Action)
	for _, k := range keys {
		b.WriteString(" " + k + "=" + c.Params[k])
	}
	return b.String()
}

// writes returns the mutating calls vpnsql made (setup calls and reads
// left out) since the last reset, as "Action K=V ..." strings.
func (w *writeEnv) writes() []string {
	var out []string
	for _, c := range w.calls() {
		if strings.HasPrefix(c.Action, "Describe") || c.Action == "GetCallerIdentity" {
			continue
		}
		out = append(out, c.String())
	}
	return out
}

func (w *writeEnv) calls() []apiCall {
	var out []apiCall
	for _, r := range w.sim.Requests() {
		if r.AccessKey == "AKIDSETUP" {
			continue
		}
		c := apiCall{Action: r.Action, Region: r.Region, Params: map[string]string{}, ErrorCode: r.ErrorCode}
		for k, v := range r.Params {
			if k != "Action" && k != "Version" {
				c.Params[k] = strings.Join(v, ",")
			}
		}
		out = append(out, c)
	}
	return out
}

func (w *writeEnv) reset() { w.sim.ResetRequests() }

// gateways creates a fresh customer gateway and virtual private gateway in
// a region, so a new connection between them is really new.
func (w *writeEnv) gateways(region, ip string) (cgw, vgw string) {
	w.t.Helper()
	ctx := context.Background()
	c := w.regionClient(region)
	cg, err := c.CreateCustomerGateway(ctx, &sdkec2.CreateCustomerGatewayInput{
		Type: types.GatewayTypeIpsec1, BgpAsn: aws.Int32(65010), IpAddress: aws.String(ip)})
	if err != nil {
		w.t.Fatal(err)
	}
	v, err := c.CreateVpnGateway(ctx, &sdkec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1})
	if err != nil {
		w.t.Fatal(err)
	}
	return *cg.CustomerGateway.CustomerGatewayId, *v.VpnGateway.VpnGatewayId
}

func (w *writeEnv) regionClient(region string) *sdkec2.Client {
	o := w.client.Options()
	o.Region = region
	return sdkec2.New(o)
}

// transitGateway returns a seeded transit gateway of us-east-1.
func (w *writeEnv) transitGateway() string {
	w.t.Helper()
	out, err := w.client.DescribeTransitGateways(context.Background(), &sdkec2.DescribeTransitGatewaysInput{})
	if err != nil || len(out.TransitGateways) == 0 {
		w.t.Fatalf("no transit gateway: %v", err)
	}
	return *out.TransitGateways[0].TransitGatewayId
}

// describe reads one connection through the SDK.
func (w *writeEnv) describe(region, id string) types.VpnConnection {
	w.t.Helper()
	out, err := w.regionClient(region).DescribeVpnConnections(context.Background(), &sdkec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{id}})
	if err != nil || len(out.VpnConnections) != 1 {
		w.t.Fatalf("describe %s: %v", id, err)
	}
	return out.VpnConnections[0]
}

// oneConnection picks a seeded connection matching a condition.
func (w *writeEnv) oneConnection(where string) (id, region string) {
	w.t.Helper()
	rows := w.exec(`SELECT "vpnConnectionId", region FROM vpn_connections WHERE ` + where + ` ORDER BY 1 LIMIT 1`)
	if len(rows) != 1 {
		w.t.Fatalf("no connection where %s", where)
	}
	return rows[0][0], rows[0][1]
}

func expectCalls(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("API calls:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// ecFault makes every matching call fail with an API error.
func ecFault(action, region, code string, status int) ec2sim.Fault {
	return ec2sim.Fault{Action: action, Region: region, Kind: ec2sim.FaultError, Code: code, Status: status}
}
