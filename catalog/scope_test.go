package catalog

import "testing"

// TestScope: which accounts and regions a scope admits; nil admits all.
func TestScope(t *testing.T) {
	var none *Scope
	noc := &Scope{Accounts: []string{"prod", "123456789012"}, Regions: []string{"eu-*", "us-east-1"}}
	cases := []struct {
		s                 *Scope
		name, id, region  string
		account, inRegion bool
	}{
		{none, "", "999999999999", "ap-south-1", true, true},
		{noc, "prod", "210987654321", "eu-west-1", true, true},
		{noc, "", "123456789012", "us-east-1", true, true},
		{noc, "dev", "999999999999", "us-east-2", false, false},
		{noc, "", "", "eu-", false, true},
		{&Scope{Regions: []string{"us-?ast-1"}}, "", "1", "us-east-1", true, true},
	}
	for _, tc := range cases {
		if got := tc.s.AllowsAccount(tc.name, tc.id); got != tc.account {
			t.Errorf("%+v AllowsAccount(%q, %q) = %v", tc.s, tc.name, tc.id, got)
		}
		if got := tc.s.AllowsRegion(tc.region); got != tc.inRegion {
			t.Errorf("%+v AllowsRegion(%q) = %v", tc.s, tc.region, got)
		}
	}
	if !none.SeesSecrets() || noc.SeesSecrets() || none.Limited() || !noc.Limited() {
		t.Error("SeesSecrets or Limited")
	}
	for g, ok := range map[string]bool{"eu-*": true, "us-east-1": true, "[": false, "": false} {
		if ValidRegionGlob(g) != ok {
			t.Errorf("ValidRegionGlob(%q) != %v", g, ok)
		}
	}
}
