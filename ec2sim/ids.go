package ec2sim

import (
	"fmt"
	"net/netip"
	"strings"
)

// gen makes the ids, keys and addresses AWS would pick, from a source of
// random numbers: the Sim's for API calls, a seeded one for Seed.
type gen struct {
	next func() uint64
}

func (g *gen) intn(n int) int { return int(g.next() % uint64(n)) }

// id is a new-style resource id: prefix, dash, 17 lower-case hex digits
// (the first of them 0, as in current AWS ids).
func (g *gen) id(prefix string) string {
	return fmt.Sprintf("%s-0%016x", prefix, g.next())
}

func (g *gen) uuid() string {
	a, b := g.next(), g.next()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, a>>16&0xffff, a&0xfff, 0x8000|b>>48&0x3fff, b&0xffffffffffff)
}

const pskAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._"

// psk is a 32-character pre-shared key of the characters AWS allows, not
// starting with a digit.
func (g *gen) psk() string {
	var b strings.Builder
	b.WriteByte(pskAlphabet[g.intn(52)])
	for range 31 {
		b.WriteByte(pskAlphabet[g.intn(len(pskAlphabet))])
	}
	return b.String()
}

// awsFirstOctets are first octets of address blocks AWS announces; tunnel
// outside addresses look like real AWS VPN endpoints.
var awsFirstOctets = []byte{3, 13, 15, 18, 34, 35, 44, 52, 54, 99}

func (g *gen) outsideIP(kind string) string {
	switch kind {
	case "PrivateIpv4":
		return fmt.Sprintf("10.%d.%d.%d", g.intn(256), g.intn(256), 1+g.intn(254))
	case "Ipv6":
		return fmt.Sprintf("2600:1f18:%x:%x::%x", g.intn(1<<16), g.intn(1<<16), 1+g.intn(1<<16-1))
	}
	return fmt.Sprintf("%d.%d.%d.%d", awsFirstOctets[g.intn(len(awsFirstOctets))], g.intn(256), g.intn(256), 1+g.intn(254))
}

// insideCidr is a /30 from 169.254.0.0/16 outside the reserved blocks.
func (g *gen) insideCidr() string {
	for {
		c := fmt.Sprintf("169.254.%d.%d/30", 6+g.intn(250), 4*g.intn(64))
		if checkInsideCidr(c) == nil {
			return c
		}
	}
}

// insideIpv6Cidr is a /126 from fd00::/8.
func (g *gen) insideIpv6Cidr() string {
	a := netip.AddrFrom16([16]byte{
		0xfd, byte(g.intn(256)), byte(g.intn(256)), byte(g.intn(256)),
		byte(g.intn(256)), byte(g.intn(256)), 0, 0, 0, 0, 0, 0, 0, 0, 0, byte(4 * g.intn(64)),
	})
	return netip.PrefixFrom(a, 126).String()
}
