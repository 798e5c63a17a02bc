package executor

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials/stscreds"

	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/ec2sim"
)

// An assumed role's credentials are fetched again before they expire
// (ec2.CredentialsExpiryWindow, 5 minutes), through the real path: the
// simulator's STS hands out credentials that, by its clock set back, expire
// 6 or 4 minutes from now. With 6 minutes left the credentials of the first
// scan serve the second; with 4 left, inside the window, the second scan
// assumes the role again and signs with the new keys.
func TestOrg_AssumedRoleRefreshedBeforeExpiry(t *testing.T) {
	if ec2.CredentialsExpiryWindow != 5*time.Minute {
		t.Fatalf("the cases below assume a 5-minute window, not %v", ec2.CredentialsExpiryWindow)
	}
	for _, tc := range []struct {
		left    time.Duration // the credentials' lifetime left when handed out
		refresh bool
	}{
		{6 * time.Minute, false},
		{4 * time.Minute, true},
	} {
		t.Run(fmt.Sprintf("%v left", tc.left), func(t *testing.T) {
			offset := tc.left - stscreds.DefaultDuration // AssumeRole's DurationSeconds: 900
			e := newOrgEnv(t, ec2sim.Options{Now: func() time.Time { return time.Now().Add(offset) }})
			sql := `SELECT count(*) FROM vpn_connections WHERE "accountId" = '` + acctProd + `' AND region = 'eu-west-1'`
			if _, _, err := run(t, e.s, sql); err != nil {
				t.Fatal(err)
			}
			first := e.sim.Requests()
			e.sim.ResetRequests()
			if _, _, err := run(t, e.s, sql); err != nil {
				t.Fatal(err)
			}
			assumed, keys := 0, map[string]bool{}
			for _, r := range e.sim.Requests() {
				switch r.Action {
				case "AssumeRole":
					assumed++
				case "DescribeVpnConnections":
					keys[r.AccessKey] = true
				}
			}
			firstKeys := map[string]bool{}
			for _, r := range first {
				if r.Action == "DescribeVpnConnections" {
					firstKeys[r.AccessKey] = true
				}
			}
			if len(keys) != 1 || len(firstKeys) != 1 {
				t.Fatalf("access keys of the prod calls: first scan %v, second %v", firstKeys, keys)
			}
			var key, firstKey string
			for k := range keys {
				key = k
			}
			for k := range firstKeys {
				firstKey = k
			}
			if tc.refresh {
				if assumed == 0 || key == firstKey {
					t.Errorf("credentials %v from expiry were not refreshed: %d AssumeRole, key %s then %s", tc.left, assumed, firstKey, key)
				}
			} else if assumed != 0 || key != firstKey {
				t.Errorf("credentials %v from expiry were refreshed: %d AssumeRole, key %s then %s", tc.left, assumed, firstKey, key)
			}
		})
	}
}
