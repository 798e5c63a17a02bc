package pgcatalog

import (
	"context"
	"slices"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
)

// TestAssignOIDs: a key's OID is its hash, whatever other keys exist,
// unless they collide; a collision goes to the key that sorts first,
// whatever the input order, and every key gets a distinct OID in range.
func TestAssignOIDs(t *testing.T) {
	const first, size = catalog.OIDRoleFirst, catalog.OIDNamedLimit - catalog.OIDRoleFirst
	alone := assignOIDs([]string{"noc"}, first, size)["noc"]
	if alone != UserOID("noc") {
		t.Errorf("noc alone: %d, UserOID %d", alone, UserOID("noc"))
	}
	if with := assignOIDs([]string{"ops", "noc", "admin"}, first, size)["noc"]; with != alone {
		t.Errorf("noc among others: %d, alone %d", with, alone)
	}
	for _, tc := range []struct {
		keys        []string
		first, size uint32
	}{
		{[]string{"a", "b", "c", "d", "e", "f", "g"}, 100, 8}, // a range of 8: collisions certain
		{[]string{"g", "f", "e", "d", "c", "b", "a"}, 100, 8},
		{[]string{"x", "y"}, 5, 3},
		{[]string{"a", "a", "b"}, 1000, 4},
	} {
		got := assignOIDs(tc.keys, tc.first, tc.size)
		seen := map[uint32]string{}
		for k, o := range got {
			if o < tc.first || o >= tc.first+tc.size {
				t.Errorf("%v: %s has %d, outside [%d, %d)", tc.keys, k, o, tc.first, tc.first+tc.size)
			}
			if prev, dup := seen[o]; dup {
				t.Errorf("%v: %s and %s share %d", tc.keys, prev, k, o)
			}
			seen[o] = k
		}
		sorted := slices.Sorted(slices.Values(tc.keys))
		again := assignOIDs(slices.Compact(sorted), tc.first, tc.size)
		for k, o := range got {
			if again[k] != o {
				t.Errorf("%v: %s is %d, %d in another order", tc.keys, k, o, again[k])
			}
		}
		// The key that sorts first always keeps its hash.
		if o := got[sorted[0]]; o != hashOID(sorted[0], 0, tc.first, tc.size) {
			t.Errorf("%v: %s lost its hash", tc.keys, sorted[0])
		}
	}
}

// scopedUsers are three users of a config file: noc reads one account's
// eu regions, ops writes one account without secrets, admin writes
// everything.
var scopedUsers = []catalog.User{
	{Name: "ops", Role: "write", Scope: &catalog.Scope{Accounts: []string{"210987654321"}}},
	{Name: "noc", Role: "read", Scope: &catalog.Scope{Accounts: []string{"123456789012"}, Regions: []string{"eu-*"}}},
	{Name: "admin", Role: "write", Scope: &catalog.Scope{Secrets: true}},
}

func scopedContext(user string, users []catalog.User) context.Context {
	ctx := testContextAs(user)
	s, _ := catalog.SessionFrom(ctx)
	for _, u := range users {
		if u.Name == user {
			s.Role, s.Scope = u.Role, u.Scope
		}
	}
	s.Users = func() []catalog.User { return users }
	return catalog.WithSession(context.Background(), s)
}

func scanAs(t *testing.T, ctx context.Context, c *catalog.Catalog, name string) (catalog.Table, [][]any) {
	t.Helper()
	tbl := c.Lookup("pg_catalog", name, nil)
	rows, err := tbl.Scan(ctx, catalog.ScanRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return tbl, rows
}

// TestUsers_EverySessionSeesEveryUser: under configured users a session
// sees every user in pg_roles, every grant in relacl and every scoped
// user's policy, whichever user it is; OIDs do not depend on the session.
func TestUsers_EverySessionSeesEveryUser(t *testing.T) {
	c := testCatalog()
	var policyOIDs []any
	for _, user := range []string{"noc", "admin"} {
		ctx := scopedContext(user, scopedUsers)
		tbl, rows := scanAs(t, ctx, c, "pg_roles")
		for _, u := range scopedUsers {
			r := find(tbl, rows, "rolname", u.Name)
			if len(r) != 1 {
				t.Fatalf("%s: pg_roles has %d rows for %s", user, len(r), u.Name)
			}
			if o := get(tbl, r[0], "oid"); o != int64(UserOID(u.Name)) {
				t.Errorf("%s: %s has OID %v, want %d", user, u.Name, o, UserOID(u.Name))
			}
			if get(tbl, r[0], "rolbypassrls") != !u.Scope.Limited() || get(tbl, r[0], "rolcanlogin") != true || get(tbl, r[0], "rolpassword") != "********" {
				t.Errorf("%s: %s's row %v", user, u.Name, r[0])
			}
		}
		tbl, rows = scanAs(t, ctx, c, "pg_class")
		r := find(tbl, rows, "relname", "vpn_connections")
		want := []any{"vpnsql=arwdDxt/vpnsql", "admin=arwd/vpnsql", "noc=r/vpnsql", "ops=arwd/vpnsql"}
		if len(r) != 1 || !slices.Equal(get(tbl, r[0], "relacl").([]any), want) || get(tbl, r[0], "relrowsecurity") != true {
			t.Errorf("%s: vpn_connections %v", user, r)
		}
		tbl, rows = scanAs(t, ctx, c, "pg_policy")
		pols := find(tbl, rows, "polrelid", int64(16387))
		if len(pols) != 2 || get(tbl, pols[0], "polname") != "noc" || get(tbl, pols[1], "polname") != "ops" ||
			!slices.Equal(get(tbl, pols[1], "polroles").([]any), []any{int64(UserOID("ops"))}) {
			t.Fatalf("%s: policies %v", user, pols)
		}
		var oids []any
		for _, p := range rows {
			o := get(tbl, p, "oid").(int64)
			if o < int64(catalog.OIDPolicyFirst) || o >= int64(catalog.OIDRoleFirst) {
				t.Errorf("%s: policy OID %d outside its range", user, o)
			}
			oids = append(oids, o)
		}
		if policyOIDs != nil && !slices.Equal(oids, policyOIDs) {
			t.Errorf("policy OIDs differ between sessions: %v, %v", oids, policyOIDs)
		}
		policyOIDs = oids

		snap := NewSnapshot(ctx, c)
		for _, p := range []struct {
			user, priv string
			attnum     int64
			want       bool
		}{
			{"noc", "SELECT", 0, true}, {"noc", "INSERT", 0, false}, {"ops", "DELETE", 0, true}, {"admin", "TRUNCATE", 0, false},
			{"ops", "SELECT", 12, false}, // options holds the pre-shared keys: ops has no secrets
			{"admin", "SELECT", 12, true}, {"noc", "SELECT", 1, true},
		} {
			kind := byte('t')
			if p.attnum > 0 {
				kind = 'c'
			}
			if got := snap.Privilege(kind, UserOID(p.user), 16387, p.attnum, p.priv); got != p.want {
				t.Errorf("%s asks %s's %s on column %d: %v", user, p.user, p.priv, p.attnum, got)
			}
		}
	}
	// Without configured users only the session's user is a role.
	tbl, rows := scanAs(t, testContextAs("alice"), c, "pg_roles")
	if len(find(tbl, rows, "rolname", "noc")) != 0 || len(find(tbl, rows, "rolname", "alice")) != 1 {
		t.Error("pg_roles without configured users")
	}
}
