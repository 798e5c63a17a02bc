package ec2

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// vgwEnv is ec2.vpn_gateways (and the tables it is linked with) placed over
// an ec2sim reached through the real SDK, with a clock the test moves.
type vgwEnv struct {
	t      *testing.T
	sim    *ec2sim.Sim
	tables []catalog.Table
	vgw    *writableTable[types.VpnGateway, types.VpnGateway]
	client *ec2.Client // setup calls, not in the table's request log
	mu     sync.Mutex
	now    time.Time
}

const vgwSetupKey = "AKIDVGWSETUP"

func newVgwEnv(t *testing.T) *vgwEnv {
	t.Helper()
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	e := &vgwEnv{t: t, now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	e.sim = ec2sim.New(ec2sim.Options{ProvisionDelay: time.Minute, RandSeed: 15, Throttle: &ec2sim.ThrottleConfig{Disabled: true},
		Regions: []string{"us-east-1", "eu-west-1"}, Now: e.clock})
	srv := httptest.NewServer(e.sim)
	t.Cleanup(func() { e.sim.Close(); srv.Close() })
	cfg := func(key string) aws.Config {
		return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
			Credentials: credentials.NewStaticCredentialsProvider(key, "secret", ""),
			Retryer:     func() aws.Retryer { return aws.NopRetryer{} }}
	}
	src := &Source{Accounts: []*Account{NewAccount(cfg("AKIDVGW"))}, Regions: []string{"us-east-1", "eu-west-1"}}
	e.tables = Tables(src, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.vgw = tableNamed(e.tables, "vpn_gateways").(*writableTable[types.VpnGateway, types.VpnGateway])
	e.client = ec2.NewFromConfig(cfg(vgwSetupKey))
	return e
}

func (e *vgwEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *vgwEnv) advance(d time.Duration) {
	e.mu.Lock()
	e.now = e.now.Add(d)
	e.mu.Unlock()
}

// calls are the table's requests since the last reset, as "Action K=V ..."
// (Version and the setup calls left out, GetCallerIdentity too).
func (e *vgwEnv) calls() []string {
	var out []string
	for _, r := range e.sim.Requests() {
		if r.AccessKey == vgwSetupKey || r.Action == "GetCallerIdentity" {
			continue
		}
		var keys []string
		for k := range r.Params {
			if k != "Action" && k != "Version" {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		s := r.Action
		for _, k := range keys {
			s += " " + k + "=" + strings.Join(r.Params[k], ",")
		}
		out = append(out, s)
	}
	e.sim.ResetRequests()
	return out
}

func (e *vgwEnv) scan(cs ...catalog.Constraint) [][]any {
	e.t.Helper()
	rows, err := e.vgw.Scan(context.Background(), catalog.ScanRequest{Constraints: cs})
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

// row returns one gateway's row as column name -> value.
func (e *vgwEnv) row(id string) map[string]any {
	e.t.Helper()
	rows := e.scan(catalog.Constraint{Column: e.vgw.col("vpnGatewayId"), Values: []any{id}})
	if len(rows) != 1 {
		e.t.Fatalf("%s: %d rows", id, len(rows))
	}
	out := map[string]any{}
	for i, c := range e.vgw.columns {
		out[c.name] = rows[0][i]
	}
	return out
}

func (e *vgwEnv) vpc(cidr string) string {
	e.t.Helper()
	out, err := e.client.CreateVpc(context.Background(), &ec2.CreateVpcInput{CidrBlock: aws.String(cidr)})
	if err != nil {
		e.t.Fatal(err)
	}
	return *out.Vpc.VpcId
}

func vgwJSON(v any) string { return value.FormatText(v) }

// TestVpnGateways_Columns: every field of the API object is a column with
// the API's value; vpcAttachments and the tags as jsonb.
func TestVpnGateways_Columns(t *testing.T) {
	e := newVgwEnv(t)
	ctx := context.Background()
	g := *vgwMust(e.client.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1, AmazonSideAsn: aws.Int64(4200000001),
		AvailabilityZone: aws.String("us-east-1c"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnGateway,
			Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("edge")}}}}})).VpnGateway.VpnGatewayId
	vpc := e.vpc("10.4.0.0/16")
	vgwMust(e.client.AttachVpnGateway(ctx, &ec2.AttachVpnGatewayInput{VpnGatewayId: &g, VpcId: &vpc}))
	got := e.row(g)
	want := map[string]any{
		"vpnGatewayId": g, "amazonSideAsn": int64(4200000001), "availabilityZone": "us-east-1c", "state": "available", "type": "ipsec.1",
		"vpcAttachments": `[{"state": "attaching", "vpcId": "` + vpc + `"}]`,
		"tagSet":         `[{"key": "Name", "value": "edge"}]`, "region": "us-east-1", "accountId": ec2sim.DefaultAccount, "tags": `{"Name": "edge"}`,
	}
	if len(got) != len(want) {
		t.Errorf("columns %d, want %d", len(got), len(want))
	}
	for k, w := range want {
		v := got[k]
		if _, isJSON := v.(value.JSON); isJSON {
			v = vgwJSON(v)
		}
		if v != w {
			t.Errorf("%s = %#v, want %#v", k, v, w)
		}
	}
	e.advance(time.Minute)
	if a := vgwJSON(e.row(g)["vpcAttachments"]); a != `[{"state": "attached", "vpcId": "`+vpc+`"}]` {
		t.Errorf("after the delay: %s", a)
	}
}

// TestVpnGateways_Pushdown: which constraints reach the API, and how; the
// rows are the same as without them.
func TestVpnGateways_Pushdown(t *testing.T) {
	e := newVgwEnv(t)
	ctx := context.Background()
	a := *vgwMust(e.client.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1, AvailabilityZone: aws.String("us-east-1a"),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpnGateway, Tags: []types.Tag{{Key: aws.String("Env"), Value: aws.String("p*d")}}}}})).VpnGateway.VpnGatewayId
	b := *vgwMust(e.client.CreateVpnGateway(ctx, &ec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1, AmazonSideAsn: aws.Int64(65001)})).VpnGateway.VpnGatewayId
	col := e.vgw.col
	tests := []struct {
		name  string
		cs    []catalog.Constraint
		calls []string
		want  []string
	}{
		{"ids", []catalog.Constraint{{Column: col("vpnGatewayId"), Values: []any{b, a}}, {Column: col("region"), Values: []any{"us-east-1"}}},
			[]string{"DescribeVpnGateways VpnGatewayId.1=" + strings.Join(slices.Sorted(slices.Values([]string{a, b})), " VpnGatewayId.2=")}, []string{a, b}},
		{"unknown id", []catalog.Constraint{{Column: col("vpnGatewayId"), Values: []any{"vgw-0123456789abcdef0", a}}, {Column: col("region"), Values: []any{"us-east-1"}}},
			[]string{"DescribeVpnGateways VpnGatewayId.1=" + strings.Join(slices.Sorted(slices.Values([]string{a, "vgw-0123456789abcdef0"})), " VpnGatewayId.2="),
				"DescribeVpnGateways VpnGatewayId.1=" + a}, []string{a}},
		{"state, type, availabilityZone", []catalog.Constraint{{Column: col("state"), Values: []any{"available"}}, {Column: col("type"), Values: []any{"ipsec.1"}},
			{Column: col("availabilityZone"), Values: []any{"us-east-1a"}}, {Column: col("region"), Values: []any{"us-east-1"}}},
			[]string{"DescribeVpnGateways Filter.1.Name=availability-zone Filter.1.Value.1=us-east-1a Filter.2.Name=state Filter.2.Value.1=available Filter.3.Name=type Filter.3.Value.1=ipsec.1"}, []string{a}},
		{"tag, a wildcard character escaped", []catalog.Constraint{{Column: col("tags"), Key: "Env", Values: []any{"p*d"}}, {Column: col("region"), Values: []any{"us-east-1"}}},
			[]string{`DescribeVpnGateways Filter.1.Name=tag:Env Filter.1.Value.1=p\*d`}, []string{a}},
		{"amazonSideAsn: local", []catalog.Constraint{{Column: col("amazonSideAsn"), Values: []any{int64(65001)}}, {Column: col("region"), Values: []any{"us-east-1"}}},
			[]string{"DescribeVpnGateways"}, []string{a, b}}, // the executor filters; the scan sends nothing for it
		{"region", []catalog.Constraint{{Column: col("region"), Values: []any{"eu-west-1"}}}, []string{"DescribeVpnGateways"}, nil},
	}
	e.calls()
	for _, tt := range tests {
		rows := e.scan(tt.cs...)
		var ids []string
		for _, r := range rows {
			ids = append(ids, r[0].(string))
		}
		slices.Sort(ids)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(ids, want) {
			t.Errorf("%s: rows %v, want %v", tt.name, ids, want)
		}
		if got := e.calls(); !slices.Equal(got, tt.calls) {
			t.Errorf("%s: calls\n  %s\nwant\n  %s", tt.name, strings.Join(got, "\n  "), strings.Join(tt.calls, "\n  "))
		}
	}
	if e.vgw.Pushable(col("amazonSideAsn")) || e.vgw.Pushable(col("vpcAttachments")) || !e.vgw.PushableKey(col("tagSet")) {
		t.Error("pushable columns")
	}
}

// TestVpnGateways_Writes: INSERT, UPDATE of tags, the methods, and DELETE
// with its two refusals, each checked before any call.
func TestVpnGateways_Writes(t *testing.T) {
	e := newVgwEnv(t)
	ctx := context.Background()
	col := e.vgw.col
	e.calls()

	// INSERT: the columns CreateVpnGateway takes.
	res, err := e.vgw.Insert(ctx, []catalog.Values{{col("type"): "ipsec.1", col("amazonSideAsn"): int64(65010), col("availabilityZone"): "us-east-1b",
		col("tags"): value.JSON{V: map[string]any{"Name": "new"}}}}, catalog.WriteOptions{})
	if err != nil || len(res.Rows) != 1 {
		t.Fatalf("insert: %v %v", res, err)
	}
	id := res.Rows[0][col("vpnGatewayId")].(string)
	if got := e.calls(); !slices.Equal(got, []string{"CreateVpnGateway AmazonSideAsn=65010 AvailabilityZone=us-east-1b " +
		"TagSpecification.1.ResourceType=vpn-gateway TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=new Type=ipsec.1"}) {
		t.Errorf("insert calls %v", got)
	}
	for _, tt := range []struct {
		name string
		vals catalog.Values
		code pgerr.Code
	}{
		{"no type", catalog.Values{col("amazonSideAsn"): int64(65010)}, pgerr.NotNullViolation},
		{"vpcAttachments", catalog.Values{col("type"): "ipsec.1", col("vpcAttachments"): value.JSON{V: []any{}}}, pgerr.FeatureNotSupported},
		{"state", catalog.Values{col("type"): "ipsec.1", col("state"): "available"}, pgerr.FeatureNotSupported},
		{"bad ASN (EC2 refuses)", catalog.Values{col("type"): "ipsec.1", col("amazonSideAsn"): int64(100)}, pgerr.InvalidParameterValue},
	} {
		_, err := e.vgw.Insert(ctx, []catalog.Values{tt.vals}, catalog.WriteOptions{})
		if pgerr.From(err).Code != tt.code {
			t.Errorf("insert, %s: %v, want %s", tt.name, err, tt.code)
		}
	}
	e.calls()

	// UPDATE: tags only.
	old := e.scan(catalog.Constraint{Column: col("vpnGatewayId"), Values: []any{id}})[0]
	e.calls()
	if _, err := e.vgw.Update(ctx, []catalog.RowChange{{Old: old, Set: catalog.Values{col("tags"): value.JSON{V: map[string]any{"Name": "renamed"}}}}}, catalog.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if got := e.calls(); !slices.Equal(got, []string{"CreateTags ResourceId.1=" + id + " Tag.1.Key=Name Tag.1.Value=renamed"}) {
		t.Errorf("update calls %v", got)
	}
	for _, c := range []string{"amazonSideAsn", "availabilityZone", "vpcAttachments", "state"} {
		_, err := e.vgw.Update(ctx, []catalog.RowChange{{Old: old, Set: catalog.Values{col(c): nil}}}, catalog.WriteOptions{})
		if pe := pgerr.From(err); pe.Code != pgerr.FeatureNotSupported || !strings.Contains(pe.Message, c) {
			t.Errorf("update %s: %v", c, err)
		}
	}

	// Methods: attach, then DELETE is refused before any call.
	vpc := e.vpc("10.5.0.0/16")
	e.calls()
	mres, err := e.vgw.CallMethod(ctx, "vpn_gateway_attach", []any{id, vpc}, catalog.WriteOptions{})
	if err != nil || len(mres.Rows) != 1 || !strings.Contains(vgwJSON(mres.Rows[0][col("vpcAttachments")]), `"state": "attaching"`) {
		t.Fatalf("attach: %v %v", mres.Rows, err)
	}
	if got := e.calls(); len(got) != 4 || got[2] != "AttachVpnGateway VpcId="+vpc+" VpnGatewayId="+id {
		t.Errorf("attach calls %v", got) // find (2 regions), attach, read back
	}
	e.advance(time.Minute)
	row := e.scan(catalog.Constraint{Column: col("vpnGatewayId"), Values: []any{id}})[0]
	e.calls()
	_, err = e.vgw.Delete(ctx, [][]any{row}, catalog.WriteOptions{})
	pe := pgerr.From(err)
	if pe.Code != pgerr.ObjectNotInPrerequisiteState || !strings.Contains(pe.Hint, "ec2.vpn_gateway_detach('"+id+"', '"+vpc+"')") {
		t.Errorf("delete attached: %v / %s", err, pe.Hint)
	}
	if got := e.calls(); len(got) != 0 {
		t.Errorf("calls before the refusal: %v", got)
	}
	if _, err := e.vgw.CallMethod(ctx, "vpn_gateway_attach", []any{id, "vpc-0123456789abcdef0"}, catalog.WriteOptions{}); pgerr.From(err).Code != pgerr.ForeignKeyViolation {
		t.Errorf("attach to an unknown VPC: %v", err)
	}
	if _, err := e.vgw.CallMethod(ctx, "vpn_gateway_detach", []any{id, nil}, catalog.WriteOptions{}); pgerr.From(err).Code != pgerr.NullValueNotAllowed {
		t.Errorf("detach from NULL: %v", err)
	}
	// A dry run of detach asks EC2 and changes nothing.
	dres, err := e.vgw.CallMethod(ctx, "vpn_gateway_detach", []any{id, vpc}, catalog.WriteOptions{DryRun: true})
	if err != nil || len(dres.DryRun) != 1 || !dres.DryRun[0].OK {
		t.Errorf("dry run: %+v %v", dres, err)
	}
	if _, err := e.vgw.CallMethod(ctx, "vpn_gateway_detach", []any{id, vpc}, catalog.WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	row = e.scan(catalog.Constraint{Column: col("vpnGatewayId"), Values: []any{id}})[0]
	if _, err = e.vgw.Delete(ctx, [][]any{row}, catalog.WriteOptions{}); pgerr.From(err).Code != pgerr.ObjectNotInPrerequisiteState ||
		!strings.Contains(pgerr.From(err).Hint, "Wait") {
		t.Errorf("delete detaching: %v", err)
	}
	e.advance(time.Minute)

	// Detached, but a connection uses it: 23503 naming the foreign key.
	cgw := *vgwMust(e.client.CreateCustomerGateway(ctx, &ec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.7")})).CustomerGateway.CustomerGatewayId
	vpn := *vgwMust(e.client.CreateVpnConnection(ctx, &ec2.CreateVpnConnectionInput{CustomerGatewayId: &cgw, VpnGatewayId: &id, Type: aws.String("ipsec.1")})).VpnConnection.VpnConnectionId
	row = e.scan(catalog.Constraint{Column: col("vpnGatewayId"), Values: []any{id}})[0]
	_, err = e.vgw.Delete(ctx, [][]any{row}, catalog.WriteOptions{})
	var re *catalog.RowError
	if pe := pgerr.From(err); pe.Code != pgerr.ForeignKeyViolation || pe.ConstraintName != "vpn_connections_vpnGatewayId_fkey" || !strings.Contains(pe.Detail, vpn) || !errors.As(err, &re) {
		t.Errorf("delete in use: %v", err)
	}
	vgwMust(e.client.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: &vpn}))
	// The connection is deleting: the check does not count it, EC2 does.
	e.calls()
	_, err = e.vgw.Delete(ctx, [][]any{row}, catalog.WriteOptions{})
	if pe := pgerr.From(err); pe.Code != pgerr.ForeignKeyViolation || pe.ConstraintName != "vpn_connections_vpnGatewayId_fkey" ||
		!strings.Contains(pe.Detail, "EC2 answered") || !strings.Contains(pe.Detail, "IncorrectState") {
		t.Errorf("delete while the connection is deleting: %v / %s", err, pe.Detail)
	}
	if got := e.calls(); !slices.Contains(got, "DeleteVpnGateway VpnGatewayId="+id) {
		t.Errorf("calls %v", got)
	}
	e.advance(time.Minute)

	// Free: DELETE, and a second DELETE of the deleting row is a notice.
	row = e.scan(catalog.Constraint{Column: col("vpnGatewayId"), Values: []any{id}})[0]
	e.calls()
	if res, err := e.vgw.Delete(ctx, [][]any{row}, catalog.WriteOptions{}); err != nil || len(res.Rows) != 1 {
		t.Fatalf("delete: %v %v", res, err)
	}
	if got := e.calls(); !slices.Contains(got, "DeleteVpnGateway VpnGatewayId="+id) {
		t.Errorf("delete calls %v", got)
	}
	row = e.scan(catalog.Constraint{Column: col("vpnGatewayId"), Values: []any{id}})[0]
	if res, err := e.vgw.Delete(ctx, [][]any{row}, catalog.WriteOptions{}); err != nil || len(res.Rows) != 0 || len(res.Notices) != 1 {
		t.Errorf("delete again: %+v %v", res, err)
	}
}

func vgwMust[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
