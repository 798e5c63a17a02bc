package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/vpnsql/vpnsql/server"
)

// fileConfig is the --config file: who may connect and how they prove it.
//
//	{
//	  "auth": "scram-sha-256",
//	  "login_limit": {"delay": "100ms", "max_delay": "5s", "lockout_after": 10, "lockout": "15m"},
//	  "users": {
//	    "alice": {"scram": "SCRAM-SHA-256$4096:...", "role": "write"},
//	    "grafana": {"scram": "SCRAM-SHA-256$4096:...", "role": "read",
//	                "networks": ["hostssl 10.0.0.0/8"], "connection_limit": 5},
//	    "noc": {"scram": "SCRAM-SHA-256$4096:...", "role": "read",
//	            "accounts": ["prod"], "regions": ["eu-*"], "secrets": false}
//	  }
//	}
//
// Verifiers come from `vpnsql passwd`; a plain "password" is accepted too
// (needed for the "password" method) but keeps the secret in the file.
// Unknown keys are errors, so a misspelt limit is not silently ignored.
type fileConfig struct {
	Auth       string                `json:"auth"`
	LoginLimit loginLimitConfig      `json:"login_limit"`
	Users      map[string]userConfig `json:"users"`
	AWS        *awsConfig            `json:"aws,omitempty"` // config_aws.go
}

type userConfig struct {
	Password string   `json:"password,omitempty"`
	MD5      string   `json:"md5,omitempty"`
	SCRAM    string   `json:"scram,omitempty"`
	Role     string   `json:"role,omitempty"`     // "read" or "write" (default)
	Networks []string `json:"networks,omitempty"` // pg_hba.conf-style rules (server.ParseNetworkRule)
	// ConnectionLimit bounds the user's sessions (PostgreSQL's CONNECTION
	// LIMIT); 0 is --max-user-connections, -1 none.
	ConnectionLimit int `json:"connection_limit,omitempty"`
	// Accounts, Regions and Secrets scope the role (roles.go): the
	// accounts (names of the aws section, or ids) and regions (globs,
	// "eu-*") whose rows it sees and writes, none meaning all; and whether
	// it reads secrets (default: a write role does, a read role does not).
	Accounts []string `json:"accounts,omitempty"`
	Regions  []string `json:"regions,omitempty"`
	Secrets  *bool    `json:"secrets,omitempty"`

	networks []server.NetworkRule // Networks parsed by validate
}

// loginLimitConfig is server.LoginLimit with durations as strings.
type loginLimitConfig struct {
	Delay        duration `json:"delay"`
	MaxDelay     duration `json:"max_delay"`
	LockoutAfter int      `json:"lockout_after"`
	Lockout      duration `json:"lockout"`
	MaxTracked   int      `json:"max_tracked"`
}

// duration is a time.Duration written as Go spells one: "100ms", "15m".
type duration time.Duration

func (d *duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a duration is a string such as \"100ms\" or \"15m\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	if v < 0 {
		return fmt.Errorf("duration %q is negative", s)
	}
	*d = duration(v)
	return nil
}

func loadConfig(path string) (*fileConfig, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	cfg, err := parseConfig(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// parseConfig reads and validates a config file's bytes.
func parseConfig(raw []byte) (*fileConfig, error) {
	var cfg fileConfig
	dec := json.NewDecoder(bytesReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("config: more than one JSON value")
	}
	if err := cfg.AWS.validate(); err != nil {
		return nil, err
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func (c *fileConfig) validate() error {
	if c.Auth == "" {
		c.Auth = "scram-sha-256"
	}
	method, err := server.ParseAuthMethod(c.Auth)
	if err != nil {
		return err
	}
	if method != server.AuthTrust && len(c.Users) == 0 {
		return errors.New("config: auth " + c.Auth + " needs at least one user")
	}
	if l := c.LoginLimit; l.LockoutAfter < -1 || l.MaxTracked < 0 {
		return errors.New("config: login_limit: lockout_after is -1 (never) or a count, max_tracked a count")
	}
	names := make([]string, 0, len(c.Users))
	for n := range c.Users {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		u := c.Users[n]
		switch u.Role {
		case "", "read", "write":
		default:
			return fmt.Errorf("config: user %q: role must be read or write, not %q", n, u.Role)
		}
		if u.ConnectionLimit < -1 {
			return fmt.Errorf("config: user %q: connection_limit must be -1 (none), 0 (--max-user-connections) or more, not %d", n, u.ConnectionLimit)
		}
		if err := c.validScope(n, u); err != nil {
			return err
		}
		u.networks = nil
		for _, s := range u.Networks {
			r, err := server.ParseNetworkRule(s)
			if err != nil {
				return fmt.Errorf("config: user %q: %w", n, err)
			}
			u.networks = append(u.networks, r)
		}
		c.Users[n] = u
		switch method {
		case server.AuthSCRAM:
			if u.SCRAM == "" && u.Password == "" {
				return fmt.Errorf("config: user %q needs a scram verifier (vpnsql passwd) or a password", n)
			}
		case server.AuthMD5:
			if u.MD5 == "" && u.Password == "" && u.SCRAM == "" {
				return fmt.Errorf("config: user %q needs an md5 hash, a scram verifier or a password", n)
			}
		case server.AuthPassword:
			if u.Password == "" {
				return fmt.Errorf("config: user %q needs a password for the password method", n)
			}
		}
	}
	return nil
}

func (c *fileConfig) method() server.AuthMethod {
	m, _ := server.ParseAuthMethod(c.Auth)
	return m
}

// users returns the credential store for the server.
func (c *fileConfig) users() server.StaticUsers {
	out := server.StaticUsers{}
	for name, u := range c.Users {
		out[name] = server.Credential{Password: u.Password, MD5: u.MD5, SCRAM: u.SCRAM,
			Networks: u.networks, ConnectionLimit: u.ConnectionLimit}
	}
	return out
}

// readOnlyUsers lists the users whose role is read.
func (c *fileConfig) readOnlyUsers() map[string]bool {
	out := map[string]bool{}
	for name, u := range c.Users {
		if u.Role == "read" {
			out[name] = true
		}
	}
	return out
}

// loginLimit is the server's failed-login limiter configuration; zero
// fields take the server's defaults.
func (c *fileConfig) loginLimit() server.LoginLimit {
	l := c.LoginLimit
	return server.LoginLimit{Delay: time.Duration(l.Delay), MaxDelay: time.Duration(l.MaxDelay),
		LockoutAfter: l.LockoutAfter, Lockout: time.Duration(l.Lockout), MaxTracked: l.MaxTracked}
}
