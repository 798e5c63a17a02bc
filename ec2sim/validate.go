package ec2sim

import (
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"
)

// Input parsing and value checks for VPN connection and tunnel options, with
// the ranges and enums of API.md §3.

// tunnelSpec reads a VpnTunnelOptionsSpecification (or the Modify… variant:
// same members) under prefix p, e.g. "Options.TunnelOptions.1.".
func (q *query) tunnelSpec(p string) tunnelSpec {
	lo := p + "LogOptions.CloudWatchLogOptions."
	return tunnelSpec{
		InsideCidr:       q.str(p + "TunnelInsideCidr"),
		InsideIpv6Cidr:   q.str(p + "TunnelInsideIpv6Cidr"),
		PreSharedKey:     q.str(p + "PreSharedKey"),
		Phase1Lifetime:   q.int32p(p + "Phase1LifetimeSeconds"),
		Phase2Lifetime:   q.int32p(p + "Phase2LifetimeSeconds"),
		RekeyMargin:      q.int32p(p + "RekeyMarginTimeSeconds"),
		RekeyFuzz:        q.int32p(p + "RekeyFuzzPercentage"),
		ReplayWindow:     q.int32p(p + "ReplayWindowSize"),
		DPDTimeout:       q.int32p(p + "DPDTimeoutSeconds"),
		DPDAction:        q.str(p + "DPDTimeoutAction"),
		StartupAction:    q.str(p + "StartupAction"),
		Phase1Enc:        q.valueList(p + "Phase1EncryptionAlgorithm"),
		Phase2Enc:        q.valueList(p + "Phase2EncryptionAlgorithm"),
		Phase1Integrity:  q.valueList(p + "Phase1IntegrityAlgorithm"),
		Phase2Integrity:  q.valueList(p + "Phase2IntegrityAlgorithm"),
		Phase1DH:         q.int32ValueList(p + "Phase1DHGroupNumber"),
		Phase2DH:         q.int32ValueList(p + "Phase2DHGroupNumber"),
		IKEVersions:      q.valueList(p + "IKEVersion"),
		LogEnabled:       q.boolp(lo + "LogEnabled"),
		LogGroupArn:      q.str(lo + "LogGroupArn"),
		LogOutputFormat:  q.str(lo + "LogOutputFormat"),
		BgpLogEnabled:    q.boolp(lo + "BgpLogEnabled"),
		BgpLogGroupArn:   q.str(lo + "BgpLogGroupArn"),
		BgpLogFormat:     q.str(lo + "BgpLogOutputFormat"),
		LifecycleControl: q.boolp(p + "EnableTunnelLifecycleControl"),
	}
}

var (
	pskPattern  = regexp.MustCompile(`^[A-Za-z0-9._]{8,64}$`)
	encAlgs     = []string{"AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"}
	integAlgs   = []string{"SHA1", "SHA2-256", "SHA2-384", "SHA2-512"}
	phase1DH    = []int32{2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}
	phase2DH    = []int32{2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24}
	ikeVersions = []string{"ikev1", "ikev2"}
	logFormats  = []string{"json", "text"}
	linkLocal   = netip.MustParsePrefix("169.254.0.0/16")
	ulaPrefix   = netip.MustParsePrefix("fd00::/8")
	reserved    = []string{"169.254.0.0/30", "169.254.1.0/30", "169.254.2.0/30", "169.254.3.0/30",
		"169.254.4.0/30", "169.254.5.0/30", "169.254.169.252/30"}
)

// validateTunnel checks the values s sets; unset values take AWS's defaults
// for the cross-field rules (phase 2 shorter than phase 1, rekey margin at
// most half of phase 2).
func validateTunnel(s tunnelSpec, ipv6 bool) *apiError {
	if s.InsideCidr != "" {
		if e := checkInsideCidr(s.InsideCidr); e != nil {
			return e
		}
	}
	if s.InsideIpv6Cidr != "" {
		p, err := netip.ParsePrefix(s.InsideIpv6Cidr)
		if err != nil || !p.Addr().Is6() || p.Bits() != 126 || p.Masked() != p || !ulaPrefix.Contains(p.Addr()) {
			return errorf("InvalidParameterValue", "The tunnel inside IPv6 CIDR '%s' must be a /126 from fd00::/8.", s.InsideIpv6Cidr)
		}
	}
	if s.InsideCidr != "" && ipv6 || s.InsideIpv6Cidr != "" && !ipv6 {
		return errorf("InvalidParameterCombination", "The tunnel inside CIDR does not match the connection's TunnelInsideIpVersion.")
	}
	if s.PreSharedKey != "" && (!pskPattern.MatchString(s.PreSharedKey) || s.PreSharedKey[0] == '0') {
		// The key itself is never echoed: messages end up in logs.
		return errorf("InvalidParameterValue", "The pre-shared key must be 8-64 characters of letters, digits, periods and underscores, and cannot start with zero.")
	}
	p1, p2 := deref(s.Phase1Lifetime, 28800), deref(s.Phase2Lifetime, 3600)
	ranges := []struct {
		name     string
		v        *int32
		min, max int32
	}{
		{"Phase1LifetimeSeconds", s.Phase1Lifetime, 900, 28800},
		{"Phase2LifetimeSeconds", s.Phase2Lifetime, 900, 3600},
		{"RekeyMarginTimeSeconds", s.RekeyMargin, 60, p2 / 2},
		{"RekeyFuzzPercentage", s.RekeyFuzz, 0, 100},
		{"ReplayWindowSize", s.ReplayWindow, 64, 2048},
		{"DPDTimeoutSeconds", s.DPDTimeout, 30, 1<<31 - 1},
	}
	for _, r := range ranges {
		if r.v != nil && (*r.v < r.min || *r.v > r.max) {
			return errorf("InvalidParameterValue", "Value (%d) for parameter %s is invalid. Valid values are %d to %d.", *r.v, r.name, r.min, r.max)
		}
	}
	if s.Phase2Lifetime != nil && p2 >= p1 {
		return errorf("InvalidParameterValue", "Phase2LifetimeSeconds (%d) must be less than Phase1LifetimeSeconds (%d).", p2, p1)
	}
	enums := []struct {
		name  string
		vals  []string
		legal []string
	}{
		{"DPDTimeoutAction", one(s.DPDAction), []string{"clear", "none", "restart"}},
		{"StartupAction", one(s.StartupAction), []string{"add", "start"}},
		{"Phase1EncryptionAlgorithm", s.Phase1Enc, encAlgs},
		{"Phase2EncryptionAlgorithm", s.Phase2Enc, encAlgs},
		{"Phase1IntegrityAlgorithm", s.Phase1Integrity, integAlgs},
		{"Phase2IntegrityAlgorithm", s.Phase2Integrity, integAlgs},
		{"IKEVersion", s.IKEVersions, ikeVersions},
		{"LogOutputFormat", one(s.LogOutputFormat), logFormats},
		{"BgpLogOutputFormat", one(s.BgpLogFormat), logFormats},
	}
	for _, e := range enums {
		for _, v := range e.vals {
			if !slices.Contains(e.legal, v) {
				return errInvalidValue(e.name, v)
			}
		}
	}
	for _, v := range s.Phase1DH {
		if !slices.Contains(phase1DH, v) {
			return errInvalidValue("Phase1DHGroupNumber", strconv.Itoa(int(v)))
		}
	}
	for _, v := range s.Phase2DH {
		if !slices.Contains(phase2DH, v) {
			return errInvalidValue("Phase2DHGroupNumber", strconv.Itoa(int(v)))
		}
	}
	return nil
}

func checkInsideCidr(c string) *apiError {
	p, err := netip.ParsePrefix(c)
	if err != nil || !p.Addr().Is4() || p.Bits() != 30 || p.Masked() != p || !linkLocal.Contains(p.Addr()) {
		return errorf("InvalidParameterValue", "The tunnel inside CIDR '%s' must be a /30 from 169.254.0.0/16.", c)
	}
	if slices.Contains(reserved, c) {
		return errorf("InvalidParameterValue", "The tunnel inside CIDR '%s' is reserved and cannot be used.", c)
	}
	return nil
}

// checkCidr validates a network CIDR option of the given family.
func checkCidr(param, c string, v6 bool) *apiError {
	if c == "" {
		return nil
	}
	p, err := netip.ParsePrefix(c)
	if err != nil || p.Addr().Is6() != v6 || p.Masked() != p {
		return errInvalidValue(param, c)
	}
	return nil
}

// checkNetworkCidrs validates the Local/Remote Ipv4/Ipv6 NetworkCidr options.
func checkNetworkCidrs(local4, remote4, local6, remote6 string) *apiError {
	for _, p := range []struct {
		name, v string
		v6      bool
	}{
		{"LocalIpv4NetworkCidr", local4, false}, {"RemoteIpv4NetworkCidr", remote4, false},
		{"LocalIpv6NetworkCidr", local6, true}, {"RemoteIpv6NetworkCidr", remote6, true},
	} {
		if e := checkCidr(p.name, p.v, p.v6); e != nil {
			return e
		}
	}
	return nil
}

func validateTags(tags []tag) *apiError {
	for _, t := range tags {
		switch {
		case t.Key == "":
			return errorf("InvalidParameterValue", "Tag keys must not be empty.")
		case utf8.RuneCountInString(t.Key) > 127:
			return errorf("InvalidParameterValue", "Tag key exceeds the maximum length of 127 characters.")
		case len(t.Key) >= 4 && t.Key[:4] == "aws:":
			return errorf("InvalidParameterValue", "Tag keys starting with 'aws:' are reserved for internal use")
		case utf8.RuneCountInString(t.Value) > 256:
			return errorf("InvalidParameterValue", "Tag value exceeds the maximum length of 256 characters.")
		}
	}
	return nil
}

// validateNewTags checks a create's TagSpecification tags: each tag, then
// the limit of 50 per resource.
func validateNewTags(tags []tag) *apiError {
	if e := validateTags(tags); e != nil {
		return e
	}
	_, e := mergeTags(nil, tags)
	return e
}

// mergeTags sets tags on a resource's list (overwriting values of existing
// keys), keeping at most 50.
func mergeTags(have, set []tag) ([]tag, *apiError) {
	out := slices.Clone(have)
	for _, t := range set {
		i := slices.IndexFunc(out, func(x tag) bool { return x.Key == t.Key })
		if i >= 0 {
			out[i].Value = t.Value
		} else {
			out = append(out, t)
		}
	}
	if len(out) > 50 {
		return nil, errorf("TagLimitExceeded", "The maximum number of tags for a resource (50) has been reached.")
	}
	return out, nil
}
