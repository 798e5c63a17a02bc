package ec2

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Writes to ec2.vpn_connections, onto the API (write.go does the rest):
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
// connection is gone, it is only still listed. User documentation:
// docs/writes.md.
var vpnConnectionWrites = &writeMapping[types.VpnConnection]{
	title:        "VPN connection",
	noun:         "connection",
	create:       createVPNConnection,
	tagType:      types.ResourceTypeVpnConnection,
	createdState: "pending",
	update:       updateVPNConnection,
	delete:       deleteCall,
	fixed:        vpnFixedColumns,
	notOnCreate: map[string]string{
		"routes": "Static routes can be added once the connection is available: UPDATE ... SET routes = ...",
	},
	gone: []string{"deleting", "deleted"},
}

// createVPNConnection maps one INSERT row onto CreateVpnConnection.
func createVPNConnection(v *rowValues, tags []types.TagSpecification) (apiCall, error) {
	in := &ec2.CreateVpnConnectionInput{
		CustomerGatewayId: v.text("customerGatewayId"),
		Type:              v.text("type"),
		VpnGatewayId:      v.text("vpnGatewayId"),
		TransitGatewayId:  v.text("transitGatewayId"),
		TagSpecifications: tags,
	}
	if o := v.json("options"); o != nil {
		var err error
		if in.Options, err = parseCreateOptions(o); err != nil {
			return apiCall{}, err
		}
	}
	switch {
	case in.CustomerGatewayId == nil:
		return apiCall{}, notNull("customerGatewayId", "CreateVpnConnection requires CustomerGatewayId.")
	case in.Type == nil:
		return apiCall{}, notNull("type", "CreateVpnConnection requires Type (ipsec.1).")
	case (in.VpnGatewayId == nil) == (in.TransitGatewayId == nil):
		return apiCall{}, gatewayCheck()
	}
	return createCall(in), nil
}

// vpnFixedColumns are the columns no API call changes, and why.
var vpnFixedColumns = map[string]string{
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

// updateVPNConnection computes one row's calls besides tags: routes,
// tunnel and connection options, gateways.
func updateVPNConnection(id string, c *rowChange) ([]apiCall, error) {
	var calls []apiCall
	// Routes: the difference between the CIDR sets.
	if nr, ok := c.assigned("routes"); ok {
		want, err := parseRoutes(jsonValue(nr))
		if err != nil {
			return nil, err
		}
		is, _ := parseRoutes(jsonValue(c.was("routes")))
		for _, c := range is {
			if !slices.Contains(want, c) {
				calls = append(calls, routeCall(false, id, c))
			}
		}
		for _, c := range want {
			if !slices.Contains(is, c) {
				calls = append(calls, routeCall(true, id, c))
			}
		}
	}

	// Options: tunnels by outside address, then the connection's CIDRs.
	if nv, ok := c.assigned("options"); ok {
		ch, err := diffOptions(jsonValue(c.was("options")), jsonValue(nv))
		if err != nil {
			return nil, err
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
	if v, ok := c.assigned("customerGatewayId"); ok {
		if v == nil {
			return nil, notNull("customerGatewayId", "A VPN connection always has a customer gateway.")
		}
		if s := textOf(v); s != textOf(c.was("customerGatewayId")) {
			mod.CustomerGatewayId, changed = aws.String(s), true
		}
	}
	vgw, tgw := textOf(c.was("vpnGatewayId")), textOf(c.was("transitGatewayId"))
	nv, setV := c.assigned("vpnGatewayId")
	ntg, setT := c.assigned("transitGatewayId")
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
		if vgw != "" && tgw != "" || vgw == "" && tgw == "" && textOf(c.was("vpnGatewayId"))+textOf(c.was("transitGatewayId")) != "" {
			return nil, gatewayCheck()
		}
		c.will("vpnGatewayId", nullIfEmpty(vgw))
		c.will("transitGatewayId", nullIfEmpty(tgw))
		switch {
		case vgw != textOf(c.was("vpnGatewayId")) && vgw != "":
			mod.VpnGatewayId, changed = aws.String(vgw), true
		case tgw != textOf(c.was("transitGatewayId")) && tgw != "":
			mod.TransitGatewayId, changed = aws.String(tgw), true
		}
	}
	if changed {
		calls = append(calls, modifyCall(mod))
	}
	return calls, nil
}

// The unique index on the gateway pair. CreateVpnConnection is idempotent
// in EC2: for a customer gateway and target gateway that already have a
// live connection it returns that connection, ignoring the new tags and
// options. A connection without a target gateway (Cloud WAN) is never a
// duplicate, as in EC2; hence the index's predicate.
var gatewayPairKey = uniqueKey{
	columns: []string{"customerGatewayId", "vpnGatewayId", "transitGatewayId"},
	index: catalog.UniqueIndex{
		Name:             "vpn_connections_gateway_pair_key",
		NullsNotDistinct: true,
		Create: `CREATE UNIQUE INDEX vpn_connections_gateway_pair_key ON ec2.vpn_connections ("customerGatewayId", "vpnGatewayId", "transitGatewayId") NULLS NOT DISTINCT` +
			` WHERE state NOT IN ('deleting', 'deleted') AND ("vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL)`,
		Predicate:       `((state <> ALL (ARRAY['deleting'::text, 'deleted'::text])) AND (("vpnGatewayId" IS NOT NULL) OR ("transitGatewayId" IS NOT NULL)))`,
		PredicatePretty: `(state <> ALL (ARRAY['deleting'::text, 'deleted'::text])) AND ("vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL)`,
		// SELECT indpred FROM pg_index after running Create in PostgreSQL 15
		// (TestCatalogDiff compares it with the reference's).
		PredicateTree:      `{BOOLEXPR :boolop and :args ({SCALARARRAYOPEXPR :opno 531 :opfuncid 157 :hashfuncid 0 :negfuncid 0 :useOr false :inputcollid 100 :args ({VAR :varno 1 :varattno 9 :vartype 25 :vartypmod -1 :varcollid 100 :varlevelsup 0 :varnosyn 1 :varattnosyn 9 :location 159} {ARRAYEXPR :array_typeid 1009 :array_collid 100 :element_typeid 25 :elements ({CONST :consttype 25 :consttypmod -1 :constcollid 100 :constlen -1 :constbyval false :constisnull false :location 173 :constvalue 12 [ 48 0 0 0 100 101 108 101 116 105 110 103 ]} {CONST :consttype 25 :consttypmod -1 :constcollid 100 :constlen -1 :constbyval false :constisnull false :location 185 :constvalue 11 [ 44 0 0 0 100 101 108 101 116 101 100 ]}) :multidims false :location -1}) :location 165} {BOOLEXPR :boolop or :args ({NULLTEST :arg {VAR :varno 1 :varattno 3 :vartype 25 :vartypmod -1 :varcollid 100 :varlevelsup 0 :varnosyn 1 :varattnosyn 3 :location 201} :nulltesttype 1 :argisrow false :location 216} {NULLTEST :arg {VAR :varno 1 :varattno 4 :vartype 25 :vartypmod -1 :varcollid 100 :varlevelsup 0 :varnosyn 1 :varattnosyn 4 :location 231} :nulltesttype 1 :argisrow false :location 250}) :location 228}) :location -1}`,
		PredicateColumns:   []int{2, 3, 8}, // vpnGatewayId, transitGatewayId, state
		PredicateConjuncts: []string{`state NOT IN ('deleting', 'deleted')`, `"vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL`},
	},
	where: func(row []any) bool {
		state := textOf(row[8])
		return state != "deleting" && state != "deleted" && (row[2] != nil || row[3] != nil) // vpnGatewayId, transitGatewayId
	},
	nowHolding:  "Connections now using this customer gateway and gateway",
	noneHolding: "No pending or available connection uses this customer gateway and gateway, so none was created.",
}

// The operations StackQL exposes for this resource besides create and
// delete, as functions in schema ec2 that make exactly the one call they
// name and return the connection as it is afterwards:
//
//	SELECT * FROM ec2.vpn_connection_modify('vpn-…', '{"transitGatewayId": "tgw-…"}');
//	SELECT * FROM ec2.vpn_connection_options_modify('vpn-…', '{"localIpv4NetworkCidr": "10.0.0.0/16"}');
//	SELECT * FROM ec2.vpn_tunnel_options_modify('vpn-…', '203.0.113.17', '{"dpdTimeoutSeconds": 40}');
//	SELECT * FROM ec2.vpn_connection_route_create('vpn-…', '10.1.0.0/16');
//	SELECT * FROM ec2.vpn_connection_route_delete('vpn-…', '10.1.0.0/16');
//
// The same changes are also reachable by UPDATE (which computes them from
// the new row); the functions are for callers that think in API calls.
// The connection is found by id in every served region and account.

var vpnConnectionMethods = []method{
	{name: "vpn_connection_modify",
		params: []catalog.Param{{Name: "vpn_connection_id", Type: value.Text}, {Name: "changes", Type: value.JSONB}},
		doc:    "ModifyVpnConnection: changes holds customerGatewayId, vpnGatewayId and/or transitGatewayId.",
		calls: func(id string, args []any) ([]apiCall, error) {
			obj, err := asObject(jsonValue(args[1]), "changes")
			if err != nil {
				return nil, err
			}
			in := &ec2.ModifyVpnConnectionInput{VpnConnectionId: aws.String(id)}
			fields := map[string]**string{"customergatewayid": &in.CustomerGatewayId, "vpngatewayid": &in.VpnGatewayId, "transitgatewayid": &in.TransitGatewayId}
			for _, k := range sortedKeys(obj) {
				dst, ok := fields[fold(k)]
				if !ok {
					return nil, unknownKey(k, "changes", []string{"customerGatewayId", "vpnGatewayId", "transitGatewayId"})
				}
				if err := setString(dst, obj[k], "changes."+k); err != nil {
					return nil, err
				}
			}
			return []apiCall{modifyCall(in)}, nil
		}},
	{name: "vpn_connection_options_modify",
		params: []catalog.Param{{Name: "vpn_connection_id", Type: value.Text}, {Name: "options", Type: value.JSONB}},
		doc:    "ModifyVpnConnectionOptions: options holds local/remoteIpv4/Ipv6NetworkCidr and/or tunnelBandwidth.",
		calls: func(id string, args []any) ([]apiCall, error) {
			obj, err := asObject(jsonValue(args[1]), "options")
			if err != nil {
				return nil, err
			}
			in := &ec2.ModifyVpnConnectionOptionsInput{VpnConnectionId: aws.String(id)}
			for _, k := range sortedKeys(obj) {
				o, ok := findConnOption(k)
				if !ok {
					return nil, unknownKey(k, "options", connOptionNames())
				}
				if o.modify == nil {
					return nil, pgerr.New(pgerr.FeatureNotSupported, "options.%s cannot be changed", k).
						WithDetail("ModifyVpnConnectionOptions changes the network CIDRs and the tunnel bandwidth; tunnel options change with ec2.vpn_tunnel_options_modify.")
				}
				if err := o.modify(in, obj[k], "options."+k); err != nil {
					return nil, err
				}
			}
			return []apiCall{modifyOptionsCall(in)}, nil
		}},
	{name: "vpn_tunnel_options_modify",
		params: []catalog.Param{{Name: "vpn_connection_id", Type: value.Text}, {Name: "vpn_tunnel_outside_ip_address", Type: value.Text},
			{Name: "tunnel_options", Type: value.JSONB}, {Name: "skip_tunnel_replacement", Type: value.Bool, Optional: true}},
		doc: "ModifyVpnTunnelOptions for the tunnel with that outside address; tunnel_options uses the keys of options.tunnelOptionSet.",
		calls: func(id string, args []any) ([]apiCall, error) {
			spec, err := parseTunnel(jsonValue(args[2]), "tunnel_options", true)
			if err != nil {
				return nil, err
			}
			in := &ec2.ModifyVpnTunnelOptionsInput{VpnConnectionId: aws.String(id),
				VpnTunnelOutsideIpAddress: aws.String(textOf(args[1])), TunnelOptions: spec}
			if len(args) > 3 {
				b, _ := args[3].(bool)
				in.SkipTunnelReplacement = aws.Bool(b)
			}
			return []apiCall{modifyTunnelCall(in)}, nil
		}},
	{name: "vpn_connection_route_create",
		params: []catalog.Param{{Name: "vpn_connection_id", Type: value.Text}, {Name: "destination_cidr_block", Type: value.Text}},
		doc:    "CreateVpnConnectionRoute: adds a static route.",
		calls: func(id string, args []any) ([]apiCall, error) {
			return []apiCall{routeCall(true, id, textOf(args[1]))}, nil
		}},
	{name: "vpn_connection_route_delete",
		params: []catalog.Param{{Name: "vpn_connection_id", Type: value.Text}, {Name: "destination_cidr_block", Type: value.Text}},
		doc:    "DeleteVpnConnectionRoute: removes a static route.",
		calls: func(id string, args []any) ([]apiCall, error) {
			return []apiCall{routeCall(false, id, textOf(args[1]))}, nil
		}},
}

// parseRoutes reads the destination CIDRs of a routes value: the column's
// form [{"destinationCidrBlock": c, ...}] or plain ["c", ...]. Routes in
// state deleting or deleted are gone already and are skipped.
func parseRoutes(v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	list, err := asArray(v, "routes")
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	for i, el := range list {
		p := fmt.Sprintf("routes[%d]", i)
		cidr, gone := "", false
		switch el := el.(type) {
		case string:
			cidr = el
		case map[string]any:
			for k, x := range el {
				switch fold(k) {
				case "destinationcidrblock":
					if cidr, err = asString(x, p+"."+k); err != nil {
						return nil, err
					}
				case "source":
				case "state":
					if s, _ := x.(string); s == "deleting" || s == "deleted" {
						gone = true
					}
				default:
					return nil, unknownKey(k, p, []string{"destinationCidrBlock", "source", "state"})
				}
			}
			if gone {
				continue
			}
			if cidr == "" {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "%s has no destinationCidrBlock", p)
			}
		default:
			return nil, pgerr.New(pgerr.InvalidParameterValue, "%s must be a CIDR string or an object with destinationCidrBlock", p)
		}
		if !seen[cidr] {
			seen[cidr] = true
			out = append(out, cidr)
		}
	}
	return out, nil
}

// The calls. Each passes writeOptions (write_calls.go), so none is retried
// unless EC2 throttled it.

func createCall(in *ec2.CreateVpnConnectionInput) apiCall {
	return apiCall{action: "CreateVpnConnection", what: "CreateVpnConnection", input: in,
		run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
			x := *in
			x.DryRun = dry
			out, err := c.CreateVpnConnection(ctx, &x, writeOptions)
			if err != nil {
				return nil, err
			}
			return out.VpnConnection, nil
		}}
}

func deleteCall(id string) apiCall {
	return apiCall{action: "DeleteVpnConnection", what: "DeleteVpnConnection " + id,
		input: &ec2.DeleteVpnConnectionInput{VpnConnectionId: aws.String(id)},
		run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
			_, err := c.DeleteVpnConnection(ctx, &ec2.DeleteVpnConnectionInput{VpnConnectionId: aws.String(id), DryRun: dry}, writeOptions)
			return nil, err
		}}
}

func modifyCall(in *ec2.ModifyVpnConnectionInput) apiCall {
	var parts []string
	for _, p := range []struct {
		n string
		v *string
	}{{"CustomerGatewayId", in.CustomerGatewayId}, {"VpnGatewayId", in.VpnGatewayId}, {"TransitGatewayId", in.TransitGatewayId}} {
		if p.v != nil {
			parts = append(parts, p.n+"="+*p.v)
		}
	}
	return apiCall{action: "ModifyVpnConnection", what: "ModifyVpnConnection " + strings.Join(parts, " "), input: in,
		run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
			x := *in
			x.DryRun = dry
			out, err := c.ModifyVpnConnection(ctx, &x, writeOptions)
			if err != nil {
				return nil, err
			}
			return out.VpnConnection, nil
		}}
}

func modifyOptionsCall(in *ec2.ModifyVpnConnectionOptionsInput) apiCall {
	return apiCall{action: "ModifyVpnConnectionOptions", what: "ModifyVpnConnectionOptions", input: in,
		run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
			x := *in
			x.DryRun = dry
			out, err := c.ModifyVpnConnectionOptions(ctx, &x, writeOptions)
			if err != nil {
				return nil, err
			}
			return out.VpnConnection, nil
		}}
}

func modifyTunnelCall(in *ec2.ModifyVpnTunnelOptionsInput) apiCall {
	return apiCall{action: "ModifyVpnTunnelOptions", what: "ModifyVpnTunnelOptions " + aws.ToString(in.VpnTunnelOutsideIpAddress), input: in,
		run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
			x := *in
			x.DryRun = dry
			out, err := c.ModifyVpnTunnelOptions(ctx, &x, writeOptions)
			if err != nil {
				return nil, err
			}
			return out.VpnConnection, nil
		}}
}

func routeCall(create bool, id, cidr string) apiCall {
	if create {
		return apiCall{action: "CreateVpnConnectionRoute", what: "CreateVpnConnectionRoute " + cidr, noDryRun: true,
			input: &ec2.CreateVpnConnectionRouteInput{VpnConnectionId: aws.String(id), DestinationCidrBlock: aws.String(cidr)},
			run: func(ctx context.Context, c *ec2.Client, _ *bool) (any, error) {
				_, err := c.CreateVpnConnectionRoute(ctx, &ec2.CreateVpnConnectionRouteInput{
					VpnConnectionId: aws.String(id), DestinationCidrBlock: aws.String(cidr)}, writeOptions)
				return nil, err
			}}
	}
	return apiCall{action: "DeleteVpnConnectionRoute", what: "DeleteVpnConnectionRoute " + cidr, noDryRun: true,
		input: &ec2.DeleteVpnConnectionRouteInput{VpnConnectionId: aws.String(id), DestinationCidrBlock: aws.String(cidr)},
		run: func(ctx context.Context, c *ec2.Client, _ *bool) (any, error) {
			_, err := c.DeleteVpnConnectionRoute(ctx, &ec2.DeleteVpnConnectionRouteInput{
				VpnConnectionId: aws.String(id), DestinationCidrBlock: aws.String(cidr)}, writeOptions)
			return nil, err
		}}
}

func notNull(name, detail string) error {
	return pgerr.New(pgerr.NotNullViolation, "null value in column %q of relation \"vpn_connections\" violates not-null constraint", name).
		WithDetail("%s", detail)
}

func gatewayCheck() error {
	return pgerr.New(pgerr.CheckViolation, "new row for relation \"vpn_connections\" violates check constraint \"vpn_connections_gateway_check\"").
		WithDetail("A VPN connection has exactly one of vpnGatewayId and transitGatewayId.")
}
