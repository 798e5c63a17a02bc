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
)

// The unique index on the gateway pair. CreateVpnConnection is idempotent
// in EC2: for a customer gateway and target gateway that already have a
// live connection it returns that connection, ignoring the new tags and
// options. An INSERT must not report that as a new row, so the table has
// a unique partial index, shown in the catalogs, which INSERT enforces:
//
//   - before any call, one DescribeVpnConnections per account and region
//     (filter customer-gateway-id) finds the live connections of the
//     statement's pairs; a row whose pair has one, or repeats an earlier
//     row's pair, is 23505 (or skipped by ON CONFLICT DO NOTHING);
//   - after each CreateVpnConnection, the connection returned is checked
//     again: if it is not new (created by someone else since the check,
//     a race), the row is 23505 too, and nothing was created for it.
//
// A connection without a target gateway (Cloud WAN) is never a duplicate,
// as in EC2; hence the index's predicate.

const gatewayPairKey = "vpn_connections_gateway_pair_key"

var gatewayPairIndex = catalog.UniqueIndex{
	Name:             gatewayPairKey,
	OID:              catalog.OIDVPNConnectionsGatewayPairKey,
	Columns:          []int{col("customerGatewayId"), col("vpnGatewayId"), col("transitGatewayId")},
	NullsNotDistinct: true,
	Create: `CREATE UNIQUE INDEX vpn_connections_gateway_pair_key ON ec2.vpn_connections ("customerGatewayId", "vpnGatewayId", "transitGatewayId") NULLS NOT DISTINCT` +
		` WHERE state NOT IN ('deleting', 'deleted') AND ("vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL)`,
	Predicate:       `((state <> ALL (ARRAY['deleting'::text, 'deleted'::text])) AND (("vpnGatewayId" IS NOT NULL) OR ("transitGatewayId" IS NOT NULL)))`,
	PredicatePretty: `(state <> ALL (ARRAY['deleting'::text, 'deleted'::text])) AND ("vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL)`,
	// SELECT indpred FROM pg_index after running Create in PostgreSQL 15
	// (TestCatalogDiff compares it with the reference's).
	PredicateTree:      `{BOOLEXPR :boolop and :args ({SCALARARRAYOPEXPR :opno 531 :opfuncid 157 :hashfuncid 0 :negfuncid 0 :useOr false :inputcollid 100 :args ({VAR :varno 1 :varattno 9 :vartype 25 :vartypmod -1 :varcollid 100 :varlevelsup 0 :varnosyn 1 :varattnosyn 9 :location 159} {ARRAYEXPR :array_typeid 1009 :array_collid 100 :element_typeid 25 :elements ({CONST :consttype 25 :consttypmod -1 :constcollid 100 :constlen -1 :constbyval false :constisnull false :location 173 :constvalue 12 [ 48 0 0 0 100 101 108 101 116 105 110 103 ]} {CONST :consttype 25 :consttypmod -1 :constcollid 100 :constlen -1 :constbyval false :constisnull false :location 185 :constvalue 11 [ 44 0 0 0 100 101 108 101 116 101 100 ]}) :multidims false :location -1}) :location 165} {BOOLEXPR :boolop or :args ({NULLTEST :arg {VAR :varno 1 :varattno 3 :vartype 25 :vartypmod -1 :varcollid 100 :varlevelsup 0 :varnosyn 1 :varattnosyn 3 :location 201} :nulltesttype 1 :argisrow false :location 216} {NULLTEST :arg {VAR :varno 1 :varattno 4 :vartype 25 :vartypmod -1 :varcollid 100 :varlevelsup 0 :varnosyn 1 :varattnosyn 4 :location 231} :nulltesttype 1 :argisrow false :location 250}) :location 228}) :location -1}`,
	PredicateColumns:   []int{col("vpnGatewayId"), col("transitGatewayId"), col("state")},
	PredicateConjuncts: []string{`state NOT IN ('deleting', 'deleted')`, `"vpnGatewayId" IS NOT NULL OR "transitGatewayId" IS NOT NULL`},
}

// UniqueIndexes implements catalog.Indexed.
func (t *vpnConnectionsTable) UniqueIndexes() []catalog.UniqueIndex {
	return []catalog.UniqueIndex{gatewayPairIndex}
}

// gatewayPair is one row's key in the index, with where it lives.
type gatewayPair struct {
	accountID, region string
	cgw, vgw, tgw     string
}

func pairOf(tg target, in *ec2.CreateVpnConnectionInput) (gatewayPair, bool) {
	p := gatewayPair{accountID: tg.accountID, region: tg.region, cgw: aws.ToString(in.CustomerGatewayId),
		vgw: aws.ToString(in.VpnGatewayId), tgw: aws.ToString(in.TransitGatewayId)}
	return p, p.vgw != "" || p.tgw != ""
}

// keyText is the DETAIL's key, as PostgreSQL prints a unique violation.
func (p gatewayPair) keyText() string {
	v := func(s string) string {
		if s == "" {
			return "null"
		}
		return s
	}
	return fmt.Sprintf(`Key ("customerGatewayId", "vpnGatewayId", "transitGatewayId")=(%s, %s, %s)`, v(p.cgw), v(p.vgw), v(p.tgw))
}

// duplicatePair is the error of a row whose pair is taken. existing
// names what holds it: a connection ("vpn-… (available) in us-east-1") or
// an earlier row of the statement.
func duplicatePair(p gatewayPair, existing string) *pgerr.Error {
	e := pgerr.New(pgerr.UniqueViolation, "duplicate key value violates unique constraint %q", gatewayPairKey).
		WithDetail("%s already exists. %s", p.keyText(), existing)
	e.Hint = "EC2 would return the existing connection instead of creating one. Use it, or INSERT ... ON CONFLICT DO NOTHING to skip such rows."
	e.SchemaName, e.TableName, e.ConstraintName = "ec2", "vpn_connections", gatewayPairKey
	return e
}

// liveByPair reads, with one DescribeVpnConnections per account and
// region, the live connections using the customer gateways of the pairs,
// keyed by pair.
func liveByPair(ctx context.Context, tgs map[string]target, pairs []gatewayPair) (map[gatewayPair]vpnConnection, error) {
	cgws := map[string][]string{} // account/region -> customer gateways
	for _, p := range pairs {
		k := p.accountID + "/" + p.region
		if !slices.Contains(cgws[k], p.cgw) {
			cgws[k] = append(cgws[k], p.cgw)
		}
	}
	out := map[gatewayPair]vpnConnection{}
	keys := make([]string, 0, len(cgws))
	for k := range cgws {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		tg := tgs[k]
		found, err := listVPNConnections(ctx, tg, nil, []types.Filter{{Name: aws.String("customer-gateway-id"), Values: cgws[k]}})
		if err != nil {
			return nil, err
		}
		for _, v := range found {
			row := vpnConnectionRow(v)
			if gone(row) {
				continue
			}
			p := gatewayPair{accountID: tg.accountID, region: tg.region, cgw: aws.ToString(v.CustomerGatewayId),
				vgw: aws.ToString(v.VpnGatewayId), tgw: aws.ToString(v.TransitGatewayId)}
			if p.vgw == "" && p.tgw == "" {
				continue
			}
			out[p] = v
		}
	}
	return out, nil
}

func vpnConnectionRow(v vpnConnection) []any {
	row := make([]any, len(vpnConnectionColumns))
	for j, c := range vpnConnectionColumns {
		row[j] = c.get(&v)
	}
	return row
}

func describeExisting(v vpnConnection) string {
	return fmt.Sprintf("The live connection is %s (%s) in %s.", aws.ToString(v.VpnConnectionId), v.State, v.region)
}

// notNew reports why the connection CreateVpnConnection returned is not
// the one it was asked to create ("" if it may be new): EC2 answers an
// existing connection's pair with that connection, as it is. A new
// connection carries the tags asked for. (Its state is no sign: AWS
// answers pending, but ec2sim and other endpoints may answer available at
// once.) An INSERT without tags cannot tell its connection from one made
// by someone else at the same moment.
func notNew(v *types.VpnConnection, in *ec2.CreateVpnConnectionInput, known map[string]bool) string {
	id := aws.ToString(v.VpnConnectionId)
	if known[id] {
		return "it existed before the statement"
	}
	for _, spec := range in.TagSpecifications {
		for _, want := range spec.Tags {
			if !slices.ContainsFunc(v.Tags, func(t types.Tag) bool {
				return aws.ToString(t.Key) == aws.ToString(want.Key) && aws.ToString(t.Value) == aws.ToString(want.Value)
			}) {
				return fmt.Sprintf("it lacks the tag %s asked for", aws.ToString(want.Key))
			}
		}
	}
	return ""
}

func skips(opt catalog.WriteOptions, index string) bool {
	return slices.Contains(opt.SkipConflicts, index)
}

// pairNote is the NOTICE of a row ON CONFLICT DO NOTHING skipped.
func pairNote(row int, p gatewayPair, existing string) string {
	return strings.TrimSpace(fmt.Sprintf("row %d skipped (ON CONFLICT DO NOTHING): %s already exists. %s", row+1, p.keyText(), existing))
}
