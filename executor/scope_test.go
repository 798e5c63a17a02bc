package executor

import (
	"slices"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// scoped gives the write env's session a role and scope, as serve's role
// table does from the config file.
func (w *writeEnv) scoped(role string, sc *catalog.Scope) {
	w.eng.Role = func(string) (string, *catalog.Scope) { return role, sc }
	w.eng.CanWrite = func(string) bool { return role == "write" }
}

// TestScope_RegionsNeverCalled: a role scoped to eu-* sees only eu-west-1's
// rows, and no other region is called; EXPLAIN shows the scoped set.
func TestScope_RegionsNeverCalled(t *testing.T) {
	w := newWriteEnv(t)
	w.scoped("read", &catalog.Scope{Regions: []string{"eu-*"}, Secrets: true})
	w.reset()
	rows := w.exec(`SELECT DISTINCT region FROM vpn_connections`)
	if len(rows) != 1 || rows[0][0] != "eu-west-1" {
		t.Fatalf("regions seen: %v", rows)
	}
	for _, c := range w.calls() {
		if c.Action == "DescribeVpnConnections" && c.Region != "eu-west-1" {
			t.Errorf("called %s outside the scope", c.Region)
		}
	}
	if rows := w.exec(`SELECT count(*) FROM vpn_connections WHERE region = 'us-east-1'`); rows[0][0] != "0" {
		t.Errorf("us-east-1 pinned: %v rows", rows[0][0])
	}
	plan := strings.Join(flatten(w.exec(`EXPLAIN SELECT * FROM vpn_connections`)), "\n")
	for _, want := range []string{"Regions: all configured in scope (eu-*)", "Sources: ", "eu-west-1"} {
		if !strings.Contains(plan, want) {
			t.Errorf("EXPLAIN lacks %q:\n%s", want, plan)
		}
	}
	if strings.Contains(plan, "us-east-1") {
		t.Errorf("EXPLAIN names a region outside the scope:\n%s", plan)
	}
	plan = strings.Join(flatten(w.exec(`EXPLAIN SELECT * FROM vpn_connections WHERE region IN ('us-east-1', 'eu-west-1')`)), "\n")
	if !strings.Contains(plan, "Regions: eu-west-1\n") {
		t.Errorf("pinned regions not narrowed:\n%s", plan)
	}
}

// TestScope_WriteOutside: an INSERT outside the scope is 42501 before any
// call; an INSERT naming no region goes to the scope's.
func TestScope_WriteOutside(t *testing.T) {
	w := newWriteEnv(t)
	w.scoped("write", &catalog.Scope{Regions: []string{"eu-*"}, Secrets: true})
	cgw, vgw := w.gateways("us-east-1", "198.51.100.61")
	w.reset()
	err := w.fail(`INSERT INTO vpn_connections (region, "customerGatewayId", "vpnGatewayId", type) VALUES ('us-east-1', $1, $2, 'ipsec.1')`, cgw, vgw)
	if err.Code != pgerr.InsufficientPrivilege || !strings.Contains(err.Message, "row-level security policy") {
		t.Fatalf("INSERT outside: %v", describeErr(err))
	}
	if got := w.writes(); len(got) != 0 {
		t.Errorf("calls made for a refused INSERT: %v", got)
	}
	cgw, vgw = w.gateways("eu-west-1", "198.51.100.62")
	rows := w.exec(`INSERT INTO vpn_connections ("customerGatewayId", "vpnGatewayId", type) VALUES ($1, $2, 'ipsec.1') RETURNING region`, cgw, vgw)
	if rows[0][0] != "eu-west-1" {
		t.Errorf("INSERT without a region went to %s", rows[0][0])
	}
}

// TestScope_Secrets: without the secrets privilege the configuration is
// NULL and the pre-shared keys JSON null (keys kept), with one NOTICE per
// statement; the cache keeps the real values for other sessions; an UPDATE
// of options is 42501.
func TestScope_Secrets(t *testing.T) {
	w := newWriteEnv(t)
	w.scoped("write", &catalog.Scope{})
	w.s.Notices()
	rows := w.exec(`SELECT "customerGatewayConfiguration" IS NULL, options->'tunnelOptionSet'->0 ? 'preSharedKey',
		options->'tunnelOptionSet'->0->>'preSharedKey', options->'tunnelOptionSet'->0->>'outsideIpAddress' IS NOT NULL
		FROM vpn_connections a WHERE options IS NOT NULL AND EXISTS (SELECT 1 FROM vpn_connections b WHERE b."vpnConnectionId" = a."vpnConnectionId")`)
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	for _, r := range rows {
		if !slices.Equal(r, []string{"t", "t", "NULL", "t"}) {
			t.Fatalf("masked row %v", r)
		}
	}
	var masked int
	for _, n := range w.s.Notices() {
		if strings.Contains(n.Message, "secret columns") {
			masked++
		}
	}
	if masked != 1 {
		t.Errorf("%d masking notices, want 1", masked)
	}
	w.s.Notices()
	// A tunnel's options hold its pre-shared key too.
	rows = w.exec(`SELECT count(*), count(*) FILTER (WHERE options ? 'preSharedKey' AND options->>'preSharedKey' IS NULL) FROM vpn_tunnels WHERE options IS NOT NULL`)
	if rows[0][0] == "0" || rows[0][0] != rows[0][1] {
		t.Errorf("vpn_tunnels' pre-shared keys: %v of %v rows masked", rows[0][1], rows[0][0])
	}
	err := w.fail(`UPDATE vpn_connections SET options = options WHERE "vpnConnectionId" = 'vpn-x'`)
	if err.Code != pgerr.InsufficientPrivilege {
		t.Errorf("UPDATE of options: %v", describeErr(err))
	}
	// RETURNING reads as a scan does: the created connection's
	// configuration and keys stay masked.
	cgw, vgw := w.gateways("us-east-1", "198.51.100.63")
	rows = w.exec(`INSERT INTO vpn_connections ("customerGatewayId", "vpnGatewayId", type, options)
		VALUES ($1, $2, 'ipsec.1', '{"tunnelOptionSet": [{"preSharedKey": "scope18_known_key_1"}]}')
		RETURNING "customerGatewayConfiguration" IS NULL, options->'tunnelOptionSet'->0->>'preSharedKey' IS NULL, "vpnConnectionId"`, cgw, vgw)
	if !slices.Equal(rows[0][:2], []string{"t", "t"}) {
		t.Errorf("INSERT RETURNING shows secrets: %v", rows)
	}
	rows = w.exec(`SELECT options->'tunnelOptionSet'->0->>'preSharedKey' IS NULL FROM ec2.vpn_connection_options_modify($1, '{"localIpv4NetworkCidr": "10.5.0.0/16"}')`, rows[0][2])
	if len(rows) != 1 || rows[0][0] != "t" {
		t.Errorf("a method's result shows secrets: %v", rows)
	}
	w.scoped("write", &catalog.Scope{Secrets: true})
	rows = w.exec(`SELECT count(*) FROM vpn_connections WHERE "customerGatewayConfiguration" IS NOT NULL AND options->'tunnelOptionSet'->0->>'preSharedKey' IS NOT NULL`)
	if rows[0][0] == "0" {
		t.Error("secrets masked for a role with the privilege (the cache was changed)")
	}
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// TestScope_Catalogs: under roles every resource table has row security;
// a scoped role's policy, grant and privileges are what PostgreSQL 15
// shows for the equivalent GRANT and CREATE POLICY (the integration test
// TestScopedRoles_CatalogsMatchPostgres runs those in a PostgreSQL 15).
func TestScope_Catalogs(t *testing.T) {
	w := newWriteEnv(t)
	w.eng.Catalog.Add(pgcatalog.Tables(w.eng.Catalog)...)
	w.scoped("read", &catalog.Scope{Accounts: []string{"123456789012"}, Regions: []string{"eu-*", "us-east-1"}})
	q := func(sql string) string { return strings.Join(flatten(w.exec(sql)), "|") }
	checks := []struct{ sql, want string }{
		{`SELECT relrowsecurity, relforcerowsecurity, relacl FROM pg_class WHERE relname = 'vpn_connections'`, `t|f|{vpnsql=arwdDxt/vpnsql,writer=r/vpnsql}`},
		{`SELECT polname, polcmd, polpermissive, polroles = ARRAY[(SELECT oid FROM pg_roles WHERE rolname = current_user)], polwithcheck IS NULL, pg_get_expr(polqual, polrelid)
			FROM pg_policy WHERE polrelid = 'ec2.vpn_connections'::regclass`,
			`writer|*|t|t|t|(("accountId" = ANY (ARRAY['123456789012'::text])) AND (region ~~ ANY (ARRAY['eu-%'::text, 'us-east-1'::text])))`},
		{`SELECT qual, roles, cmd FROM pg_policies WHERE tablename = 'vpn_connections'`,
			`(("accountId" = ANY (ARRAY['123456789012'::text])) AND (region ~~ ANY (ARRAY['eu-%'::text, 'us-east-1'::text])))|{writer}|ALL`},
		{`SELECT has_table_privilege('vpn_connections', 'SELECT'), has_table_privilege('vpn_connections', 'INSERT'), has_table_privilege('vpn_connections', 'DELETE')`, `t|f|f`},
		{`SELECT has_column_privilege('vpn_connections', 'options', 'SELECT'), has_column_privilege('vpn_connections', 'customerGatewayConfiguration', 'SELECT'), has_column_privilege('vpn_connections', 'state', 'SELECT')`, `f|f|t`},
		{`SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user`, `f`},
		{`SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.table_privileges WHERE table_name = 'vpn_connections' AND grantee = current_user`, `SELECT`},
		{`SELECT count(*) FROM pg_class WHERE relrowsecurity AND relnamespace = 'vpnsql'::regnamespace`, `0`},
	}
	for _, c := range checks {
		if got := q(c.sql); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
	w.scoped("write", &catalog.Scope{Secrets: true})
	for _, c := range []struct{ sql, want string }{
		{`SELECT relrowsecurity, relacl FROM pg_class WHERE relname = 'vpn_connections'`, `t|{vpnsql=arwdDxt/vpnsql,writer=arwd/vpnsql}`},
		{`SELECT count(*) FROM pg_policy`, `0`},
		{`SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user`, `t`},
		{`SELECT has_table_privilege('vpn_connections', 'INSERT'), has_table_privilege('vpn_connections', 'TRUNCATE'), has_column_privilege('vpn_connections', 'options', 'SELECT')`, `t|f|t`},
	} {
		if got := q(c.sql); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
	w.eng.Role = nil // no roles: the catalogs as before
	if got := q(`SELECT relrowsecurity, relacl IS NULL FROM pg_class WHERE relname = 'vpn_connections'`); got != "f|t" {
		t.Errorf("without roles: %s", got)
	}
}

// TestScope_CatalogsListEveryUser: with the engine's Users, a session sees
// every user of the configuration in pg_roles, relacl and pg_policy, and
// the next statement sees a changed list (a reload).
func TestScope_CatalogsListEveryUser(t *testing.T) {
	w := newWriteEnv(t)
	w.eng.Catalog.Add(pgcatalog.Tables(w.eng.Catalog)...)
	noc := &catalog.Scope{Regions: []string{"eu-*"}}
	w.scoped("write", &catalog.Scope{Secrets: true})
	users := []catalog.User{{Name: "noc", Role: "read", Scope: noc}, {Name: "writer", Role: "write", Scope: &catalog.Scope{Secrets: true}}}
	w.eng.Users = func() []catalog.User { return users }
	q := func(sql string) string { return strings.Join(flatten(w.exec(sql)), "|") }
	for _, c := range []struct{ sql, want string }{
		{`SELECT string_agg(rolname || ':' || rolbypassrls, ',' ORDER BY rolname) FROM pg_roles WHERE rolcanlogin AND rolname <> 'postgres'`, `noc:false,writer:true`},
		{`SELECT relacl FROM pg_class WHERE relname = 'vpn_connections'`, `{vpnsql=arwdDxt/vpnsql,noc=r/vpnsql,writer=arwd/vpnsql}`},
		{`SELECT string_agg(polname, ',') FROM pg_policy WHERE polrelid = 'ec2.vpn_connections'::regclass`, `noc`},
		{`SELECT has_table_privilege('noc', 'vpn_connections', 'SELECT'), has_table_privilege('noc', 'vpn_connections', 'INSERT'), has_column_privilege('noc', 'vpn_connections', 'options', 'SELECT')`, `t|f|f`},
	} {
		if got := q(c.sql); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.sql, got, c.want)
		}
	}
	users = users[1:]
	if got := q(`SELECT count(*) FROM pg_roles WHERE rolname = 'noc'`); got != "0" {
		t.Errorf("noc after its removal: %s", got)
	}
}
