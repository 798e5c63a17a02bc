package ec2

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func mustJSON(t *testing.T, s string) any {
	t.Helper()
	j, err := value.ParseJSON([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return j.V
}

func asJSON(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return strings.TrimSpace(b.String())
}

func TestParseCreateOptions(t *testing.T) {
	tests := []struct {
		in, want string // want: the SDK shape as JSON, or "error CODE substring"
	}{
		{`{}`, `{"EnableAcceleration":null,"LocalIpv4NetworkCidr":null,"LocalIpv6NetworkCidr":null,"OutsideIpAddressType":null,"RemoteIpv4NetworkCidr":null,"RemoteIpv6NetworkCidr":null,"StaticRoutesOnly":null,"TransportTransitGatewayAttachmentId":null,"TunnelBandwidth":"","TunnelInsideIpVersion":"","TunnelOptions":null}`},
		{`{"static_routes_only": true, "TunnelBandwidth": "large"}`, `"StaticRoutesOnly":true`},
		{`{"tunnelOptionSet": [{"phase1DHGroupNumberSet": [{"value": 14}, 19]}]}`, `"Phase1DHGroupNumbers":[{"Value":14},{"Value":19}]`},
		{`{"TunnelOptions": [{"Phase1EncryptionAlgorithms": ["AES256"]}]}`, `"Phase1EncryptionAlgorithms":[{"Value":"AES256"}]`},
		{`{"tunnelOptionSet": [{"logOptions": {"cloudWatchLogOptions": {"bgpLogEnabled": true}}}]}`, `"LogOptions":{"CloudWatchLogOptions":{"BgpLogEnabled":true`},
		{`{"nope": 1}`, `error 22023 unknown key "nope" in options`},
		{`[]`, `error 22023 options must be a JSON object, not an array`},
		{`{"staticRoutesOnly": "yes"}`, `error 22023 options.staticRoutesOnly must be true or false, not a string`},
		{`{"tunnelOptionSet": [{"phase1LifetimeSeconds": 1.5}]}`, `error 22023 options.tunnelOptionSet[0].phase1LifetimeSeconds must be an integer`},
		{`{"tunnelOptionSet": [{"ikeVersionSet": [{"v": "ikev2"}]}]}`, `error 22023 options.tunnelOptionSet[0].ikeVersionSet[0] must be {"value": ...}`},
		{`{"tunnelOptionSet": [{"outsideIpAddress": "192.0.2.1"}]}`, `error 0A000 outsideIpAddress cannot be chosen`},
	}
	for _, tt := range tests {
		spec, err := parseCreateOptions(mustJSON(t, tt.in))
		checkResult(t, tt.in, asJSON(spec), err, tt.want)
	}
}

func checkResult(t *testing.T, in, got string, err error, want string) {
	t.Helper()
	if strings.HasPrefix(want, "error ") {
		code, msg, _ := strings.Cut(strings.TrimPrefix(want, "error "), " ")
		pe := pgerr.From(err)
		if err == nil || string(pe.Code) != code || !strings.Contains(pe.Message, msg) {
			t.Errorf("%s: error %v, want %s %q", in, err, code, msg)
		}
		return
	}
	if err != nil {
		t.Errorf("%s: %v", in, err)
		return
	}
	if !strings.Contains(got, want) {
		t.Errorf("%s: got %s, want it to contain %s", in, got, want)
	}
}

func TestDiffOptions(t *testing.T) {
	old := `{"staticRoutesOnly": true, "localIpv4NetworkCidr": "0.0.0.0/0", "tunnelOptionSet": [
		{"outsideIpAddress": "203.0.113.1", "preSharedKey": "k1", "dpdTimeoutSeconds": 30, "logOptions": {"cloudWatchLogOptions": {"logEnabled": false, "logOutputFormat": "json"}}},
		{"outsideIpAddress": "203.0.113.2", "preSharedKey": "k2"}]}`
	tests := []struct{ in, want string }{
		{old, `{"connection":null,"tunnels":null}`},
		{`{"localIpv4NetworkCidr": "10.0.0.0/8"}`, `"LocalIpv4NetworkCidr":"10.0.0.0/8"`},
		{`{"localIpv4NetworkCidr": "0.0.0.0/0", "tunnelBandwidth": "large"}`, `"LocalIpv4NetworkCidr":null`},
		{`{"tunnelOptionSet": [{"outsideIpAddress": "203.0.113.2", "preSharedKey": "k2", "dpdTimeoutSeconds": 30.0}]}`, `{"outsideIP":"203.0.113.2"`},
		{`{"tunnelOptionSet": [{"outsideIpAddress": "203.0.113.1", "dpdTimeoutSeconds": 30.0}]}`, `"tunnels":null`},
		{`{"tunnelOptionSet": [{"outsideIpAddress": "203.0.113.1", "logOptions": {"cloudWatchLogOptions": {"logEnabled": true, "logOutputFormat": "json"}}}]}`,
			`"LogOptions":{"CloudWatchLogOptions":{"BgpLogEnabled":null,"BgpLogGroupArn":null,"BgpLogOutputFormat":null,"LogEnabled":true,"LogGroupArn":null,"LogOutputFormat":null}}`},
		{`{"staticRoutesOnly": false}`, `error 0A000 options.staticRoutesOnly cannot be changed`},
		{`{"staticRoutesOnly": true, "bogus": 1}`, `error 22023 unknown key "bogus" in options`},
		{`{"tunnelOptionSet": [{"dpdTimeoutSeconds": 40}]}`, `error 22023 has no outsideIpAddress`},
		{`{"tunnelOptionSet": [{"outsideIpAddress": "198.51.100.9"}]}`, `error 22023 is not a tunnel of this connection`},
	}
	for _, tt := range tests {
		ch, err := diffOptions(mustJSON(t, old), mustJSON(t, tt.in))
		got := asJSON(struct {
			Connection any `json:"connection"`
			Tunnels    any `json:"tunnels"`
		}{ch.connection, tunnelsJSON(ch.tunnels)})
		checkResult(t, tt.in, got, err, tt.want)
	}
	if _, err := diffOptions(mustJSON(t, old), nil); pgerr.From(err).Code != pgerr.FeatureNotSupported {
		t.Errorf("options = NULL: %v", err)
	}
}

func tunnelsJSON(ts []tunnelChange) any {
	if ts == nil {
		return nil
	}
	var out []map[string]any
	for _, t := range ts {
		out = append(out, map[string]any{"outsideIP": t.outsideIP, "spec": t.spec})
	}
	return out
}

func TestTagsAndRoutes(t *testing.T) {
	is, _ := parseTags("tagSet", mustJSON(t, `[{"key": "Name", "value": "a"}, {"key": "Env", "value": "prod"}, {"key": "aws:cloudformation:stack-name", "value": "s"}]`))
	want, err := parseTags("tags", mustJSON(t, `{"Name": "b", "Team": null}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := asJSON(tagDiffCreate(is, want)); got != `[{"Key":"Name","Value":"b"},{"Key":"Team","Value":""}]` {
		t.Errorf("CreateTags %s", got)
	}
	if got := asJSON(tagDiffDelete(is, want)); got != `[{"Key":"Env","Value":null}]` {
		t.Errorf("DeleteTags %s (aws: tags are kept)", got)
	}
	if !tagsEqual([]types.Tag{{Key: aws.String("a"), Value: aws.String("")}}, []types.Tag{{Key: aws.String("a"), Value: aws.String("")}}) {
		t.Error("tagsEqual")
	}
	for _, tt := range []struct{ col, in, want string }{
		{"tagSet", `[{"key": "a"}, {"key": "a"}]`, `error 22023 repeats tag key "a"`},
		{"tagSet", `[{"Key": "a", "Value": "b", "x": 1}]`, `error 22023 unknown key "x" in tagSet[0]`},
		{"tags", `{"a": ["b"]}`, `error 22023 tags.a must be a JSON string`},
	} {
		_, err := parseTags(tt.col, mustJSON(t, tt.in))
		checkResult(t, tt.in, "", err, tt.want)
	}
	routes, err := parseRoutes(mustJSON(t, `["10.0.0.0/8", {"destinationCidrBlock": "10.1.0.0/16", "source": "Static", "state": "available"},
		{"state": "deleted", "destinationCidrBlock": "10.2.0.0/16"}, "10.0.0.0/8"]`))
	if err != nil || strings.Join(routes, ",") != "10.0.0.0/8,10.1.0.0/16" {
		t.Errorf("routes %v %v", routes, err)
	}
}
