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
