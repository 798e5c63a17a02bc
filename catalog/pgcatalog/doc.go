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
// Every relation's definition (OID, kind, row type, ACL and pg_attribute
// rows: column names, types, typmods, NOT NULL, collations, system
// columns) and the rows of built-in objects (pg_type, pg_proc, pg_am,
// pg_collation, pg_language, pg_tablespace, the built-in schemas,
// descriptions, pg_settings metadata and the keyword list) are dumped from
// a live PostgreSQL 15 by internal/gen into generated.go; nothing is typed
// by hand. Regenerate after adding a type to catalog/types.go, a function
// to the executor or a relation here:
//
//	go generate ./catalog/pgcatalog
//
// The generator starts its own throwaway cluster (package pgtest), or reads
// the server PGCAT_URL names. It imports the executor (for the function
// and setting names), which imports this package: if a change to the
// generator adds a variable the package already uses, declare it once by
// hand at the end of generated.go so the package compiles, then generate. pg_proc holds PostgreSQL's rows for the
// functions the engine binds (executor.FunctionNames) and those the dumped
// rows name (typinput, amhandler, ...), minus overloads using a type
// vpnsql lacks.
//
// # What vpnsql adds
//
// Built-in objects keep PostgreSQL's OIDs. vpnsql's own objects: database
// aws 16384 (owner vpnsql), role vpnsql 16385, schema ec2 16386 (see
// SchemaOIDs), and per resource table with OID t: the table t, its row
// type t+1, the row type's array t+2, the primary key index t+3 and its
// constraint t+4 (16387..16391 for vpn_connections). Role postgres (10)
// owns the built-in objects as initdb's superuser would; pg_database_owner
// (6171) owns public; the session's user is a role too (UserOID). No role
// is a superuser. Tables have no statistics (reltuples -1, relpages 0).
//
// # Relations
//
// "rows" relations are populated; "empty" ones exist with PostgreSQL 15's
// columns and no rows because vpnsql has no such objects (no defaults,
// inheritance, enums, policies, publications, sequences, triggers, rules,
// extensions, casts or operators of its own). A relation not listed does
// not exist (42P01).
//
//	relation                                    oid    kind   state
//	pg_catalog.pg_am                            2601   table  rows
//	pg_catalog.pg_attrdef                       2604   table  empty
//	pg_catalog.pg_attribute                     1249   table  rows
//	pg_catalog.pg_auth_members                  1261   table  empty
//	pg_catalog.pg_authid                        1260   table  rows (rolpassword NULL)
//	pg_catalog.pg_cast                          2605   table  empty
//	pg_catalog.pg_class                         1259   table  rows
//	pg_catalog.pg_collation                     3456   table  rows (default, C, POSIX, ucs_basic)
//	pg_catalog.pg_constraint                    2606   table  rows (primary keys)
//	pg_catalog.pg_database                      1262   table  rows
//	pg_catalog.pg_depend                        2608   table  rows (resource tables' objects)
//	pg_catalog.pg_description                   2609   table  rows
//	pg_catalog.pg_enum                          3501   table  empty
//	pg_catalog.pg_event_trigger                 3466   table  empty
//	pg_catalog.pg_extension                     3079   table  empty
//	pg_catalog.pg_foreign_table                 3118   table  empty
//	pg_catalog.pg_index                         2610   table  rows
//	pg_catalog.pg_inherits                      2611   table  empty
//	pg_catalog.pg_language                      2612   table  rows (internal, c, sql)
//	pg_catalog.pg_namespace                     2615   table  rows
//	pg_catalog.pg_operator                      2617   table  empty
//	pg_catalog.pg_partitioned_table             3350   table  empty
//	pg_catalog.pg_policy                        3256   table  empty
//	pg_catalog.pg_proc                          1255   table  rows
//	pg_catalog.pg_publication                   6104   table  empty
//	pg_catalog.pg_publication_namespace         6237   table  empty
//	pg_catalog.pg_publication_rel               6106   table  empty
//	pg_catalog.pg_range                         3541   table  empty
//	pg_catalog.pg_rewrite                       2618   table  empty
//	pg_catalog.pg_sequence                      2224   table  empty
//	pg_catalog.pg_shdescription                 2396   table  empty
//	pg_catalog.pg_statistic_ext                 3381   table  empty
//	pg_catalog.pg_tablespace                    1213   table  rows
//	pg_catalog.pg_trigger                       2620   table  empty
//	pg_catalog.pg_type                          1247   table  rows
//	pg_catalog.pg_user_mapping                  1418   table  empty
//	pg_catalog.pg_indexes                       12043  view   rows
//	pg_catalog.pg_locks                         12073  view   empty (no locks are taken)
//	pg_catalog.pg_matviews                      12038  view   empty
//	pg_catalog.pg_roles                         12000  view   rows
//	pg_catalog.pg_settings                      12104  view   rows (the session's values)
//	pg_catalog.pg_stat_activity                 12222  view   rows (this session only)
//	pg_catalog.pg_stat_user_tables              12161  view   rows (all counters 0)
//	pg_catalog.pg_tables                        12033  view   rows
//	pg_catalog.pg_user                          12014  view   rows
//	pg_catalog.pg_views                         12028  view   rows
//	information_schema.applicable_roles         13236  view   empty
//	information_schema.character_sets           13250  view   rows
//	information_schema.check_constraints        13260  view   rows (NOT NULL columns)
//	information_schema.column_privileges        13285  view   rows
//	information_schema.columns                  13295  view   rows
//	information_schema.constraint_column_usage  13300  view   rows
//	information_schema.enabled_roles            13325  view   rows
//	information_schema.key_column_usage         13329  view   rows
//	information_schema.parameters               13334  view   rows
//	information_schema.referential_constraints  13339  view   empty
//	information_schema.role_table_grants        13421  view   rows
//	information_schema.routines                 13377  view   rows
//	information_schema.schemata                 13382  view   rows
//	information_schema.table_constraints        13411  view   rows
//	information_schema.table_privileges         13416  view   rows
//	information_schema.tables                   13425  view   rows
//	information_schema.views                    13483  view   rows
//
// Views have no SELECT behind them (they are computed in Go), so
// pg_views.definition and pg_get_viewdef show a placeholder.
//
// # Files
//
//	doc.go         this overview
//	generated.go   facts dumped from PostgreSQL 15 (internal/gen)
//	values.go      the row literal shorthands and relDef
//	vtable.go      the virtual table (schema + populate function), Tables
//	model.go       what exists for one scan: relations, schemas, roles, OIDs
//	pg_class.go    pg_namespace, pg_class, pg_attribute, pg_index, pg_constraint, pg_depend, pg_description
//	pg_type.go     pg_type, pg_proc and the generated built-in catalogs
//	pg_roles.go    pg_database, roles, pg_settings, pg_stat_activity
//	pg_views.go    pg_tables, pg_views, pg_indexes, pg_stat_user_tables
//	infoschema.go  information_schema
//	format.go      quote_ident, format_type, pg_get_indexdef and friends
//	snapshot.go    Snapshot: the catalog functions' and reg* types' answers
//	pgtest/        a throwaway PostgreSQL 15 cluster for the generator and tests
package pgcatalog

//go:generate go run ./internal/gen -out generated.go
