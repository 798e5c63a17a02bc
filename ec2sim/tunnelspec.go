package ec2sim

import "reflect"

// mergeTunnelSpec applies the options a ModifyVpnTunnelOptions call sets
// (non-empty members of m) over a tunnel's current options.
func mergeTunnelSpec(base, m tunnelSpec) tunnelSpec {
	str := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	num := func(dst **int32, v *int32) {
		if v != nil {
			*dst = v
		}
	}
	flag := func(dst **bool, v *bool) {
		if v != nil {
			*dst = v
		}
	}
	strs := func(dst *[]string, v []string) {
		if v != nil {
			*dst = v
		}
	}
	nums := func(dst *[]int32, v []int32) {
		if v != nil {
			*dst = v
		}
	}
	str(&base.InsideCidr, m.InsideCidr)
	str(&base.InsideIpv6Cidr, m.InsideIpv6Cidr)
	str(&base.PreSharedKey, m.PreSharedKey)
	num(&base.Phase1Lifetime, m.Phase1Lifetime)
	num(&base.Phase2Lifetime, m.Phase2Lifetime)
	num(&base.RekeyMargin, m.RekeyMargin)
	num(&base.RekeyFuzz, m.RekeyFuzz)
	num(&base.ReplayWindow, m.ReplayWindow)
	num(&base.DPDTimeout, m.DPDTimeout)
	str(&base.DPDAction, m.DPDAction)
	str(&base.StartupAction, m.StartupAction)
	strs(&base.Phase1Enc, m.Phase1Enc)
	strs(&base.Phase2Enc, m.Phase2Enc)
	strs(&base.Phase1Integrity, m.Phase1Integrity)
	strs(&base.Phase2Integrity, m.Phase2Integrity)
	nums(&base.Phase1DH, m.Phase1DH)
	nums(&base.Phase2DH, m.Phase2DH)
	strs(&base.IKEVersions, m.IKEVersions)
	flag(&base.LogEnabled, m.LogEnabled)
	flag(&base.BgpLogEnabled, m.BgpLogEnabled)
	str(&base.LogGroupArn, m.LogGroupArn)
	str(&base.LogOutputFormat, m.LogOutputFormat)
	str(&base.BgpLogGroupArn, m.BgpLogGroupArn)
	str(&base.BgpLogFormat, m.BgpLogFormat)
	flag(&base.LifecycleControl, m.LifecycleControl)
	return base
}

// onlyLifecycleControl reports whether s sets EnableTunnelLifecycleControl
// and nothing else.
func (s tunnelSpec) onlyLifecycleControl() bool {
	if s.LifecycleControl == nil {
		return false
	}
	s.LifecycleControl = nil
	return reflect.ValueOf(s).IsZero()
}
