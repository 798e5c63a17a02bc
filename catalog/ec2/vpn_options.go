package ec2

// The options column of vpn_connections (the VPN connection options and
// the options of each tunnel) both ways: the API's objects as jsonb, and
// jsonb onto the API's input shapes for INSERT, UPDATE and the methods.

import (
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/pgerr"
)

func optionsJSON(o *types.VpnConnectionOptions) any {
	if o == nil {
		return nil
	}
	j := jsonObject{}
	j.boolean("enableAcceleration", o.EnableAcceleration)
	j.boolean("staticRoutesOnly", o.StaticRoutesOnly)
	j.str("localIpv4NetworkCidr", o.LocalIpv4NetworkCidr)
	j.str("remoteIpv4NetworkCidr", o.RemoteIpv4NetworkCidr)
	j.str("localIpv6NetworkCidr", o.LocalIpv6NetworkCidr)
	j.str("remoteIpv6NetworkCidr", o.RemoteIpv6NetworkCidr)
	j.str("outsideIpAddressType", o.OutsideIpAddressType)
	j.str("transportTransitGatewayAttachmentId", o.TransportTransitGatewayAttachmentId)
	j.enum("tunnelInsideIpVersion", string(o.TunnelInsideIpVersion))
	j.enum("tunnelBandwidth", string(o.TunnelBandwidth))
	j.list("tunnelOptionSet", mapList(o.TunnelOptions, tunnelOptionJSON))
	return map[string]any(j)
}

func tunnelOptionJSON(t types.TunnelOption) any {
	j := jsonObject{}
	j.str("outsideIpAddress", t.OutsideIpAddress)
	j.str("tunnelInsideCidr", t.TunnelInsideCidr)
	j.str("tunnelInsideIpv6Cidr", t.TunnelInsideIpv6Cidr)
	j.str("preSharedKey", t.PreSharedKey)
	j.int32("phase1LifetimeSeconds", t.Phase1LifetimeSeconds)
	j.int32("phase2LifetimeSeconds", t.Phase2LifetimeSeconds)
	j.int32("rekeyMarginTimeSeconds", t.RekeyMarginTimeSeconds)
	j.int32("rekeyFuzzPercentage", t.RekeyFuzzPercentage)
	j.int32("replayWindowSize", t.ReplayWindowSize)
	j.int32("dpdTimeoutSeconds", t.DpdTimeoutSeconds)
	j.str("dpdTimeoutAction", t.DpdTimeoutAction)
	j.list("phase1EncryptionAlgorithmSet", mapList(t.Phase1EncryptionAlgorithms, func(v types.Phase1EncryptionAlgorithmsListValue) any { return valueJSON(v.Value) }))
	j.list("phase2EncryptionAlgorithmSet", mapList(t.Phase2EncryptionAlgorithms, func(v types.Phase2EncryptionAlgorithmsListValue) any { return valueJSON(v.Value) }))
	j.list("phase1IntegrityAlgorithmSet", mapList(t.Phase1IntegrityAlgorithms, func(v types.Phase1IntegrityAlgorithmsListValue) any { return valueJSON(v.Value) }))
	j.list("phase2IntegrityAlgorithmSet", mapList(t.Phase2IntegrityAlgorithms, func(v types.Phase2IntegrityAlgorithmsListValue) any { return valueJSON(v.Value) }))
	j.list("phase1DHGroupNumberSet", mapList(t.Phase1DHGroupNumbers, func(v types.Phase1DHGroupNumbersListValue) any { return intValueJSON(v.Value) }))
	j.list("phase2DHGroupNumberSet", mapList(t.Phase2DHGroupNumbers, func(v types.Phase2DHGroupNumbersListValue) any { return intValueJSON(v.Value) }))
	j.list("ikeVersionSet", mapList(t.IkeVersions, func(v types.IKEVersionsListValue) any { return valueJSON(v.Value) }))
	j.str("startupAction", t.StartupAction)
	if t.LogOptions != nil && t.LogOptions.CloudWatchLogOptions != nil {
		c := t.LogOptions.CloudWatchLogOptions
		cw := jsonObject{}
		cw.boolean("logEnabled", c.LogEnabled)
		cw.str("logGroupArn", c.LogGroupArn)
		cw.str("logOutputFormat", c.LogOutputFormat)
		cw.boolean("bgpLogEnabled", c.BgpLogEnabled)
		cw.str("bgpLogGroupArn", c.BgpLogGroupArn)
		cw.str("bgpLogOutputFormat", c.BgpLogOutputFormat)
		j["logOptions"] = map[string]any{"cloudWatchLogOptions": map[string]any(cw)}
	}
	j.boolean("enableTunnelLifecycleControl", t.EnableTunnelLifecycleControl)
	return map[string]any(j)
}

func valueJSON(v *string) any {
	j := jsonObject{}
	j.str("value", v)
	return map[string]any(j)
}

func intValueJSON(v *int32) any {
	j := jsonObject{}
	j.int32("value", v)
	return map[string]any(j)
}

func routeJSON(r types.VpnStaticRoute) any {
	j := jsonObject{}
	j.str("destinationCidrBlock", r.DestinationCidrBlock)
	j.enum("source", string(r.Source))
	j.enum("state", string(r.State))
	return map[string]any(j)
}

func telemetryJSON(t types.VgwTelemetry) any {
	j := jsonObject{}
	j.str("outsideIpAddress", t.OutsideIpAddress)
	j.enum("status", string(t.Status))
	j.time("lastStatusChange", t.LastStatusChange)
	j.str("statusMessage", t.StatusMessage)
	j.int32("acceptedRouteCount", t.AcceptedRouteCount)
	j.str("certificateArn", t.CertificateArn)
	return map[string]any(j)
}

func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// How the jsonb columns map onto the API's input shapes.
//
// Keys are the options column's own names (the API's wire names, as
// SELECT shows them), so a row read from the table can be written back;
// the API's input member names (TunnelOptions, DPDTimeoutSeconds,
// Phase1EncryptionAlgorithms, ...) are accepted too, matched ignoring case
// and underscores. A key that is neither is an error naming it. Value lists
// accept the column's form [{"value": "AES256"}] and plain ["AES256"].

// connOption is one key of the options column.
type connOption struct {
	name    string
	aliases []string
	// create sets the key on CreateVpnConnection's Options.
	create func(o *types.VpnConnectionOptionsSpecification, v any, path string) error
	// modify sets it on ModifyVpnConnectionOptions; nil when the API sets
	// the option only at creation.
	modify func(in *ec2.ModifyVpnConnectionOptionsInput, v any, path string) error
}

var connOptions = []connOption{
	{name: "enableAcceleration", create: func(o *types.VpnConnectionOptionsSpecification, v any, p string) error {
		return setBool(&o.EnableAcceleration, v, p)
	}},
	{name: "staticRoutesOnly", create: func(o *types.VpnConnectionOptionsSpecification, v any, p string) error {
		return setBool(&o.StaticRoutesOnly, v, p)
	}},
	{name: "localIpv4NetworkCidr",
		create: func(o *types.VpnConnectionOptionsSpecification, v any, p string) error {
			return setString(&o.LocalIpv4NetworkCidr, v, p)
		},
		modify: func(in *ec2.ModifyVpnConnectionOptionsInput, v any, p string) error {
			return setString(&in.LocalIpv4NetworkCidr, v, p)
		}},
	{name: "remoteIpv4NetworkCidr",
		create: func(o *types.VpnConnectionOptionsSpecification, v any, p string) error {
			return setString(&o.RemoteIpv4NetworkCidr, v, p)
		},
		modify: func(in *ec2.ModifyVpnConnectionOptionsInput, v any, p string) error {
			return setString(&in.RemoteIpv4NetworkCidr, v, p)
		}},
	{name: "localIpv6NetworkCidr",
		create: func(o *types.VpnConnectionOptionsSpecification, v any, p string) error {
			return setString(&o.LocalIpv6NetworkCidr, v, p)
		},
		modify: func(in *ec2.ModifyVpnConnectionOptionsInput, v any, p string) error {
			return setString(&in.LocalIpv6NetworkCidr, v, p)
		}},
	{name: "remoteIpv6NetworkCidr",
		create: func(o *types.VpnConnectionOptionsSpecification, v any, p string) error {
			return setString(&o.RemoteIpv6NetworkCidr, v, p)
		},
		modify: func(in *ec2.ModifyVpnConnectionOptionsInput, v any, p string) error {
			return setString(&in.RemoteIpv6NetworkCidr, v, p)
		}},
	{name: "outsideIpAddressType", create: func(o *types.VpnConnectionOptionsSpecification, v any, p string) error {
		return setString(&o.OutsideIpAddressType, v, p)
	}},
	{name: "transportTransitGatewayAttachmentId", create: func(o *types.VpnConnectionOptionsSpecification, v any, p string) error {
		return setString(&o.TransportTransitGatewayAttachmentId, v, p)
	}},
	{name: "tunnelInsideIpVersion", create: func(o *types.VpnConnectionOptionsSpecification, v any, p string) error {
		s, err := asString(v, p)
		o.TunnelInsideIpVersion = types.TunnelInsideIpVersion(s)
		return err
	}},
	{name: "tunnelBandwidth",
		create: func(o *types.VpnConnectionOptionsSpecification, v any, p string) error {
			s, err := asString(v, p)
			o.TunnelBandwidth = types.VpnTunnelBandwidth(s)
			return err
		},
		modify: func(in *ec2.ModifyVpnConnectionOptionsInput, v any, p string) error {
			s, err := asString(v, p)
			in.TunnelBandwidth = types.VpnTunnelBandwidth(s)
			return err
		}},
	// tunnelOptionSet is handled by parseCreateOptions and diffOptions.
	{name: "tunnelOptionSet", aliases: []string{"TunnelOptions"}},
}

// tunnelOption is one key of a tunnelOptionSet element. The create and
// modify shapes have the same members, so one setter serves both.
type tunnelOption struct {
	name    string
	aliases []string
	set     func(s *types.ModifyVpnTunnelOptionsSpecification, v any, path string) error
}

var tunnelOptions = []tunnelOption{
	// outsideIpAddress names the tunnel; AWS assigns it (see tunnelKey).
	{name: "outsideIpAddress"},
	{name: "tunnelInsideCidr", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setString(&s.TunnelInsideCidr, v, p)
	}},
	{name: "tunnelInsideIpv6Cidr", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setString(&s.TunnelInsideIpv6Cidr, v, p)
	}},
	{name: "preSharedKey", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setString(&s.PreSharedKey, v, p)
	}},
	{name: "phase1LifetimeSeconds", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setInt32(&s.Phase1LifetimeSeconds, v, p)
	}},
	{name: "phase2LifetimeSeconds", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setInt32(&s.Phase2LifetimeSeconds, v, p)
	}},
	{name: "rekeyMarginTimeSeconds", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setInt32(&s.RekeyMarginTimeSeconds, v, p)
	}},
	{name: "rekeyFuzzPercentage", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setInt32(&s.RekeyFuzzPercentage, v, p)
	}},
	{name: "replayWindowSize", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setInt32(&s.ReplayWindowSize, v, p)
	}},
	{name: "dpdTimeoutSeconds", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setInt32(&s.DPDTimeoutSeconds, v, p)
	}},
	{name: "dpdTimeoutAction", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setString(&s.DPDTimeoutAction, v, p)
	}},
	{name: "startupAction", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setString(&s.StartupAction, v, p)
	}},
	{name: "phase1EncryptionAlgorithmSet", aliases: []string{"Phase1EncryptionAlgorithms"},
		set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
			vals, err := asValueList(v, p)
			s.Phase1EncryptionAlgorithms = make([]types.Phase1EncryptionAlgorithmsRequestListValue, len(vals))
			for i, x := range vals {
				s.Phase1EncryptionAlgorithms[i].Value = aws.String(x)
			}
			return err
		}},
	{name: "phase2EncryptionAlgorithmSet", aliases: []string{"Phase2EncryptionAlgorithms"},
		set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
			vals, err := asValueList(v, p)
			s.Phase2EncryptionAlgorithms = make([]types.Phase2EncryptionAlgorithmsRequestListValue, len(vals))
			for i, x := range vals {
				s.Phase2EncryptionAlgorithms[i].Value = aws.String(x)
			}
			return err
		}},
	{name: "phase1IntegrityAlgorithmSet", aliases: []string{"Phase1IntegrityAlgorithms"},
		set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
			vals, err := asValueList(v, p)
			s.Phase1IntegrityAlgorithms = make([]types.Phase1IntegrityAlgorithmsRequestListValue, len(vals))
			for i, x := range vals {
				s.Phase1IntegrityAlgorithms[i].Value = aws.String(x)
			}
			return err
		}},
	{name: "phase2IntegrityAlgorithmSet", aliases: []string{"Phase2IntegrityAlgorithms"},
		set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
			vals, err := asValueList(v, p)
			s.Phase2IntegrityAlgorithms = make([]types.Phase2IntegrityAlgorithmsRequestListValue, len(vals))
			for i, x := range vals {
				s.Phase2IntegrityAlgorithms[i].Value = aws.String(x)
			}
			return err
		}},
	{name: "phase1DHGroupNumberSet", aliases: []string{"Phase1DHGroupNumbers"},
		set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
			vals, err := asIntValueList(v, p)
			s.Phase1DHGroupNumbers = make([]types.Phase1DHGroupNumbersRequestListValue, len(vals))
			for i, x := range vals {
				s.Phase1DHGroupNumbers[i].Value = aws.Int32(x)
			}
			return err
		}},
	{name: "phase2DHGroupNumberSet", aliases: []string{"Phase2DHGroupNumbers"},
		set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
			vals, err := asIntValueList(v, p)
			s.Phase2DHGroupNumbers = make([]types.Phase2DHGroupNumbersRequestListValue, len(vals))
			for i, x := range vals {
				s.Phase2DHGroupNumbers[i].Value = aws.Int32(x)
			}
			return err
		}},
	{name: "ikeVersionSet", aliases: []string{"IKEVersions"},
		set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
			vals, err := asValueList(v, p)
			s.IKEVersions = make([]types.IKEVersionsRequestListValue, len(vals))
			for i, x := range vals {
				s.IKEVersions[i].Value = aws.String(x)
			}
			return err
		}},
	{name: "logOptions", set: setLogOptions},
	{name: "enableTunnelLifecycleControl", set: func(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
		return setBool(&s.EnableTunnelLifecycleControl, v, p)
	}},
}

// cloudWatchOptions are the keys of logOptions.cloudWatchLogOptions.
var cloudWatchOptions = []struct {
	name string
	set  func(c *types.CloudWatchLogOptionsSpecification, v any, p string) error
}{
	{"logEnabled", func(c *types.CloudWatchLogOptionsSpecification, v any, p string) error {
		return setBool(&c.LogEnabled, v, p)
	}},
	{"logGroupArn", func(c *types.CloudWatchLogOptionsSpecification, v any, p string) error {
		return setString(&c.LogGroupArn, v, p)
	}},
	{"logOutputFormat", func(c *types.CloudWatchLogOptionsSpecification, v any, p string) error {
		return setString(&c.LogOutputFormat, v, p)
	}},
	{"bgpLogEnabled", func(c *types.CloudWatchLogOptionsSpecification, v any, p string) error {
		return setBool(&c.BgpLogEnabled, v, p)
	}},
	{"bgpLogGroupArn", func(c *types.CloudWatchLogOptionsSpecification, v any, p string) error {
		return setString(&c.BgpLogGroupArn, v, p)
	}},
	{"bgpLogOutputFormat", func(c *types.CloudWatchLogOptionsSpecification, v any, p string) error {
		return setString(&c.BgpLogOutputFormat, v, p)
	}},
}

func setLogOptions(s *types.ModifyVpnTunnelOptionsSpecification, v any, p string) error {
	lo, err := asObject(v, p)
	if err != nil {
		return err
	}
	s.LogOptions = &types.VpnTunnelLogOptionsSpecification{}
	for k, x := range lo {
		if fold(k) != "cloudwatchlogoptions" {
			return unknownKey(k, p, []string{"cloudWatchLogOptions"})
		}
		cp := p + "." + k
		cw, err := asObject(x, cp)
		if err != nil {
			return err
		}
		spec := &types.CloudWatchLogOptionsSpecification{}
		for ck, cx := range cw {
			i := -1
			for j, o := range cloudWatchOptions {
				if fold(o.name) == fold(ck) {
					i = j
				}
			}
			if i < 0 {
				var names []string
				for _, o := range cloudWatchOptions {
					names = append(names, o.name)
				}
				return unknownKey(ck, cp, names)
			}
			if err := cloudWatchOptions[i].set(spec, cx, cp+"."+ck); err != nil {
				return err
			}
		}
		s.LogOptions.CloudWatchLogOptions = spec
	}
	return nil
}

// parseCreateOptions maps the options of an INSERT onto
// VpnConnectionOptionsSpecification.
func parseCreateOptions(v any) (*types.VpnConnectionOptionsSpecification, error) {
	obj, err := asObject(v, "options")
	if err != nil {
		return nil, err
	}
	spec := &types.VpnConnectionOptionsSpecification{}
	for _, k := range sortedKeys(obj) {
		o, ok := findConnOption(k)
		if !ok {
			return nil, unknownKey(k, "options", connOptionNames())
		}
		path := "options." + k
		if o.name != "tunnelOptionSet" {
			if err := o.create(spec, obj[k], path); err != nil {
				return nil, err
			}
			continue
		}
		list, err := asArray(obj[k], path)
		if err != nil {
			return nil, err
		}
		if len(list) > 2 {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "%s has %d elements; a VPN connection has two tunnels", path, len(list))
		}
		for i, el := range list {
			ts, err := parseTunnel(el, fmt.Sprintf("%s[%d]", path, i), false)
			if err != nil {
				return nil, err
			}
			spec.TunnelOptions = append(spec.TunnelOptions, types.VpnTunnelOptionsSpecification(*ts))
		}
	}
	return spec, nil
}

// parseTunnel reads one tunnel's options. withAddress allows (and
// ignores) outsideIpAddress, which picks the tunnel in an UPDATE.
func parseTunnel(v any, path string, withAddress bool) (*types.ModifyVpnTunnelOptionsSpecification, error) {
	obj, err := asObject(v, path)
	if err != nil {
		return nil, err
	}
	spec := &types.ModifyVpnTunnelOptionsSpecification{}
	for _, k := range sortedKeys(obj) {
		o, ok := findTunnelOption(k)
		if !ok {
			return nil, unknownKey(k, path, tunnelOptionNames())
		}
		if o.set == nil { // outsideIpAddress
			if withAddress {
				continue
			}
			return nil, pgerr.New(pgerr.FeatureNotSupported, "%s.%s cannot be chosen", path, k).
				WithDetail("AWS assigns the outside addresses of a new connection's tunnels.")
		}
		if err := o.set(spec, obj[k], path+"."+k); err != nil {
			return nil, err
		}
	}
	return spec, nil
}

// optionsChange is what an UPDATE of the options column asks for.
type optionsChange struct {
	connection *ec2.ModifyVpnConnectionOptionsInput // nil: no connection-level change
	tunnels    []tunnelChange
}

type tunnelChange struct {
	outsideIP string
	spec      *types.ModifyVpnTunnelOptionsSpecification
}

// diffOptions compares an UPDATE's new options with the current ones. Keys
// left out keep their value (the API cannot unset an option); keys whose
// value did not change send nothing. Tunnels are matched by
// outsideIpAddress.
func diffOptions(old, new any) (optionsChange, error) {
	var ch optionsChange
	if new == nil {
		return ch, pgerr.New(pgerr.FeatureNotSupported, "column \"options\" cannot be set to NULL").
			WithDetail("The API cannot remove a connection's options.")
	}
	newObj, err := asObject(new, "options")
	if err != nil {
		return ch, err
	}
	oldObj, _ := old.(map[string]any)
	for _, k := range sortedKeys(newObj) {
		o, ok := findConnOption(k)
		if !ok {
			return ch, unknownKey(k, "options", connOptionNames())
		}
		path := "options." + k
		nv, ov := newObj[k], lookupFolded(oldObj, o.name, o.aliases)
		if o.name == "tunnelOptionSet" {
			if ch.tunnels, err = diffTunnels(ov, nv, path); err != nil {
				return ch, err
			}
			continue
		}
		if jsonEqual(ov, nv) {
			continue
		}
		if o.modify == nil {
			return ch, pgerr.New(pgerr.FeatureNotSupported, "%s cannot be changed", path).
				WithDetail("EC2 sets %s only when a VPN connection is created; ModifyVpnConnectionOptions changes the network CIDRs and the tunnel bandwidth.", o.name)
		}
		if ch.connection == nil {
			ch.connection = &ec2.ModifyVpnConnectionOptionsInput{}
		}
		if err := o.modify(ch.connection, nv, path); err != nil {
			return ch, err
		}
	}
	return ch, nil
}

func diffTunnels(old, new any, path string) ([]tunnelChange, error) {
	list, err := asArray(new, path)
	if err != nil {
		return nil, err
	}
	oldList, _ := old.([]any)
	var out []tunnelChange
	for i, el := range list {
		ep := fmt.Sprintf("%s[%d]", path, i)
		obj, err := asObject(el, ep)
		if err != nil {
			return nil, err
		}
		ipv := lookupFolded(obj, "outsideIpAddress", nil)
		if ipv == nil {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "%s has no outsideIpAddress", ep).
				WithDetail("ModifyVpnTunnelOptions changes one tunnel, named by its outside IP address; keep outsideIpAddress in each element.")
		}
		ip, err := asString(ipv, ep+".outsideIpAddress")
		if err != nil {
			return nil, err
		}
		var oldTunnel map[string]any
		for _, ot := range oldList {
			if m, ok := ot.(map[string]any); ok && m["outsideIpAddress"] == ip {
				oldTunnel = m
			}
		}
		if oldTunnel == nil {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "%s.outsideIpAddress %q is not a tunnel of this connection", ep, ip)
		}
		changed := map[string]any{}
		for _, k := range sortedKeys(obj) {
			o, ok := findTunnelOption(k)
			if !ok {
				return nil, unknownKey(k, ep, tunnelOptionNames())
			}
			if o.set == nil {
				continue
			}
			ov := lookupFolded(oldTunnel, o.name, o.aliases)
			if jsonEqual(ov, obj[k]) {
				continue
			}
			if o.name == "logOptions" {
				changed[k] = changedLogOptions(ov, obj[k])
				continue
			}
			changed[k] = obj[k]
		}
		if len(changed) == 0 {
			continue
		}
		spec, err := parseTunnel(changed, ep, false)
		if err != nil {
			return nil, err
		}
		out = append(out, tunnelChange{outsideIP: ip, spec: spec})
	}
	return out, nil
}

// changedLogOptions keeps the cloudWatchLogOptions members that differ.
func changedLogOptions(old, new any) any {
	nm, ok := new.(map[string]any)
	if !ok {
		return new
	}
	om, _ := old.(map[string]any)
	out := map[string]any{}
	for k, v := range nm {
		ncw, ok1 := v.(map[string]any)
		ocw, _ := lookupFolded(om, "cloudWatchLogOptions", nil).(map[string]any)
		if !ok1 || fold(k) != "cloudwatchlogoptions" {
			out[k] = v
			continue
		}
		cw := map[string]any{}
		for ck, cv := range ncw {
			if !jsonEqual(lookupFolded(ocw, ck, nil), cv) {
				cw[ck] = cv
			}
		}
		out[k] = cw
	}
	return out
}

func findConnOption(key string) (connOption, bool) {
	for _, o := range connOptions {
		if matchesKey(key, o.name, o.aliases) {
			return o, true
		}
	}
	return connOption{}, false
}

func findTunnelOption(key string) (tunnelOption, bool) {
	for _, o := range tunnelOptions {
		if matchesKey(key, o.name, o.aliases) {
			return o, true
		}
	}
	return tunnelOption{}, false
}

func matchesKey(key, name string, aliases []string) bool {
	if fold(key) == fold(name) {
		return true
	}
	for _, a := range aliases {
		if fold(key) == fold(a) {
			return true
		}
	}
	return false
}

func connOptionNames() []string {
	var out []string
	for _, o := range connOptions {
		out = append(out, o.name)
	}
	return out
}

func tunnelOptionNames() []string {
	var out []string
	for _, o := range tunnelOptions {
		out = append(out, o.name)
	}
	return out
}
