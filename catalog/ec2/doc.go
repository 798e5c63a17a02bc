// Package ec2 holds the resource tables backed by the EC2 API, the
// framework they are declared on, and the accounts and regions they read
// from.
//
// # A resource is one declaration
//
// A table such as ec2.customer_gateways is one value of
// resourceTable[S, R] in one file: its name and comment, its columns
// (name, type, comment, a typed reader of the SDK struct, and the API
// parameter an equality on the column becomes), its key, the Describe call
// it reads (describeCall: action, id parameter, the error code of unknown
// ids, the call), and optionally its writes (writeMapping: the create,
// change and delete calls), its methods (functions in schema ec2 that make
// one call on one object) and its unique keys. Everything else is written
// once, here, for every resource: pushdown of ids, filters, tag filters
// and region/account pruning; fan-out over accounts and regions within
// their concurrency bounds; streaming; the read cache; retries and rate
// limits (in the accounts' SDK configuration); vpnsql.api_calls and the
// audit log; the mapping of AWS errors to SQLSTATEs; the order and checks
// of writes; unique keys on INSERT and references on DELETE.
//
// The list of resources (resources.go, Tables) places each declaration:
// it gives it its OIDs, the only place any OID is assigned, its foreign
// keys (link), and its Source. A new table is its file, its test, the
// ec2sim calls it needs, a line in that list, and demo data
// (docs/resources.md walks through one).
//
// # How a scan flows
//
// The executor hands a table a catalog.ScanRequest: the equality
// constraints it could push down and the freshness of cached answers it
// accepts. resourceTable.request turns them into an apiRequest (ids,
// filters, the regions and accounts to call, or "cannot match"),
// Source.targets lists the (account, region) pairs (kept between scans
// without constraints), describeCall.cachedAll answers at once the targets
// the read cache holds fresh answers for, under one read lock, and
// streamOut calls the others in parallel. Each call goes through the read
// cache (describeCall.read), which coalesces identical calls and keeps
// the API objects with each table's rows made from them, so
// vpn_connections and vpn_tunnels share one DescribeVpnConnections. Rows
// arrive per region as a catalog.RowStream; the cache's answers are
// marked shared (catalog.SharedBatches), so a statement that holds them
// is charged for references only.
//
// # How a write flows
//
// The executor finds the rows (a scan with cache freshness 0) and hands
// writableTable a batch: INSERT values, UPDATE old rows and assignments,
// DELETE rows. It checks every row before the first call (columns, where
// it goes, unique keys, the resource's own refusal of a delete, references),
// then makes the calls row by row
// through writeRun, which applies DryRun and Plan (EXPLAIN), writes the
// audit line before each call, narrows the retryer to throttling errors,
// and maps a failure to its SQLSTATE (40003 when the outcome is unknown).
//
// # Files
//
//	doc.go                   this overview
//	resource.go              resourceTable: the declaration and the catalog.Table (columns, pushdown, scan, EXPLAIN)
//	describe.go              describeCall: one Describe action, unknown ids, cached answers shared by tables
//	resources.go             the list of resources: Tables, OIDs, foreign keys
//	write.go                 writeMapping and writableTable: INSERT, UPDATE, DELETE for every resource
//	write_unique.go          unique keys enforced on INSERT (23505, ON CONFLICT DO NOTHING)
//	write_references.go      references checked on DELETE (23503)
//	write_calls.go           one changing call: retry policy, DryRun, Plan, errors (writeRun)
//	method.go                methods: functions in schema ec2 making one call on one object
//	tags.go                  the tags and tagSet columns, read and written
//	jsoncolumns.go           API objects as jsonb
//	jsonvalues.go            jsonb given to writes, read with errors naming the path
//	vpn_connections.go       ec2.vpn_connections
//	vpn_connections_write.go its writes, methods and the gateway pair key
//	vpn_options.go           the VPN options document, both ways (shared by vpn_tunnels and the tunnel methods)
//	customer_gateways.go     ec2.customer_gateways
//	customer_gateways_write.go its writes and the identity key
//	vpn_gateways.go          ec2.vpn_gateways
//	vpn_gateways_write.go    its writes, and the attach/detach methods
//	transit_gateways.go      ec2.transit_gateways
//	vpn_tunnels.go           ec2.vpn_tunnels: a child table, one row per tunnel of DescribeVpnConnections' answer
//	readonly.go              the hint of a read-only resource's refused write (0A000)
//	scope.go                 a role's scope: accounts and regions never called, secrets masked, writes outside refused
//	source.go                Source and Account: where tables read, fan-out, concurrency bounds
//	accounts.go              accounts: profiles, AssumeRole, regions "all", health
//	policy.go                failed sources: fail the statement or skip with a WARNING
//	stream.go                the per-region row stream
//	cache.go                 the read cache: TTL and statement freshness, coalescing, LRU by bytes
//	ratelimit.go             client-side token buckets per account, region and action
//	callbudget.go            the statement's API call budget (vpnsql.max_api_calls)
//	httpclient.go            the SDK's HTTP client and its timeouts
//	errors.go                AWS errors as SQLSTATEs
//	apicalls.go              vpnsql.api_calls, the audit log of writes, the call middleware
//	sources.go               vpnsql.sources
//	cachetable.go            vpnsql.cache
//	testhooks_*.go           fault injection for tests (build tag)
//
// # What it does not do
//
// It never reads SQL (the executor binds statements to catalog values),
// never retries a changing call that may have been carried out, and never
// caches across statements what a write may have changed (a write drops
// its account and region's answers). It uses no reflection: every column
// reads its SDK struct through a typed function.
package ec2
