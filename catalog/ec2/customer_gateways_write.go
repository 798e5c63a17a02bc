package ec2

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Writes to ec2.customer_gateways, onto the API (write.go does the rest):
//
//	INSERT  CreateCustomerGateway per row; a row whose identity an
//	        available gateway already has is 23505 (customerGatewayIdentityKey)
//	UPDATE  tags and tagSet only (DeleteTags, CreateTags): no call changes
//	        a customer gateway
//	DELETE  DeleteCustomerGateway per row; a gateway a live connection
//	        uses is 23503 (vpn_connections_customerGatewayId_fkey)
//
// User documentation: docs/writes.md.
var customerGatewayWrites = &writeMapping[types.CustomerGateway]{
	title:        "customer gateway",
	noun:         "customer gateway",
	create:       createCustomerGateway,
	tagType:      types.ResourceTypeCustomerGateway,
	createdState: "available",
	delete:       deleteCustomerGatewayCall,
	fixed: map[string]string{
		"customerGatewayId": "AWS assigns the id of a customer gateway.",
		"bgpAsn":            cgwImmutable,
		"bgpAsnExtended":    cgwImmutable,
		"certificateArn":    cgwImmutable,
		"deviceName":        cgwImmutable,
		"ipAddress":         cgwImmutable,
		"type":              cgwImmutable,
		"state":             "AWS reports the state; DELETE deletes a customer gateway.",
		"region":            "A customer gateway cannot move between regions: INSERT a new one and DELETE the old.",
		"accountId":         "A customer gateway cannot move between accounts: INSERT a new one and DELETE the old.",
	},
	gone: []string{"deleting", "deleted"},
	// "The customer gateway is in use." EC2 counts a connection that is
	// still deleting; the check before the call does not.
	inUse: "IncorrectState",
}

const cgwImmutable = "EC2 has no call that changes a customer gateway: INSERT a new one, move the connections to it (UPDATE vpn_connections SET \"customerGatewayId\" = ...) and DELETE the old."

// The ASN ranges of CreateCustomerGateway, and the ASN EC2 gives a
// gateway created with neither.
const (
	maxBgpAsn         = 2147483647
	maxBgpAsnExtended = 4294967295
	defaultBgpAsn     = "65000"
)

// createCustomerGateway maps one INSERT row onto CreateCustomerGateway.
// The row's identity columns are set as EC2 will store them, for the
// unique key: an empty string as no value (EC2 lists no such field), the
// ASN as a plain integer, and the default ASN when the row gives none.
func createCustomerGateway(v *rowValues, tags []types.TagSpecification) (apiCall, error) {
	in := &ec2.CreateCustomerGatewayInput{TagSpecifications: tags}
	text := func(name string) *string {
		s := v.text(name)
		if s != nil && *s == "" {
			v.willBe(name, nil)
			return nil
		}
		return s
	}
	typ := text("type")
	if typ == nil {
		return apiCall{}, cgwNotNull("type", "CreateCustomerGateway requires Type (ipsec.1).")
	}
	in.Type = types.GatewayType(*typ)
	in.IpAddress, in.CertificateArn, in.DeviceName = text("ipAddress"), text("certificateArn"), text("deviceName")
	if in.IpAddress == nil && in.CertificateArn == nil {
		return apiCall{}, cgwNotNull("ipAddress",
			"CreateCustomerGateway requires the IP address of the device's outside interface, unless the gateway authenticates with a certificate (certificateArn).")
	}

	asn, err := parseASN(v, "bgpAsn", 1, maxBgpAsn)
	if err != nil {
		return apiCall{}, err
	}
	ext, err := parseASN(v, "bgpAsnExtended", maxBgpAsn+1, maxBgpAsnExtended)
	if err != nil {
		return apiCall{}, err
	}
	switch {
	case asn != nil && ext != nil:
		return apiCall{}, pgerr.New(pgerr.InvalidParameterValue, "a customer gateway has bgpAsn or bgpAsnExtended, not both").
			WithDetail("bgpAsn holds ASNs from 1 to %d, bgpAsnExtended those from %d to %d.", maxBgpAsn, maxBgpAsn+1, maxBgpAsnExtended)
	case asn != nil:
		in.BgpAsn = aws.Int32(int32(*asn))
	case ext != nil:
		in.BgpAsnExtended = ext
	default:
		v.willBe("bgpAsn", defaultBgpAsn) // EC2's default
	}
	return createCustomerGatewayCall(in), nil
}

// parseASN reads an ASN column (text, as the API lists it) and checks its
// range; nil when the row gives none.
func parseASN(v *rowValues, name string, lo, hi int64) (*int64, error) {
	s := v.text(name)
	if s == nil || strings.TrimSpace(*s) == "" {
		v.willBe(name, nil)
		return nil, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(*s), 10, 64)
	if err != nil || n < lo || n > hi {
		e := pgerr.New(pgerr.InvalidParameterValue, "%s must be an integer from %d to %d, not %q", name, lo, hi, *s)
		switch {
		case err == nil && name == "bgpAsn" && n > hi && n <= maxBgpAsnExtended:
			e.Hint = "Give an ASN from 2147483648 up in bgpAsnExtended."
		case err == nil && name == "bgpAsnExtended" && n < lo && n >= 1:
			e.Hint = "Give an ASN up to 2147483647 in bgpAsn."
		}
		return nil, e
	}
	v.willBe(name, strconv.FormatInt(n, 10))
	return &n, nil
}

func cgwNotNull(name, detail string) error {
	return pgerr.New(pgerr.NotNullViolation, "null value in column %q of relation \"customer_gateways\" violates not-null constraint", name).
		WithDetail("%s", detail)
}

// The unique index on a customer gateway's identity. CreateCustomerGateway
// is idempotent in EC2: "An identical request returns information about the
// existing customer gateway; it doesn't create a new customer gateway." An
// identical request is one with the same type, address, ASN, device name
// and certificate (ec2sim's createCustomerGateway compares the same
// fields), and only an available gateway is returned, hence the predicate.
// The columns are in the order the brief of issue 15 gives them.
var customerGatewayIdentityKey = uniqueKey{
	columns: []string{"type", "ipAddress", "bgpAsn", "bgpAsnExtended", "deviceName", "certificateArn"},
	index: catalog.UniqueIndex{
		Name:             "customer_gateways_identity_key",
		NullsNotDistinct: true,
		Create: `CREATE UNIQUE INDEX customer_gateways_identity_key ON ec2.customer_gateways (type, "ipAddress", "bgpAsn", "bgpAsnExtended", "deviceName", "certificateArn") NULLS NOT DISTINCT` +
			` WHERE state = 'available'`,
		Predicate:       `(state = 'available'::text)`,
		PredicatePretty: `state = 'available'::text`,
		// SELECT indpred FROM pg_index after running Create in PostgreSQL 15
		// on a table with the same columns in the same order (state is
		// attribute 7).
		PredicateTree:      `{OPEXPR :opno 98 :opfuncid 67 :opresulttype 16 :opretset false :opcollid 0 :inputcollid 100 :args ({VAR :varno 1 :varattno 7 :vartype 25 :vartypmod -1 :varcollid 100 :varlevelsup 0 :varnosyn 1 :varattnosyn 7 :location 181} {CONST :consttype 25 :consttypmod -1 :constcollid 100 :constlen -1 :constbyval false :constisnull false :location 189 :constvalue 13 [ 52 0 0 0 97 118 97 105 108 97 98 108 101 ]}) :location 187}`,
		PredicateColumns:   []int{cgwStateCol},
		PredicateConjuncts: []string{`state = 'available'`},
	},
	where:       func(row []any) bool { return textOf(row[cgwStateCol]) == "available" },
	nowHolding:  "Available customer gateways with this identity now",
	noneHolding: "No available customer gateway has this identity, so none was created.",
}

// cgwStateCol is the index of state among customer_gateways' columns
// (TestCustomerGateways_Declaration checks it).
const cgwStateCol = 6

// The calls. Each passes writeOptions (write_calls.go), so none is retried
// unless EC2 throttled it.

func createCustomerGatewayCall(in *ec2.CreateCustomerGatewayInput) apiCall {
	return apiCall{action: "CreateCustomerGateway", what: "CreateCustomerGateway", input: in,
		run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
			x := *in
			x.DryRun = dry
			out, err := c.CreateCustomerGateway(ctx, &x, writeOptions)
			if err != nil {
				return nil, err
			}
			return out.CustomerGateway, nil
		}}
}

func deleteCustomerGatewayCall(id string) apiCall {
	return apiCall{action: "DeleteCustomerGateway", what: "DeleteCustomerGateway " + id,
		input: &ec2.DeleteCustomerGatewayInput{CustomerGatewayId: aws.String(id)},
		run: func(ctx context.Context, c *ec2.Client, dry *bool) (any, error) {
			_, err := c.DeleteCustomerGateway(ctx, &ec2.DeleteCustomerGatewayInput{CustomerGatewayId: aws.String(id), DryRun: dry}, writeOptions)
			return nil, err
		}}
}
