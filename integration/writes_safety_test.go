package integration

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Write safety with real clients (issue 12): a write function runs for
// exactly the rows the statement selects, and a write never shares its
// transaction with another statement unless the session asks for it.
// Each test asserts the exact calls in the simulator's request log (none
// for a refused statement), the SQLSTATE, and the simulator's state after.

// sdk is a client of the simulator for setup and for reading its state.
func (w writesServer) sdk(region string) *ec2.Client {
	return ec2.New(ec2.Options{Region: region, BaseEndpoint: aws.String(w.simURL),
		Credentials: credentials.NewStaticCredentialsProvider("AKIDSETUP", "secret", ""), Retryer: aws.NopRetryer{}})
}

// staticConns creates n static-route connections in a region, tagged
// Group=group, directly in the simulator; their ids come back sorted.
func (w writesServer) staticConns(t *testing.T, region, group string, n int) []string {
	t.Helper()
	c, ctx := w.sdk(region), testContext(t)
	var ids []string
	for i := range n {
		cg, err := c.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, BgpAsn: aws.Int32(65030),
			IpAddress: aws.String(fmt.Sprintf("198.51.100.%d", 10+i+len(group)*10))})
		if err != nil {
			t.Fatal(err)
		}
		vg, err := c.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1})
		if err != nil {
			t.Fatal(err)
		}
		vc, err := c.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{Type: aws.String("ipsec.1"),
			CustomerGatewayId: cg.CustomerGateway.CustomerGatewayId, VpnGatewayId: vg.VpnGateway.VpnGatewayId,
			Options: &types.VpnConnectionOptionsSpecification{StaticRoutesOnly: aws.Bool(true)},
			TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnConnection,
				Tags: []types.Tag{{Key: aws.String("Group"), Value: aws.String(group)}}}}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, *vc.VpnConnection.VpnConnectionId)
	}
	sort.Strings(ids)
	return ids
}

// connection reads one connection's state from the simulator.
func (w writesServer) connection(t *testing.T, region, id string) types.VpnConnection {
	t.Helper()
	out, err := w.sdk(region).DescribeVpnConnections(testContext(t), &ec2.DescribeVpnConnectionsInput{VpnConnectionIds: []string{id}})
	if err != nil || len(out.VpnConnections) != 1 {
		t.Fatalf("describe %s: %v", id, err)
	}
	return out.VpnConnections[0]
}

// takeWrites returns the write calls since the last look, and clears the
// log.
func (w writesServer) takeWrites(t *testing.T) []string {
	t.Helper()
	got := w.writes(t)
	clearSimRequests(t, w.simURL)
	return got
}

func tagValue(tags []types.Tag, key string) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == key {
			return aws.ToString(t.Value)
		}
	}
	return ""
}

func sortedWrites(got []string) []string {
	sort.Strings(got)
	return got
}

func perID(format string, ids ...string) []string {
	var out []string
	for _, id := range ids {
		out = append(out, strings.ReplaceAll(format, "ID", id))
	}
	sort.Strings(out)
	return out
}

// TestWriteFunctionsPerRow runs every ec2.* write function once per row
// of a table through psql, with a WHERE clause that excludes one of the
// group's rows (and every other connection): only the selected rows get a
// call, and only they change.
func TestWriteFunctionsPerRow(t *testing.T) {
	t.Parallel()
	w := startWrites(t)
	ids := w.staticConns(t, "us-east-1", "per-row", 3)
	a, b, c := ids[0], ids[1], ids[2]
	tgws, err := w.sdk("us-east-1").DescribeTransitGateways(testContext(t), &ec2.DescribeTransitGatewaysInput{})
	if err != nil || len(tgws.TransitGateways) == 0 {
		t.Fatalf("no transit gateway: %v", err)
	}
	tgw := *tgws.TransitGateways[0].TransitGatewayId
	ip := map[string]string{}
	for _, id := range ids {
		ip[id] = *w.connection(t, "us-east-1", id).Options.TunnelOptions[0].OutsideIpAddress
	}
	where := `WHERE v.tags->>'Group' = 'per-row' AND v."vpnConnectionId" <> '` + b + `'`
	steps := []struct {
		fn, args string
		call     string // with ID for the connection
	}{
		{"vpn_connection_route_create", `'10.61.0.0/16'`, "CreateVpnConnectionRoute DestinationCidrBlock=10.61.0.0/16 VpnConnectionId=ID"},
		{"vpn_connection_route_delete", `'10.61.0.0/16'`, "DeleteVpnConnectionRoute DestinationCidrBlock=10.61.0.0/16 VpnConnectionId=ID"},
		{"vpn_connection_options_modify", `'{"localIpv4NetworkCidr": "10.62.0.0/16"}'`, "ModifyVpnConnectionOptions LocalIpv4NetworkCidr=10.62.0.0/16 VpnConnectionId=ID"},
		{"vpn_tunnel_options_modify", `v.options->'tunnelOptionSet'->0->>'outsideIpAddress', '{"dpdTimeoutSeconds": 45}'`,
			"ModifyVpnTunnelOptions TunnelOptions.DPDTimeoutSeconds=45 VpnConnectionId=ID VpnTunnelOutsideIpAddress=IP"},
		{"vpn_connection_modify", `'{"transitGatewayId": "` + tgw + `"}'`, "ModifyVpnConnection TransitGatewayId=" + tgw + " VpnConnectionId=ID"},
	}
	for _, st := range steps {
		clearSimRequests(t, w.simURL)
		out := psql(t, w.pgURL, "-t", "-c", `SELECT r."vpnConnectionId" FROM vpn_connections v, ec2.`+st.fn+`(v."vpnConnectionId", `+st.args+`) r `+where+` ORDER BY 1`)
		if got := strings.Fields(out); strings.Join(got, " ") != a+" "+c {
			t.Errorf("%s returned %q, want %s %s", st.fn, out, a, c)
		}
		var want []string
		for _, id := range []string{a, c} {
			want = append(want, strings.NewReplacer("ID", id, "IP", ip[id]).Replace(st.call))
		}
		sort.Strings(want)
		expectWrites(t, sortedWrites(w.takeWrites(t)), want...)
	}
	// The simulator's state: a and c changed, b did not.
	for _, id := range ids {
		v := w.connection(t, "us-east-1", id)
		changed := v.TransitGatewayId != nil && *v.TransitGatewayId == tgw && aws.ToString(v.Options.LocalIpv4NetworkCidr) == "10.62.0.0/16" &&
			aws.ToInt32(v.Options.TunnelOptions[0].DpdTimeoutSeconds) == 45 && len(v.Routes) == 0
		untouched := v.TransitGatewayId == nil && aws.ToString(v.Options.LocalIpv4NetworkCidr) != "10.62.0.0/16" &&
			aws.ToInt32(v.Options.TunnelOptions[0].DpdTimeoutSeconds) != 45 && len(v.Routes) == 0
		if (id == b && !untouched) || (id != b && !changed) {
			t.Errorf("%s after the calls: tgw %v, local CIDR %v, dpd %v, routes %v", id, aws.ToString(v.TransitGatewayId),
				aws.ToString(v.Options.LocalIpv4NetworkCidr), aws.ToInt32(v.Options.TunnelOptions[0].DpdTimeoutSeconds), v.Routes)
		}
	}
}

// TestWriteSafetyFromPsql: the refusals psql users see, with no call, and
// a fault between the calls of a multi-row function call named in DETAIL.
func TestWriteSafetyFromPsql(t *testing.T) {
	t.Parallel()
	w := startWrites(t)
	ids := w.staticConns(t, "us-east-1", "psql", 2)
	eu := w.staticConns(t, "eu-west-1", "psql", 1)[0]
	clearSimRequests(t, w.simURL)
	refused := []struct {
		args []string
		want string
	}{
		// The statement with a condition on the result.
		{[]string{"-c", `SELECT v."vpnConnectionId" FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.199.0.0/16') r
			WHERE v.region = 'us-east-1' AND r.state = 'available'`}, "ERROR:  0A000: WHERE cannot read the result of ec2.vpn_connection_route_create"},
		{[]string{"-c", `SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.199.0.0/16') r WHERE true LIMIT 1`},
			"ERROR:  0A000: LIMIT and OFFSET are not allowed over a write function called per row"},
		{[]string{"-c", `SELECT 1 FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", '10.199.0.0/16') r`},
			"ERROR:  21000: ec2.vpn_connection_route_create requires a WHERE clause"},
		{[]string{"-c", `UPDATE vpn_connections SET tags = tags || '{"k": "v"}' WHERE "vpnConnectionId" = '` + ids[0] + `'; SELECT 1/0`},
			"ERROR:  25001: cannot execute UPDATE in a Query message with several statements"},
		{[]string{"-1", "-c", `UPDATE vpn_connections SET tags = tags || '{"k": "v"}' WHERE "vpnConnectionId" = '` + ids[0] + `'`},
			"ERROR:  25001: cannot execute UPDATE inside a transaction block"},
	}
	for _, r := range refused {
		out, err := psqlResult(t, w.pgURL, append([]string{"-v", "VERBOSITY=verbose"}, r.args...)...)
		if err == nil || !strings.Contains(out, r.want) {
			t.Errorf("%v: %v\n%s\nwant %s", r.args, err, out, r.want)
		}
	}
	expectWrites(t, w.takeWrites(t))

	// One write alone in its Query message runs; with the setting, a
	// multi-statement message runs it with a WARNING.
	out := psql(t, w.pgURL, "-c", `UPDATE vpn_connections SET tags = tags || '{"k": "one"}' WHERE "vpnConnectionId" = '`+ids[0]+`'`)
	if strings.TrimSpace(out) != "UPDATE 1" {
		t.Errorf("a write alone: %q", out)
	}
	out = psql(t, w.pgURL, "-c", `SET vpnsql.writes_in_transaction = immediate; UPDATE vpn_connections SET tags = tags || '{"k": "two"}' WHERE "vpnConnectionId" = '`+ids[0]+`'`)
	if !strings.Contains(out, "WARNING:  UPDATE in a Query message with several statements changes AWS resources immediately") {
		t.Errorf("immediate: %q", out)
	}
	expectWrites(t, w.takeWrites(t), "CreateTags ResourceId.1="+ids[0]+" Tag.1.Key=k Tag.1.Value=one", "CreateTags ResourceId.1="+ids[0]+" Tag.1.Key=k Tag.1.Value=two")

	// A 500 for the eu-west-1 connection, reached after the two of
	// us-east-1: DETAIL names the calls that were made.
	clearSimRequests(t, w.simURL)
	resp, err := http.Post(w.simURL+"/_sim/faults", "application/json",
		bytes.NewBufferString(`{"action": "CreateVpnConnectionRoute", "region": "eu-west-1", "kind": "error", "code": "InternalError", "status": 500}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	out, err = psqlResult(t, w.pgURL, "-v", "VERBOSITY=verbose", "-c", `SELECT 1 FROM (SELECT * FROM vpn_connections WHERE tags->>'Group' = 'psql' ORDER BY region DESC, 1) v,
		ec2.vpn_connection_route_create(v."vpnConnectionId", '10.63.0.0/16') r WHERE true`)
	for _, want := range []string{"ERROR:  40003", "Call 3 of this statement (ec2.vpn_connection_route_create on " + eu + ") failed.",
		"2 earlier call(s) were made and stay made: ec2.vpn_connection_route_create on " + ids[0] + " (us-east-1), ec2.vpn_connection_route_create on " + ids[1] + " (us-east-1).",
		"HINT:  EC2 has no rollback"} {
		if err == nil || !strings.Contains(out, want) {
			t.Errorf("fault: %v\n%s\nwant %s", err, out, want)
		}
	}
	expectWrites(t, sortedWrites(w.takeWrites(t)), perID("CreateVpnConnectionRoute DestinationCidrBlock=10.63.0.0/16 VpnConnectionId=ID", ids[0], ids[1], eu)...)
	for id, routes := range map[string]int{ids[0]: 1, ids[1]: 1} {
		if v := w.connection(t, "us-east-1", id); len(v.Routes) != routes {
			t.Errorf("%s has routes %v", id, v.Routes)
		}
	}

	// The same for a multi-row DELETE: the eu-west-1 row fails after the
	// two us-east-1 rows were deleted.
	resp, err = http.Post(w.simURL+"/_sim/faults", "application/json",
		bytes.NewBufferString(`{"action": "DeleteVpnConnection", "region": "eu-west-1", "kind": "error", "code": "InternalError", "status": 500}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	out, err = psqlResult(t, w.pgURL, "-v", "VERBOSITY=verbose", "-c", `DELETE FROM vpn_connections WHERE tags->>'Group' = 'psql'`)
	for _, want := range []string{"ERROR:  40003", "Row 3 of 3 (" + eu + ") failed.", "2 row(s) were already deleted and stay deleted: ", ids[0] + " (us-east-1)", ids[1] + " (us-east-1)"} {
		if err == nil || !strings.Contains(out, want) {
			t.Errorf("DELETE with a fault: %v\n%s\nwant %s", err, out, want)
		}
	}
	expectWrites(t, sortedWrites(w.takeWrites(t)), perID("DeleteVpnConnection VpnConnectionId=ID", ids[0], ids[1], eu)...)
	for _, id := range ids {
		if v := w.connection(t, "us-east-1", id); v.State != types.VpnStateDeleted && v.State != types.VpnStateDeleting {
			t.Errorf("%s is %s after its DELETE", id, v.State)
		}
	}
	if v := w.connection(t, "eu-west-1", eu); v.State != types.VpnStateAvailable {
		t.Errorf("%s is %s after a failed DELETE", eu, v.State)
	}
}

// TestWriteBatchesFromPgx: a pgx Batch sends every statement before one
// Sync, so a write in it is refused before any call; a write sent alone
// runs; a per-row function call works through the statement cache.
func TestWriteBatchesFromPgx(t *testing.T) {
	t.Parallel()
	w := startWrites(t)
	ids := w.staticConns(t, "us-east-1", "pgx", 3)
	clearSimRequests(t, w.simURL)
	ctx := testContext(t)
	conn, err := pgx.Connect(ctx, w.pgURL+"?application_name=writes-pgx")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	update := `UPDATE vpn_connections SET tags = tags || jsonb_build_object('Batch', $2::text) WHERE "vpnConnectionId" = $1`
	batch := &pgx.Batch{}
	batch.Queue(update, ids[0], "one")
	batch.Queue(update, ids[1], "one")
	err = conn.SendBatch(ctx, batch).Close()
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "25001" || pe.Message != "cannot execute UPDATE within a pipeline" ||
		!strings.Contains(pe.Hint, "vpnsql.writes_in_transaction = immediate") {
		t.Errorf("batch: %v", err)
	}
	expectWrites(t, w.takeWrites(t))

	if _, err := conn.Exec(ctx, update, ids[0], "alone"); err != nil {
		t.Fatal(err)
	}
	expectWrites(t, w.takeWrites(t), "CreateTags ResourceId.1="+ids[0]+" Tag.1.Key=Batch Tag.1.Value=alone")

	rows, err := conn.Query(ctx, `SELECT r."vpnConnectionId" FROM vpn_connections v, ec2.vpn_connection_route_create(v."vpnConnectionId", $2) r
		WHERE v."vpnConnectionId" = ANY($1) AND v.tags->>'Group' = 'pgx' ORDER BY 1`, []string{ids[0], ids[2], "vpn-0123456789abcdef0"}, "10.64.0.0/16")
	if err != nil {
		t.Fatal(err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil || strings.Join(got, " ") != ids[0]+" "+ids[2] {
		t.Errorf("per-row call: %v %v", got, err)
	}
	expectWrites(t, sortedWrites(w.takeWrites(t)), perID("CreateVpnConnectionRoute DestinationCidrBlock=10.64.0.0/16 VpnConnectionId=ID", ids[0], ids[2])...)

	// With the setting, the batch runs, each write with a WARNING.
	var warnings []string
	cfg, _ := pgx.ParseConfig(w.pgURL + "?options=-c%20vpnsql.writes_in_transaction%3Dimmediate")
	cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { warnings = append(warnings, n.Severity+" "+n.Message) }
	conn2, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close(ctx)
	batch = &pgx.Batch{}
	batch.Queue(update, ids[0], "two")
	batch.Queue(update, ids[1], "two")
	if err := conn2.SendBatch(ctx, batch).Close(); err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 1 || warnings[0] != "WARNING UPDATE within a pipeline changes AWS resources immediately" {
		// The last write has Sync after it: it runs alone.
		t.Errorf("warnings %q", warnings)
	}
	expectWrites(t, w.takeWrites(t), "CreateTags ResourceId.1="+ids[0]+" Tag.1.Key=Batch Tag.1.Value=two", "CreateTags ResourceId.1="+ids[1]+" Tag.1.Key=Batch Tag.1.Value=two")
	for id, want := range map[string]string{ids[0]: "two", ids[1]: "two", ids[2]: ""} {
		if got := tagValue(w.connection(t, "us-east-1", id).Tags, "Batch"); got != want {
			t.Errorf("%s: tag Batch=%q, want %q", id, got, want)
		}
	}
}

// TestWriteBatchesFromJDBC: pgJDBC's executeBatch, with and without the
// setting, reWriteBatchedInserts, and a row limit over a per-row call.
func TestWriteBatchesFromJDBC(t *testing.T) {
	t.Parallel()
	java, classpath := compileJDBC(t, "testdata/writes/WriteBatches.java")
	w := startWrites(t)
	ids := w.staticConns(t, "us-east-1", "jdbc", 2)
	cgw1, vgw1 := w.gateways(t, "198.51.100.211")
	cgw2, vgw2 := w.gateways(t, "198.51.100.212")
	clearSimRequests(t, w.simURL)
	u, _ := url.Parse(w.pgURL)
	jdbcURL := fmt.Sprintf("jdbc:postgresql://%s%s?user=jdbc&ApplicationName=writes-jdbc", u.Host, u.Path)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, java, "-cp", classpath, "WriteBatches", jdbcURL, ids[0], ids[1], cgw1, vgw1, cgw2, vgw2).CombinedOutput()
	if err != nil {
		t.Fatalf("java: %v\n%s", err, out)
	}
	got := map[string]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		k, v, _ := strings.Cut(l, " ")
		got[k] = v
	}
	want := map[string]string{
		"batch":           "25001 cannot execute UPDATE within a pipeline",
		"immediate-batch": "1,1 warning=UPDATE within a pipeline changes AWS resources immediately",
		"rewritten":       "-2,-2",
		"max-rows":        "0A000",
		"per-row":         ids[0] + "," + ids[1],
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q\n%s", k, got[k], v, out)
		}
	}
	writes := w.takeWrites(t)
	if len(writes) != 6 {
		t.Fatalf("calls:\n%s", strings.Join(writes, "\n"))
	}
	expectWrites(t, writes[:2], "CreateTags ResourceId.1="+ids[0]+" Tag.1.Key=Batch Tag.1.Value=immediate", "CreateTags ResourceId.1="+ids[1]+" Tag.1.Key=Batch Tag.1.Value=immediate")
	expectWrites(t, sortedWrites(writes[2:4]), perID("CreateVpnConnectionRoute DestinationCidrBlock=10.65.0.0/16 VpnConnectionId=ID", ids[0], ids[1])...)
	expectWrites(t, writes[4:], "CreateVpnConnection CustomerGatewayId="+cgw1+" Type=ipsec.1 VpnGatewayId="+vgw1,
		"CreateVpnConnection CustomerGatewayId="+cgw2+" Type=ipsec.1 VpnGatewayId="+vgw2)
	// The simulator's state: the batch's tags and routes on both, and the
	// two connections of the rewritten INSERT.
	for _, id := range ids {
		v := w.connection(t, "us-east-1", id)
		if tagValue(v.Tags, "Batch") != "immediate" || len(v.Routes) != 1 || aws.ToString(v.Routes[0].DestinationCidrBlock) != "10.65.0.0/16" {
			t.Errorf("%s: tags %v, routes %v", id, v.Tags, v.Routes)
		}
	}
	for _, cgw := range []string{cgw1, cgw2} {
		out, err := w.sdk("us-east-1").DescribeVpnConnections(testContext(t), &ec2.DescribeVpnConnectionsInput{
			Filters: []types.Filter{{Name: aws.String("customer-gateway-id"), Values: []string{cgw}}}})
		if err != nil || len(out.VpnConnections) != 1 {
			t.Errorf("connections of %s: %v %v", cgw, out, err)
		}
	}
}

// TestWriteBatchesFromPsycopg2: executemany sends one Query message per
// row, so each write runs alone; a Query holding a write and another
// statement is refused.
func TestWriteBatchesFromPsycopg2(t *testing.T) {
	t.Parallel()
	python := "/usr/bin/python3"
	if out, err := exec.Command(python, "-c", "import psycopg2").CombinedOutput(); err != nil {
		t.Fatalf("psycopg2 is not installed for %s (%v: %s)", python, err, out)
	}
	w := startWrites(t)
	ids := w.staticConns(t, "us-east-1", "psycopg2", 2)
	clearSimRequests(t, w.simURL)
	u, _ := url.Parse(w.pgURL)
	dsn := fmt.Sprintf("host=%s port=%s dbname=aws user=psycopg application_name=writes-psycopg2", u.Hostname(), u.Port())
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "testdata/writes/write_batches.py", dsn, ids[0], ids[1]).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "executemany 2\nmulti-statement 25001\nper-row "+ids[0]+","+ids[1] {
		t.Errorf("output:\n%s", out)
	}
	writes := w.takeWrites(t)
	expectWrites(t, writes[:2], "CreateTags ResourceId.1="+ids[0]+" Tag.1.Key=Many Tag.1.Value=yes", "CreateTags ResourceId.1="+ids[1]+" Tag.1.Key=Many Tag.1.Value=yes")
	expectWrites(t, sortedWrites(writes[2:]), perID("ModifyVpnConnectionOptions RemoteIpv4NetworkCidr=10.66.0.0/16 VpnConnectionId=ID", ids[0], ids[1])...)
	for _, id := range ids {
		v := w.connection(t, "us-east-1", id)
		if tagValue(v.Tags, "Many") != "yes" || aws.ToString(v.Options.RemoteIpv4NetworkCidr) != "10.66.0.0/16" {
			t.Errorf("%s: tags %v, remote CIDR %s", id, v.Tags, aws.ToString(v.Options.RemoteIpv4NetworkCidr))
		}
	}
}

// TestWriteBatchesFromNode: node-postgres sends each query with values as
// its own Parse/Bind/Execute/Sync, one after the other even when they are
// not awaited, so each write runs; text with two statements is refused.
func TestWriteBatchesFromNode(t *testing.T) {
	t.Parallel()
	node := requireTool(t, "node")
	modules, _ := filepath.Abs("testdata/clients/node/node_modules")
	if _, err := exec.Command("test", "-f", modules+"/pg/package.json").CombinedOutput(); err != nil {
		t.Fatalf("node-postgres is not installed (%v); make test runs npm ci in integration/testdata/clients/node (scripts/test-deps.sh)", err)
	}
	w := startWrites(t)
	ids := w.staticConns(t, "us-east-1", "node", 2)
	clearSimRequests(t, w.simURL)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	u, _ := url.Parse(w.pgURL)
	u.User = url.User("node")
	cmd := exec.CommandContext(ctx, node, "testdata/writes/write_batches.js", u.String(), ids[0], ids[1])
	cmd.Env = append(cmd.Environ(), "NODE_PATH="+modules)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "concurrent 1,1\nmulti-statement 25001\nper-row "+ids[0]+","+ids[1] {
		t.Errorf("output:\n%s", out)
	}
	writes := w.takeWrites(t)
	if len(writes) != 4 {
		t.Fatalf("calls:\n%s", strings.Join(writes, "\n"))
	}
	expectWrites(t, sortedWrites(writes[:2]), perID("CreateTags ResourceId.1=ID Tag.1.Key=Node Tag.1.Value=yes", ids...)...)
	expectWrites(t, sortedWrites(writes[2:]), perID("CreateVpnConnectionRoute DestinationCidrBlock=10.67.0.0/16 VpnConnectionId=ID", ids...)...)
	for _, id := range ids {
		if v := w.connection(t, "us-east-1", id); tagValue(v.Tags, "Node") != "yes" || len(v.Routes) != 1 {
			t.Errorf("%s: tags %v, routes %v", id, v.Tags, v.Routes)
		}
	}
}

// TestWriteBatchesFromPsycopg3: psycopg 3's executemany is a pipeline, so
// it is refused before any call unless the session sets immediate; a loop
// of execute runs.
func TestWriteBatchesFromPsycopg3(t *testing.T) {
	t.Parallel()
	python := "/usr/bin/python3"
	if out, err := exec.Command(python, "-c", "import psycopg").CombinedOutput(); err != nil {
		t.Fatalf("psycopg 3 is not installed for %s (%v: %s); make test installs python3-psycopg (scripts/test-deps.sh)", python, err, out)
	}
	w := startWrites(t)
	ids := w.staticConns(t, "us-east-1", "psycopg3", 2)
	clearSimRequests(t, w.simURL)
	u, _ := url.Parse(w.pgURL)
	dsn := fmt.Sprintf("host=%s port=%s dbname=aws user=psycopg application_name=writes-psycopg3", u.Hostname(), u.Port())
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, python, "testdata/writes/write_batches_psycopg3.py", dsn, ids[0], ids[1]).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	if got := strings.TrimSpace(string(out)); got != "executemany 25001\nloop 1\nimmediate 1 UPDATE within a pipeline changes AWS resources immediately" {
		t.Errorf("output:\n%s", out)
	}
	expectWrites(t, w.takeWrites(t),
		"CreateTags ResourceId.1="+ids[0]+" Tag.1.Key=Three Tag.1.Value=loop", "CreateTags ResourceId.1="+ids[1]+" Tag.1.Key=Three Tag.1.Value=loop",
		"CreateTags ResourceId.1="+ids[0]+" Tag.1.Key=Three Tag.1.Value=immediate", "CreateTags ResourceId.1="+ids[1]+" Tag.1.Key=Three Tag.1.Value=immediate")
	for _, id := range ids {
		if v := w.connection(t, "us-east-1", id); tagValue(v.Tags, "Three") != "immediate" {
			t.Errorf("%s: tags %v", id, v.Tags)
		}
	}
}
