package ec2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// UPDATE: the difference between each row and its new values, as calls.

// Update changes each row, calling the API only for what differs.
func (t *vpnConnectionsTable) Update(ctx context.Context, rows []catalog.RowChange, opt catalog.WriteOptions) (catalog.WriteResult, error) {
	w := &writeRun{src: t.src, opt: opt}
	type plan struct {
		tg    target
		id    string
		calls []apiCall
		after []any
		skip  bool
	}
	plans := make([]plan, len(rows))
	for i, r := range rows {
		p := &plans[i]
		p.id = textOf(r.Old[col("vpnConnectionId")])
		if gone(r.Old) {
			p.skip = true
			w.res.Notices = append(w.res.Notices, fmt.Sprintf("%s is %s; not updated", p.id, textOf(r.Old[col("state")])))
			continue
		}
		calls, after, err := planUpdate(p.id, r)
		if err == nil {
			p.tg, err = t.target(ctx, textOf(r.Old[col("region")]), textOf(r.Old[col("accountId")]))
		}
		if err != nil {
			return w.res, &catalog.RowError{Row: i, Key: p.id, Err: err}
		}
		p.calls, p.after = calls, after
	}
	for i, p := range plans {
		if p.skip {
			continue
		}
		if _, err := w.doAll(ctx, p.tg, i, p.id, p.calls); err != nil {
			return w.res, err
		}
		if opt.DryRun || opt.Plan {
			continue
		}
		after := p.after
		if opt.Returning {
			found, err := listVPNConnections(ctx, p.tg, []string{p.id}, nil)
			if err != nil {
				return w.res, &catalog.RowError{Row: i, Key: p.id, Err: pgerr.From(err).
					WithDetail("Every change to %s was made; reading it back for RETURNING failed.", p.id)}
			}
			if len(found) == 1 {
				after = t.row(found[0])
			}
		}
		w.res.Rows = append(w.res.Rows, after)
	}
	return w.res, nil
}

func gone(row []any) bool {
	s := textOf(row[col("state")])
	return s == "deleting" || s == "deleted"
}

// fixedColumns are the columns no API call changes.
var fixedColumns = map[string]string{
	"vpnConnectionId":              "AWS assigns the id of a VPN connection.",
	"coreNetworkArn":               "Cloud WAN attachments are made in AWS Network Manager, not by EC2.",
	"coreNetworkAttachmentArn":     "Cloud WAN attachments are made in AWS Network Manager, not by EC2.",
	"gatewayAssociationState":      "AWS reports the gateway association state.",
	"category":                     "AWS reports the category.",
	"state":                        "AWS reports the state; DELETE deletes a connection.",
	"type":                         "ipsec.1 is the only type.",
	"customerGatewayConfiguration": "AWS generates the configuration from the connection and its tunnels.",
	"vgwTelemetry":                 "AWS reports tunnel telemetry.",
	"region":                       "A connection cannot move between regions: INSERT a new one and DELETE the old.",
	"accountId":                    "A connection cannot move between accounts: INSERT a new one and DELETE the old.",
}

// planUpdate computes one row's calls, and the row with the assignments
// applied.
func planUpdate(id string, r catalog.RowChange) ([]apiCall, []any, error) {
	after := append([]any(nil), r.Old...)
	for i, v := range r.Set {
		after[i] = v
	}
	set := func(name string) (any, bool) {
		v, ok := r.Set[col(name)]
		return v, ok
	}
	old := func(name string) any { return r.Old[col(name)] }
	var calls []apiCall

	for i, c := range vpnConnectionColumns {
		v, ok := r.Set[i]
		if !ok {
			continue
		}
		name := c.name
		if why, fixed := fixedColumns[name]; fixed && !valuesEqual(r.Old[i], v) {
			return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "column %q cannot be changed", name).WithDetail("%s", why)
		}
	}

	// Tags: the difference between the tag sets.
	nt, hasTagSet := set("tagSet")
	no, hasTags := set("tags")
	if hasTagSet || hasTags {
		var want []types.Tag
		var err error
		if hasTags {
			if want, err = parseTags("tags", jsonValue(no)); err != nil {
				return nil, nil, err
			}
		}
		if hasTagSet {
			ts, err := parseTags("tagSet", jsonValue(nt))
			if err != nil {
				return nil, nil, err
			}
			if hasTags && !tagsEqual(ts, want) {
				return nil, nil, pgerr.New(pgerr.SyntaxError, "tags and tagSet are assigned different tags").
					WithDetail("Both columns hold the same tags; assign one of them.")
			}
			want = ts
		}
		is, _ := parseTags("tagSet", jsonValue(old("tagSet")))
		if del := tagDiffDelete(is, want); len(del) > 0 {
			calls = append(calls, tagsCall(false, id, del))
		}
		if add := tagDiffCreate(is, want); len(add) > 0 {
			calls = append(calls, tagsCall(true, id, add))
		}
	}

	// Routes: the difference between the CIDR sets.
	if nr, ok := set("routes"); ok {
		want, err := parseRoutes(jsonValue(nr))
		if err != nil {
			return nil, nil, err
		}
		is, _ := parseRoutes(jsonValue(old("routes")))
		for _, c := range is {
			if !contains(want, c) {
				calls = append(calls, routeCall(false, id, c))
			}
		}
		for _, c := range want {
			if !contains(is, c) {
				calls = append(calls, routeCall(true, id, c))
			}
		}
	}

	// Options: tunnels by outside address, then the connection's CIDRs.
	if nv, ok := set("options"); ok {
		ch, err := diffOptions(jsonValue(old("options")), jsonValue(nv))
		if err != nil {
			return nil, nil, err
		}
		for _, tc := range ch.tunnels {
			calls = append(calls, modifyTunnelCall(&ec2.ModifyVpnTunnelOptionsInput{
				VpnConnectionId: aws.String(id), VpnTunnelOutsideIpAddress: aws.String(tc.outsideIP), TunnelOptions: tc.spec}))
		}
		if ch.connection != nil {
			ch.connection.VpnConnectionId = aws.String(id)
			calls = append(calls, modifyOptionsCall(ch.connection))
		}
	}

	// Gateways: one ModifyVpnConnection for the customer gateway and the
	// VGW/TGW. Assigning one gateway column a value migrates the
	// connection, clearing the other.
	mod := &ec2.ModifyVpnConnectionInput{VpnConnectionId: aws.String(id)}
	changed := false
	if v, ok := set("customerGatewayId"); ok {
		if v == nil {
			return nil, nil, notNull("customerGatewayId", "A VPN connection always has a customer gateway.")
		}
		if s := textOf(v); s != textOf(old("customerGatewayId")) {
			mod.CustomerGatewayId, changed = aws.String(s), true
		}
	}
	vgw, tgw := textOf(old("vpnGatewayId")), textOf(old("transitGatewayId"))
	nv, setV := set("vpnGatewayId")
	ntg, setT := set("transitGatewayId")
	if setV {
		vgw = textOf(nv)
	}
	if setT {
		tgw = textOf(ntg)
	}
	if setV && !setT && vgw != "" {
		tgw = ""
	}
	if setT && !setV && tgw != "" {
		vgw = ""
	}
	if setV || setT {
		if vgw != "" && tgw != "" || vgw == "" && tgw == "" && textOf(old("vpnGatewayId"))+textOf(old("transitGatewayId")) != "" {
			return nil, nil, gatewayCheck()
		}
		after[col("vpnGatewayId")], after[col("transitGatewayId")] = nullIfEmpty(vgw), nullIfEmpty(tgw)
		switch {
		case vgw != textOf(old("vpnGatewayId")) && vgw != "":
			mod.VpnGatewayId, changed = aws.String(vgw), true
		case tgw != textOf(old("transitGatewayId")) && tgw != "":
			mod.TransitGatewayId, changed = aws.String(tgw), true
		}
	}
	if changed {
		calls = append(calls, modifyCall(mod))
	}
	return calls, after, nil
}
