package ec2

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sdkec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// customer_gateways through ec2sim and the real SDK: the columns, the
// pushdown, and the writes (INSERT with its unique identity key, DELETE
// with the foreign key from vpn_connections, UPDATE of tags only).

// cgwEnv is ec2sim with no seed, its clock standing still (an hour's
// provisioning delay: a new connection stays pending, a deleted one
// deleting), and the catalog's tables reading it in us-east-1.
type cgwEnv struct {
	t      *testing.T
	sim    *ec2sim.Sim
	table  catalog.Table
	setup  *sdkec2.Client // not logged as vpnsql's calls
	mu     sync.Mutex
	now    time.Time
	hook   func(ec2sim.Request) // called with each request once answered
	tables []catalog.Table
}

func newCgwEnv(t *testing.T) *cgwEnv {
	t.Helper()
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	e := &cgwEnv{t: t, now: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)}
	e.sim = ec2sim.New(ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{Disabled: true}, ProvisionDelay: time.Hour,
		Now: func() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return e.now },
		OnRequest: func(r ec2sim.Request) {
			e.mu.Lock()
			f := e.hook
			e.mu.Unlock()
			if f != nil {
				f(r)
			}
		}})
	srv := httptest.NewServer(e.sim)
	t.Cleanup(func() { e.sim.Close(); srv.Close() })
	cfg := func(key string) aws.Config {
		return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
			Credentials: credentials.NewStaticCredentialsProvider(key, "secret", ""),
			Retryer:     func() aws.Retryer { return aws.NopRetryer{} }}
	}
	src := &Source{Accounts: []*Account{NewAccount(cfg("AKIDCGW"))}, Regions: []string{"us-east-1"}}
	e.tables = Tables(src, slog.New(slog.NewTextHandler(io.Discard, nil))) // no audit lines in the test output
	e.table = tableNamed(e.tables, "customer_gateways")
	e.setup = sdkec2.NewFromConfig(cfg("AKIDSETUP"))
	return e
}

func (e *cgwEnv) advance(d time.Duration) {
	e.mu.Lock()
	e.now = e.now.Add(d)
	e.mu.Unlock()
}

// calls are vpnsql's calls to EC2 since the last reset, as "Action K=V ...",
// the identity lookup left out.
func (e *cgwEnv) calls() []string {
	var out []string
	for _, r := range e.sim.Requests() {
		if r.AccessKey == "AKIDSETUP" || r.Action == "GetCallerIdentity" {
			continue
		}
		var ps []string
		for k, v := range r.Params {
			if k != "Action" && k != "Version" {
				ps = append(ps, k+"="+strings.Join(v, ","))
			}
		}
		sort.Strings(ps)
		out = append(out, strings.Join(append([]string{r.Action}, ps...), " "))
	}
	return out
}

func (e *cgwEnv) col(name string) int { return e.table.(interface{ col(string) int }).col(name) }

// values is an INSERT row given by column name.
func (e *cgwEnv) values(kv map[string]any) catalog.Values {
	v := catalog.Values{}
	for k, x := range kv {
		v[e.col(k)] = x
	}
	return v
}

// createCgw makes a customer gateway behind vpnsql's back.
func (e *cgwEnv) createCgw(in *sdkec2.CreateCustomerGatewayInput) string {
	e.t.Helper()
	out, err := e.setup.CreateCustomerGateway(context.Background(), in)
	if err != nil {
		e.t.Fatal(err)
	}
	return *out.CustomerGateway.CustomerGatewayId
}

// connection makes a VPN connection on cgw (pending: the clock stands
// still) and returns its id.
func (e *cgwEnv) connection(cgw string) string {
	e.t.Helper()
	ctx := context.Background()
	vgw, err := e.setup.CreateVpnGateway(ctx, &sdkec2.CreateVpnGatewayInput{Type: types.GatewayTypeIpsec1})
	if err != nil {
		e.t.Fatal(err)
	}
	e.advance(time.Hour) // the gateway becomes available
	v, err := e.setup.CreateVpnConnection(ctx, &sdkec2.CreateVpnConnectionInput{CustomerGatewayId: aws.String(cgw), Type: aws.String("ipsec.1"), VpnGatewayId: vgw.VpnGateway.VpnGatewayId})
	if err != nil {
		e.t.Fatal(err)
	}
	return *v.VpnConnection.VpnConnectionId
}

func (e *cgwEnv) scan(q catalog.ScanRequest) [][]any {
	e.t.Helper()
	rows, err := e.table.Scan(context.Background(), q)
	if err != nil {
		e.t.Fatal(err)
	}
	return rows
}

func (e *cgwEnv) row(id string) []any {
	e.t.Helper()
	rows := e.scan(catalog.ScanRequest{Constraints: []catalog.Constraint{{Column: e.col("customerGatewayId"), Values: []any{id}}}})
	if len(rows) != 1 {
		e.t.Fatalf("%s: %d rows", id, len(rows))
	}
	return rows[0]
}

// TestCustomerGateways_Declaration: a column for every field of the API
// object, the unique key's columns and predicate where the index says.
func TestCustomerGateways_Declaration(t *testing.T) {
	cols := map[string]bool{}
	for _, c := range customerGateways.columns {
		cols[strings.ToLower(c.name)] = true
	}
	st := reflect.TypeOf(types.CustomerGateway{})
	for i := 0; i < st.NumField(); i++ {
		f := st.Field(i)
		name := strings.ToLower(f.Name)
		if name == "tags" {
			name = "tagset" // tagSet on the wire; tags is the object form
		}
		if f.IsExported() && !cols[name] {
			t.Errorf("types.CustomerGateway.%s has no column", f.Name)
		}
	}
	if customerGateways.col("state") != cgwStateCol {
		t.Errorf("cgwStateCol %d, state is column %d", cgwStateCol, customerGateways.col("state"))
	}
	ix := customerGatewayIdentityKey.index
	if !strings.Contains(ix.Create, `WHERE state = 'available'`) || ix.Predicate != "(state = 'available'::text)" ||
		!strings.Contains(ix.PredicateTree, ":varattno 7 ") || !ix.NullsNotDistinct {
		t.Errorf("index %+v", ix)
	}
	placed := tableNamed(Tables(nil, nil), "customer_gateways").(catalog.Indexed).UniqueIndexes()
	if len(placed) != 1 || placed[0].OID != 16447 || !slices.Equal(placed[0].Columns, []int{7, 5, 1, 2, 4, 3}) {
		t.Errorf("placed unique indexes %+v", placed)
	}
}

// TestCustomerGateways_Pushdown: which constraints become which
// DescribeCustomerGateways parameters, and that ec2sim answers them with
// the rows the constraints select.
func TestCustomerGateways_Pushdown(t *testing.T) {
	e := newCgwEnv(t)
	a := e.createCgw(&sdkec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.7"), BgpAsn: aws.Int32(65010),
		TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeCustomerGateway, Tags: []types.Tag{{Key: aws.String("Name"), Value: aws.String("edge*1")}}}}})
	b := e.createCgw(&sdkec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("203.0.113.9"), BgpAsnExtended: aws.Int64(4200000000)})
	id := e.col("customerGatewayId")
	eq := func(col string, vals ...any) catalog.Constraint {
		return catalog.Constraint{Column: e.col(col), Values: vals}
	}
	tests := []struct {
		name string
		q    []catalog.Constraint
		call string
		want []string
	}{
		{"none", nil, "DescribeCustomerGateways", []string{a, b}},
		{"ids", []catalog.Constraint{{Column: id, Values: []any{b, "cgw-0123456789abcdef0"}}}, "DescribeCustomerGateways CustomerGatewayId.1=" + b, []string{b}}, // after the unknown id is dropped
		{"ipAddress", []catalog.Constraint{eq("ipAddress", "198.51.100.7")}, "DescribeCustomerGateways Filter.1.Name=ip-address Filter.1.Value.1=198.51.100.7", []string{a}},
		{"bgpAsn", []catalog.Constraint{eq("bgpAsn", "65010")}, "DescribeCustomerGateways Filter.1.Name=bgp-asn Filter.1.Value.1=65010", []string{a}},
		{"state and type", []catalog.Constraint{eq("state", "available"), eq("type", "ipsec.1")},
			"DescribeCustomerGateways Filter.1.Name=state Filter.1.Value.1=available Filter.2.Name=type Filter.2.Value.1=ipsec.1", []string{a, b}},
		{"tag, wildcard escaped", []catalog.Constraint{{Column: e.col("tags"), Key: "Name", Values: []any{"edge*1"}}},
			`DescribeCustomerGateways Filter.1.Name=tag:Name Filter.1.Value.1=edge\*1`, []string{a}},
		{"region", []catalog.Constraint{eq("region", "us-east-1")}, "DescribeCustomerGateways", []string{a, b}},
		// Not bgp-asn: whether EC2 matches extended ASNs with it is not
		// documented. The scan returns both; the executor filters.
		{"bgpAsnExtended is local", []catalog.Constraint{eq("bgpAsnExtended", "4200000000")}, "DescribeCustomerGateways", []string{a, b}},
	}
	for _, tt := range tests {
		e.sim.ResetRequests()
		rows := e.scan(catalog.ScanRequest{Constraints: tt.q})
		var got []string
		for _, r := range rows {
			got = append(got, r[id].(string))
		}
		sort.Strings(got)
		want := slices.Clone(tt.want)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: rows %v, want %v", tt.name, got, want)
		}
		calls := e.calls()
		if len(calls) == 0 || calls[len(calls)-1] != tt.call {
			t.Errorf("%s: calls %q, want last %q", tt.name, calls, tt.call)
		}
	}

	// The row: every column read from the API object.
	r := e.row(b)
	for col, want := range map[string]any{"type": "ipsec.1", "ipAddress": "203.0.113.9", "bgpAsn": nil, "bgpAsnExtended": "4200000000",
		"state": "available", "deviceName": nil, "certificateArn": nil, "region": "us-east-1"} {
		if got := r[e.col(col)]; got != want {
			t.Errorf("%s: %v, want %v", col, got, want)
		}
	}
}

// TestCustomerGateways_Insert: one CreateCustomerGateway per row with the
// parameters the row gives, or the row's error before any call.
func TestCustomerGateways_Insert(t *testing.T) {
	e := newCgwEnv(t)
	w := e.table.(catalog.Writable)
	tests := []struct {
		name string
		row  map[string]any
		call string // "" no call
		code pgerr.Code
		msg  string // part of the message, or of DETAIL/HINT
	}{
		{"minimal", map[string]any{"type": "ipsec.1", "ipAddress": "192.0.2.1"},
			"CreateCustomerGateway IpAddress=192.0.2.1 Type=ipsec.1", "", ""},
		{"every parameter", map[string]any{"type": "ipsec.1", "ipAddress": "192.0.2.2", "bgpAsn": "65010", "deviceName": "edge-2",
			"certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/c2", "tags": value.JSON{V: map[string]any{"Name": "edge"}}},
			"CreateCustomerGateway BgpAsn=65010 CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/c2 DeviceName=edge-2 IpAddress=192.0.2.2 " +
				"TagSpecification.1.ResourceType=customer-gateway TagSpecification.1.Tag.1.Key=Name TagSpecification.1.Tag.1.Value=edge Type=ipsec.1", "", ""},
		{"extended ASN", map[string]any{"type": "ipsec.1", "ipAddress": "192.0.2.3", "bgpAsnExtended": "4200000000"},
			"CreateCustomerGateway BgpAsnExtended=4200000000 IpAddress=192.0.2.3 Type=ipsec.1", "", ""},
		{"certificate, no address", map[string]any{"type": "ipsec.1", "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/c4"},
			"CreateCustomerGateway CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/c4 Type=ipsec.1", "", ""},
		{"empty device name is none", map[string]any{"type": "ipsec.1", "ipAddress": "192.0.2.5", "deviceName": ""},
			"CreateCustomerGateway IpAddress=192.0.2.5 Type=ipsec.1", "", ""},
		{"no type", map[string]any{"ipAddress": "192.0.2.9"}, "", pgerr.NotNullViolation, `null value in column "type"`},
		{"no address", map[string]any{"type": "ipsec.1"}, "", pgerr.NotNullViolation, `null value in column "ipAddress"`},
		{"both ASNs", map[string]any{"type": "ipsec.1", "ipAddress": "192.0.2.9", "bgpAsn": "65000", "bgpAsnExtended": "4200000000"}, "",
			pgerr.InvalidParameterValue, "bgpAsn or bgpAsnExtended, not both"},
		{"ASN not a number", map[string]any{"type": "ipsec.1", "ipAddress": "192.0.2.9", "bgpAsn": "AS65000"}, "",
			pgerr.InvalidParameterValue, `bgpAsn must be an integer from 1 to 2147483647, not "AS65000"`},
		{"ASN too big for bgpAsn", map[string]any{"type": "ipsec.1", "ipAddress": "192.0.2.9", "bgpAsn": "4200000000"}, "",
			pgerr.InvalidParameterValue, "in bgpAsnExtended"},
		{"extended ASN too small", map[string]any{"type": "ipsec.1", "ipAddress": "192.0.2.9", "bgpAsnExtended": "65000"}, "",
			pgerr.InvalidParameterValue, "in bgpAsn."},
		{"id", map[string]any{"type": "ipsec.1", "ipAddress": "192.0.2.9", "customerGatewayId": "cgw-0123456789abcdef0"}, "",
			pgerr.FeatureNotSupported, "AWS assigns the id"},
		{"state", map[string]any{"type": "ipsec.1", "ipAddress": "192.0.2.9", "state": "available"}, "",
			pgerr.FeatureNotSupported, `column "state" cannot be set by INSERT`},
		{"EC2 refuses", map[string]any{"type": "ipsec.1", "ipAddress": "not-an-ip"},
			"CreateCustomerGateway IpAddress=not-an-ip Type=ipsec.1", pgerr.InvalidParameterValue, "AWS error code: InvalidParameterValue"},
	}
	for _, tt := range tests {
		e.sim.ResetRequests()
		res, err := w.Insert(context.Background(), []catalog.Values{e.values(tt.row)}, catalog.WriteOptions{})
		var writes []string
		for _, c := range e.calls() {
			if !strings.HasPrefix(c, "Describe") {
				writes = append(writes, c)
			}
		}
		if want := []string{tt.call}; tt.call == "" && len(writes) != 0 || tt.call != "" && !slices.Equal(writes, want) {
			t.Errorf("%s: calls %q, want %q", tt.name, writes, tt.call)
		}
		if tt.code == "" {
			if err != nil || len(res.Rows) != 1 {
				t.Errorf("%s: %v, %d rows", tt.name, err, len(res.Rows))
				continue
			}
			r := res.Rows[0]
			if r[e.col("state")] != "available" || r[e.col("customerGatewayId")] == nil {
				t.Errorf("%s: created row %v", tt.name, r)
			}
			continue
		}
		pe := pgerr.From(err)
		if err == nil || pe.Code != tt.code || !strings.Contains(pe.Message+"|"+pe.Detail+"|"+pe.Hint, tt.msg) {
			t.Errorf("%s: %v, want %s containing %q", tt.name, err, tt.code, tt.msg)
		}
	}
	// The default ASN: a gateway created without one has 65000.
	rows := e.scan(catalog.ScanRequest{Constraints: []catalog.Constraint{{Column: e.col("ipAddress"), Values: []any{"192.0.2.1"}}}})
	if len(rows) != 1 || rows[0][e.col("bgpAsn")] != "65000" {
		t.Errorf("minimal gateway: %v", rows)
	}
}

// TestCustomerGateways_InsertIdentity: a row with the identity of an
// available gateway is 23505 before any call (EC2 would return that
// gateway), counting EC2's default ASN and an empty device name as none;
// ON CONFLICT DO NOTHING skips it; a different device name is another
// gateway.
func TestCustomerGateways_InsertIdentity(t *testing.T) {
	e := newCgwEnv(t)
	w := e.table.(catalog.Writable)
	existing := e.createCgw(&sdkec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.7"), BgpAsn: aws.Int32(65000)})
	same := map[string]any{"type": "ipsec.1", "ipAddress": "198.51.100.7"}
	key := `Key (type, "ipAddress", "bgpAsn", "bgpAsnExtended", "deviceName", "certificateArn")=(ipsec.1, 198.51.100.7, 65000, null, null, null) already exists.`
	tests := []struct {
		name   string
		rows   []map[string]any
		skip   bool
		detail string // "" success
		n      int    // rows created
	}{
		{"default ASN", []map[string]any{same}, false, key + " The live customer gateway is " + existing + " (available) in us-east-1.", 0},
		{"ASN spelt otherwise, empty device", []map[string]any{{"type": "ipsec.1", "ipAddress": "198.51.100.7", "bgpAsn": " 065000", "deviceName": ""}}, false,
			key + " The live customer gateway is " + existing + " (available) in us-east-1.", 0},
		{"ON CONFLICT DO NOTHING", []map[string]any{same}, true, "", 0},
		{"twice in one INSERT", []map[string]any{{"type": "ipsec.1", "ipAddress": "198.51.100.8"}, {"type": "ipsec.1", "ipAddress": "198.51.100.8", "bgpAsn": "65000"}}, false,
			"Row 1 of this INSERT has the same key.", 0},
		{"another device", []map[string]any{{"type": "ipsec.1", "ipAddress": "198.51.100.7", "deviceName": "edge-2"}}, false, "", 1},
	}
	for _, tt := range tests {
		e.sim.ResetRequests()
		var rows []catalog.Values
		for _, r := range tt.rows {
			rows = append(rows, e.values(r))
		}
		opt := catalog.WriteOptions{}
		if tt.skip {
			opt.SkipConflicts = []string{"customer_gateways_identity_key"}
		}
		res, err := w.Insert(context.Background(), rows, opt)
		creates := 0
		for _, c := range e.calls() {
			if strings.HasPrefix(c, "CreateCustomerGateway") {
				creates++
			}
		}
		switch {
		case tt.detail != "":
			pe := pgerr.From(err)
			if err == nil || pe.Code != pgerr.UniqueViolation || pe.ConstraintName != "customer_gateways_identity_key" || !strings.Contains(pe.Detail, tt.detail) {
				t.Errorf("%s: %v / %s, want 23505 with %q", tt.name, err, pe.Detail, tt.detail)
			}
		case err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case len(res.Rows) != tt.n:
			t.Errorf("%s: %d rows, want %d", tt.name, len(res.Rows), tt.n)
		case tt.skip && (len(res.Notices) != 1 || !strings.Contains(res.Notices[0], existing)):
			t.Errorf("%s: notices %q", tt.name, res.Notices)
		}
		if creates != tt.n {
			t.Errorf("%s: %d CreateCustomerGateway calls, want %d", tt.name, creates, tt.n)
		}
	}
	// The check reads the live gateways once, filtered on the key's first
	// column.
	e.sim.ResetRequests()
	if _, err := w.Insert(context.Background(), []catalog.Values{e.values(same)}, catalog.WriteOptions{Plan: true}); err == nil {
		t.Error("EXPLAIN of a duplicate: no error")
	}
	if got := e.calls(); !slices.Equal(got, []string{"DescribeCustomerGateways Filter.1.Name=type Filter.1.Value.1=ipsec.1"}) {
		t.Errorf("check calls %q", got)
	}
}

// TestCustomerGateways_InsertRace: the identity is taken between the check
// and the create; EC2 returns the existing gateway and the row is 23505.
func TestCustomerGateways_InsertRace(t *testing.T) {
	e := newCgwEnv(t)
	w := e.table.(catalog.Writable)
	var once sync.Once
	var racer string
	e.mu.Lock()
	e.hook = func(r ec2sim.Request) {
		if r.Action == "DescribeCustomerGateways" && r.AccessKey == "AKIDCGW" {
			once.Do(func() {
				racer = e.createCgw(&sdkec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.9")})
			})
		}
	}
	e.mu.Unlock()
	_, err := w.Insert(context.Background(), []catalog.Values{e.values(map[string]any{"type": "ipsec.1", "ipAddress": "198.51.100.9",
		"tags": value.JSON{V: map[string]any{"Name": "mine"}}})}, catalog.WriteOptions{})
	pe := pgerr.From(err)
	if err == nil || pe.Code != pgerr.UniqueViolation || !strings.Contains(pe.Detail, "CreateCustomerGateway returned the existing customer gateway "+racer) {
		t.Errorf("race: %v / %s", err, pe.Detail)
	}
}

// TestCustomerGateways_Delete: a gateway a live connection uses is 23503
// naming the foreign key, before any delete call; one EC2 still counts as
// used (its connection is deleting) is 23503 too, from EC2's
// IncorrectState; an unused one is deleted, and a deleted one skipped.
func TestCustomerGateways_Delete(t *testing.T) {
	e := newCgwEnv(t)
	w := e.table.(catalog.Writable)
	ctx := context.Background()
	used := e.createCgw(&sdkec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.10")})
	vpn := e.connection(used)
	del := func(id string) (catalog.WriteResult, *pgerr.Error) {
		e.sim.ResetRequests()
		res, err := w.Delete(ctx, [][]any{e.row(id)}, catalog.WriteOptions{})
		return res, pgerr.From(err)
	}

	_, pe := del(used)
	if pe == nil || pe.Code != pgerr.ForeignKeyViolation || pe.ConstraintName != "vpn_connections_customerGatewayId_fkey" || pe.TableName != "vpn_connections" ||
		pe.Message != `update or delete on table "customer_gateways" violates foreign key constraint "vpn_connections_customerGatewayId_fkey" on table "vpn_connections"` ||
		pe.Detail != `Key ("customerGatewayId")=(`+used+`) is still referenced from table "vpn_connections": `+vpn+` (pending).` {
		t.Errorf("in use: %+v", pe)
	}
	if got := e.calls(); slices.ContainsFunc(got, func(c string) bool { return strings.HasPrefix(c, "DeleteCustomerGateway") }) {
		t.Errorf("in use: calls %q", got)
	}

	// The connection is deleting: the check lets the row through, EC2
	// refuses.
	if _, err := e.setup.DeleteVpnConnection(ctx, &sdkec2.DeleteVpnConnectionInput{VpnConnectionId: aws.String(vpn)}); err != nil {
		t.Fatal(err)
	}
	_, pe = del(used)
	if pe == nil || pe.Code != pgerr.ForeignKeyViolation || pe.ConstraintName != "vpn_connections_customerGatewayId_fkey" ||
		!strings.Contains(pe.Detail, "AWS error code: IncorrectState, message: The customer gateway is in use.") ||
		!strings.Contains(pe.Hint, "still being deleted") {
		t.Errorf("EC2's refusal: %+v", pe)
	}
	if got := e.calls(); !slices.Contains(got, "DeleteCustomerGateway CustomerGatewayId="+used) {
		t.Errorf("EC2's refusal: calls %q", got)
	}

	e.advance(time.Hour) // the connection is deleted
	res, pe := del(used)
	if pe != nil || len(res.Rows) != 1 {
		t.Fatalf("unused: %v, %d rows", pe, len(res.Rows))
	}
	if s := e.row(used)[e.col("state")]; s != "deleting" {
		t.Errorf("after DELETE: %v", s)
	}
	res, pe = del(used)
	if pe != nil || len(res.Rows) != 0 || len(res.Notices) != 1 {
		t.Errorf("deleting: %v, %d rows, notices %q", pe, len(res.Rows), res.Notices)
	}

	// A dry run asks EC2 and changes nothing.
	spare := e.createCgw(&sdkec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.11")})
	res, err := w.Delete(ctx, [][]any{e.row(spare)}, catalog.WriteOptions{DryRun: true})
	if err != nil || len(res.DryRun) != 1 || !res.DryRun[0].OK || e.row(spare)[e.col("state")] != "available" {
		t.Errorf("dry run: %v %+v", err, res.DryRun)
	}
}

// TestCustomerGateways_Update: tags only; every other column is 0A000 with
// the reason.
func TestCustomerGateways_Update(t *testing.T) {
	e := newCgwEnv(t)
	w := e.table.(catalog.Writable)
	id := e.createCgw(&sdkec2.CreateCustomerGatewayInput{Type: types.GatewayTypeIpsec1, IpAddress: aws.String("198.51.100.12")})
	old := e.row(id)
	e.sim.ResetRequests()
	res, err := w.Update(context.Background(), []catalog.RowChange{{Old: old, Set: catalog.Values{e.col("tags"): value.JSON{V: map[string]any{"Name": "edge"}}}}},
		catalog.WriteOptions{Returning: true})
	if err != nil || len(res.Rows) != 1 {
		t.Fatal(err)
	}
	if got := e.calls(); !slices.Contains(got, "CreateTags ResourceId.1="+id+" Tag.1.Key=Name Tag.1.Value=edge") {
		t.Errorf("tags: calls %q", got)
	}
	for _, col := range []string{"ipAddress", "bgpAsn", "deviceName", "type", "state", "region"} {
		_, err := w.Update(context.Background(), []catalog.RowChange{{Old: old, Set: catalog.Values{e.col(col): "x"}}}, catalog.WriteOptions{})
		pe := pgerr.From(err)
		if err == nil || pe.Code != pgerr.FeatureNotSupported || pe.Detail == "" {
			t.Errorf("SET %s: %v", col, err)
		}
	}
}

// TestQuoteIdent: the key columns of 23505's and 23503's DETAIL are
// quoted as PostgreSQL quotes them, for every column of every resource
// table (the views of schema vpnsql have keywords for names: user, time).
func TestQuoteIdent(t *testing.T) {
	for _, tb := range Tables(nil, nil) {
		if tb.Schema() != "ec2" {
			continue
		}
		for _, c := range tb.Columns() {
			if got, want := quoteIdent(c.Name), pgcatalog.QuoteIdent(c.Name); got != want {
				t.Errorf("%s.%s: %s, PostgreSQL %s", tb.Name(), c.Name, got, want)
			}
		}
	}
}
