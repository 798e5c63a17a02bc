package executor

import (
	"slices"
	"testing"
)

// TestNarrowedJoin: a join on the region reads its few left rows first and
// calls the right table where they are; it sends their ids only when the
// join also pins the account, since an id asked for in an account that
// lacks it costs a second call. The rows are those of the same query with
// nothing pushed down.
func TestNarrowedJoin(t *testing.T) {
	s, sim := newResourcesSession(t)
	_, rows, err := run(t, s, `SELECT "vpnConnectionId", "customerGatewayId", region FROM vpn_connections WHERE region = 'eu-west-1' ORDER BY 1 LIMIT 1`)
	if err != nil || len(rows) != 1 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
	id, cgw, region := rows[0][0], rows[0][1], rows[0][2]
	const join = `SELECT v."vpnConnectionId", c."ipAddress" FROM vpn_connections v JOIN customer_gateways c ON c."customerGatewayId" = v."customerGatewayId" AND c.region = v.region`
	for _, tc := range []struct {
		name, sql string
		regions   []string // of the DescribeCustomerGateways calls
		ids       []string // their CustomerGatewayId.1 parameters
	}{
		{"one connection: its region, no id (the account is not pinned)", join + ` WHERE v."vpnConnectionId" = '` + id + `'`,
			[]string{region}, []string{""}},
		{"one connection, the account pinned: its region and its gateway's id", join + ` AND c."accountId" = v."accountId" WHERE v."vpnConnectionId" = '` + id + `'`,
			[]string{region}, []string{cgw}},
		{"connections of every region: one call per region, no ids", join + ` AND c."accountId" = v."accountId"`,
			[]string{"ap-southeast-2", "eu-west-1", "us-east-1"}, []string{"", "", ""}},
		{"no connection: no call", join + ` WHERE v."vpnConnectionId" = 'vpn-00000000000000000'`, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, want, err := run(t, s, unpushed.ReplaceAllString(tc.sql, "(SELECT * FROM $1 OFFSET 0) $2"))
			if err != nil {
				t.Fatal(err)
			}
			sim.ResetRequests()
			_, got, err := run(t, s, tc.sql)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(sortedRows(got), sortedRows(want)) {
				t.Errorf("rows %v, without pushdown %v", got, want)
			}
			var regions, ids []string
			for _, r := range sim.Requests() {
				if r.Action == "DescribeCustomerGateways" {
					regions, ids = append(regions, r.Region), append(ids, r.Params.Get("CustomerGatewayId.1"))
				}
			}
			slices.Sort(regions)
			if !slices.Equal(regions, tc.regions) || !slices.Equal(ids, tc.ids) {
				t.Errorf("DescribeCustomerGateways in %v with ids %q, want %v with %q", regions, ids, tc.regions, tc.ids)
			}
		})
	}
}
