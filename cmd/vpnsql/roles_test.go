package main

import (
	"reflect"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
)

// TestRoleTable_Role: a user's role and scope as the engine gets them;
// secrets default to the role.
func TestRoleTable_Role(t *testing.T) {
	cfg, err := parseConfig([]byte(`{"aws": {"accounts": [{"name": "prod", "profile": "p"}]}, "users": {
		"alice": {"password": "p"},
		"noc":   {"password": "p", "role": "read", "accounts": ["prod", "123456789012"], "regions": ["eu-*"]},
		"audit": {"password": "p", "role": "read", "secrets": true},
		"ops":   {"password": "p", "role": "write", "regions": ["us-east-1"], "secrets": false}}}`))
	if err != nil {
		t.Fatal(err)
	}
	rt := newRoleTable(cfg)
	cases := []struct {
		user, role string
		scope      *catalog.Scope
		write      bool
	}{
		{"alice", "write", &catalog.Scope{Secrets: true}, true},
		{"noc", "read", &catalog.Scope{Accounts: []string{"prod", "123456789012"}, Regions: []string{"eu-*"}}, false},
		{"audit", "read", &catalog.Scope{Secrets: true}, false},
		{"ops", "write", &catalog.Scope{Regions: []string{"us-east-1"}}, true},
		{"gone", "read", &catalog.Scope{Accounts: []string{}, Regions: []string{}}, false},
	}
	for _, tc := range cases {
		role, sc := rt.role(tc.user)
		if role != tc.role || !reflect.DeepEqual(sc, tc.scope) || rt.canWrite(tc.user) != tc.write {
			t.Errorf("%s: role %q scope %+v write %v; want %q %+v %v", tc.user, role, sc, rt.canWrite(tc.user), tc.role, tc.scope, tc.write)
		}
	}
}

// TestRoleTable_List: every user with its role and scope, in name order,
// following the table's replacement (a reload).
func TestRoleTable_List(t *testing.T) {
	cfg, err := parseConfig([]byte(`{"users": {"zed": {"password": "p", "role": "read", "regions": ["eu-*"]}, "amy": {"password": "p"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	rt := newRoleTable(cfg)
	want := []catalog.User{{Name: "amy", Role: "write", Scope: &catalog.Scope{Secrets: true}},
		{Name: "zed", Role: "read", Scope: &catalog.Scope{Regions: []string{"eu-*"}}}}
	if got := rt.list(); !reflect.DeepEqual(got, want) {
		t.Errorf("list: %+v, want %+v", got, want)
	}
	cfg2, err := parseConfig([]byte(`{"users": {"bob": {"password": "p", "role": "read"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	rt.set(cfg2)
	if got := rt.list(); len(got) != 1 || got[0].Name != "bob" || got[0].Role != "read" {
		t.Errorf("list after a reload: %+v", got)
	}
}
