package integration

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog/pgtest"
)

// The scoped roles' config: noc reads the main account's eu-* regions;
// ops writes in the second account only, without secrets; admin has no
// scope.
const scopedConfig = `{"auth": "scram-sha-256",
  "aws": {"regions": ["us-east-1", "eu-west-1", "ap-southeast-2"],
          "accounts": [{"name": "main"}, {"name": "other", "role_arn": "arn:aws:iam::210987654321:role/vpnsql-it"}]},
  "users": {
    "noc":   {"password": "noc-scope-pw", "role": "read", "accounts": ["main"], "regions": ["eu-*"]},
    "ops":   {"password": "ops-scope-pw", "role": "write", "accounts": ["210987654321"], "secrets": false},
    "admin": {"password": "admin-scope-pw", "role": "write"}}}`

// The equivalent of the config's users in PostgreSQL 15: every user's
// grant, in name order as vpnsql lists them in relacl, and every scoped
// user's policy exactly as vpnsql builds it (pg_policy.polqual holds
// offsets into this text).
var scopedReference = []string{
	`GRANT SELECT, INSERT, UPDATE, DELETE ON ec2.vpn_connections TO admin`,
	`GRANT SELECT ON ec2.vpn_connections TO noc`,
	`GRANT SELECT, INSERT, UPDATE, DELETE ON ec2.vpn_connections TO ops`,
	`CREATE POLICY noc ON ec2.vpn_connections TO noc USING ("accountId" = ANY (ARRAY['123456789012']) AND region LIKE ANY (ARRAY['eu-%']))`,
	`CREATE POLICY ops ON ec2.vpn_connections TO ops USING ("accountId" = ANY (ARRAY['210987654321']))`,
}

// TestScopedRoles: two users of different scopes against the simulator's
// two accounts, through pgx and psql. noc sees only the main account's
// eu-west-1 rows and the simulator's request log shows no call to the
// other account or another region; ops's INSERT into the main account is
// 42501 before any call; ops reads the secrets masked, with one NOTICE;
// the catalogs answer, for each user, as a PostgreSQL 15 given every
// user's equivalent GRANT and policy; and a reload of the config file
// changes the users the next statement sees, each keeping its OID.
func TestScopedRoles(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	simURL := start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0")
	seed, _ := json.Marshal(map[string]any{"accounts": []string{"210987654321"}, "regions": []string{"us-east-1", "eu-west-1", "ap-southeast-2"},
		"perRegion": 2, "perRegionMax": 4, "seed": 20261125})
	resp, err := http.Post(simURL+"/_sim/seed", "application/json", bytes.NewReader(seed))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cfgFile := filepath.Join(t.TempDir(), "vpnsql.json")
	if err := os.WriteFile(cfgFile, []byte(scopedConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	serveArgs := []string{"serve", "--listen", "127.0.0.1:0", "--config", cfgFile}
	pgURL, serve := startCmd(t, exec.Command(binary, serveArgs...), simEnv(simURL), serveReady, serveArgs...)
	base := strings.TrimPrefix(pgURL, "postgres://")
	userURL := func(user string) string {
		return "postgres://" + user + ":" + user + "-scope-pw@" + base + "?sslmode=disable&options=-c%20vpnsql.cache_ttl%3D0"
	}

	t.Run("noc sees one account's eu rows and nothing else is called", func(t *testing.T) {
		conn, err := pgx.Connect(ctx, userURL("noc"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		clearSimRequests(t, simURL)
		var pairs []string
		rows, _ := conn.Query(ctx, `SELECT DISTINCT "accountId" || '/' || region FROM vpn_connections ORDER BY 1`)
		for rows.Next() {
			var s string
			rows.Scan(&s)
			pairs = append(pairs, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if strings.Join(pairs, ",") != "123456789012/eu-west-1" {
			t.Errorf("noc sees %v", pairs)
		}
		var calls []struct{ Action, Region, Account string }
		r, err := http.Get(simURL + "/_sim/requests")
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(r.Body).Decode(&calls)
		r.Body.Close()
		if len(calls) == 0 {
			t.Fatal("no call reached the simulator")
		}
		for _, c := range calls {
			if c.Account != "123456789012" || c.Action == "DescribeVpnConnections" && c.Region != "eu-west-1" {
				t.Errorf("call outside noc's scope: %+v", c)
			}
		}
		// vpnsql's own views list only the scope's accounts and regions
		// (the server's start-up called the other account).
		var outside int
		if err := conn.QueryRow(ctx, `SELECT (SELECT count(*) FROM vpnsql.api_calls WHERE "accountId" <> '123456789012' OR region NOT LIKE 'eu-%')
			+ (SELECT count(*) FROM vpnsql.sources WHERE "accountId" <> '123456789012' OR region NOT LIKE 'eu-%')
			+ (SELECT count(*) FROM vpnsql.cache WHERE "accountId" <> '123456789012' OR region NOT LIKE 'eu-%')`).Scan(&outside); err != nil || outside != 0 {
			t.Errorf("vpnsql's views show %d rows outside the scope (%v)", outside, err)
		}
		var plan []string
		rows, _ = conn.Query(ctx, `EXPLAIN SELECT * FROM vpn_connections`)
		for rows.Next() {
			var s string
			rows.Scan(&s)
			plan = append(plan, strings.TrimSpace(s))
		}
		got := strings.Join(plan, "\n")
		for _, want := range []string{"Regions: all configured in scope (eu-*)", "Accounts: all configured in scope (123456789012)", "Sources: main (123456789012): eu-west-1\n"} {
			if !strings.Contains(got+"\n", want) {
				t.Errorf("EXPLAIN lacks %q:\n%s", want, got)
			}
		}
	})

	t.Run("ops writes only in its account and reads secrets masked", func(t *testing.T) {
		cfg, err := pgx.ParseConfig(userURL("ops"))
		if err != nil {
			t.Fatal(err)
		}
		var notices []string
		cfg.OnNotice = func(_ *pgconn.PgConn, n *pgconn.Notice) { notices = append(notices, n.Message) }
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		clearSimRequests(t, simURL)
		_, err = conn.Exec(ctx, `INSERT INTO vpn_connections ("accountId", region, "customerGatewayId", "vpnGatewayId", type)
			VALUES ('123456789012', 'us-east-1', 'cgw-0123456789abcdef0', 'vgw-0123456789abcdef0', 'ipsec.1')`)
		if sqlstate(err) != "42501" || !strings.Contains(err.Error(), "row-level security policy") {
			t.Errorf("INSERT outside the scope: %v", err)
		}
		for _, c := range simRequests(t, simURL, "CreateVpnConnection") {
			t.Errorf("CreateVpnConnection called: %+v", c)
		}

		// UPDATE and DELETE of a main-account row see no row, as under
		// PostgreSQL's row-level security, and call nothing outside the
		// scope; pinned to the main account they call nothing at all. A
		// write function naming that row's id does not find it (P0002,
		// docs/security.md and docs/writes.md).
		admin, err := pgx.Connect(ctx, userURL("admin"))
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close(ctx)
		var other string
		if err := admin.QueryRow(ctx, `SELECT "vpnConnectionId" FROM vpn_connections WHERE "accountId" = '123456789012' AND state = 'available' ORDER BY 1 LIMIT 1`).Scan(&other); err != nil {
			t.Fatal(err)
		}
		sim := writesServer{simURL: simURL}
		for _, c := range []struct{ sql, tag string }{
			{`UPDATE vpn_connections SET tags = '{"Name": "outside"}' WHERE "vpnConnectionId" = $1`, "UPDATE 0"},
			{`DELETE FROM vpn_connections WHERE "vpnConnectionId" = $1`, "DELETE 0"},
			{`DELETE FROM vpn_connections WHERE "accountId" = '123456789012' AND "vpnConnectionId" = $1`, "DELETE 0"},
			{`SELECT * FROM ec2.vpn_connection_route_create($1, '10.40.0.0/16')`, "P0002"},
		} {
			clearSimRequests(t, simURL)
			tag, err := conn.Exec(ctx, c.sql, other)
			got := tag.String()
			if err != nil {
				got = sqlstate(err)
			}
			if got != c.tag {
				t.Errorf("%s: %q %v, want %s", c.sql, tag, err, c.tag)
			}
			reqs := sim.requests(t)
			for _, r := range reqs {
				if writeActions[r.Action] || r.Service == "EC2" && r.Account != "210987654321" {
					t.Errorf("%s: called %s in %s", c.sql, r.Action, r.Account)
				}
			}
			if strings.Contains(c.sql, `"accountId"`) && len(reqs) != 0 {
				t.Errorf("%s: %d calls, want none", c.sql, len(reqs))
			}
		}
		rows, err := conn.Query(ctx, `SELECT "accountId", "customerGatewayConfiguration" IS NULL, options->'tunnelOptionSet'->0 ? 'preSharedKey',
			jsonb_typeof(options->'tunnelOptionSet'->0->'preSharedKey') FROM vpn_connections a
			WHERE EXISTS (SELECT 1 FROM vpn_connections b WHERE b."vpnConnectionId" = a."vpnConnectionId")`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var acct, typ string
			var cfgNull, hasKey bool
			if err := rows.Scan(&acct, &cfgNull, &hasKey, &typ); err != nil {
				t.Fatal(err)
			}
			n++
			if acct != "210987654321" || !cfgNull || !hasKey || typ != "null" {
				t.Errorf("row %s: configuration NULL %v, key kept %v, key %s", acct, cfgNull, hasKey, typ)
			}
		}
		if rows.Err() != nil || n == 0 {
			t.Fatalf("%d rows, %v", n, rows.Err())
		}
		masked := 0
		for _, m := range notices {
			if strings.Contains(m, "secret") {
				masked++
			}
		}
		if masked != 1 {
			t.Errorf("masking notices %d, want 1: %v", masked, notices)
		}
	})

	t.Run("catalogs match PostgreSQL 15 given the equivalent grants and policies", func(t *testing.T) {
		ref := startScopedReference(t)
		const users = `ARRAY['noc', 'ops', 'admin']`
		queries := []string{
			`SELECT relrowsecurity, relforcerowsecurity, relacl FROM pg_class WHERE oid = 'ec2.vpn_connections'::regclass`,
			`SELECT polname, polcmd, polpermissive, (SELECT array_agg(rolname) FROM pg_roles WHERE oid = ANY (polroles)), polqual,
				pg_get_expr(polqual, polrelid), pg_get_expr(polqual, polrelid, true), polwithcheck FROM pg_policy WHERE polrelid = 'ec2.vpn_connections'::regclass`,
			`SELECT * FROM pg_policies WHERE tablename = 'vpn_connections'`,
			`SELECT p, has_table_privilege('ec2.vpn_connections', p), has_table_privilege(current_user, 'ec2.vpn_connections', p || ' WITH GRANT OPTION')
				FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p`,
			`SELECT has_column_privilege('ec2.vpn_connections', 'state', 'SELECT'), has_column_privilege('ec2.vpn_connections', 'state', 'UPDATE'),
				has_any_column_privilege('ec2.vpn_connections', 'SELECT'), has_any_column_privilege('ec2.vpn_connections', 'INSERT')`,
			// Every user's privileges, asked by name.
			`SELECT u, p, has_table_privilege(u, 'ec2.vpn_connections', p), has_table_privilege(u, 'ec2.vpn_connections', p || ' WITH GRANT OPTION')
				FROM unnest(` + users + `) u, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p`,
			`SELECT u, has_column_privilege(u, 'ec2.vpn_connections', 'state', 'SELECT'), has_column_privilege(u, 'ec2.vpn_connections', 'state', 'UPDATE'),
				has_any_column_privilege(u, 'ec2.vpn_connections', 'SELECT'), has_any_column_privilege(u, 'ec2.vpn_connections', 'INSERT')
				FROM unnest(` + users + `) u`,
			`SELECT u, r, pg_has_role(u, r, 'MEMBER'), pg_has_role(u, r, 'USAGE') FROM unnest(` + users + `) u, unnest(` + users + ` || ARRAY['vpnsql']) r`,
			`SELECT r, pg_has_role(r, 'MEMBER') FROM unnest(` + users + ` || ARRAY['vpnsql']) r`,
			`SELECT grantor, grantee, privilege_type, is_grantable, with_hierarchy FROM information_schema.table_privileges
				WHERE table_name = 'vpn_connections' ORDER BY 1, 2, 3`,
			`SELECT grantor, grantee, privilege_type, is_grantable FROM information_schema.role_table_grants
				WHERE table_name = 'vpn_connections' ORDER BY 1, 2, 3`,
			`SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user`,
			// Every configured user, no secret (PostgreSQL's pg_roles
			// shows every role to every session).
			`SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolconnlimit, rolpassword,
				rolvaliduntil, rolbypassrls, rolconfig FROM pg_roles WHERE rolname NOT LIKE 'pg\_%' AND rolname NOT IN ('postgres', 'vpnsql')`,
			`SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\_%' AND rolcanlogin AND rolname NOT IN ('postgres', 'vpnsql')`,
			// The shared dependencies GRANT and CREATE POLICY record.
			`SELECT classid::regclass::text, (SELECT rolname FROM pg_roles WHERE oid = refobjid), deptype FROM pg_shdepend
				WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
				AND (classid = 'pg_class'::regclass AND objid = 'ec2.vpn_connections'::regclass OR
				classid = 'pg_policy'::regclass AND objid IN (SELECT oid FROM pg_policy WHERE polrelid = 'ec2.vpn_connections'::regclass))`,
			// psql 15's \d lists the policies with this query.
			`SELECT pol.polname, pol.polpermissive,
			  CASE WHEN pol.polroles = '{0}' THEN NULL ELSE pg_catalog.array_to_string(array(select rolname from pg_catalog.pg_roles where oid = any (pol.polroles) order by 1),',') END,
			  pg_catalog.pg_get_expr(pol.polqual, pol.polrelid),
			  pg_catalog.pg_get_expr(pol.polwithcheck, pol.polrelid),
			  CASE pol.polcmd
			    WHEN 'r' THEN 'SELECT'
			    WHEN 'a' THEN 'INSERT'
			    WHEN 'w' THEN 'UPDATE'
			    WHEN 'd' THEN 'DELETE'
			    END AS cmd
			FROM pg_catalog.pg_policy pol
			WHERE pol.polrelid = 'ec2.vpn_connections'::regclass ORDER BY 1`,
		}
		// noc and ops are scoped users, admin is unscoped: the same rows
		// for each, as in PostgreSQL.
		for _, user := range []string{"noc", "ops", "admin"} {
			got := connectText(t, userURL(user))
			want := connectText(t, withUser(ref.URL("aws"), user))
			for _, q := range queries {
				w, err := runText(ctx, want, q)
				if err != nil {
					t.Fatalf("reference, %s: %s: %v", user, q, err)
				}
				g, err := runText(ctx, got, q)
				if err != nil {
					t.Errorf("vpnsql, %s: %s: %v", user, q, err)
					continue
				}
				if d := w.diff(g); d != "" {
					t.Errorf("%s: %s\n%s", user, q, d)
				}
			}
			g := psql(t, userURL(user), "-c", `\dp ec2.vpn_connections`)
			w := psql(t, withUser(ref.URL("aws"), user), "-c", `\dp ec2.vpn_connections`)
			if g != w {
				t.Errorf("%s: psql \\dp\nvpnsql:\n%s\nPostgreSQL 15:\n%s", user, g, w)
			}
			// \d's footer of policies (the rest also lists foreign keys
			// to tables this reference lacks).
			g = policyFooter(psql(t, userURL(user), "-c", `\d ec2.vpn_connections`))
			w = policyFooter(psql(t, withUser(ref.URL("aws"), user), "-c", `\d ec2.vpn_connections`))
			if g != w || !strings.Contains(w, "POLICY \"ops\"") {
				t.Errorf("%s: psql \\d's policies\nvpnsql:\n%s\nPostgreSQL 15:\n%s", user, g, w)
			}
		}
	})

	t.Run("a reload changes the users the next statement sees", func(t *testing.T) {
		conn := connectText(t, userURL("noc"))
		roles := func() map[string]string {
			t.Helper()
			r, err := runText(ctx, conn, `SELECT rolname, oid::text FROM pg_roles WHERE rolname NOT LIKE 'pg\_%' AND rolname NOT IN ('postgres', 'vpnsql')`)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]string{}
			for _, row := range r.rows {
				out[row[0]] = row[1]
			}
			return out
		}
		before := roles()
		cfg := strings.Replace(scopedConfig, `"ops":   {"password": "ops-scope-pw", "role": "write", "accounts": ["210987654321"], "secrets": false},`,
			`"audit": {"password": "audit-scope-pw", "role": "read", "regions": ["us-*"]},`, 1)
		if err := os.WriteFile(cfgFile, []byte(cfg), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := serve.cmd.Process.Signal(syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(serve.stderr.String(), "reloaded the users") {
			if time.Now().After(deadline) {
				t.Fatalf("no reload in the log:\n%s", serve.stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		after := roles()
		if _, ok := after["ops"]; ok || after["audit"] == "" || len(after) != 3 {
			t.Errorf("roles after the reload: %v", after)
		}
		for _, u := range []string{"noc", "admin"} {
			if after[u] != before[u] || before[u] == "" {
				t.Errorf("%s's OID %s before the reload, %s after", u, before[u], after[u])
			}
		}
		r, err := runText(ctx, conn, `SELECT string_agg(polname, ',' ORDER BY polname), (SELECT relacl::text FROM pg_class WHERE oid = 'ec2.vpn_connections'::regclass)
			FROM pg_policy WHERE polrelid = 'ec2.vpn_connections'::regclass`)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(r.rows[0], " "); got != "audit,noc {vpnsql=arwdDxt/vpnsql,admin=arwd/vpnsql,audit=r/vpnsql,noc=r/vpnsql}" {
			t.Errorf("policies and grants after the reload: %s", got)
		}
	})
}

// policyFooter is the "Policies:" part of psql's \d output.
func policyFooter(out string) string {
	var b strings.Builder
	in := false
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "Policies"):
			in = true
		case in && !strings.HasPrefix(line, " "):
			in = false
		}
		if in {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// startScopedReference starts a PostgreSQL 15 holding ec2.vpn_connections
// as vpnsql declares it, owned by vpnsql, with row-level security enabled
// (admin, without a scope, bypasses it), and every user's grant and
// policy, granted by the superuser as an administrator would.
func startScopedReference(t *testing.T) *pgtest.Cluster {
	t.Helper()
	if why := pgtest.Available(); why != "" {
		t.Fatalf("the differential test needs PostgreSQL 15: %s", why)
	}
	cluster, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Stop)
	ctx := testContext(t)
	admin := connectText(t, cluster.URL("postgres"))
	for _, stmt := range []string{"CREATE ROLE vpnsql LOGIN", "CREATE ROLE noc LOGIN", "CREATE ROLE ops LOGIN", "CREATE ROLE admin LOGIN BYPASSRLS",
		"CREATE DATABASE aws OWNER vpnsql", "ALTER DATABASE aws SET search_path = ec2, public"} {
		if _, err := admin.Exec(ctx, stmt).ReadAll(); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	owner := connectText(t, withUser(cluster.URL("aws"), "vpnsql"))
	super := connectText(t, cluster.URL("aws"))
	exec := func(conn *pgconn.PgConn, stmts ...string) {
		for _, st := range stmts {
			// One statement per message: polqual's locations are offsets
			// into the statement's own text.
			if _, err := conn.Exec(ctx, st).ReadAll(); err != nil {
				t.Fatalf("%s: %v", st, err)
			}
		}
	}
	for _, tbl := range resourceTables() {
		if tbl.Name() == "vpn_connections" {
			exec(owner, "CREATE SCHEMA ec2 AUTHORIZATION vpnsql", createTable(tbl))
		}
	}
	exec(owner, "GRANT USAGE ON SCHEMA ec2 TO noc, ops, admin", "ALTER TABLE ec2.vpn_connections ENABLE ROW LEVEL SECURITY")
	exec(super, scopedReference...)
	return cluster
}
