package main

import (
	"strings"
	"testing"
	"time"
)

const verifier = "SCRAM-SHA-256$4096:c2FsdHNhbHRzYWx0c2FsdA==$J5Kjz0PsvUBpeC3dOPtZpPlxZqMt5u1pyY3AAAAAAAA=:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

// TestParseConfig: what a config file may say, and what it may not
// (check-config refuses unknown keys, a misspelt one included).
func TestParseConfig(t *testing.T) {
	cases := []struct {
		name, file, err string
	}{
		{name: "minimal", file: `{"users": {"alice": {"password": "pw"}}}`},
		{name: "everything", file: `{"auth": "scram-sha-256",
			"login_limit": {"delay": "50ms", "max_delay": "2s", "lockout_after": 5, "lockout": "10m", "max_tracked": 500},
			"users": {"noc": {"scram": "` + verifier + `", "role": "read", "networks": ["10.0.0.0/8", "hostssl all"], "connection_limit": 3}}}`},
		{name: "unknown top-level key", file: `{"users": {"a": {"password": "p"}}, "login_limits": {}}`, err: `json: unknown field "login_limits"`},
		{name: "unknown user key", file: `{"users": {"a": {"password": "p", "rol": "read"}}}`, err: `json: unknown field "rol"`},
		{name: "unknown login_limit key", file: `{"users": {"a": {"password": "p"}}, "login_limit": {"lockout_afte": 3}}`, err: `json: unknown field "lockout_afte"`},
		{name: "bad role", file: `{"users": {"a": {"password": "p", "role": "admin"}}}`, err: `config: user "a": role must be read or write, not "admin"`},
		{name: "bad network", file: `{"users": {"a": {"password": "p", "networks": ["10.0.0.1/8"]}}}`, err: `config: user "a": network "10.0.0.1/8": 10.0.0.1/8 has host bits set beyond its mask (did you mean 10.0.0.0/8?)`},
		{name: "bad duration", file: `{"users": {"a": {"password": "p"}}, "login_limit": {"lockout": "15 minutes"}}`, err: `time: unknown unit " minutes" in duration "15 minutes"`},
		{name: "duration as number", file: `{"users": {"a": {"password": "p"}}, "login_limit": {"delay": 100}}`, err: `a duration is a string such as "100ms" or "15m"`},
		{name: "bad connection limit", file: `{"users": {"a": {"password": "p", "connection_limit": -2}}}`, err: `config: user "a": connection_limit must be -1 (none), 0 (--max-user-connections) or more, not -2`},
		{name: "two values", file: `{"users": {"a": {"password": "p"}}} {}`, err: `config: more than one JSON value`},
		{name: "no users", file: `{}`, err: `config: auth scram-sha-256 needs at least one user`},
		{name: "scoped role", file: `{"aws": {"accounts": [{"name": "prod", "profile": "p"}]},
			"users": {"noc": {"password": "p", "role": "read", "accounts": ["prod", "123456789012"], "regions": ["eu-*", "us-east-1"], "secrets": true}}}`},
		{name: "unknown scope key", file: `{"users": {"a": {"password": "p", "account": ["123456789012"]}}}`, err: `json: unknown field "account"`},
		{name: "unknown account name", file: `{"users": {"a": {"password": "p", "accounts": ["prod"]}}}`, err: `config: user "a": account "prod" is neither a 12-digit account id nor the name of an account of the aws section`},
		{name: "bad region glob", file: `{"users": {"a": {"password": "p", "regions": ["eu-[*"]}}}`, err: `config: user "a": region "eu-[*" is not a region name or a glob`},
		{name: "empty scope", file: `{"users": {"a": {"password": "p", "regions": []}}}`, err: `config: user "a": an empty accounts or regions list admits nothing`},
		{name: "secrets not a bool", file: `{"users": {"a": {"password": "p", "secrets": "yes"}}}`, err: `cannot unmarshal string into Go struct field userConfig.users.secrets of type bool`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseConfig([]byte(tc.file))
			if tc.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				cfg.users()
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
		})
	}
	cfg, err := parseConfig([]byte(cases[1].file))
	if err != nil {
		t.Fatal(err)
	}
	l := cfg.loginLimit()
	if l.Delay != 50*time.Millisecond || l.MaxDelay != 2*time.Second || l.LockoutAfter != 5 || l.Lockout != 10*time.Minute || l.MaxTracked != 500 {
		t.Errorf("login limit %+v", l)
	}
	noc := cfg.users()["noc"]
	if len(noc.Networks) != 2 || noc.Networks[1].String() != "hostssl all" || noc.ConnectionLimit != 3 {
		t.Errorf("noc %+v", noc)
	}
}

// FuzzConfig: no config file makes the parser panic, and whatever it
// accepts can be turned into the server's users without error.
func FuzzConfig(f *testing.F) {
	f.Add([]byte(`{"users": {"alice": {"password": "pw"}}}`))
	f.Add([]byte(`{"auth": "md5", "users": {"a": {"md5": "md5abc", "networks": ["hostnossl ::1"]}}}`))
	f.Add([]byte(`{"auth": "trust", "login_limit": {"delay": "1h", "lockout_after": -1}}`))
	f.Add([]byte(`{"users": {"noc": {"scram": "` + verifier + `", "role": "read", "networks": ["10.0.0.0/8", "hostssl all"], "connection_limit": 3}}}`))
	f.Add([]byte(`{"users": {"a": {"password": "p"}}, "login_limit": {"lockout": "-5s"}}`))
	f.Add([]byte(`{"aws": {"accounts": [{"name": "prod"}]}, "users": {"a": {"password": "p", "accounts": ["prod"], "regions": ["eu-*"], "secrets": false}}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		cfg, err := parseConfig(raw)
		if err != nil {
			return
		}
		cfg.users()
		cfg.loginLimit()
		cfg.readOnlyUsers()
		newRoleTable(cfg)
		if _, err := parseConfig(raw); err != nil {
			t.Fatalf("accepted once, refused the second time: %v", err)
		}
	})
}
