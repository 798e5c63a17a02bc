package pgcatalog

import (
	"context"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// TestImplicitCasts_MatchPgCast checks value's implicit-cast list, which
// common-type resolution follows, against the pg_cast rows dumped from
// PostgreSQL 15: a cast is implicit there exactly when castcontext is 'i'.
func TestImplicitCasts_MatchPgCast(t *testing.T) {
	if len(castRows) == 0 {
		t.Fatal("no pg_cast rows")
	}
	for _, r := range castRows {
		src, tgt, implicit := oid(r[1]), oid(r[2]), r[4] == "i"
		if value.ImplicitCast(src, tgt) != implicit {
			t.Errorf("cast %d -> %d: implicit in value is %v, castcontext %v", src, tgt, !implicit, r[4])
		}
	}
}

// TestTypes_MatchPostgreSQL checks value/types.go against the pg_type
// rows dumped from PostgreSQL 15: name, length, element, array, category,
// type kind, schema and domain base.
func TestTypes_MatchPostgreSQL(t *testing.T) {
	for _, typ := range value.AllTypes() {
		r, ok := typeByOID[typ.OID]
		if !ok {
			t.Errorf("%s (%d): no pg_type row", typ.Name, typ.OID)
			continue
		}
		if r[typName] != typ.Name || r[typLen] != int64(typ.Len) {
			t.Errorf("%d: types.go says %s/%d, PostgreSQL %v/%v", typ.OID, typ.Name, typ.Len, r[typName], r[typLen])
		}
		if r[typeCols["typcategory"]] != string(typ.Category) || r[typeCols["typtype"]] != string(typ.Typtype()) {
			t.Errorf("%s: category/kind %c/%c, PostgreSQL %v/%v", typ.Name, typ.Category, typ.Typtype(), r[typeCols["typcategory"]], r[typeCols["typtype"]])
		}
		if r[typeCols["typispreferred"]] != typ.Preferred() {
			t.Errorf("%s: preferred %v, PostgreSQL %v", typ.Name, typ.Preferred(), r[typeCols["typispreferred"]])
		}
		if got := oid(r[typNamespace]); got != map[string]uint32{"pg_catalog": 11, "information_schema": 13207}[typ.Namespace()] {
			t.Errorf("%s: namespace %d", typ.Name, got)
		}
		wantArray := uint32(0)
		if typ.Array != nil {
			wantArray = typ.Array.OID
		}
		if oid(r[typArray]) != wantArray {
			t.Errorf("%s: typarray %v, types.go %d", typ.Name, r[typArray], wantArray)
		}
		if typ.Elem != nil && oid(r[typElem]) != typ.Elem.OID {
			t.Errorf("%s: typelem %v, types.go %d", typ.Name, r[typElem], typ.Elem.OID)
		}
		if base := oid(r[typeCols["typbasetype"]]); (typ.Base == nil) != (base == 0) || (typ.Base != nil && typ.Base.OID != base) {
			t.Errorf("%s: typbasetype %d", typ.Name, base)
		}
		m := newModel(context.Background(), nil)
		if got := m.formatType(typ.OID, -1, false, []string{"pg_catalog"}); got != typ.String() {
			t.Errorf("%d: format_type %q, SQLName %q", typ.OID, got, typ.String())
		}
	}
}

func TestTypeByName(t *testing.T) {
	for name, want := range map[string]*value.Type{
		"int": value.Int4, "INTEGER": value.Int4, "double precision": value.Float8,
		"character varying(3)": value.Varchar, "timestamp with time zone": value.Timestamptz,
		"timestamp(3) with time zone": value.Timestamptz, "pg_catalog.int8": value.Int8, "text[]": value.TextArray,
		"_text": value.TextArray, `"char"`: value.Char, "char": value.Char, "character": value.BPChar,
		"information_schema.sql_identifier": value.SQLIdentifier, "regclass": value.Regclass,
		"oid[]": value.OIDArray, "jsonb": value.JSONB, "nosuch": nil,
	} {
		if got := value.TypeByName(name); got != want {
			t.Errorf("TypeByName(%q) = %v, want %v", name, got, want)
		}
	}
	if value.TypeByOID(2205) != value.Regclass || value.ArrayOf(value.Int2) != value.Int2Array {
		t.Error("TypeByOID/ArrayOf")
	}
}

func TestPgClass_ResourceTable(t *testing.T) {
	c := testCatalog()
	tbl, rows := scan(t, c, "pg_catalog", "pg_class")
	r := find(tbl, rows, "oid", int64(16387))
	if len(r) != 1 {
		t.Fatalf("pg_class rows for 16387: %v", r)
	}
	for col, want := range map[string]any{"relname": "vpn_connections", "relnamespace": int64(16386), "relowner": int64(16385),
		"reltype": int64(16389), "reltuples": float64(-1), "relpages": int64(0), "relkind": "r", "relnatts": int64(18),
		"relhasindex": true, "relam": int64(2)} {
		if got := get(tbl, r[0], col); got != want {
			t.Errorf("%s = %v, want %v", col, got, want)
		}
	}
	idx := find(tbl, rows, "oid", int64(16392))
	if len(idx) != 1 || get(tbl, idx[0], "relname") != "vpn_connections_pkey" || get(tbl, idx[0], "relkind") != "i" {
		t.Errorf("index row: %v", idx)
	}
	// The catalogs describe themselves, with PostgreSQL's OIDs.
	if r := find(tbl, rows, "oid", int64(1259)); len(r) != 1 || get(tbl, r[0], "relname") != "pg_class" {
		t.Errorf("pg_class row for pg_class: %v", r)
	}
}

func TestPgAttribute_ResourceTable(t *testing.T) {
	c := testCatalog()
	tbl, rows := scan(t, c, "pg_catalog", "pg_attribute")
	attrs := find(tbl, rows, "attrelid", int64(16387))
	byNum := map[int64][]any{}
	for _, a := range attrs {
		byNum[get(tbl, a, "attnum").(int64)] = a
	}
	if len(attrs) != 18+6 {
		t.Fatalf("%d attributes", len(attrs))
	}
	for num, want := range map[int64]string{-6: "tableoid", -5: "cmax", -4: "xmax", -3: "cmin", -2: "xmin", -1: "ctid", 1: "vpnConnectionId", 12: "options"} {
		if got := get(tbl, byNum[num], "attname"); got != want {
			t.Errorf("attnum %d = %v, want %s", num, got, want)
		}
	}
	first := byNum[1]
	for col, want := range map[string]any{"atttypid": int64(25), "attnotnull": true, "atttypmod": int64(-1), "attlen": int64(-1),
		"attcollation": int64(100), "attstorage": "x", "attalign": "i", "attidentity": "", "attisdropped": false} {
		if got := get(tbl, first, col); got != want {
			t.Errorf("vpnConnectionId.%s = %v, want %v", col, got, want)
		}
	}
	if get(tbl, byNum[2], "attnotnull") != false || get(tbl, byNum[12], "atttypid") != int64(3802) {
		t.Error("customerGatewayId nullable, options jsonb")
	}
}

func TestPgDescription_ColumnComments(t *testing.T) {
	tbl, rows := scan(t, testCatalog(), "pg_catalog", "pg_description")
	r := find(tbl, rows, "objoid", int64(16387), "objsubid", int64(1))
	if len(r) != 1 || get(tbl, r[0], "classoid") != int64(1259) || get(tbl, r[0], "description") != "The ID of the VPN connection." {
		t.Errorf("description of vpnConnectionId: %v", r)
	}
}

func TestPgRoles_SessionUser(t *testing.T) {
	tbl, rows := scan(t, testCatalog(), "pg_catalog", "pg_roles")
	for _, name := range []string{"postgres", "vpnsql", "pg_database_owner", "alice"} {
		if len(find(tbl, rows, "rolname", name)) != 1 {
			t.Errorf("no role %s", name)
		}
	}
	if r := find(tbl, rows, "rolname", "alice"); get(tbl, r[0], "oid") != int64(UserOID("alice")) || get(tbl, r[0], "rolcanlogin") != true {
		t.Errorf("alice: %v", r)
	}
	authid := testCatalog().Lookup("pg_catalog", "pg_authid", nil)
	_, err := authid.Scan(testContext(), catalog.ScanRequest{})
	if pe, ok := err.(*pgerr.Error); !ok || pe.Code != pgerr.InsufficientPrivilege || pe.Message != "permission denied for table pg_authid" {
		t.Errorf("alice reads pg_authid: %v", err)
	}
	rows, err = authid.Scan(testContextAs("postgres"), catalog.ScanRequest{})
	if err != nil || len(rows) == 0 {
		t.Fatalf("postgres reads pg_authid: %v %v", rows, err)
	}
	for _, r := range rows {
		if get(authid, r, "rolpassword") != nil {
			t.Errorf("pg_authid shows a password: %v", r)
		}
	}
}

func TestPgSettings_SessionValues(t *testing.T) {
	tbl, rows := scan(t, testCatalog(), "pg_catalog", "pg_settings")
	sp := find(tbl, rows, "name", "search_path")
	if len(sp) != 1 || get(tbl, sp[0], "setting") != "ec2, public" || get(tbl, sp[0], "source") != "session" {
		t.Errorf("search_path: %v", sp)
	}
	if r := find(tbl, rows, "name", "max_index_keys"); len(r) != 1 || get(tbl, r[0], "setting") != "32" {
		t.Errorf("max_index_keys: %v", r)
	}
	if r := find(tbl, rows, "name", "vpnsql.dry_run"); len(r) != 1 || get(tbl, r[0], "setting") != "off" {
		t.Errorf("vpnsql.dry_run: %v", r)
	}
	// Time settings in their unit, ms, as PostgreSQL lists them (SHOW: 1500ms, 5min).
	for name, want := range map[string]string{"statement_timeout": "1500", "idle_session_timeout": "300000"} {
		if r := find(tbl, rows, "name", name); len(r) != 1 || get(tbl, r[0], "setting") != want || get(tbl, r[0], "unit") != "ms" {
			t.Errorf("%s: %v, want %s ms", name, r, want)
		}
	}
}

// TestTables_SeeTablesAddedLater: rows are computed at Scan time.
func TestTables_SeeTablesAddedLater(t *testing.T) {
	c := catalog.New()
	c.Add(Tables(c)...)
	tbl, rows := scan(t, c, "pg_catalog", "pg_class")
	if len(find(tbl, rows, "oid", int64(16387))) != 0 {
		t.Fatal("vpn_connections before it was added")
	}
	c.Add(testCatalog().Lookup("ec2", "vpn_connections", nil))
	_, rows = scan(t, c, "pg_catalog", "pg_class")
	if len(find(tbl, rows, "oid", int64(16387))) != 1 {
		t.Fatal("vpn_connections not shown after it was added")
	}
}

func TestInformationSchemaColumns(t *testing.T) {
	tbl, rows := scan(t, testCatalog(), "information_schema", "columns")
	r := find(tbl, rows, "table_name", "vpn_connections", "column_name", "vpnConnectionId")
	if len(r) != 1 {
		t.Fatalf("%v", r)
	}
	for col, want := range map[string]any{"table_catalog": "aws", "table_schema": "ec2", "ordinal_position": int64(1),
		"is_nullable": "NO", "data_type": "text", "udt_schema": "pg_catalog", "udt_name": "text", "dtd_identifier": "1",
		"column_default": nil, "is_updatable": "YES", "character_octet_length": int64(1 << 30)} {
		if got := get(tbl, r[0], col); got != want {
			t.Errorf("%s = %v, want %v", col, got, want)
		}
	}
	// A column of an information_schema view has the domain type.
	r = find(tbl, rows, "table_name", "columns", "column_name", "is_nullable")
	if len(r) != 1 || get(tbl, r[0], "domain_name") != "yes_or_no" || get(tbl, r[0], "character_maximum_length") != int64(3) ||
		get(tbl, r[0], "data_type") != "character varying" {
		t.Errorf("information_schema.columns.is_nullable: %v", r)
	}
}

func TestRelOIDs(t *testing.T) {
	// vpn_connections, 16387, as the clients that cached its OIDs know it.
	row, arr, pkey, con, toast, toastIdx := relOIDs(16387)
	if row != 16389 || arr != 16388 || pkey != 16392 || con != 16393 || toast != 16390 || toastIdx != 16391 {
		t.Error("the vpn_connections constants do not follow relOIDs")
	}
}

func TestQuoteIdentAndParseName(t *testing.T) {
	for in, want := range map[string]string{"region": "region", "vpnConnectionId": `"vpnConnectionId"`, "select": `"select"`,
		"name": "name", "a b": `"a b"`, `a"b`: `"a""b"`, "_x1": "_x1", "1x": `"1x"`} {
		if got := QuoteIdent(in); got != want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
	parts, err := ParseQualifiedName(`aws."ec2" . "Vpn""x"`)
	if err != nil || len(parts) != 3 || parts[1] != "ec2" || parts[2] != `Vpn"x` {
		t.Errorf("ParseQualifiedName: %q %v", parts, err)
	}
	if p, _ := ParseQualifiedName("EC2.T"); p[0] != "ec2" || p[1] != "t" {
		t.Errorf("unquoted names fold: %q", p)
	}
	for _, bad := range []string{"", "a.", `"a`, "a..b", `""`} {
		if _, err := ParseQualifiedName(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestPgStatActivity_OtherUsers: a session sees its own user's sessions in
// full and only who and where of another user's, as PostgreSQL shows a
// user without pg_read_all_stats.
func TestPgStatActivity_OtherUsers(t *testing.T) {
	now := time.Now()
	ctx := catalog.WithSession(context.Background(), catalog.Session{User: "alice", Database: "aws", PID: 1,
		Activity: func() []catalog.Activity {
			return []catalog.Activity{
				{PID: 1, User: "alice", State: "active", Query: "SELECT 1", QueryStart: now},
				{PID: 2, User: "bob", State: "active", Query: "SELECT secret", QueryStart: now, ClientAddr: "10.0.0.2", ClientPort: 5},
			}
		}})
	tbl := testCatalog().Lookup("pg_catalog", "pg_stat_activity", nil)
	rows, err := tbl.Scan(ctx, catalog.ScanRequest{})
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v %v", rows, err)
	}
	mine, bob := rows[0], rows[1]
	if get(tbl, mine, "query") != "SELECT 1" || get(tbl, mine, "state") != "active" {
		t.Errorf("own session: %v", mine)
	}
	if get(tbl, bob, "query") != "<insufficient privilege>" || get(tbl, bob, "state") != nil ||
		get(tbl, bob, "client_addr") != nil || get(tbl, bob, "usename") != "bob" {
		t.Errorf("bob's session: %v", bob)
	}
}

// TestPgStatSSL: the sessions a user may see in full, each with its TLS
// description, or ssl false and nulls without TLS; another user's
// sessions are left out, as PostgreSQL's view leaves them. pg_stat_gssapi
// lists the same sessions, none with GSSAPI.
func TestPgStatSSL(t *testing.T) {
	ctx := catalog.WithSession(context.Background(), catalog.Session{User: "alice", Database: "aws", PID: 1,
		Activity: func() []catalog.Activity {
			return []catalog.Activity{
				{PID: 1, User: "alice", SSL: true, SSLVersion: "TLSv1.3", SSLCipher: "TLS_AES_128_GCM_SHA256", SSLBits: 128},
				{PID: 2, User: "alice"},
				{PID: 3, User: "bob", SSL: true, SSLVersion: "TLSv1.3", SSLCipher: "TLS_AES_256_GCM_SHA384", SSLBits: 256},
			}
		}})
	tbl := testCatalog().Lookup("pg_catalog", "pg_stat_ssl", nil)
	rows, err := tbl.Scan(ctx, catalog.ScanRequest{})
	if err != nil || len(rows) != 2 {
		t.Fatalf("%v %v", rows, err)
	}
	tls, plain := rows[0], rows[1]
	if get(tbl, tls, "ssl") != true || get(tbl, tls, "version") != "TLSv1.3" ||
		get(tbl, tls, "cipher") != "TLS_AES_128_GCM_SHA256" || get(tbl, tls, "bits") != int64(128) || get(tbl, tls, "client_dn") != nil {
		t.Errorf("TLS session: %v", tls)
	}
	if get(tbl, plain, "ssl") != false || get(tbl, plain, "version") != nil || get(tbl, plain, "bits") != nil {
		t.Errorf("plain session: %v", plain)
	}

	gss := testCatalog().Lookup("pg_catalog", "pg_stat_gssapi", nil)
	rows, err = gss.Scan(ctx, catalog.ScanRequest{})
	if err != nil || len(rows) != 2 {
		t.Fatalf("pg_stat_gssapi: %v %v", rows, err)
	}
	if r := rows[0]; get(gss, r, "pid") != int64(1) || get(gss, r, "gss_authenticated") != false ||
		get(gss, r, "encrypted") != false || get(gss, r, "principal") != nil {
		t.Errorf("pg_stat_gssapi row: %v", r)
	}
}
