package integration

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// The same writes from psql, pgJDBC (server-prepared statements) and
// psycopg2 against `vpnsql serve` talking to `vpnsql sim` through the SDK's
// standard configuration; the simulator's request log shows exactly which
// API calls each statement made.

// writesServer is a vpnsql serve against its own simulator.
type writesServer struct {
	pgURL, simURL string
	stderr        *lockedBuffer
}

func startWrites(t *testing.T, extra ...string) writesServer {
	t.Helper()
	simURL := start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0")
	env := simEnv(simURL)
	args := append([]string{"serve", "--listen", "127.0.0.1:0", "--regions", "us-east-1,eu-west-1,ap-southeast-2"}, extra...)
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &lockedBuffer{}
	cmd.Stderr = stderr
	registerLog(strings.Join(args, " "), stderr)
	out, _ := scannedStdout(strings.Join(args, " "), stdout)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("serve stderr:\n%s", stderr.String())
		}
	})
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := serveReady.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case u := <-found:
		return writesServer{pgURL: u, simURL: simURL, stderr: stderr}
	case <-time.After(60 * time.Second):
		t.Fatalf("vpnsql serve did not become ready:\n%s", stderr.String())
	}
	return writesServer{}
}

// gateways creates a customer gateway and a VGW in us-east-1 directly in
// the simulator, so that a connection between them is new.
func (w writesServer) gateways(t *testing.T, ip string) (string, string) {
	t.Helper()
	c := ec2.New(ec2.Options{Region: "us-east-1", BaseEndpoint: aws.String(w.simURL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDSETUP", "secret", ""), Retryer: aws.NopRetryer{}})
	ctx := testContext(t)
	cg, err := c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, BgpAsn: aws.Int32(65020), IpAddress: aws.String(ip)})
	if err != nil {
		t.Fatal(err)
	}
	vg, err := c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1})
	if err != nil {
		t.Fatal(err)
	}
	return *cg.CustomerGateway.CustomerGatewayId, *vg.VpnGateway.VpnGatewayId
}

var writeActions = map[string]bool{"CreateVpnConnection": true, "DeleteVpnConnection": true, "ModifyVpnConnection": true,
	"ModifyVpnConnectionOptions": true, "ModifyVpnTunnelOptions": true, "CreateVpnConnectionRoute": true,
	"DeleteVpnConnectionRoute": true, "CreateTags": true, "DeleteTags": true}

// writes returns the VPN-connection write calls the simulator logged
// since the last clear, as "Action K=V ..." (parameters sorted).
func (w writesServer) writes(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range w.requests(t) {
		if !writeActions[r.Action] {
			continue
		}
		keys := make([]string, 0, len(r.Params))
		for k := range r.Params {
			if k != "Action" && k != "Version" {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		s := r.Action
		for _, k := range keys {
			s += " " + k + "=" + strings.Join(r.Params[k], ",")
		}
		out = append(out, s)
	}
	return out
}

type loggedRequest struct {
	Action    string     `json:"action"`
	Account   string     `json:"account"`
	Service   string     `json:"service"`
	Params    url.Values `json:"params"`
	RequestID string     `json:"requestId"`
}

func (w writesServer) requests(t *testing.T) []loggedRequest {
	t.Helper()
	resp, err := http.Get(w.simURL + "/_sim/requests")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var reqs []loggedRequest
	if err := json.NewDecoder(resp.Body).Decode(&reqs); err != nil {
		t.Fatal(err)
	}
	return reqs
}

func expectWrites(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("API calls:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// psqlResult runs psql and returns its output and whether it failed.
func psqlResult(t *testing.T, pgURL string, args ...string) (string, error) {
	t.Helper()
	bin := requireTool(t, "psql")
	full := append([]string{pgURL, "-X", "-A", "-F", "|", "-v", "ON_ERROR_STOP=1"}, args...)
	cmd := exec.Command(bin, full...)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10", "PGAPPNAME=writes-test")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestWritesFromPsql(t *testing.T) {
	t.Parallel()
	w := startWrites(t)
	cgw, vgw := w.gateways(t, "198.51.100.200")
	clearSimRequests(t, w.simURL)

	out := psql(t, w.pgURL, "-c", `INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId", tags, options)
		VALUES ('`+cgw+`', 'ipsec.1', '`+vgw+`', '{"Name": "from-psql"}', '{"staticRoutesOnly": true, "tunnelOptionSet": [{"preSharedKey": "psql_s3cret_key"}]}')
		RETURNING "vpnConnectionId", state, tags->>'Name'`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || lines[0] != "vpnConnectionId|state|?column?" || !strings.HasSuffix(lines[1], "|available|from-psql") ||
		lines[2] != "(1 row)" || lines[3] != "INSERT 0 1" {
		t.Fatalf("psql output:\n%s", out)
	}
	id := strings.Split(lines[1], "|")[0]
	expectWrites(t, w.writes(t), "CreateVpnConnection CustomerGatewayId="+cgw+" Options.StaticRoutesOnly=true Options.TunnelOptions.1.PreSharedKey=psql_s3cret_key"+
		" TagSpecification.1.ResourceType=vpn-connection TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=from-psql Type=ipsec.1 VpnGatewayId="+vgw)

	clearSimRequests(t, w.simURL)
	out = psql(t, w.pgURL, "-c", `UPDATE vpn_connections SET tags = '{"Name": "renamed"}', routes = '["10.44.0.0/16"]',
		options = options || '{"localIpv4NetworkCidr": "10.1.0.0/16"}' WHERE "vpnConnectionId" = '`+id+`'`)
	if strings.TrimSpace(out) != "UPDATE 1" {
		t.Errorf("psql output %q", out)
	}
	expectWrites(t, w.writes(t), "CreateTags ResourceId.1="+id+" Tag.1.Key=Name Tag.1.Value=renamed",
		"CreateVpnConnectionRoute DestinationCidrBlock=10.44.0.0/16 VpnConnectionId="+id,
		"ModifyVpnConnectionOptions LocalIpv4NetworkCidr=10.1.0.0/16 VpnConnectionId="+id)

	// The safety rules, as psql shows them.
	clearSimRequests(t, w.simURL)
	out, err := psqlResult(t, w.pgURL, "-c", "BEGIN", "-c", `DELETE FROM vpn_connections WHERE "vpnConnectionId" = '`+id+`'`)
	if err == nil || !strings.Contains(out, "ERROR:  cannot execute DELETE inside a transaction block") ||
		!strings.Contains(out, "HINT:  Run it outside BEGIN ... COMMIT") {
		t.Errorf("DELETE in a transaction block: %v\n%s", err, out)
	}
	out, err = psqlResult(t, w.pgURL, "-c", `DELETE FROM vpn_connections`)
	if err == nil || !strings.Contains(out, "ERROR:  DELETE requires a WHERE clause") {
		t.Errorf("DELETE without WHERE: %v\n%s", err, out)
	}
	out = psql(t, w.pgURL, "-c", "SET vpnsql.dry_run = on", "-c", `DELETE FROM vpn_connections WHERE "vpnConnectionId" = '`+id+`'`)
	if !strings.Contains(out, "NOTICE:  dry run: "+id+": DeleteVpnConnection would succeed") || !strings.Contains(out, "DELETE 0") {
		t.Errorf("dry run:\n%s", out)
	}
	expectWrites(t, w.writes(t), "DeleteVpnConnection DryRun=true VpnConnectionId="+id)

	clearSimRequests(t, w.simURL)
	out = psql(t, w.pgURL, "-c", `DELETE FROM vpn_connections WHERE "vpnConnectionId" = '`+id+`' RETURNING state`)
	if !strings.Contains(out, "available\n(1 row)\nDELETE 1") {
		t.Errorf("DELETE output:\n%s", out)
	}
	expectWrites(t, w.writes(t), "DeleteVpnConnection VpnConnectionId="+id)

	// vpnsql.api_calls and the audit log name the same calls and request
	// ids as the simulator, without the pre-shared key.
	var simDelete string
	for _, r := range w.requests(t) {
		if r.Action == "DeleteVpnConnection" {
			simDelete = r.RequestID
		}
	}
	out = psql(t, w.pgURL, "-t", "-c", `SELECT "requestId", "applicationName", result FROM vpnsql.api_calls WHERE action = 'DeleteVpnConnection' AND NOT parameters ? 'DryRun'`)
	if strings.TrimSpace(out) != simDelete+"|psql|ok" {
		t.Errorf("api_calls: %q, want request id %s", out, simDelete)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(w.stderr.String(), "request_id="+simDelete) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	log := w.stderr.String()
	if !strings.Contains(log, "msg=audit") || !strings.Contains(log, "action=DeleteVpnConnection") || !strings.Contains(log, "request_id="+simDelete) {
		t.Errorf("no audit line for DeleteVpnConnection in:\n%s", log)
	}
	if strings.Contains(log, "psql_s3cret_key") || strings.Contains(out, "psql_s3cret_key") {
		t.Error("the pre-shared key reached the log")
	}
}

func TestWritesFromJDBC(t *testing.T) {
	t.Parallel()
	java, classpath := compileJDBC(t, "testdata/writes/Writes.java")
	w := startWrites(t)
	cgw, vgw := w.gateways(t, "198.51.100.201")
	clearSimRequests(t, w.simURL)

	u, _ := url.Parse(w.pgURL)
	jdbcURL := fmt.Sprintf("jdbc:postgresql://%s%s?user=jdbc&prepareThreshold=1&ApplicationName=writes-jdbc", u.Host, u.Path)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, java, "-cp", classpath, "Writes", jdbcURL, cgw, vgw).CombinedOutput()
	if err != nil {
		t.Fatalf("java: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, _ := strings.Cut(l, " ")
		got[k] += v + ";"
	}
	fields := strings.Fields(strings.TrimSuffix(got["inserted"], ";"))
	if len(fields) != 3 || fields[1] != "available" || fields[2] != "from-jdbc" {
		t.Fatalf("output:\n%s", out)
	}
	id := fields[0]
	if got["updated"] != "1;1;" || got["refused"] != "21000;" || got["in-transaction"] != "25001;" || got["deleted"] != "1;" {
		t.Errorf("output:\n%s", out)
	}
	expectWrites(t, w.writes(t),
		"CreateVpnConnection CustomerGatewayId="+cgw+" Options.StaticRoutesOnly=true TagSpecification.1.ResourceType=vpn-connection"+
			" TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=from-jdbc Type=ipsec.1 VpnGatewayId="+vgw,
		"CreateTags ResourceId.1="+id+" Tag.1.Key=Step Tag.1.Value=one",
		"CreateVpnConnectionRoute DestinationCidrBlock=10.42.0.0/16 VpnConnectionId="+id,
		"CreateTags ResourceId.1="+id+" Tag.1.Key=Step Tag.1.Value=two",
		"DeleteVpnConnection VpnConnectionId="+id)
}

func TestWritesFromPsycopg2(t *testing.T) {
	t.Parallel()
	// Debian's python3-psycopg2 installs for the system interpreter, which
	// may not be the python3 first on PATH.
	python := "/usr/bin/python3"
	if out, err := exec.Command(python, "-c", "import psycopg2").CombinedOutput(); err != nil {
		t.Fatalf("psycopg2 is not installed for %s (%v: %s); make test installs python3-psycopg2 (scripts/test-deps.sh)", python, err, out)
	}
	w := startWrites(t)
	cgw, vgw := w.gateways(t, "198.51.100.202")
	clearSimRequests(t, w.simURL)
	u, _ := url.Parse(w.pgURL)
	dsn := fmt.Sprintf("host=%s port=%s dbname=aws user=psycopg application_name=writes-psycopg2", u.Hostname(), u.Port())
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "testdata/writes/writes.py", dsn, cgw, vgw).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, _ := strings.Cut(l, " ")
		got[k] = v
	}
	fields := strings.Fields(got["inserted"])
	if len(fields) != 4 || fields[1] != "available" || fields[2] != "from-psycopg2" || fields[3] != "1" {
		t.Fatalf("output:\n%s", out)
	}
	id := fields[0]
	if got["in-transaction"] != "25001" || got["updated"] != "1 test" || got["refused"] != "0A000" || got["deleted"] != "1" {
		t.Errorf("output:\n%s", out)
	}
	expectWrites(t, w.writes(t),
		"CreateVpnConnection CustomerGatewayId="+cgw+" Options.TunnelOptions.1.DPDTimeoutSeconds=40 TagSpecification.1.ResourceType=vpn-connection"+
			" TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=from-psycopg2 Type=ipsec.1 VpnGatewayId="+vgw,
		"CreateTags ResourceId.1="+id+" Tag.1.Key=Env Tag.1.Value=test",
		"DeleteVpnConnection VpnConnectionId="+id)
}

func TestWritesReadOnlyServer(t *testing.T) {
	t.Parallel()
	w := startWrites(t, "--read-only")
	clearSimRequests(t, w.simURL)
	for _, sql := range []string{
		`INSERT INTO vpn_connections ("customerGatewayId", type, "vpnGatewayId") VALUES ('cgw-0123456789abcdef0', 'ipsec.1', 'vgw-0123456789abcdef0')`,
		`UPDATE vpn_connections SET tags = '{}' WHERE "vpnConnectionId" = 'vpn-0123456789abcdef0'`,
		`DELETE FROM vpn_connections WHERE "vpnConnectionId" = 'vpn-0123456789abcdef0'`,
	} {
		verb := strings.Fields(sql)[0]
		out, err := psqlResult(t, w.pgURL, "-v", "VERBOSITY=verbose", "-c", sql)
		if err == nil || !strings.Contains(out, "ERROR:  25006: cannot execute "+verb+" in a read-only transaction") {
			t.Errorf("%s: %v\n%s", verb, err, out)
		}
	}
	expectWrites(t, w.writes(t))
	// Reading still works.
	if out := psql(t, w.pgURL, "-t", "-c", "SELECT count(*) > 0 FROM vpn_connections"); strings.TrimSpace(out) != "t" {
		t.Errorf("SELECT on a read-only server: %q", out)
	}
}
