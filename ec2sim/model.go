package ec2sim

import (
	"sync"
	"time"
)

// The resources of one account in one region, and how a VPN connection moves
// through its lifecycle. Every transition is computed lazily from the clock:
// advance(now) moves an object to the state it has at now, so an injected
// clock drives the whole lifecycle without background goroutines.

type tag = xTag

// VPN connection and route states (VpnState), plus "modifying", which AWS
// reports while a Modify* call is applied although the model's enum lacks it.
const (
	statePending   = "pending"
	stateAvailable = "available"
	stateModifying = "modifying"
	stateDeleting  = "deleting"
	stateDeleted   = "deleted"

	assocAssociated     = "associated"
	assocNotAssociated  = "not-associated"
	assocAssociating    = "associating"
	assocDisassociating = "disassociating"

	tunnelUp   = "UP"
	tunnelDown = "DOWN"
)

type resourceKind struct {
	prefix, noun, notFoundCode, malformedCode string
}

var (
	kindVpn = resourceKind{"vpn", "vpnConnection", "InvalidVpnConnectionID.NotFound", "InvalidVpnConnectionID"}
	kindCgw = resourceKind{"cgw", "customerGateway", "InvalidCustomerGatewayID.NotFound", "InvalidCustomerGatewayId.Malformed"}
	kindVgw = resourceKind{"vgw", "virtual private gateway", "InvalidVpnGatewayID.NotFound", "InvalidVpnGatewayID.Malformed"}
	kindTgw = resourceKind{"tgw", "transitGateway", "InvalidTransitGatewayID.NotFound", "InvalidTransitGatewayID.Malformed"}
	kindVpc = resourceKind{"vpc", "vpc", "InvalidVpcID.NotFound", "InvalidVpcID.Malformed"}
)

// wellFormed: prefix, a dash, and 8 (old style) or 17 lower-case hex digits.
func (k resourceKind) wellFormed(id string) bool {
	p := k.prefix + "-"
	if len(id) <= len(p) || id[:len(p)] != p {
		return false
	}
	hex := id[len(p):]
	if len(hex) != 8 && len(hex) != 17 {
		return false
	}
	for _, c := range hex {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// regionState holds one account's resources in one region; mu guards all of it.
type regionState struct {
	mu              sync.Mutex
	account, region string
	vpns            table[vpnConn]
	cgws            table[customerGateway]
	vgws            table[vpnGateway]
	tgws            table[transitGateway]
	vpcs            table[vpc]      // only what VPN gateways attach to (ops_vpc.go)
	outsideIPs      map[string]bool // AWS-side tunnel addresses in use
}

func newRegionState(account, region string) *regionState {
	return &regionState{account: account, region: region, outsideIPs: map[string]bool{}}
}

// table keeps objects by id and in creation order.
type table[T any] struct {
	byID map[string]*T
	ids  []string
}

func (t *table[T]) get(id string) *T { return t.byID[id] }

func (t *table[T]) put(id string, v *T) {
	if t.byID == nil {
		t.byID = map[string]*T{}
	}
	if _, ok := t.byID[id]; !ok {
		t.ids = append(t.ids, id)
	}
	t.byID[id] = v
}

func (t *table[T]) remove(id string) {
	delete(t.byID, id)
	for i, x := range t.ids {
		if x == id {
			t.ids = append(t.ids[:i:i], t.ids[i+1:]...)
			return
		}
	}
}

func (t *table[T]) all() []*T {
	out := make([]*T, 0, len(t.ids))
	for _, id := range t.ids {
		out = append(out, t.byID[id])
	}
	return out
}

type vpnConn struct {
	id, typ, category         string
	cgwID, vgwID, tgwID       string
	concentratorID            string
	coreNetworkArn            string
	coreNetworkAttachmentArn  string
	preSharedKeyArn           string // set when PreSharedKeyStorage=SecretsManager
	state                     string
	readyAt                   time.Time // end of pending/modifying/deleting
	availableSince, deletedAt time.Time
	assoc                     string
	assocSwitchAt             time.Time // disassociating -> associating during a gateway change
	provisioned               bool      // has been available once: vgwTelemetry is reported
	opts                      connOptions
	tunnels                   []tunnel
	routes                    []route
	tags                      []tag
	bgpRoutes                 int32       // routes a BGP peer advertises while a tunnel is UP
	cgwDoc                    *cgwDocMemo // the last customerGatewayConfiguration rendered
}

type connOptions struct {
	EnableAcceleration, StaticRoutesOnly bool
	LocalIpv4, RemoteIpv4                string
	LocalIpv6, RemoteIpv6                string
	OutsideIPAddressType                 string
	TransportAttachmentID                string
	InsideIPVersion                      string
	Bandwidth                            string
}

// tunnelSpec is the caller's tunnel options (VpnTunnelOptionsSpecification
// and ModifyVpnTunnelOptionsSpecification): nil/empty = not set. Stored
// tunnels keep what the caller set plus the inside CIDR and PSK AWS picks;
// only those are reported, as AWS does. Pointers are replaced, never written
// through, because responses share them.
type tunnelSpec struct {
	InsideCidr, InsideIpv6Cidr, PreSharedKey                   string
	Phase1Lifetime, Phase2Lifetime, RekeyMargin, RekeyFuzz     *int32
	ReplayWindow, DPDTimeout                                   *int32
	DPDAction, StartupAction                                   string
	Phase1Enc, Phase2Enc, Phase1Integrity, Phase2Integrity     []string
	Phase1DH, Phase2DH                                         []int32
	IKEVersions                                                []string
	LogEnabled, BgpLogEnabled                                  *bool
	LogGroupArn, LogOutputFormat, BgpLogGroupArn, BgpLogFormat string
	LifecycleControl                                           *bool
}

type tunnel struct {
	spec           tunnelSpec
	outsideIP      string
	status         string
	lastChange     time.Time
	upAt           time.Time // when a DOWN tunnel comes UP; zero = stays DOWN
	certificateArn string
}

type route struct {
	cidr, state string
	readyAt     time.Time
}

// customerGateway and vpnGateway keep their response shape and the end of
// their transitional states.
type customerGateway struct {
	x xCustomerGateway
	retiring
}

type vpnGateway struct {
	x             xVpnGateway
	attachReadyAt time.Time // end of attaching/detaching
	retiring
}

// retiring is a gateway's way out: deleting until readyAt, then deleted,
// listed until deletedAt+retention.
type retiring struct {
	readyAt, deletedAt time.Time
}

// retire moves *state to its value at now; gone: deleted longer than
// retention (retention < 0 = never).
func (r *retiring) retire(state *string, now time.Time, retention time.Duration) (gone bool) {
	if *state == stateDeleting && !now.Before(r.readyAt) {
		*state, r.deletedAt = stateDeleted, r.readyAt
	}
	return *state == stateDeleted && retention >= 0 && !now.Before(r.deletedAt.Add(retention))
}

// startDelete puts *state in deleting until now+delay (0: deleted at once).
func (r *retiring) startDelete(state *string, now time.Time, delay time.Duration) {
	*state, r.readyAt = stateDeleting, now.Add(delay)
	r.retire(state, now, -1)
}

func (g *customerGateway) advance(now time.Time, retention time.Duration) (gone bool) {
	return g.retire(&g.x.State, now, retention)
}

// VPC attachment states (AttachmentStatus).
const (
	attachAttaching = "attaching"
	attachAttached  = "attached"
	attachDetaching = "detaching"
	attachDetached  = "detached"
)

func (g *vpnGateway) advance(now time.Time, retention time.Duration) (gone bool) {
	if a := g.attachment(); a != nil && !g.attachReadyAt.IsZero() && !now.Before(g.attachReadyAt) {
		switch a.State {
		case attachAttaching:
			a.State = attachAttached
		case attachDetaching:
			a.State = attachDetached
		}
		g.attachReadyAt = time.Time{}
	}
	return g.retire(&g.x.State, now, retention)
}

// attachment is the gateway's VPC attachment (one at a time; a detached one
// stays listed until the next attach, as on AWS), nil if it never had one.
func (g *vpnGateway) attachment() *xVpcAttachment {
	if len(g.x.Attachments.Items) == 0 {
		return nil
	}
	return &g.x.Attachments.Items[len(g.x.Attachments.Items)-1]
}

// attached reports whether the gateway is attached to a VPC or on its way
// in or out.
func (g *vpnGateway) attached() bool {
	a := g.attachment()
	return a != nil && a.State != attachDetached
}

type vpc struct{ x xVpc }

type transitGateway struct {
	x       xTransitGateway
	readyAt time.Time
}

func (t *transitGateway) advance(now time.Time) {
	if t.x.State == statePending && !now.Before(t.readyAt) {
		t.x.State = stateAvailable
	}
}

func (v *vpnConn) hasGateway() bool { return v.vgwID != "" || v.tgwID != "" || v.coreNetworkArn != "" }

// advance moves v to its state at now and reports whether it has left the
// listing (deleted for longer than retention; retention < 0 = never).
func (v *vpnConn) advance(now time.Time, retention time.Duration) (gone bool) {
	if !v.readyAt.IsZero() && !now.Before(v.readyAt) {
		switch v.state {
		case statePending, stateModifying:
			v.state = stateAvailable
			v.availableSince = v.readyAt
			v.provisioned = true
		case stateDeleting:
			v.state = stateDeleted
			v.deletedAt = v.readyAt
		}
		if v.assoc == assocAssociating || v.assoc == assocDisassociating {
			v.assoc = assocAssociated
		}
		v.readyAt, v.assocSwitchAt = time.Time{}, time.Time{}
	}
	if !v.assocSwitchAt.IsZero() && !now.Before(v.assocSwitchAt) {
		v.assoc, v.assocSwitchAt = assocAssociating, time.Time{}
	}
	for i := range v.tunnels {
		t := &v.tunnels[i]
		if v.state == stateAvailable && !t.upAt.IsZero() && !now.Before(t.upAt) {
			t.status, t.lastChange, t.upAt = tunnelUp, maxTime(t.upAt, v.availableSince), time.Time{}
		}
	}
	kept := v.routes[:0]
	for _, r := range v.routes {
		if !r.readyAt.IsZero() && !now.Before(r.readyAt) {
			if r.state == stateDeleting {
				continue
			}
			r.state, r.readyAt = stateAvailable, time.Time{}
		}
		kept = append(kept, r)
	}
	v.routes = kept
	return v.state == stateDeleted && retention >= 0 && !now.Before(v.deletedAt.Add(retention))
}

// tunnelsDown takes tunnels down at now; they come back UP at upAt (zero: not
// by themselves).
func (v *vpnConn) tunnelsDown(now, upAt time.Time, which ...int) {
	for i := range v.tunnels {
		if len(which) > 0 && which[0] != i {
			continue
		}
		t := &v.tunnels[i]
		if t.status != tunnelDown {
			t.status, t.lastChange = tunnelDown, now
		}
		t.upAt = upAt
	}
}

// transition starts a transitional state that ends after delay (0 = at once).
func (v *vpnConn) transition(state string, now time.Time, delay time.Duration) {
	v.state, v.readyAt = state, now.Add(delay)
	v.advance(now, -1)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// vpn returns the connection with id as of now, nil if it does not exist
// (or no longer does).
func (rs *regionState) vpn(id string, now time.Time, retention time.Duration) *vpnConn {
	v := rs.vpns.get(id)
	if v == nil {
		return nil
	}
	if v.advance(now, retention) {
		rs.dropVpn(v)
		return nil
	}
	return v
}

// allVpns advances every connection to now and returns them in creation order.
func (rs *regionState) allVpns(now time.Time, retention time.Duration) []*vpnConn {
	all := rs.vpns.all()
	out := all[:0]
	for _, v := range all {
		if v.advance(now, retention) {
			rs.dropVpn(v)
			continue
		}
		out = append(out, v)
	}
	return out
}

func (rs *regionState) dropVpn(v *vpnConn) {
	rs.vpns.remove(v.id)
	for _, t := range v.tunnels {
		delete(rs.outsideIPs, t.outsideIP)
	}
}

func (rs *regionState) tgw(id string, now time.Time) *transitGateway {
	t := rs.tgws.get(id)
	if t != nil {
		t.advance(now)
	}
	return t
}

// aging is a stored object that moves through its lifecycle when read.
type aging interface {
	advance(now time.Time, retention time.Duration) (gone bool)
}

// liveGet returns the object with id as of now, nil if it does not exist (or
// no longer does: then it is dropped).
func liveGet[T any, P interface {
	*T
	aging
}](t *table[T], id string, now time.Time, retention time.Duration) *T {
	o := t.get(id)
	if o != nil && P(o).advance(now, retention) {
		t.remove(id)
		return nil
	}
	return o
}

// liveAll advances every object to now, drops the ones gone, and returns the
// rest in creation order.
func liveAll[T any, P interface {
	*T
	aging
}](t *table[T], now time.Time, retention time.Duration, idOf func(*T) string) []*T {
	all := t.all()
	out := all[:0]
	for _, o := range all {
		if P(o).advance(now, retention) {
			t.remove(idOf(o))
			continue
		}
		out = append(out, o)
	}
	return out
}

func (rs *regionState) cgw(id string, now time.Time, retention time.Duration) *customerGateway {
	return liveGet(&rs.cgws, id, now, retention)
}

func (rs *regionState) allCgws(now time.Time, retention time.Duration) []*customerGateway {
	return liveAll(&rs.cgws, now, retention, func(g *customerGateway) string { return g.x.CustomerGatewayID })
}

func (rs *regionState) vgw(id string, now time.Time, retention time.Duration) *vpnGateway {
	return liveGet(&rs.vgws, id, now, retention)
}

func (rs *regionState) allVgws(now time.Time, retention time.Duration) []*vpnGateway {
	return liveAll(&rs.vgws, now, retention, func(g *vpnGateway) string { return g.x.VpnGatewayID })
}

// usable reports whether a gateway in state can take new connections: it is
// not being deleted.
func usable(state string) bool { return state != stateDeleting && state != stateDeleted }

// cgwUsable and vgwUsable: a gateway being deleted is, for a new or modified
// connection, as good as gone (NotFound).
func (rs *regionState) cgwUsable(id string, now time.Time, retention time.Duration) bool {
	g := rs.cgw(id, now, retention)
	return g != nil && usable(g.x.State)
}

func (rs *regionState) vgwUsable(id string, now time.Time, retention time.Duration) bool {
	g := rs.vgw(id, now, retention)
	return g != nil && usable(g.x.State)
}

// inUse reports whether a connection that is not deleted (a deleting one
// counts) matches uses: what keeps a gateway from being deleted.
func (rs *regionState) inUse(now time.Time, retention time.Duration, uses func(*vpnConn) bool) bool {
	for _, v := range rs.allVpns(now, retention) {
		if v.state != stateDeleted && uses(v) {
			return true
		}
	}
	return false
}
