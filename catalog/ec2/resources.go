package ec2

import (
	"log/slog"

	"github.com/vpnsql/vpnsql/catalog"
)

// The list of resources: every table and view vpnsql serves, in OID
// order, and the one place their OIDs are assigned (catalog/oids.go holds
// only the database skeleton: the database, the role and the schemas).
//
// OIDs are stable across releases, because clients cache them (pgJDBC's
// type cache, DBeaver's metadata): append, never reuse or move one. A
// resource table with OID t takes t..t+6 in PostgreSQL 15's order for
// CREATE TABLE: the table, its array type t+1, its row type t+2, its
// TOAST table t+3 and the TOAST table's index t+4, the primary key index
// t+5 and its constraint t+6. A view takes t..t+2 (the view, its array
// type, its row type). Unique indexes, functions and foreign keys take the
// OIDs given beside them; a foreign key also takes the next four, for the
// internal triggers PostgreSQL makes for it. docs/catalog.md lists them
// (TestResourceOIDs_Doc keeps the list and the doc in step). Every OID
// stays below catalog.OIDPolicyFirst: from there up are the config file's
// roles and policies (TestResourceOIDs_Unique).

// Tables returns every table and view vpnsql serves, reading from src;
// api_calls sends its audit lines to logger (nil: slog.Default()).
func Tables(src *Source, logger *slog.Logger) []catalog.Table {
	if src == nil {
		src = &Source{} // no account: the tables list nothing (catalog tests)
	}
	vpn := place(vpnConnections, src, tableOIDs{table: 16387,
		uniques: map[string]uint32{"vpn_connections_gateway_pair_key": 16394},
		methods: map[string][]uint32{
			"vpn_connection_modify":         {16410},
			"vpn_connection_options_modify": {16411},
			"vpn_tunnel_options_modify":     {16412, 16415}, // 3 arguments, 4 arguments
			"vpn_connection_route_create":   {16413},
			"vpn_connection_route_delete":   {16414},
		}})
	cgw := place(customerGateways, src, tableOIDs{table: 16440,
		uniques: map[string]uint32{"customer_gateways_identity_key": 16447}})
	vgw := place(vpnGateways, src, tableOIDs{table: 16450,
		methods: map[string][]uint32{"vpn_gateway_attach": {16457}, "vpn_gateway_detach": {16458}}})
	tgw := place(transitGateways, src, tableOIDs{table: 16460})
	tunnels := place(vpnTunnels, src, tableOIDs{table: 16470})
	link(vpn, cgw, "customerGatewayId", 16480, false)
	link(vpn, vgw, "vpnGatewayId", 16485, false)
	link(vpn, tgw, "transitGatewayId", 16490, false)
	link(tunnels, vpn, "vpnConnectionId", 16495, true)
	return []catalog.Table{
		vpn,
		// 16395: schema vpnsql (catalog/oids.go).
		newAPICalls(src, logger, 16400),
		catalog.NewProgress(16420),
		&sourcesTable{src: src, oid: 16430},
		&cacheTable{src: src, oid: 16435, clearOID: 16438}, // vpnsql.cache_clear(): 16438
		cgw,
		vgw,
		tgw,
		tunnels,
	}
}

// link declares a foreign key: column of from references to's primary key.
// It is named as PostgreSQL names it: <table>_<column>_fkey. cascade says
// from's rows are parts of to's objects (ON DELETE CASCADE).
func link(from, to catalog.Table, column string, oid uint32, cascade bool) {
	f, r := from.(linkable), to.(linkable)
	fk := catalog.ForeignKey{Name: from.Name() + "_" + column + "_fkey", OID: oid, Columns: []int{f.col(column)},
		RefSchema: to.Schema(), RefTable: to.Name(), Cascade: cascade}
	f.addForeignKey(fk)
	r.addReference(reference{fk: fk, from: from.(referencing)})
}

// linkable is a placed resource table, which link can join.
type linkable interface {
	col(name string) int
	addForeignKey(catalog.ForeignKey)
	addReference(reference)
}

func (t *resourceTable[S, R]) addForeignKey(fk catalog.ForeignKey) { t.fks = append(t.fks, fk) }
func (t *resourceTable[S, R]) addReference(r reference)            { t.refs = append(t.refs, r) }

// tableOIDs are the OIDs the list gives one resource table.
type tableOIDs struct {
	table   uint32              // t; the table's own objects take t+1..t+6
	uniques map[string]uint32   // unique index name -> OID
	methods map[string][]uint32 // function name -> one OID per arity
}

// place makes a declared resource a table of the catalog: in schema ec2,
// with its OIDs, reading from src. The declaration itself is not changed
// (tests place it again with other sources).
func place[S, R any](decl *resourceTable[S, R], src *Source, oids tableOIDs) catalog.Table {
	t := *decl
	t.schema, t.oids, t.src = "ec2", oids, src
	t.uniques = make([]uniqueKey, len(decl.uniques))
	for i, u := range decl.uniques {
		u.index.OID = oids.uniques[u.index.Name]
		u.index.Columns = nil
		for _, c := range u.columns {
			u.index.Columns = append(u.index.Columns, t.col(c))
		}
		t.uniques[i] = u
	}
	if t.writes == nil {
		return &t
	}
	if src != nil {
		instrument(src)
	}
	return &writableTable[S, R]{resourceTable: &t}
}

// tableNamed finds a table of the list by name.
func tableNamed(tables []catalog.Table, name string) catalog.Table {
	for _, t := range tables {
		if t.Name() == name {
			return t
		}
	}
	panic("ec2: no table " + name)
}

// NewVPNConnections returns ec2.vpn_connections as Tables places it.
func NewVPNConnections(src *Source) catalog.Table {
	return tableNamed(Tables(src, nil), "vpn_connections")
}

// NewProgress returns vpnsql.progress as Tables places it.
func NewProgress() catalog.Table { return tableNamed(Tables(&Source{}, nil), "progress") }
