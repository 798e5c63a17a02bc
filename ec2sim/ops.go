package ec2sim

import (
	"fmt"
	"net/http"
)

// ec2Operations are the EC2 actions the simulator serves. Each operation
// reads its whole input first (unknown parameters and bad values fail
// there), then checks required members and values, then authorization and
// DryRun, then existence and state (BEHAVIOUR.md §3, order of checks).
var ec2Operations = map[string]operation{
	"DescribeVpnConnections":     (*call).describeVpnConnections,
	"CreateVpnConnection":        (*call).createVpnConnection,
	"DeleteVpnConnection":        (*call).deleteVpnConnection,
	"ModifyVpnConnection":        (*call).modifyVpnConnection,
	"ModifyVpnConnectionOptions": (*call).modifyVpnConnectionOptions,
	"ModifyVpnTunnelOptions":     (*call).modifyVpnTunnelOptions,
	"CreateVpnConnectionRoute":   (*call).createVpnConnectionRoute,
	"DeleteVpnConnectionRoute":   (*call).deleteVpnConnectionRoute,
	"CreateTags":                 (*call).createTags,
	"DeleteTags":                 (*call).deleteTags,
	"DescribeCustomerGateways":   (*call).describeCustomerGateways,
	"CreateCustomerGateway":      (*call).createCustomerGateway,
	"DeleteCustomerGateway":      (*call).deleteCustomerGateway,
	"DescribeVpnGateways":        (*call).describeVpnGateways,
	"CreateVpnGateway":           (*call).createVpnGateway,
	"DeleteVpnGateway":           (*call).deleteVpnGateway,
	"AttachVpnGateway":           (*call).attachVpnGateway,
	"DetachVpnGateway":           (*call).detachVpnGateway,
	"CreateVpc":                  (*call).createVpc,
	"DescribeVpcs":               (*call).describeVpcs,
	"DescribeTransitGateways":    (*call).describeTransitGateways,
	"CreateTransitGateway":       (*call).createTransitGateway,
	"DescribeRegions":            (*call).describeRegions,
}

// authorize ends the input checks: UnauthorizedOperation when the access
// key may not call the action, DryRunOperation for an allowed dry run.
func (c *call) authorize(dryRun bool) *apiError {
	if !c.s.allowed(c.accessKey, c.action) {
		return &apiError{
			Code: "UnauthorizedOperation",
			Message: fmt.Sprintf("You are not authorized to perform this operation. User: arn:aws:iam::%s:user/%s is not authorized to perform: ec2:%s",
				c.account, c.accessKey, c.action),
			Status: http.StatusForbidden,
		}
	}
	if dryRun {
		return errDryRun()
	}
	return nil
}

// lock returns the caller's account+region state, locked; the caller unlocks.
func (c *call) lock() *regionState {
	rs := c.s.regionState(c.account, c.region)
	rs.mu.Lock()
	return rs
}

// oneID reads the input of a call that takes one id and DryRun (the
// Delete calls), and makes the checks every such call makes: the id is
// given and well formed, and the caller may make the call.
func (c *call) oneID(param string, kind resourceKind) (string, *apiError) {
	id := c.q.str(param)
	dry := c.q.boolean("DryRun")
	if e := c.q.done(); e != nil {
		return "", e
	}
	if id == "" {
		return "", errMissing(param)
	}
	if e := checkIDs(kind, id); e != nil {
		return "", e
	}
	return id, c.authorize(dry)
}

// checkIDs answers the kind's malformed-id code for the first id without
// the kind's id syntax.
func checkIDs(kind resourceKind, ids ...string) *apiError {
	for _, id := range ids {
		if id != "" && !kind.wellFormed(id) {
			return malformed(kind, id)
		}
	}
	return nil
}

// missingIDs returns the ids get does not find, for a NotFound answer.
func missingIDs(ids []string, get func(string) bool) []string {
	var out []string
	for _, id := range ids {
		if !get(id) {
			out = append(out, id)
		}
	}
	return out
}

// selectByID keeps the objects whose id is in ids (all when ids is empty).
func selectByID[T any](all []*T, ids []string, idOf func(*T) string) []*T {
	if len(ids) == 0 {
		return all
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	var out []*T
	for _, o := range all {
		if want[idOf(o)] {
			out = append(out, o)
		}
	}
	return out
}
