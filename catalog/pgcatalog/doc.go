// Package pgcatalog implements vpnsql's pg_catalog and information_schema:
// virtual tables whose rows are computed at each Scan from the catalog's
// tables and the scanning session, so that psql, pgJDBC, psqlODBC,
// SQLAlchemy, pgcli and other clients find exactly what exists, as a
// PostgreSQL 15 database holding the same table would show it.
//
// Wiring (cmd): cat := catalog.New(resource tables...); cat.Add(pgcatalog.Tables(cat)...).
// The executor puts the session in the scan's context (catalog.WithSession);
// the catalog functions (format_type, pg_get_indexdef, the reg* types, ...)
// answer from a Snapshot.
//
// # Facts from PostgreSQL 15
//
// Every built-in relation of pg_catalog, information_schema and pg_toast
// (tables, views, the catalogs' indexes and TOAST tables: pg_class rows,
// pg_attribute rows of their columns, pg_index rows and definitions, the
// catalogs' constraints), every built-in type, and the rows of built-in
// objects (pg_am, pg_opclass, pg_opfamily, pg_range, pg_auth_members, the
// predefined roles, collations, languages, tablespaces, the built-in
// schemas, descriptions, pg_settings metadata, the keyword list, the
// information_schema sql_* tables) are dumped from a live PostgreSQL 15 by
// internal/pgcataloggen (at the module root: it runs the engine, and
// nothing under catalog/ may import executor/) into generated.go; nothing
// is typed by hand. pg_proc holds
// PostgreSQL's rows for the functions the engine binds
// (executor.FunctionNames) and those the dumped rows name (typinput,
// amhandler, aggtransfn, oprcode, ...); pg_operator and pg_cast the rows
// the engine binds when the generator tries each of PostgreSQL's;
// pg_aggregate and pg_amop the rows of those. Regenerate after adding a
// type to catalog/types.go, a function or operator to the executor:
//
//	go generate ./catalog/pgcatalog
//
// The generator starts its own throwaway cluster (package pgtest), or reads
// the server PGCAT_URL names (objects from OID 16384 on are ignored). It
// imports the executor, which imports this package: if a change to the
// generator adds a variable the package already uses, declare it once by
// hand at the end of generated.go so the package compiles, then generate.
//
// # What vpnsql adds
//
// Built-in objects keep PostgreSQL's OIDs. vpnsql's own objects: database
// aws 16384 (owner vpnsql), role vpnsql 16385, schema ec2 16386 (see
// SchemaOIDs), and per resource table with OID t, in PostgreSQL's order
// for CREATE TABLE: the table t, the row type's array t+1, the row type
// t+2, its TOAST table t+3 and the TOAST table's index t+4, the primary
// key index t+5 and its constraint t+6 (16387..16393 for
// vpn_connections); a table's unique indexes (catalog.Indexed), the views
// of schema vpnsql (catalog.View: a view t, its array type t+1 and row
// type t+2), the tables' methods as
// SQL functions (functions.go), their comments (catalog.Commented) and
// foreign keys (catalog.Referencing, foreignkeys.go: always NOT VALID,
// with the four RI triggers PostgreSQL makes). Every OID is allocated in
// the list of resources, catalog/ec2/resources.go (the database skeleton
// in catalog/oids.go). Role postgres (10) owns the built-in
// objects as initdb's superuser would; pg_database_owner (6171) owns
// public, and vpnsql, the database's owner, is its member; every user of
// the config file (without one, the session's user) is a role too, with
// its grants and policies (users.go, policies.go). No role is a superuser: privileges.go
// applies PostgreSQL's ACLs, so restricted catalogs are denied (42501).
// A resource table's reltuples and n_live_tup are the row count of its
// last complete scan (catalog/stats.go), -1 and 0 before the first;
// relpages is 0.
//
// # Relations
//
// A relation's rows come from the populate function registered for it
// (register); one without is empty, because vpnsql has no such objects.
// docs/catalog.md says which relations hold what. Indexes and TOAST
// tables are listed but cannot be scanned. Views have no SELECT behind
// them (they are computed in Go), so pg_views.definition and
// pg_get_viewdef show a placeholder.
//
// # Files
//
//	doc.go         this overview
//	generated.go   facts dumped from PostgreSQL 15 (internal/pgcataloggen)
//	values.go      the row literal shorthands and relDef
//	vtable.go      the virtual table (schema + populate function), Tables, the list of populate tables
//	model.go       what exists for one scan: relations, schemas, roles, OIDs
//	privileges.go  ACLs, role membership, the has_*_privilege answers
//	users.go       the config file's users as roles, their OIDs and grants
//	policies.go    row-level security: relrowsecurity, relacl, pg_policy, BYPASSRLS
//	policy_expr.go a policy's USING expression as CREATE POLICY, pg_policy.polqual and pg_get_expr have it
//	static.go      the rows that depend only on the catalog's tables, made once, with hash indexes
//	pg_class.go    pg_namespace, pg_class, pg_attribute, pg_index, pg_constraint, pg_depend, pg_description
//	pg_type.go     pg_type, pg_proc and the generated built-in catalogs
//	pg_roles.go    pg_database, roles, pg_settings, pg_stat_activity, pg_stat_ssl,
//	               pg_stat_gssapi
//	pg_views.go    pg_tables, pg_views, pg_indexes, the statistics views
//	foreignkeys.go foreign keys: pg_constraint, pg_trigger, pg_depend, referential_constraints
//	infoschema.go  information_schema: schemata, tables, columns, constraints, privileges, routines
//	infoschema_types.go information_schema: domains, collations, udt/routine/usage privileges, element types
//	format.go      quote_ident, format_type, pg_get_indexdef and friends
//	snapshot.go    Snapshot: the catalog functions' and reg* types' answers
//	describe.go    pg_get_functiondef, pg_describe_object, the index properties
//	pgtest/        a throwaway PostgreSQL 15 cluster for the generator and tests
package pgcatalog

//go:generate go run ../../internal/pgcataloggen -out generated.go
