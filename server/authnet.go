package server

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/vpnsql/vpnsql/pgerr"
)

// NetworkRule admits a user from a client network, as a pg_hba.conf
// host, hostssl or hostnossl line does. A user with rules may connect only
// from an address some rule admits; a user without any connects from
// anywhere the listener reaches.
type NetworkRule struct {
	Prefix netip.Prefix
	// TLS is what the connection must use: "host" (either), "hostssl"
	// (TLS) or "hostnossl" (plain).
	TLS string
}

// ParseNetworkRule reads "CIDR", "ADDRESS", "all", optionally after
// host, hostssl or hostnossl: "10.0.0.0/8", "hostssl 0.0.0.0/0",
// "hostssl all".
func ParseNetworkRule(s string) (NetworkRule, error) {
	fields := strings.Fields(s)
	r := NetworkRule{TLS: "host"}
	switch {
	case len(fields) == 2 && (fields[0] == "host" || fields[0] == "hostssl" || fields[0] == "hostnossl"):
		r.TLS, fields = fields[0], fields[1:]
	case len(fields) != 1:
		return r, fmt.Errorf("network %q: want [host|hostssl|hostnossl] CIDR", s)
	}
	addr := fields[0]
	if addr == "all" {
		// Both families: ::/0 does not contain IPv4 addresses in netip.
		r.Prefix = netip.Prefix{}
		return r, nil
	}
	if p, err := netip.ParsePrefix(addr); err == nil {
		if p != p.Masked() {
			return r, fmt.Errorf("network %q: %s has host bits set beyond its mask (did you mean %s?)", s, p, p.Masked())
		}
		r.Prefix = p
		return r, nil
	}
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return r, fmt.Errorf("network %q: %q is neither a CIDR, an address nor all", s, addr)
	}
	r.Prefix = netip.PrefixFrom(a, a.BitLen())
	return r, nil
}

func (r NetworkRule) String() string {
	if !r.Prefix.IsValid() {
		return r.TLS + " all"
	}
	return r.TLS + " " + r.Prefix.String()
}

// admits says whether the rule lets a client at addr in, over TLS or not.
func (r NetworkRule) admits(addr netip.Addr, tls bool) bool {
	switch {
	case r.TLS == "hostssl" && !tls, r.TLS == "hostnossl" && tls:
		return false
	case !addr.IsValid():
		return false // not TCP: pg_hba.conf's local lines, which vpnsql has none of
	case !r.Prefix.IsValid():
		return true
	}
	return r.Prefix.Contains(addr.Unmap())
}

// checkNetworks refuses a known user whose rules do not admit the client,
// before any password is asked for, with PostgreSQL 15's message: a
// client learns which rule it missed but not the rules.
func (c *conn) checkNetworks(user string, cred Credential) *pgerr.Error {
	if len(cred.Networks) == 0 {
		return nil
	}
	addr, _ := netip.ParseAddr(c.info.ClientAddr)
	for _, r := range cred.Networks {
		if r.admits(addr, c.tls) {
			return nil
		}
	}
	host := c.info.ClientAddr
	if host == "" {
		host = "[local]"
	}
	enc := "no encryption"
	if c.tls {
		enc = "SSL encryption"
	}
	c.mu.Lock()
	db := c.info.Database
	c.mu.Unlock()
	return pgerr.New(pgerr.InvalidAuthorizationSpecification, "no pg_hba.conf entry for host \"%s\", user \"%s\", database \"%s\", %s", host, user, db, enc)
}
