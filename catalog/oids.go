package catalog

// The OIDs of the database skeleton: the objects that exist before any
// table, as initdb, CREATE ROLE, CREATE DATABASE and CREATE SCHEMA would
// make them. PostgreSQL gives user objects OIDs from 16384 up; vpnsql's
// are fixed so they are stable across restarts and releases (clients cache
// them). Every other OID (tables, views, indexes, functions, constraints)
// is assigned in the list of resources, catalog/ec2/resources.go, which
// takes the OIDs these leave free. docs/catalog.md lists them all.
const (
	OIDDatabase        uint32 = 16384 // database aws
	OIDRoleVpnsql      uint32 = 16385 // role vpnsql
	OIDNamespaceEC2    uint32 = 16386 // schema ec2
	OIDNamespaceVpnsql uint32 = 16395 // schema vpnsql
)

// The OIDs of objects named by the config file rather than the list of
// resources: a user's role and a scoped user's policy on a resource table.
// Each is a hash of its name into its own range, so it stays the same
// across restarts and reloads while the user exists (pgcatalog.UserOID,
// docs/catalog.md); the list of resources stays below both.
const (
	OIDPolicyFirst uint32 = 1 << 29 // policies: [2^29, 2^30)
	OIDRoleFirst   uint32 = 1 << 30 // users' roles: [2^30, 2^31)
	OIDNamedLimit  uint32 = 1 << 31 // the end of the roles' range
)
