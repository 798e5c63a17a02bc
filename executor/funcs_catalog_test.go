package executor

import (
	"context"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// catalogTestSession is a session over the catalog vpnsql serves: the
// resource table and the system catalogs.
func catalogTestSession(t *testing.T) *Session {
	t.Helper()
	c := catalog.New(ec2.NewVPNConnections(nil))
	c.Add(pgcatalog.Tables(c)...)
	s, err := (&Engine{Catalog: c}).NewSession(SessionInfo{User: "alice", Database: "aws", PID: 7})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// queryText runs one statement and returns its rows with values in text
// form, NULL as "NULL", columns joined by "|".
func queryText(t *testing.T, s *Session, sql string) ([]string, error) {
	t.Helper()
	stmts, err := s.Parse(sql)
	if err != nil {
		return nil, err
	}
	p, err := s.Prepare(context.Background(), stmts[0], nil)
	if err != nil {
		return nil, err
	}
	c, err := s.Execute(context.Background(), p, nil)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	var out []string
	for {
		r, err := c.Next(context.Background())
		if err != nil {
			return nil, err
		}
		if r == nil {
			return out, nil
		}
		vals := make([]string, len(r))
		for i, v := range r {
			switch v {
			case nil:
				vals[i] = "NULL"
			case true:
				vals[i] = "t"
			case false:
				vals[i] = "f"
			default:
				vals[i] = value.FormatText(v)
			}
		}
		out = append(out, strings.Join(vals, "|"))
	}
}

func TestCatalogFunctions(t *testing.T) {
	s := catalogTestSession(t)
	const table = "16387"
	tests := []struct{ sql, want string }{
		{"SELECT format_type(25, NULL)", "text"},
		{"SELECT format_type(1043, 7)", "character varying(3)"},
		{"SELECT format_type(1042, NULL)", "character"},
		{"SELECT format_type(1042, -1)", "bpchar"},
		{"SELECT format_type(1009, -1)", "text[]"},
		{"SELECT format_type(3802, -1)", "jsonb"},
		{"SELECT format_type(18, NULL)", `"char"`},
		{"SELECT format_type(1184, 3)", "timestamp(3) with time zone"},
		{"SELECT format_type(13226, -1)", "information_schema.sql_identifier"},
		{"SELECT format_type(16389, NULL)", "vpn_connections"},
		{"SELECT format_type(16388, NULL)", "vpn_connections[]"},
		{"SELECT format_type(999999, NULL)", "???"},
		{"SELECT format_type(NULL, 1)", "NULL"},
		{"SELECT pg_get_indexdef(16392)", `CREATE UNIQUE INDEX vpn_connections_pkey ON ec2.vpn_connections USING btree ("vpnConnectionId")`},
		{"SELECT pg_get_indexdef(16392, 1, false)", `"vpnConnectionId"`},
		{"SELECT pg_get_indexdef(16392, 0, true)", `CREATE UNIQUE INDEX vpn_connections_pkey ON vpn_connections USING btree ("vpnConnectionId")`},
		{"SELECT pg_get_indexdef(12345)", "NULL"},
		{"SELECT pg_get_constraintdef(16393)", `PRIMARY KEY ("vpnConnectionId")`},
		{"SELECT pg_get_constraintdef(16393, true)", `PRIMARY KEY ("vpnConnectionId")`},
		{"SELECT pg_get_expr(NULL, 16387)", "NULL"},
		{"SELECT pg_get_userbyid(16385)", "vpnsql"},
		{"SELECT pg_get_userbyid(10)", "postgres"},
		{"SELECT pg_get_userbyid(1)", "unknown (OID=1)"},
		{"SELECT pg_table_is_visible(" + table + ")", "t"},
		{"SELECT pg_table_is_visible(1259)", "t"},
		{"SELECT pg_table_is_visible(13295)", "f"}, // information_schema.columns
		{"SELECT pg_table_is_visible(1)", "NULL"},
		{"SELECT pg_type_is_visible(25)", "t"},
		{"SELECT pg_type_is_visible(13226)", "f"},
		{"SELECT pg_type_is_visible(16389)", "t"},
		{"SELECT pg_function_is_visible(1686)", "t"},
		{"SELECT col_description(" + table + ", 1)", "The ID of the VPN connection."},
		{"SELECT col_description(" + table + ", 99)", "NULL"},
		{"SELECT obj_description(" + table + ", 'pg_class')", "Site-to-Site VPN connections (DescribeVpnConnections)."},
		{"SELECT obj_description(25, 'pg_type')", "variable-length string, no limit specified"},
		{"SELECT obj_description(11, 'pg_namespace')", "system catalog schema"},
		{"SELECT obj_description(1259)", "NULL"},
		{"SELECT shobj_description(16384, 'pg_database')", "NULL"},
		{"SELECT has_table_privilege('ec2.vpn_connections', 'SELECT')", "t"},
		{"SELECT has_table_privilege(" + table + ", 'select,insert')", "t"},
		{"SELECT has_table_privilege('alice', 'vpn_connections', 'SELECT WITH GRANT OPTION')", "t"},
		{"SELECT has_table_privilege(1, 'SELECT')", "NULL"},
		{"SELECT has_schema_privilege('ec2', 'USAGE')", "t"},
		{"SELECT has_database_privilege('aws', 'CONNECT')", "t"},
		{"SELECT has_column_privilege('vpn_connections', 'region', 'SELECT')", "t"},
		{"SELECT has_column_privilege(" + table + ", 1, 'UPDATE')", "t"},
		{"SELECT has_any_column_privilege('vpn_connections', 'SELECT')", "t"},
		{"SELECT pg_has_role('vpnsql', 'USAGE')", "f"},
		{"SELECT pg_has_role('alice', 'MEMBER')", "t"},
		{"SELECT has_table_privilege('pg_authid', 'SELECT'), has_table_privilege('pg_class', 'UPDATE, SELECT')", "f|t"},
		{"SELECT has_column_privilege('pg_subscription', 'subconninfo', 'SELECT'), has_any_column_privilege('pg_subscription', 'SELECT')", "f|t"},
		{"SELECT has_schema_privilege('pg_toast', 'USAGE'), has_schema_privilege('ec2', 'USAGE'), has_schema_privilege('ec2', 'CREATE')", "f|t|f"},
		{"SELECT pg_encoding_to_char(6)", "UTF8"},
		{"SELECT pg_encoding_to_char(999)", ""},
		{"SELECT pg_char_to_encoding('utf-8')", "6"},
		{"SELECT pg_char_to_encoding('nope')", "-1"},
		{"SELECT pg_is_in_recovery()", "f"},
		{"SELECT pg_total_relation_size(" + table + ")", "0"},
		{"SELECT pg_relation_size(" + table + ", 'main')", "0"},
		{"SELECT pg_indexes_size(1)", "NULL"},
		{"SELECT pg_size_pretty(0)", "0 bytes"},
		{"SELECT pg_size_pretty(123456789)", "118 MB"},
		{"SELECT pg_size_pretty(10240)", "10 kB"},
		{"SELECT current_schemas(false)", "{ec2,public}"},
		{"SELECT current_schemas(true)", "{pg_catalog,ec2,public}"},
		{"SELECT inet_server_addr()", "NULL"},
		{"SELECT pg_get_function_result(1686)", "SETOF record"},
		{"SELECT pg_get_function_arguments(1686)", `OUT word text, OUT catcode "char", OUT barelabel boolean, OUT catdesc text, OUT baredesc text`},
		{"SELECT pg_get_function_identity_arguments(1686)", `OUT word text, OUT catcode "char", OUT barelabel boolean, OUT catdesc text, OUT baredesc text`}, // OUT arguments too, as PostgreSQL
		{"SELECT pg_get_partkeydef(" + table + ")", "NULL"},
		{"SELECT array_to_string(current_schemas(true), ', ')", "pg_catalog, ec2, public"},
		{"SELECT array_upper(current_schemas(false), 1)", "2"},
		{"SELECT array_lower(current_schemas(false), 1)", "1"},
		{"SELECT array_upper(current_schemas(false), 2)", "NULL"},
		{"SELECT indkey FROM pg_index WHERE indexrelid = 'ec2.vpn_connections_pkey'::regclass", "{1}"},
		{"SELECT array_lower(indkey, 1), array_upper(indkey, 1) FROM pg_index WHERE indexrelid = 'ec2.vpn_connections_pkey'::regclass", "0|0"},
		{"SELECT indkey FROM pg_index WHERE indexrelid = 'pg_class_relname_nsp_index'::regclass", "{2,3}"},
		{"SELECT to_regclass('ec2.vpn_connections')", table},
		{"SELECT to_regclass('nosuch')", "NULL"},
		{"SELECT to_regtype('integer')", "23"},
		{"SELECT to_regnamespace('ec2')", "16386"},
		{"SELECT to_regrole('alice') IS NOT NULL", "t"},
		{"SELECT to_regproc('pg_get_keywords')", "1686"},
		{"SELECT to_regprocedure('has_table_privilege(text,text)')", "1926"},
		{"SELECT pg_get_function_arguments(1926)", "text, text"},
		{"SELECT pg_get_function_result(1081)", "text"},
	}
	for _, tc := range tests {
		rows, err := queryText(t, s, tc.sql)
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		if len(rows) != 1 || rows[0] != tc.want {
			t.Errorf("%s = %q, want %q", tc.sql, rows, tc.want)
		}
	}
}

func TestCatalogFunctionErrors(t *testing.T) {
	s := catalogTestSession(t)
	tests := []struct {
		sql  string
		code pgerr.Code
		msg  string
	}{
		{"SELECT has_table_privilege('nosuch', 'SELECT')", pgerr.UndefinedTable, `relation "nosuch" does not exist`},
		{"SELECT has_table_privilege('vpn_connections', 'FLY')", pgerr.InvalidParameterValue, `unrecognized privilege type: "FLY"`},
		{"SELECT has_schema_privilege('nosuch', 'USAGE')", pgerr.InvalidSchemaName, `schema "nosuch" does not exist`},
		{"SELECT has_table_privilege('bob', 'vpn_connections', 'SELECT')", pgerr.UndefinedObject, `role "bob" does not exist`},
		{"SELECT has_column_privilege('vpn_connections', 'nosuch', 'SELECT')", pgerr.UndefinedColumn, `column "nosuch" of relation "vpn_connections" does not exist`},
		{"SELECT has_database_privilege('other', 'CONNECT')", pgerr.InvalidCatalogName, `database "other" does not exist`},
		{"SELECT format_type('x', 1)", pgerr.InvalidTextRepresentation, ""},
	}
	for _, tc := range tests {
		_, err := queryText(t, s, tc.sql)
		pe := pgerr.From(err)
		if err == nil || pe.Code != tc.code || (tc.msg != "" && pe.Message != tc.msg) {
			t.Errorf("%s: error %v (%v), want %s %q", tc.sql, err, pe.Code, tc.code, tc.msg)
		}
	}
}

func TestRegConversions(t *testing.T) {
	s := catalogTestSession(t) // alice, search_path ec2, public
	var (
		class, typ, proc, procedure = value.Regclass.OID, value.Regtype.OID, value.Regproc.OID, value.Regprocedure.OID
		namespace, role             = value.Regnamespace.OID, value.Regrole.OID
	)
	in := []struct {
		typ  uint32
		text string
		want int64
	}{
		{class, "vpn_connections", 16387},
		{class, `"ec2"."vpn_connections"`, 16387},
		{class, "aws.ec2.vpn_connections", 16387},
		{class, "pg_catalog.pg_class", 1259},
		{class, "pg_class", 1259},
		{class, "PG_CLASS", 1259},
		{class, "information_schema.columns", 13295},
		{class, "16387", 16387},
		{class, "-", 0},
		{typ, "integer", 23},
		{typ, "character varying", 1043},
		{typ, "pg_catalog.text", 25},
		{typ, "text[]", 1009},
		{typ, `"char"`, 18},
		{typ, "vpn_connections", 16389},
		{typ, "ec2.vpn_connections[]", 16388},
		{proc, "pg_catalog.array_in", 750},
		{proc, "array_in", 750},
		{proc, "-", 0},
		{procedure, "format_type(oid, integer)", 1081},
		{namespace, "ec2", 16386},
		{namespace, "information_schema", 13207},
	}
	for _, tc := range in {
		got, err := s.RegIn(tc.typ, tc.text)
		if err != nil || got != tc.want {
			t.Errorf("%q: %d, %v; want %d", tc.text, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		typ  uint32
		text string
		code pgerr.Code
		msg  string
	}{
		{class, "nosuch", pgerr.UndefinedTable, `relation "nosuch" does not exist`},
		{class, "nosuch.t", pgerr.InvalidSchemaName, `schema "nosuch" does not exist`},
		{class, "other.ec2.vpn_connections", pgerr.FeatureNotSupported, ""},
		{typ, "nosuch", pgerr.UndefinedObject, `type "nosuch" does not exist`},
		{proc, "nosuch", pgerr.UndefinedFunction, `function "nosuch" does not exist`},
		{proc, "has_table_privilege", pgerr.AmbiguousFunction, ""},
		{namespace, "nosuch", pgerr.InvalidSchemaName, `schema "nosuch" does not exist`},
		{role, "bob", pgerr.UndefinedObject, ""},
	} {
		_, err := s.RegIn(tc.typ, tc.text)
		pe := pgerr.From(err)
		if err == nil || pe.Code != tc.code || (tc.msg != "" && pe.Message != tc.msg) {
			t.Errorf("%q: %v, want %s %q", tc.text, err, tc.code, tc.msg)
		}
	}
	if o, err := s.RegIn(role, "alice"); err != nil || o == 0 {
		t.Errorf("regrole alice: %d %v", o, err)
	}

	out := []struct {
		typ  uint32
		oid  int64
		want string
	}{
		{class, 16387, "vpn_connections"},
		{class, 1259, "pg_class"},
		{class, 13295, "information_schema.columns"},
		{class, 5, "5"},
		{class, 0, "-"},
		{typ, 23, "integer"},
		{typ, 1043, "character varying"},
		{typ, 16389, "vpn_connections"},
		{proc, 750, "array_in"},
		{proc, 2100, "pg_catalog.avg"}, // overloaded: qualified, as regprocout does
		{proc, 0, "-"},
		{procedure, 1081, "format_type(oid,integer)"},
		{namespace, 16386, "ec2"},
		{role, 16385, "vpnsql"},
		{value.Regoper.OID, 96, "pg_catalog.="},
		{value.Regoperator.OID, 96, "=(integer,integer)"},
	}
	for _, tc := range out {
		if got := s.RegOut(tc.typ, tc.oid); got != tc.want {
			t.Errorf("out(%d) = %q, want %q", tc.oid, got, tc.want)
		}
	}
	// Off the search path, a relation is schema-qualified.
	if _, _, err := run(t, s, "SET search_path = public"); err != nil {
		t.Fatal(err)
	}
	if got := s.RegOut(class, 16387); got != "ec2.vpn_connections" {
		t.Errorf("regclass 16387 off the path = %q", got)
	}
}

func TestCatalogQueries(t *testing.T) {
	s := catalogTestSession(t)
	tests := []struct {
		sql  string
		want []string
	}{
		{"SELECT nspname FROM pg_namespace ORDER BY 1", []string{"ec2", "information_schema", "pg_catalog", "pg_toast", "public", "vpnsql"}},
		{"SELECT attname, atttypid, attnum FROM pg_attribute WHERE attrelid = 16387 AND attnum BETWEEN -1 AND 3 ORDER BY attnum",
			[]string{"ctid|27|-1", "vpnConnectionId|25|1", "customerGatewayId|25|2", "vpnGatewayId|25|3"}},
		{"SELECT relname, relkind, relnamespace, reltype FROM pg_class WHERE relnamespace = 16386 ORDER BY 1",
			[]string{"vpn_connections|r|16386|16389", "vpn_connections_gateway_pair_key|i|16386|0", "vpn_connections_pkey|i|16386|0"}},
		{"SELECT datname, datdba, encoding, datcollate FROM pg_database", []string{"aws|16385|6|C.UTF-8"}},
		{"SELECT amname FROM pg_am WHERE oid = 403", []string{"btree"}},
		{"SELECT indexrelid, indrelid, indisprimary FROM pg_index WHERE indexrelid >= 16384", []string{"16391|16390|t", "16392|16387|t", "16394|16387|f"}},
		{"SELECT conname, contype, conkey FROM pg_constraint WHERE oid >= 16384", []string{"vpn_connections_pkey|p|{1}"}},
		{"SELECT proname, proargtypes::regtype[]::text[], prorettype::regtype::text FROM pg_proc WHERE oid = 16415",
			[]string{"vpn_tunnel_options_modify|{text,text,jsonb,boolean}|vpn_connections"}},
		{"SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'pg_class'::regclass",
			[]string{"pg_class_oid_index|PRIMARY KEY (oid)", "pg_class_relname_nsp_index|UNIQUE (relname, relnamespace)"}},
		{"SELECT relname, reltoastrelid::regclass::text FROM pg_class WHERE relname LIKE 'vpn_connections%'",
			[]string{"vpn_connections|pg_toast.pg_toast_16387", "vpn_connections_pkey|-", "vpn_connections_gateway_pair_key|-"}},
		{"SELECT count(*) FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode WHERE o.oprname = '=' AND o.oprleft = 'int4'::regtype", []string{"3"}},
		{"SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' OR rolname = 'pg_database_owner' ORDER BY oid", []string{"postgres", "pg_database_owner", "vpnsql", "alice"}},
		{"SELECT count(*) FROM pg_roles WHERE rolname LIKE 'pg\\_%'", []string{"12"}},
		{"SELECT typname, typarray FROM pg_type WHERE typrelid = 16387", []string{"vpn_connections|16388"}},
		{"SELECT name, setting FROM pg_settings WHERE name = 'max_index_keys'", []string{"max_index_keys|32"}},
		{"SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_name = 'vpn_connections' AND ordinal_position IN (1, 12)",
			[]string{"vpnConnectionId|text|text|NO", "options|jsonb|jsonb|YES"}},
		{"SELECT constraint_name, constraint_type FROM information_schema.table_constraints WHERE table_schema = 'ec2' ORDER BY 1",
			[]string{"16386_16387_16_not_null|CHECK", "16386_16387_17_not_null|CHECK", "16386_16387_1_not_null|CHECK", "vpn_connections_pkey|PRIMARY KEY"}},
		{"SELECT count(*) FROM information_schema.tables WHERE table_schema = 'ec2'", []string{"1"}},
	}
	for _, tc := range tests {
		rows, err := queryText(t, s, tc.sql)
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		if strings.Join(rows, "\n") != strings.Join(tc.want, "\n") {
			t.Errorf("%s:\n got %q\nwant %q", tc.sql, rows, tc.want)
		}
	}
}
