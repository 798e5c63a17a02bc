package catalog

// ReadOnly is a resource table that lists what exists but has no API
// calls mapped to change it (ec2.transit_gateways, ec2.vpn_tunnels):
// INSERT, UPDATE and DELETE on it are refused with 0A000
// (feature_not_supported), as PostgreSQL refuses a write its foreign
// table cannot make, with the table's hint saying what to do instead.
// Tables that implement neither this nor Writable (vpnsql's views, the
// system catalogs) are refused with 42501, as PostgreSQL refuses them.
type ReadOnly interface {
	Table
	// ReadOnlyHint says how to make the change the statement asked for
	// (another table, a method, the AWS console).
	ReadOnlyHint() string
}
