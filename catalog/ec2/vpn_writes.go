package ec2

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Writes to ec2.vpn_connections (catalog.Writable):
//
//	INSERT  CreateVpnConnection per row
//	UPDATE  per row, only for what changed, in this order: DeleteTags,
//	        CreateTags, DeleteVpnConnectionRoute, CreateVpnConnectionRoute,
//	        ModifyVpnTunnelOptions (per tunnel), ModifyVpnConnectionOptions,
//	        ModifyVpnConnection. Tags and routes first: they need no state
//	        change and a VGW-to-TGW migration needs the static routes gone;
//	        the Modify calls last, since each leaves the connection
//	        "modifying" for a while on AWS.
//	DELETE  DeleteVpnConnection per row
//
// Rows in state deleting or deleted are skipped by UPDATE and DELETE: the
// connection is gone, it is only still listed.
//
// Files: vpn_writes.go (the table, INSERT, DELETE), vpn_write_update.go
// (UPDATE's difference), vpn_write_spec.go (the options column onto the
// API's shapes), vpn_write_values.go (tags, routes, jsonb reading),
// vpn_write_calls.go (the calls, their retry policy and errors),
// vpn_write_methods.go (the functions in schema ec2), vpn_write_unique.go
// (the gateway pair index INSERT enforces), apicalls.go (the audit log and
// vpnsql.api_calls). Every write takes catalog.WriteOptions.Plan: it then
// reads what it needs and records the calls it would make
// (WriteResult.Calls) without making them, for EXPLAIN. User
// documentation: docs/writes.md.

// vpnConnectionsTable is ec2.vpn_connections: the resource table plus its
// writes.
type vpnConnectionsTable struct {
	*resourceTable[vpnConnection]
}

func writableVPNConnections(rt *resourceTable[vpnConnection]) catalog.Table {
	if rt.src != nil {
		instrument(rt.src)
	}
	return &vpnConnectionsTable{resourceTable: rt}
}

// col is a column's index in vpnConnectionColumns.
func col(name string) int {
	for i, c := range vpnConnectionColumns {
		if c.name == name {
			return i
		}
	}
	panic("ec2: no column " + name)
}

func (t *vpnConnectionsTable) row(v vpnConnection) []any {
	row := make([]any, len(t.columns))
	for j, c := range t.columns {
		row[j] = c.get(&v)
	}
	return row
}

// target finds where a row lives or an INSERT puts it. An empty account
// is the first configured account; an empty region that account's default
// region (the SDK configuration's, if vpnsql serves it, else the first
// served).
func (t *vpnConnectionsTable) target(ctx context.Context, region, accountID string) (target, error) {
	src := t.src
	if src == nil || len(src.Accounts) == 0 {
		return target{}, pgerr.New(pgerr.FeatureNotSupported, "no AWS account or region is configured")
	}
	for _, a := range src.Accounts {
		id, err := a.ID(ctx)
		if err != nil {
			return target{}, sourceError(ctx, target{account: a}, err)
		}
		if accountID != "" && accountID != id {
			continue
		}
		regions, err := a.regionList(ctx, src.Regions)
		if err != nil {
			return target{}, sourceError(ctx, target{account: a, accountID: id}, err)
		}
		if len(regions) == 0 {
			return target{}, pgerr.New(pgerr.FeatureNotSupported, "no AWS region is configured")
		}
		if region == "" {
			region = regions[0]
			if r := a.Config.Region; contains(regions, r) {
				region = r
			}
		}
		if !contains(regions, region) {
			return target{}, pgerr.New(pgerr.InvalidParameterValue, "region %q is not served by this vpnsql", region).
				WithDetail("Served regions of account %s: %s.", a.label(id), strings.Join(regions, ", "))
		}
		return target{account: a, accountID: id, region: region}, nil
	}
	return target{}, pgerr.New(pgerr.InvalidParameterValue, "account %q is not configured in this vpnsql", accountID)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Insert creates a connection per row with CreateVpnConnection. Every row
// is checked first, the gateway pair index included (vpn_write_unique.go).
func (t *vpnConnectionsTable) Insert(ctx context.Context, rows []catalog.Values, opt catalog.WriteOptions) (catalog.WriteResult, error) {
	w := &writeRun{src: t.src, opt: opt}
	type plan struct {
		tg   target
		in   *ec2.CreateVpnConnectionInput
		pair gatewayPair
		skip bool
	}
	plans := make([]plan, len(rows))
	tgs := map[string]target{}
	var pairs []gatewayPair
	for i, r := range rows {
		in, region, account, err := planCreate(r)
		if err == nil {
			plans[i].tg, err = t.target(ctx, region, account)
		}
		if err != nil {
			return w.res, &catalog.RowError{Row: i, Err: err}
		}
		plans[i].in = in
		if p, ok := pairOf(plans[i].tg, in); ok {
			plans[i].pair = p
			pairs = append(pairs, p)
			tgs[p.accountID+"/"+p.region] = plans[i].tg
		}
	}
	live, err := liveByPair(ctx, tgs, pairs)
	if err != nil {
		return w.res, err // before any call: no row to name
	}
	known := map[string]bool{}
	for _, v := range live {
		known[aws.ToString(v.VpnConnectionId)] = true
	}
	firstRow := map[gatewayPair]int{}
	for i := range plans {
		p := &plans[i]
		if p.pair == (gatewayPair{}) {
			continue
		}
		existing := ""
		if v, ok := live[p.pair]; ok {
			existing = describeExisting(v)
		} else if j, ok := firstRow[p.pair]; ok {
			existing = fmt.Sprintf("Row %d of this INSERT has the same key.", j+1)
		} else {
			firstRow[p.pair] = i
			continue
		}
		if !skips(opt, gatewayPairKey) {
			return w.res, &catalog.RowError{Row: i, Err: duplicatePair(p.pair, existing)}
		}
		p.skip = true
		w.res.Notices = append(w.res.Notices, pairNote(i, p.pair, existing))
	}
	for i, p := range plans {
		if p.skip {
			continue
		}
		v, err := w.do(ctx, p.tg, i, "", createCall(p.in))
		if err != nil {
			return w.res, &catalog.RowError{Row: i, Err: t.explainLostCreate(ctx, p.tg, p.in, err)}
		}
		if opt.DryRun || opt.Plan || v == nil {
			continue
		}
		id := aws.ToString(v.VpnConnectionId)
		if why := notNew(v, p.in, known); why != "" {
			// A race: someone created the pair's connection after the check.
			existing := fmt.Sprintf("CreateVpnConnection returned the existing connection %s (%s) in %s instead of creating one: %s. Nothing was created for this row.",
				id, v.State, p.tg.region, why)
			if !skips(opt, gatewayPairKey) {
				return w.res, &catalog.RowError{Row: i, Err: duplicatePair(p.pair, existing)}
			}
			w.res.Notices = append(w.res.Notices, pairNote(i, p.pair, existing))
			continue
		}
		known[id] = true
		w.res.Rows = append(w.res.Rows, t.row(vpnConnection{VpnConnection: *v, region: p.tg.region, accountID: p.tg.accountID}))
	}
	return w.res, nil
}

// planCreate maps one INSERT row onto CreateVpnConnectionInput and the
// region and account it goes to.
func planCreate(vals catalog.Values) (in *ec2.CreateVpnConnectionInput, region, account string, err error) {
	in = &ec2.CreateVpnConnectionInput{}
	var tagSet, tagsObj []types.Tag
	hasTagSet, hasTags := false, false
	idxs := make([]int, 0, len(vals))
	for i := range vals {
		idxs = append(idxs, i)
	}
	sort.Ints(idxs)
	for _, i := range idxs {
		v := vals[i]
		name := vpnConnectionColumns[i].name
		switch name {
		case "customerGatewayId":
			in.CustomerGatewayId = textPtr(v)
		case "type":
			in.Type = textPtr(v)
		case "vpnGatewayId":
			in.VpnGatewayId = textPtr(v)
		case "transitGatewayId":
			in.TransitGatewayId = textPtr(v)
		case "region":
			region = aws.ToString(textPtr(v))
		case "accountId":
			account = aws.ToString(textPtr(v))
		case "options":
			if v != nil {
				if in.Options, err = parseCreateOptions(jsonValue(v)); err != nil {
					return nil, "", "", err
				}
			}
		case "tagSet", "tags":
			if v == nil {
				continue
			}
			tags, err := parseTags(name, jsonValue(v))
			if err != nil {
				return nil, "", "", err
			}
			if name == "tags" {
				tagsObj, hasTags = tags, true
			} else {
				tagSet, hasTagSet = tags, true
			}
		default:
			if v != nil {
				return nil, "", "", cannotSet(name)
			}
		}
	}
	switch {
	case in.CustomerGatewayId == nil:
		return nil, "", "", notNull("customerGatewayId", "CreateVpnConnection requires CustomerGatewayId.")
	case in.Type == nil:
		return nil, "", "", notNull("type", "CreateVpnConnection requires Type (ipsec.1).")
	case (in.VpnGatewayId == nil) == (in.TransitGatewayId == nil):
		return nil, "", "", gatewayCheck()
	case hasTags && hasTagSet && !tagsEqual(tagsObj, tagSet):
		return nil, "", "", pgerr.New(pgerr.InvalidParameterValue, "tags and tagSet give different tags").
			WithDetail("Both columns hold the same tags; give one of them.")
	}
	tags := tagSet
	if !hasTagSet {
		tags = tagsObj
	}
	if len(tags) > 0 {
		in.TagSpecifications = []types.TagSpecification{{ResourceType: types.ResourceTypeVpnConnection, Tags: tags}}
	}
	return in, region, account, nil
}

// explainLostCreate adds to an unknown-outcome CreateVpnConnection error
// the connections that now join the same customer gateway and gateway: if
// the call was carried out, the new connection is among them.
func (t *vpnConnectionsTable) explainLostCreate(ctx context.Context, tg target, in *ec2.CreateVpnConnectionInput, err error) error {
	pe, ok := err.(*pgerr.Error)
	if !ok || pe.Code != pgerr.TRStatementCompletionUnknown || ctx.Err() != nil {
		return err
	}
	filters := []types.Filter{
		{Name: aws.String("customer-gateway-id"), Values: []string{aws.ToString(in.CustomerGatewayId)}},
		{Name: aws.String("state"), Values: []string{"pending", "available"}},
	}
	if in.VpnGatewayId != nil {
		filters = append(filters, types.Filter{Name: aws.String("vpn-gateway-id"), Values: []string{*in.VpnGatewayId}})
	} else {
		filters = append(filters, types.Filter{Name: aws.String("transit-gateway-id"), Values: []string{aws.ToString(in.TransitGatewayId)}})
	}
	found, lerr := listVPNConnections(ctx, tg, nil, filters)
	if lerr != nil {
		pe.Detail += " Looking for the connection failed too: " + lerr.Error()
		return pe
	}
	if len(found) == 0 {
		pe.Detail += " No pending or available connection uses this customer gateway and gateway, so none was created."
		return pe
	}
	var ids []string
	for _, v := range found {
		ids = append(ids, fmt.Sprintf("%s (%s)", aws.ToString(v.VpnConnectionId), v.State))
	}
	pe.Detail += " Connections now using this customer gateway and gateway: " + strings.Join(ids, ", ") + "."
	pe.Hint = "If one of them is new, the call was carried out; do not run the INSERT again for this row."
	return pe
}

// Delete deletes each row's connection with DeleteVpnConnection.
func (t *vpnConnectionsTable) Delete(ctx context.Context, rows [][]any, opt catalog.WriteOptions) (catalog.WriteResult, error) {
	w := &writeRun{src: t.src, opt: opt}
	tgs := make([]target, len(rows))
	for i, r := range rows {
		if gone(r) {
			continue
		}
		tg, err := t.target(ctx, textOf(r[col("region")]), textOf(r[col("accountId")]))
		if err != nil {
			return w.res, &catalog.RowError{Row: i, Key: textOf(r[col("vpnConnectionId")]), Err: err}
		}
		tgs[i] = tg
	}
	for i, r := range rows {
		id := textOf(r[col("vpnConnectionId")])
		if gone(r) {
			w.res.Notices = append(w.res.Notices, fmt.Sprintf("%s is already %s; not deleted again", id, textOf(r[col("state")])))
			continue
		}
		if _, err := w.do(ctx, tgs[i], i, id, deleteCall(id)); err != nil {
			return w.res, &catalog.RowError{Row: i, Key: id, Err: err}
		}
		if !opt.DryRun && !opt.Plan {
			w.res.Rows = append(w.res.Rows, r)
		}
	}
	return w.res, nil
}

// Values of the table's columns as the executor passes them.

func textPtr(v any) *string {
	if s, ok := v.(string); ok {
		return &s
	}
	return nil
}

func textOf(v any) string {
	s, _ := v.(string)
	return s
}

// jsonValue unwraps a jsonb value; a string (a client that sent text) is
// parsed.
func jsonValue(v any) any {
	switch v := v.(type) {
	case value.JSON:
		return v.V
	case string:
		if j, err := value.ParseJSON([]byte(v)); err == nil {
			return j.V
		}
	}
	return v
}

func valuesEqual(a, b any) bool {
	ja, okA := a.(value.JSON)
	jb, okB := b.(value.JSON)
	if okA || okB {
		return okA && okB && jsonEqual(ja.V, jb.V)
	}
	return a == b
}

func cannotSet(name string) error {
	why := fixedColumns[name]
	if name == "routes" {
		why = "Static routes can be added once the connection is available: UPDATE ... SET routes = ..."
	}
	return pgerr.New(pgerr.FeatureNotSupported, "column %q cannot be set by INSERT", name).WithDetail("%s", why)
}

func notNull(name, detail string) error {
	return pgerr.New(pgerr.NotNullViolation, "null value in column %q of relation \"vpn_connections\" violates not-null constraint", name).
		WithDetail("%s", detail)
}

func gatewayCheck() error {
	return pgerr.New(pgerr.CheckViolation, "new row for relation \"vpn_connections\" violates check constraint \"vpn_connections_gateway_check\"").
		WithDetail("A VPN connection has exactly one of vpnGatewayId and transitGatewayId.")
}
