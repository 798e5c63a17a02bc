package ec2

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/value"
)

// The jsonb columns use the API's wire names (the XML locationNames), so a
// user who knows the EC2 API reference knows the keys. Unset members are
// left out, as the API leaves them out.

type jsonObject map[string]any

func (o jsonObject) str(key string, v *string) {
	if v != nil {
		o[key] = *v
	}
}

func (o jsonObject) enum(key string, v string) {
	if v != "" {
		o[key] = v
	}
}

func (o jsonObject) boolean(key string, v *bool) {
	if v != nil {
		o[key] = *v
	}
}

func (o jsonObject) int32(key string, v *int32) {
	if v != nil {
		o[key] = json.Number(strconv.FormatInt(int64(*v), 10))
	}
}

func (o jsonObject) time(key string, v *time.Time) {
	if v != nil {
		o[key] = v.UTC().Format("2006-01-02T15:04:05.000Z")
	}
}

func (o jsonObject) list(key string, v []any) {
	if v != nil {
		o[key] = v
	}
}

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

func tagJSON(t types.Tag) any {
	j := jsonObject{}
	j.str("key", t.Key)
	j.str("value", t.Value)
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

// tagsObject is the tags column: the tag set as one object.
func tagsObject(tags []types.Tag) any {
	m := map[string]any{}
	for _, t := range tags {
		if t.Key != nil {
			m[*t.Key] = derefString(t.Value)
		}
	}
	return value.JSON{V: m}
}

// mapList converts a list; an absent list (nil) stays absent, an empty one
// is an empty array.
func mapList[T any](in []T, f func(T) any) []any {
	if in == nil {
		return nil
	}
	out := make([]any, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func jsonList[T any](in []T, f func(T) any) any {
	l := mapList(in, f)
	if l == nil {
		l = []any{}
	}
	return value.JSON{V: l}
}

func derefString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
