// Package ec2sim is an EC2 Query-API simulator for Site-to-Site VPN
// connections and the gateways they use, plus STS GetCallerIdentity. vpnsql's
// demo mode, tests and benchmarks point the real aws-sdk-go-v2 at it over
// HTTP; the AWS CLI and boto3 can use it through cmd/ec2sim.
//
// A Sim is an http.Handler. POST / (any path but /_sim/) is the API: the
// form is parsed by name, the SigV4 credential scope gives the access key
// (-> account) and region, and each account+region has its own resources.
// The reference it follows is the EC2 model and observed traffic
// (API.md, WIRE.md, BEHAVIOUR.md of the project's reference material);
// docs/ec2sim.md lists the choices made where that reference is silent.
//
// A request goes: parse -> authenticate (account, region) -> fault rules
// (latency, then a fault that replaces the call) -> throttle -> operation ->
// response faults -> write, and is appended to the request log. A read
// under latency alone runs first and its answer waits until the latency
// has passed since its arrival.
//
// Each operation reads its whole input through a query (query.go) that
// remembers what was read, so unknown parameters are reported like EC2
// does, and keeps the first bad value (a sticky error) so parsing code is
// flat. Checks then run in EC2's order: required members, values,
// authorization and DryRun, existence and state.
//
// Lifecycle transitions are not driven by timers: every object knows when
// its current transitional state ends (model.go, advance), and is moved to
// its state at "now" whenever it is read. An injected clock (Options.Now)
// therefore drives pending -> available, modifying, deleting -> deleted,
// retention (of connections and gateways), VPC attachments, route and tunnel
// changes, and token-bucket refills.
//
// Responses are typed structs encoded with encoding/xml (xml.go). They are
// rendered under the region's lock into fresh values (render.go) and
// encoded after it is released.
//
// Files:
//
//	sim.go          Options, Sim, New, ServeHTTP, Reset, Close
//	api.go          one request: credential scope, authentication, dispatch, writing
//	auth.go         credential parsing, regions, access keys and LoadKeys, Allow
//	query.go        form parameter reader (lists, filters, tags, tag specifications)
//	errors.go       API errors, HTTP statuses, EC2 and STS error envelopes
//	xml.go          response shapes with the model's element names
//	model.go        stored resources, lifecycle (advance), tables
//	render.go       stored resources -> response shapes
//	cgwconfig.go    the customerGatewayConfiguration document
//	filters.go      Describe filters and EC2 wildcards
//	validate.go     tunnel/connection option parsing and checks, tags
//	tunnelspec.go   merging ModifyVpnTunnelOptions into a tunnel
//	ids.go          ids, keys and addresses AWS would pick
//	ops.go          the operation table and shared operation helpers
//	ops_vpn.go      Describe/Create/DeleteVpnConnection
//	ops_modify.go   ModifyVpnConnection(Options), ModifyVpnTunnelOptions, routes
//	ops_tags.go     CreateTags, DeleteTags
//	describe.go     what every Describe call shares: id checks, filters, authorization, selection
//	ops_cgw.go      customer gateways: Describe, Create, Delete
//	ops_vgw.go      virtual private gateways: Describe, Create, Delete, Attach, Detach
//	ops_vpc.go      VPCs, only what gateways attach to: CreateVpc, DescribeVpcs
//	ops_tgw.go      transit gateways (paginated), DescribeRegions
//	sts.go          GetCallerIdentity
//	corenet.go      AttachCoreNetwork (what Cloud WAN does outside the EC2 API)
//	throttle.go     EC2 token buckets
//	faults.go       fault rules and their injection
//	reqlog.go       the request log
//	admin.go        the /_sim/ admin API
//	seed.go         deterministic seed data, DemoSeed
package ec2sim
