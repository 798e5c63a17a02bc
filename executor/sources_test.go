package executor

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/pgerr"
)

// An organisation as ec2sim plays it: three accounts and 16 regions.
// network is a named profile, prod is reached only through AssumeRole
// (with an external id) from network's credentials, dev is a named profile
// limited to two regions of its own.
const (
	acctNetwork = "111111111111"
	acctProd    = "222222222222"
	acctDev     = "333333333333"
	prodRole    = "arn:aws:iam::" + acctProd + ":role/vpnsql-read"
)

var orgRegions = []string{
	"ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
	"ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3",
	"us-east-1", "us-east-2", "us-west-1", "us-west-2",
}

var devRegions = []string{"eu-west-1", "us-west-2"}

// orgRefresh stands for the hourly refresh of "all" and of failed accounts.
const orgRefresh = 300 * time.Millisecond

type orgEnv struct {
	sim  *ec2sim.Sim
	url  string
	src  *ec2.Source
	s    *Session
	eng  *Engine
	opts ec2.ClientOptions
}

// newOrgEnv starts the simulator, writes a shared config file with the
// two profiles, opens the accounts as the config file's aws section would
// and reaches them (Source.Start).
func newOrgEnv(t testing.TB, simOpts ec2sim.Options, specs ...ec2.AccountSpec) *orgEnv {
	t.Helper()
	e, err := startOrgEnv(t, simOpts, nil, specs...)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// startOrgEnv is newOrgEnv with the client options adjusted by client,
// returning Start's error.
func startOrgEnv(t testing.TB, simOpts ec2sim.Options, client func(*ec2.ClientOptions), specs ...ec2.AccountSpec) (*orgEnv, error) {
	t.Helper()
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config")
	os.WriteFile(cfgFile, []byte("[profile network]\naws_access_key_id = AKIDNET\naws_secret_access_key = s1\nregion = us-east-1\n\n"+
		"[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s3\nregion = eu-west-1\n\n"+
		"[profile stranger]\naws_access_key_id = AKIDSTRANGER\naws_secret_access_key = s4\nregion = eu-west-1\n"), 0o600)
	t.Setenv("AWS_CONFIG_FILE", cfgFile)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	for _, k := range []string{"AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	simOpts.Keys = map[string]string{"AKIDNET": acctNetwork, "AKIDDEV": acctDev}
	if simOpts.Roles == nil {
		simOpts.Roles = map[string]string{prodRole: "ext-prod"}
	}
	if simOpts.Throttle == nil {
		simOpts.Throttle = &ec2sim.ThrottleConfig{Disabled: true}
	}
	simOpts.RandSeed = 1
	sim := ec2sim.New(simOpts)
	if err := sim.Seed(ec2sim.SeedConfig{Accounts: []string{acctNetwork, acctProd, acctDev}, Regions: orgRegions,
		PerRegion: 1, PerRegionMax: 2, Seed: 17}); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(func() { sim.Close(); srv.Close() })
	if specs == nil {
		specs = []ec2.AccountSpec{
			{Name: "network", Profile: "network"},
			{Name: "prod", RoleARN: prodRole, ExternalID: "ext-prod", SourceProfile: "network"},
			{Name: "dev", Profile: "dev", Regions: devRegions},
		}
	}
	e := &orgEnv{sim: sim, url: srv.URL, opts: ec2.ClientOptions{
		Load:             []func(*config.LoadOptions) error{config.WithBaseEndpoint(srv.URL)},
		RetryMaxAttempts: 4, RetryMaxBackoff: 50 * time.Millisecond, SessionName: "vpnsql-test",
	}}
	if client != nil {
		client(&e.opts)
	}
	e.src = &ec2.Source{Regions: orgRegions, RefreshEvery: orgRefresh}
	for _, spec := range specs {
		a, err := ec2.OpenAccount(context.Background(), spec, e.opts)
		if err != nil {
			t.Fatal(err)
		}
		e.src.Accounts = append(e.src.Accounts, a)
	}
	eng := &Engine{Catalog: catalog.New(ec2.Tables(e.src, nil)...)}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	if err := e.src.Start(ctx, nil); err != nil {
		return nil, err
	}
	s, err := eng.NewSession(SessionInfo{User: "test", Database: "aws", PID: 101, Params: map[string]string{"vpnsql.cache_ttl": "0"}})
	if err != nil {
		t.Fatal(err)
	}
	e.s, e.eng = s, eng
	sim.ResetRequests()
	return e, nil
}

// calls lists the DescribeVpnConnections requests that reached the
// simulator, as account/region, sorted.
func (e *orgEnv) calls() []string {
	var out []string
	for _, r := range e.sim.Requests() {
		if r.Action == "DescribeVpnConnections" {
			out = append(out, r.Account+"/"+r.Region)
		}
	}
	sort.Strings(out)
	return out
}

func sources(accounts []string, regions []string) []string {
	var out []string
	for _, a := range accounts {
		for _, r := range regions {
			out = append(out, a+"/"+r)
		}
	}
	sort.Strings(out)
	return out
}

// Each query shape calls exactly the accounts and regions its conditions
// allow, each account in its own regions; EXPLAIN names them.
func TestOrg_CallsPerQueryShape(t *testing.T) {
	e := newOrgEnv(t, ec2sim.Options{})
	all := append(sources([]string{acctNetwork, acctProd}, orgRegions), sources([]string{acctDev}, devRegions)...)
	sort.Strings(all)
	cases := []struct {
		name, where string
		want        []string
		explain     string
	}{
		{"every source", ``, all, ""},
		{"one account", `"accountId" = '` + acctProd + `'`, sources([]string{acctProd}, orgRegions), "Sources: prod (222222222222): " + strings.Join(orgRegions, ", ")},
		{"accounts and regions", `"accountId" IN ('` + acctNetwork + `', '` + acctDev + `') AND region IN ('eu-west-1', 'ap-south-1')`,
			[]string{acctNetwork + "/ap-south-1", acctNetwork + "/eu-west-1", acctDev + "/eu-west-1"},
			"Sources: network (111111111111): ap-south-1, eu-west-1; dev (333333333333): eu-west-1"},
		{"one region in every account", `region = 'us-west-2'`, sources([]string{acctNetwork, acctProd, acctDev}, []string{"us-west-2"}), ""},
		{"a region the account does not serve", `"accountId" = '` + acctDev + `' AND region = 'ap-south-1'`, nil, "Sources: none"},
		{"no such account", `"accountId" = '999999999999'`, nil, "Sources: none"},
		{"id lookup in one account", `"accountId" = '` + acctDev + `' AND "vpnConnectionId" = 'vpn-0123456789abcdef0'`, sources([]string{acctDev}, devRegions), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sql := `SELECT "vpnConnectionId" FROM vpn_connections`
			if tc.where != "" {
				sql += " WHERE " + tc.where
			}
			e.sim.ResetRequests()
			_, plan, err := run(t, e.s, "EXPLAIN "+sql)
			if err != nil {
				t.Fatal(err)
			}
			if len(e.sim.Requests()) != 0 {
				t.Errorf("EXPLAIN made %d requests", len(e.sim.Requests()))
			}
			if tc.explain != "" && !slices.ContainsFunc(plan, func(r []string) bool { return strings.TrimSpace(r[0]) == tc.explain }) {
				t.Errorf("EXPLAIN lacks %q:\n%v", tc.explain, plan)
			}
			if _, _, err := run(t, e.s, sql); err != nil {
				t.Fatal(err)
			}
			if got := e.calls(); !slices.Equal(got, tc.want) {
				t.Errorf("calls %v\nwant %v", got, tc.want)
			}
		})
	}
}

// A scan of the organisation's 34 sources has every call in flight at
// once (issue 20, item 4): the bound is per account and region (8) plus a
// total (64), not per account, so 16 regions go in one round. Each call is
// held 500 ms; a second round would start only after the first ended.
func TestOrg_FanOutOneRound(t *testing.T) {
	e := newOrgEnv(t, ec2sim.Options{})
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Kind: ec2sim.FaultLatency, Latency: 500 * time.Millisecond})
	if _, _, err := run(t, e.s, `SELECT count(*) FROM vpn_connections`); err != nil {
		t.Fatal(err)
	}
	reqs := e.sim.Requests()
	if len(reqs) != 34 {
		t.Fatalf("%d calls, want 34", len(reqs))
	}
	if n := maxInFlight(reqs); n != 34 {
		t.Errorf("at most %d of the 34 calls were in flight at once", n)
	}
}

// The rows are those a direct SDK walk of the same sources finds.
func TestOrg_SameAsSDKWalk(t *testing.T) {
	e := newOrgEnv(t, ec2sim.Options{})
	_, rows, err := run(t, e.s, `SELECT "accountId", region, "vpnConnectionId", state FROM vpn_connections ORDER BY 1, 2, 3`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, strings.Join(r, " "))
	}
	base := aws.Config{BaseEndpoint: aws.String(e.url), Retryer: func() aws.Retryer { return aws.NopRetryer{} }}
	net, dev := base, base
	net.Credentials = credentials.NewStaticCredentialsProvider("AKIDNET", "s1", "")
	dev.Credentials = credentials.NewStaticCredentialsProvider("AKIDDEV", "s3", "")
	prod := net
	net.Region = "us-east-1"
	prod.Credentials = aws.NewCredentialsCache(stscreds.NewAssumeRoleProvider(sts.NewFromConfig(net), prodRole,
		func(o *stscreds.AssumeRoleOptions) { o.RoleSessionName = "walk"; o.ExternalID = aws.String("ext-prod") }))
	var want []string
	for _, w := range []struct {
		account string
		cfg     aws.Config
		regions []string
	}{{acctNetwork, net, orgRegions}, {acctProd, prod, orgRegions}, {acctDev, dev, devRegions}} {
		for _, r := range w.regions {
			out, err := awsec2.NewFromConfig(w.cfg, func(o *awsec2.Options) { o.Region = r }).DescribeVpnConnections(context.Background(), &awsec2.DescribeVpnConnectionsInput{})
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range out.VpnConnections {
				want = append(want, fmt.Sprintf("%s %s %s %s", w.account, r, *v.VpnConnectionId, v.State))
			}
		}
	}
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Errorf("vpnsql:\n%v\nSDK walk:\n%v", got, want)
	}
	if len(want) < 34 {
		t.Errorf("only %d connections seeded", len(want))
	}
}

// A failing source fails the statement, naming it in DETAIL; with
// vpnsql.skip_failed_sources the healthy ones answer, with one WARNING per
// failed source; vpnsql.sources shows it failed.
func TestOrg_FailurePolicy(t *testing.T) {
	e := newOrgEnv(t, ec2sim.Options{})
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Account: acctDev, Region: "eu-west-1", Kind: ec2sim.FaultError,
		Code: "UnauthorizedOperation", Message: "You are not authorized to perform this operation."})
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Account: acctProd, Region: "ap-south-1", Kind: ec2sim.FaultError,
		Code: "AuthFailure", Message: "AWS was not able to validate the provided access credentials"})
	_, all, err := run(t, e.s, `SELECT count(*) FROM vpn_connections WHERE region <> 'eu-west-1' OR "accountId" <> '`+acctDev+`'`)
	if err == nil {
		t.Fatalf("a failed source gave %v, want an error", all)
	}
	pe := pgerr.From(err)
	if pe.Code != pgerr.InsufficientPrivilege && pe.Code != pgerr.InvalidAuthorizationSpecification {
		t.Errorf("code %s (%s)", pe.Code, pe.Message)
	}
	if !strings.Contains(pe.Detail, "region: ") || !strings.Contains(pe.Detail, "AWS error code: ") || !strings.Contains(pe.Detail, "request id: ") {
		t.Errorf("DETAIL %q lacks the source, AWS error code or request id", pe.Detail)
	}

	e.s.Notices()
	if _, _, err := run(t, e.s, `SET vpnsql.skip_failed_sources = on`); err != nil {
		t.Fatal(err)
	}
	_, rows, err := run(t, e.s, `SELECT "accountId", region FROM vpn_connections`)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if (r[0] == acctDev && r[1] == "eu-west-1") || (r[0] == acctProd && r[1] == "ap-south-1") {
			t.Errorf("a row of a failed source: %v", r)
		}
	}
	ns := e.s.Notices()
	var warnings []Notice
	for _, n := range ns {
		if n.Severity == pgerr.SeverityWarning {
			warnings = append(warnings, n)
		}
	}
	if len(warnings) != 2 {
		t.Fatalf("%d warnings, want one per failed source: %+v", len(warnings), ns)
	}
	sort.Slice(warnings, func(i, j int) bool { return warnings[i].Message < warnings[j].Message })
	for i, w := range []struct{ source, code string }{{"dev (333333333333) eu-west-1", "UnauthorizedOperation"}, {"prod (222222222222) ap-south-1", "AuthFailure"}} {
		n := warnings[i]
		if !strings.Contains(n.Message, w.source) || !strings.Contains(n.Detail, "AWS error code: "+w.code) || !strings.Contains(n.Detail, "request id: ") {
			t.Errorf("warning %d: %q / %q; want %s and %s", i, n.Message, n.Detail, w.source, w.code)
		}
	}
	// The healthy sources' rows are all there: the same as asking them
	// without the failed ones.
	if _, _, err := run(t, e.s, `SET vpnsql.skip_failed_sources = off`); err != nil {
		t.Fatal(err)
	}
	e.sim.SetFaults(nil)
	_, every, err := run(t, e.s, `SELECT "accountId", region FROM vpn_connections WHERE NOT ((region = 'eu-west-1' AND "accountId" = '`+acctDev+`') OR (region = 'ap-south-1' AND "accountId" = '`+acctProd+`'))`)
	if err != nil {
		t.Fatal(err)
	}
	if len(every) != len(rows) {
		t.Errorf("skipping gave %d rows, the healthy sources hold %d", len(rows), len(every))
	}

	_, src, err := run(t, e.s, `SELECT account, region, state, "lastError" FROM vpnsql.sources WHERE state = 'failed' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	if len(src) != 0 {
		t.Errorf("after the faults were removed and every source answered, failed sources: %v", src)
	}
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Account: acctDev, Region: "eu-west-1", Kind: ec2sim.FaultError, Code: "UnauthorizedOperation"})
	run(t, e.s, `SELECT 1 FROM vpn_connections WHERE "accountId" = '`+acctDev+`'`)
	_, src, err = run(t, e.s, `SELECT account, "accountId", region, state, "lastError" FROM vpnsql.sources WHERE state <> 'ok' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	if len(src) != 1 || src[0][0] != "dev" || src[0][1] != acctDev || src[0][2] != "eu-west-1" || src[0][3] != "failed" ||
		!strings.Contains(src[0][4], "UnauthorizedOperation") {
		t.Errorf("vpnsql.sources: %v", src)
	}
}

// Under EC2 throttling a statement waits and retries (adaptive mode): it
// finishes with every row and no RequestLimitExceeded surfacing, and
// vpnsql.sources counts the throttling. When the retries run out it fails
// with 53400 naming the account, region and action.
func TestOrg_Throttling(t *testing.T) {
	e, err := startOrgEnv(t, ec2sim.Options{}, func(o *ec2.ClientOptions) { o.RetryMaxAttempts = 10 })
	if err != nil {
		t.Fatal(err)
	}
	// The first 40 requests are throttled, as when other tools have
	// emptied the account's buckets.
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Kind: ec2sim.FaultError, Code: "RequestLimitExceeded", Count: 40})
	start := time.Now()
	_, rows, err := run(t, e.s, `SELECT count(*) FROM vpn_connections`)
	if err != nil {
		t.Fatalf("throttled statement: %v", err)
	}
	t.Logf("throttled statement took %v", time.Since(start))
	throttled := 0
	for _, r := range e.sim.Requests() {
		if r.ErrorCode == "RequestLimitExceeded" {
			throttled++
		}
	}
	if throttled == 0 {
		t.Fatal("the simulator throttled nothing: the test tests nothing")
	}
	_, again, err := run(t, e.s, `SELECT count(*) FROM vpn_connections`)
	if err != nil || again[0][0] != rows[0][0] {
		t.Errorf("throttled count %v, unthrottled %v (%v)", rows, again, err)
	}
	_, ev, err := run(t, e.s, `SELECT sum("throttlingEvents") FROM vpnsql.sources`)
	if err != nil || ev[0][0] != fmt.Sprint(throttled) {
		t.Errorf("vpnsql.sources counts %v throttling events, the simulator answered %d (%v)", ev, throttled, err)
	}

}

// Throttling that outlasts the retries fails the statement with 53400
// naming the account, region and action; never a partial answer. (Standard
// mode: adaptive mode would wait seconds between the attempts.)
func TestOrg_ThrottlingExhaustsRetries(t *testing.T) {
	e, err := startOrgEnv(t, ec2sim.Options{}, func(o *ec2.ClientOptions) { o.RetryMaxAttempts, o.RetryMode = 3, aws.RetryModeStandard })
	if err != nil {
		t.Fatal(err)
	}
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Account: acctDev, Region: "us-west-2", Kind: ec2sim.FaultError, Code: "RequestLimitExceeded"})
	_, rows, err := run(t, e.s, `SELECT count(*) FROM vpn_connections WHERE region = 'us-west-2'`)
	pe := pgerr.From(err)
	if err == nil || pe.Code != pgerr.ConfigurationLimitExceeded ||
		pe.Message != "EC2 throttled DescribeVpnConnections in account dev (333333333333), region us-west-2 after 3 attempts" ||
		!strings.HasPrefix(pe.Detail, "account: dev (333333333333), region: us-west-2, AWS error code: RequestLimitExceeded, request id: ") {
		t.Errorf("retries exhausted: %v %v %q %q", rows, pe.Code, pe.Message, pe.Detail)
	}
	attempts := 0
	for _, r := range e.sim.Requests() {
		if r.Account == acctDev && r.Region == "us-west-2" {
			attempts++
		}
	}
	if attempts != 3 {
		t.Errorf("%d attempts reached the simulator, want 3", attempts)
	}
}

// Cancelling a statement cancels its HTTP requests: the simulator sees
// the client go away from a held request, and no goroutine is left.
func TestOrg_CancelReachesHTTP(t *testing.T) {
	e := newOrgEnv(t, ec2sim.Options{})
	// The connections to the simulator are open before the baseline.
	if _, _, err := run(t, e.s, `SELECT count(*) FROM vpn_connections`); err != nil {
		t.Fatal(err)
	}
	base := scanGoroutines()
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Account: acctProd, Region: "eu-north-1", Kind: ec2sim.FaultHang})
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	p, err := e.s.Prepare(ctx, mustParse(t, e.s, `SELECT count(*) FROM vpn_connections`), nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.s.Execute(ctx, p, nil)
	if err == nil {
		_, err = c.Next(ctx)
		c.Close()
	}
	if pe := pgerr.From(err); err == nil || pe.Code != pgerr.QueryCanceled {
		t.Fatalf("cancelled statement: %v", err)
	}
	var held *ec2sim.Request
	deadline := time.Now().Add(5 * time.Second)
	for held == nil && time.Now().Before(deadline) {
		for _, r := range e.sim.Requests() {
			if r.Fault == "hang" {
				held = &r
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if held == nil || held.Status != 0 || held.Latency > 5*time.Second {
		t.Fatalf("the held request was not aborted by the client: %+v", held)
	}
	for time.Now().Before(deadline) && scanGoroutines() > base {
		time.Sleep(10 * time.Millisecond)
	}
	if n := scanGoroutines(); n > base {
		t.Errorf("%d scan goroutines after the cancel, %d before", n, base)
	}
}

// scanGoroutines counts the goroutines of vpnsql's own scans and calls
// (stacks in catalog/ec2 or the executor), leaving out the HTTP client's
// idle connections and the tests running in parallel with this one.
func scanGoroutines() int {
	buf := make([]byte, 1<<22)
	buf = buf[:runtime.Stack(buf, true)]
	n := 0
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "vpnsql/catalog/ec2.") || strings.Contains(g, "vpnsql/executor/exec.") {
			n++
		}
	}
	return n
}

func mustParse(t *testing.T, s *Session, sql string) *Statement {
	t.Helper()
	stmts, err := s.Parse(sql)
	if err != nil || len(stmts) != 1 {
		t.Fatalf("parse %q: %v", sql, err)
	}
	return stmts[0]
}

// At start-up every account is tried: a role that cannot be assumed leaves
// its account failed (vpnsql.sources, and statements that need it fail)
// while the others serve; when no account can be reached, Start says why
// for each.
func TestOrg_StartUp(t *testing.T) {
	// The role's external id is wrong: prod cannot be reached.
	specs := []ec2.AccountSpec{
		{Name: "network", Profile: "network"},
		{Name: "prod", RoleARN: prodRole, ExternalID: "wrong", SourceProfile: "network"},
	}
	e := newOrgEnv(t, ec2sim.Options{}, specs...)
	_, src, err := run(t, e.s, `SELECT account, "accountId", coalesce(region, '-'), state, "lastError" FROM vpnsql.sources WHERE state = 'failed'`)
	if err != nil {
		t.Fatal(err)
	}
	if len(src) != 1 || src[0][0] != "prod" || src[0][1] != acctProd || src[0][2] != "-" || !strings.Contains(src[0][4], "AccessDenied") {
		t.Errorf("vpnsql.sources failed rows: %v", src)
	}
	_, _, err = run(t, e.s, `SELECT count(*) FROM vpn_connections`)
	if pe := pgerr.From(err); err == nil || !strings.Contains(pe.Detail, "account: prod (222222222222)") || !strings.Contains(pe.Detail, "AccessDenied") {
		t.Errorf("a statement needing the failed account: %v / %q", err, pe.Detail)
	}
	if _, rows, err := run(t, e.s, `SELECT count(*) FROM vpn_connections WHERE "accountId" = '`+acctNetwork+`'`); err != nil || rows[0][0] == "0" {
		t.Errorf("the reachable account: %v %v", rows, err)
	}

	_, err = startOrgEnv(t, ec2sim.Options{}, nil,
		ec2.AccountSpec{Name: "prod", RoleARN: prodRole, SourceProfile: "network"},
		ec2.AccountSpec{Name: "stranger", Profile: "stranger"})
	if err == nil {
		t.Fatal("Start with no reachable account succeeded")
	}
	for _, want := range []string{"account prod (222222222222): assuming the role", "AccessDenied", "account stranger: sts GetCallerIdentity", "InvalidClientTokenId"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Start's error lacks %q:\n%v", want, err)
		}
	}
}

// While a fan-out runs, vpnsql.progress shows its sources done out of the
// total and the rows so far, and the engine reports the session waiting
// on AWS (pg_stat_activity's IO / AwsApi); vpnsql.progress_notices sends
// a NOTICE per finished source.
func TestOrg_Progress(t *testing.T) {
	e := newOrgEnv(t, ec2sim.Options{})
	// One source is slow for longer than the test looks: the statement is
	// cancelled once its progress has been seen.
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Account: acctProd, Region: "eu-north-1", Kind: ec2sim.FaultLatency, Latency: time.Minute})
	other, err := e.eng.NewSession(SessionInfo{User: "test", Database: "aws", PID: 102})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- drain(ctx, e.s, `SELECT count(*) FROM vpn_connections`) }()
	var seen []string
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		_, rows, err := run(t, other, `SELECT pid, "sourcesDone", "sourcesTotal", rows > 0 FROM vpnsql.progress WHERE pid = 101`)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 1 {
			seen = rows[0]
			if rows[0][1] == "33" {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if want := []string{"101", "33", "34", "t"}; !slices.Equal(seen, want) {
		t.Errorf("vpnsql.progress while one source is slow: %v, want %v", seen, want)
	}
	if !e.eng.AWSWaits()[101] {
		t.Error("the session waiting on the slow source is not reported waiting on AWS")
	}
	cancel()
	if err := <-done; pgerr.From(err).Code != pgerr.QueryCanceled {
		t.Fatalf("cancelled statement: %v", err)
	}
	if e.eng.AWSWaits()[101] {
		t.Error("still waiting on AWS after the statement")
	}

	e.sim.SetFaults(nil)
	e.s.Notices()
	if _, _, err := run(t, e.s, `SET vpnsql.progress_notices = on`); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, e.s, `SELECT count(*) FROM vpn_connections WHERE region = 'us-west-2'`); err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, n := range e.s.Notices() {
		msgs = append(msgs, n.Severity+" "+n.Message)
	}
	if len(msgs) != 3 || !strings.HasPrefix(msgs[0], "NOTICE source ") || !strings.HasSuffix(msgs[2], "(3 of 3 sources)") {
		t.Errorf("progress notices: %q", msgs)
	}
	if _, _, err := run(t, e.s, `SET vpnsql.progress_notices = maybe`); pgerr.From(err).Code != pgerr.InvalidParameterValue {
		t.Errorf("a non-Boolean value: %v", err)
	}
}

// The read cache: entries keyed by account, region, action and
// parameters, listed in vpnsql.cache, bounded in bytes with the least
// recently used evicted, emptied by vpnsql.cache_clear()
// (TestOrg_CacheCoalescesColdQueries: many sessions at once).
func TestOrg_Cache(t *testing.T) {
	e := newOrgEnv(t, ec2sim.Options{})
	e.src.CacheSize = 60000 // a few entries
	if _, _, err := run(t, e.s, `SET vpnsql.cache_ttl = '1min'`); err != nil {
		t.Fatal(err)
	}
	q := func(sql string) [][]string {
		t.Helper()
		_, rows, err := run(t, e.s, sql)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	q(`SELECT count(*) FROM vpn_connections WHERE region = 'us-west-2'`)
	if n := len(e.calls()); n != 3 {
		t.Fatalf("%d calls, want 3", n)
	}
	q(`SELECT count(*) FROM vpn_connections WHERE region = 'us-west-2'`)
	if n := len(e.calls()); n != 3 {
		t.Errorf("a repeated query made %d more calls", n-3)
	}
	rows := q(`SELECT "accountId", region, action, parameters, rows > 0, bytes > 0, age < interval '1 minute' FROM vpnsql.cache ORDER BY 1`)
	if len(rows) != 3 || !slices.Equal(rows[0], []string{acctNetwork, "us-west-2", "DescribeVpnConnections", "NULL", "t", "t", "t"}) {
		t.Errorf("vpnsql.cache: %v", rows)
	}
	// Fill past the bound: the oldest entries go, the total stays under it.
	for _, r := range orgRegions[:8] {
		q(`SELECT count(*) FROM vpn_connections WHERE region = '` + r + `'`)
	}
	total := q(`SELECT count(*), coalesce(sum(bytes), 0) FROM vpnsql.cache`)
	if n := total[0][0]; n == "0" || n == "27" {
		t.Errorf("%s entries after filling past the bound", n)
	}
	var bytes int
	fmt.Sscan(total[0][1], &bytes)
	if bytes > 60000 {
		t.Errorf("the cache holds %d bytes, bound 60000", bytes)
	}
	if got := q(`SELECT count(*) FROM vpnsql.cache WHERE region = 'us-west-2'`); got[0][0] != "0" {
		t.Errorf("the least recently used entries were not evicted: %v", got)
	}
	if got := q(`SELECT vpnsql.cache_clear()`); got[0][0] != total[0][0] {
		t.Errorf("cache_clear() = %v, the cache held %v", got, total[0][0])
	}
	if got := q(`SELECT count(*) FROM vpnsql.cache`); got[0][0] != "0" {
		t.Errorf("%v entries after cache_clear()", got)
	}
}

// 200 sessions (dashboards) ask the same cold question at once: the
// cache coalesces them into one call per source (the three accounts in the
// region), and each is answered within about one call's time. The time is
// reported, not asserted: the ratio of the slowest answer to a lone cold
// query's, which should stay under 2.
func TestOrg_CacheCoalescesColdQueries(t *testing.T) {
	const sessions = 200
	const latency = 200 * time.Millisecond
	e := newOrgEnv(t, ec2sim.Options{})
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Kind: ec2sim.FaultLatency, Latency: latency})
	open := func(pid int32) *Session {
		s, err := e.eng.NewSession(SessionInfo{User: "dash", Database: "aws", PID: pid, Params: map[string]string{"vpnsql.cache_ttl": "1min"}})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// One call's time, as a statement sees it: a lone cold query.
	start := time.Now()
	if _, _, err := run(t, open(199), `SELECT count(*) FROM vpn_connections WHERE region = 'eu-west-2'`); err != nil {
		t.Fatal(err)
	}
	lone := time.Since(start)
	e.sim.ResetRequests()

	ss := make([]*Session, sessions)
	for i := range ss {
		ss[i] = open(int32(200 + i))
	}
	type answer struct {
		took time.Duration
		rows [][]string
		err  error
	}
	answers := make(chan answer, sessions)
	gate := make(chan struct{})
	for _, s := range ss {
		go func() {
			<-gate
			start := time.Now()
			_, rows, err := run(t, s, `SELECT count(*) FROM vpn_connections WHERE region = 'eu-west-1'`)
			answers <- answer{time.Since(start), rows, err}
		}()
	}
	close(gate)
	var took []time.Duration
	var first [][]string
	for range sessions {
		a := <-answers
		if a.err != nil {
			t.Fatal(a.err)
		}
		if first == nil {
			first = a.rows
		} else if !slices.EqualFunc(a.rows, first, slices.Equal) {
			t.Errorf("answers differ: %v and %v", a.rows, first)
		}
		took = append(took, a.took)
	}
	if got, want := e.calls(), sources([]string{acctNetwork, acctProd, acctDev}, []string{"eu-west-1"}); !slices.Equal(got, want) {
		t.Errorf("%d concurrent identical queries made the calls %v, want one per source %v", sessions, got, want)
	}
	slices.Sort(took)
	t.Logf("%d concurrent cold queries: median %v, slowest %v; a lone cold query %v (injected latency %v); slowest/lone = %.2f",
		sessions, took[len(took)/2].Round(time.Millisecond), took[len(took)-1].Round(time.Millisecond),
		lone.Round(time.Millisecond), latency, float64(took[len(took)-1])/float64(lone))
}

// regions "all" is the regions enabled for the account: DescribeRegions,
// opt-in honoured (an opted-in region is called, one not opted in is not).
func TestOrg_RegionsAll(t *testing.T) {
	// The 17 regions of a new account and one opted in.
	enabled := append([]string{"af-south-1", "sa-east-1"}, orgRegions...)
	e := newOrgEnv(t, ec2sim.Options{Regions: enabled}, ec2.AccountSpec{Name: "network", Profile: "network", Regions: []string{"all"}})
	if _, _, err := run(t, e.s, `SELECT count(*) FROM vpn_connections`); err != nil {
		t.Fatal(err)
	}
	want := sources([]string{acctNetwork}, enabled)
	if got := e.calls(); !slices.Equal(got, want) {
		t.Errorf("calls %v\nwant %v", got, want)
	}
	_, rows, err := run(t, e.s, `SELECT count(*) FROM vpnsql.sources WHERE region = 'af-south-1' AND state = 'ok'`)
	if err != nil || rows[0][0] != "1" {
		t.Errorf("vpnsql.sources for the opted-in region: %v %v", rows, err)
	}
}

// A failed account is tried again with the refresh: once its role can be
// assumed it serves.
func TestOrg_FailedAccountRetried(t *testing.T) {
	e, err := startOrgEnv(t, ec2sim.Options{Faults: []ec2sim.Fault{{Action: "AssumeRole", Kind: ec2sim.FaultError, Code: "AccessDenied", Status: 403, Count: 1}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = run(t, e.s, `SELECT count(*) FROM vpn_connections WHERE "accountId" = '`+acctProd+`'`)
	if pe := pgerr.From(err); err == nil || !strings.Contains(pe.Detail, "AccessDenied") {
		t.Fatalf("before the refresh: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, rows, err := run(t, e.s, `SELECT count(*) FROM vpn_connections WHERE "accountId" = '`+acctProd+`'`)
		if err == nil && rows[0][0] != "0" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the refresh: %v %v", rows, err)
		}
		time.Sleep(orgRefresh / 2)
	}
}

// BenchmarkOrg_FullScan reads every source of the organisation (34
// account and region pairs) through the SDK, cache off.
func BenchmarkOrg_FullScan(b *testing.B) {
	e := newOrgEnv(b, ec2sim.Options{})
	for b.Loop() {
		if err := drain(context.Background(), e.s, `SELECT count(*) FROM vpn_connections`); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOrg_CancelLatency (issue 20, item 1.10) is the time from a
// statement's cancel, while one of its sources is slow (its call held by
// the simulator), to the error reaching the caller (cancel-to-error-ms)
// and to the simulator seeing the HTTP request aborted
// (cancel-to-abort-ms), medians of the iterations. The other 33 sources
// have answered by then.
func BenchmarkOrg_CancelLatency(b *testing.B) {
	aborted := make(chan time.Time, 1)
	e := newOrgEnv(b, ec2sim.Options{OnRequest: func(r ec2sim.Request) {
		if r.Fault == "hang" {
			aborted <- time.Now()
		}
	}})
	e.sim.AddFault(ec2sim.Fault{Action: "DescribeVpnConnections", Account: acctProd, Region: "eu-north-1", Kind: ec2sim.FaultHang})
	var toError, toAbort []time.Duration
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- drain(ctx, e.s, `SELECT count(*) FROM vpn_connections`) }()
		// The other sources answer well within this; the slow one is
		// held (the simulator logs a request only when it ends).
		time.Sleep(100 * time.Millisecond)
		start := time.Now()
		cancel()
		err := <-done
		toError = append(toError, time.Since(start))
		if pgerr.From(err).Code != pgerr.QueryCanceled {
			b.Fatalf("cancelled statement: %v", err)
		}
		select {
		case at := <-aborted:
			toAbort = append(toAbort, at.Sub(start))
		case <-time.After(10 * time.Second):
			b.Fatal("the simulator did not see the slow request aborted")
		}
		e.sim.ResetRequests()
	}
	b.ReportMetric(float64(p50(toError))/float64(time.Millisecond), "cancel-to-error-ms")
	b.ReportMetric(float64(p50(toAbort))/float64(time.Millisecond), "cancel-to-abort-ms")
}

// drain runs a statement to its end.
func drain(ctx context.Context, s *Session, sql string) error {
	stmts, err := s.Parse(sql)
	if err != nil {
		return err
	}
	p, err := s.Prepare(ctx, stmts[0], nil)
	if err != nil {
		return err
	}
	c, err := s.Execute(ctx, p, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	for {
		r, err := c.Next(ctx)
		if err != nil || r == nil {
			return err
		}
	}
}
