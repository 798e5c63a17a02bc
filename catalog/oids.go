package catalog

// The OIDs of the objects vpnsql defines, in one list. PostgreSQL gives
// user objects OIDs from 16384 up; vpnsql's are fixed here so they are
// stable across restarts and releases (clients cache them). Add a new
// object at the end of its block, never reuse or move an OID, and list it
// in docs/catalog.md.
const (
	OIDDatabase     uint32 = 16384 // database aws
	OIDRoleVpnsql   uint32 = 16385 // role vpnsql
	OIDNamespaceEC2 uint32 = 16386 // schema ec2

	// Table ec2.vpn_connections. A resource table with OID t reserves
	// t+1..t+6, in PostgreSQL's order: the array type, the row type, the
	// TOAST table and its index, the primary key index and its
	// constraint (pgcatalog.relOIDs).
	OIDVPNConnections uint32 = 16387 // ..16393

	// Index ec2.vpn_connections_gateway_pair_key (a unique index, not a
	// constraint).
	OIDVPNConnectionsGatewayPairKey uint32 = 16394

	// Schema vpnsql, holding vpnsql's own views.
	OIDNamespaceVpnsql uint32 = 16395

	// View vpnsql.api_calls; t+1 and t+2 are its array type and row type.
	OIDAPICalls uint32 = 16400 // ..16402

	// The functions of schema ec2 (pg_proc). A function with optional
	// parameters is one overload per arity.
	OIDFunctionVPNConnectionModify        uint32 = 16410
	OIDFunctionVPNConnectionOptionsModify uint32 = 16411
	OIDFunctionVPNTunnelOptionsModify     uint32 = 16412 // 3 arguments
	OIDFunctionVPNConnectionRouteCreate   uint32 = 16413
	OIDFunctionVPNConnectionRouteDelete   uint32 = 16414
	OIDFunctionVPNTunnelOptionsModify4    uint32 = 16415 // with skip_tunnel_replacement

	// View vpnsql.progress; t+1 and t+2 are its array type and row type.
	OIDProgress uint32 = 16420 // ..16422
)

// More of vpnsql's views; each reserves t+1 and t+2 (row type, array type).
const (
	OIDSources uint32 = 16430 // view vpnsql.sources, ..16432
	OIDCache   uint32 = 16435 // view vpnsql.cache, ..16437
)
