package ec2sim

import (
	"encoding/xml"
	"strings"
	"testing"
)

// A response's document is the one configFor renders, escaped once, and
// it is rendered again exactly when one of its inputs changes.
func TestCgwDocMemo(t *testing.T) {
	s := New(Options{})
	if err := s.Seed(SeedConfig{PerRegion: 3, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	rs := s.regionState(DefaultAccount, "us-east-1")
	rs.mu.Lock()
	defer rs.mu.Unlock()
	v := rs.vpns.get(rs.vpns.ids[0])

	// The escaped text, read back as XML, is the document.
	var el struct {
		Text string `xml:",chardata"`
	}
	if err := xml.Unmarshal([]byte("<c>"+rs.escapedConfigFor(v)+"</c>"), &el); err != nil {
		t.Fatal(err)
	}
	if el.Text != rs.configFor(v) || !strings.Contains(el.Text, "<ipsec_tunnel>") {
		t.Fatalf("escaped document does not read back as the document:\n%.300s", el.Text)
	}

	memo := v.cgwDoc
	if rs.escapedConfigFor(v); v.cgwDoc != memo {
		t.Fatal("the document was rendered again with the same inputs")
	}
	changes := []struct {
		name   string
		change func()
		want   string
	}{
		{"tunnel key", func() { v.tunnels[0].spec.PreSharedKey = "changed_psk.1" }, "<pre_shared_key>changed_psk.1</pre_shared_key>"},
		{"tunnel lifetime", func() { p := int32(900); v.tunnels[1].spec.Phase2Lifetime = &p }, "<lifetime>900</lifetime>"},
		{"customer gateway address", func() { rs.cgws.get(v.cgwID).x.IPAddress = "198.51.100.77" }, "<ip_address>198.51.100.77</ip_address>"},
		{"static routes", func() { v.opts.StaticRoutesOnly = !v.opts.StaticRoutesOnly }, ""},
	}
	for _, c := range changes {
		before := rs.escapedConfigFor(v)
		c.change()
		after := rs.escapedConfigFor(v)
		if after == before {
			t.Errorf("%s: the document did not change", c.name)
		}
		if c.want != "" && !strings.Contains(rs.configFor(v), c.want) {
			t.Errorf("%s: the document lacks %s", c.name, c.want)
		}
		if after != escapeXML(rs.configFor(v)) {
			t.Errorf("%s: the kept document is not the current one", c.name)
		}
	}
}
