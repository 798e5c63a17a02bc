package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"

	"github.com/vpnsql/vpnsql/server"
)

// fileConfig is the --config file: who may connect and how they prove it.
//
//	{
//	  "auth": "scram-sha-256",
//	  "users": {
//	    "alice": {"scram": "SCRAM-SHA-256$4096:...", "role": "write"},
//	    "grafana": {"scram": "SCRAM-SHA-256$4096:...", "role": "read"}
//	  }
//	}
//
// Verifiers come from `vpnsql passwd`; a plain "password" is accepted too
// (needed for the "password" method) but keeps the secret in the file.
type fileConfig struct {
	Auth  string                `json:"auth"`
	Users map[string]userConfig `json:"users"`
	AWS   *awsConfig            `json:"aws,omitempty"` // config_aws.go
}

type userConfig struct {
	Password string `json:"password,omitempty"`
	MD5      string `json:"md5,omitempty"`
	SCRAM    string `json:"scram,omitempty"`
	Role     string `json:"role,omitempty"` // "read" or "write" (default)
}

func loadConfig(path string) (*fileConfig, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cfg fileConfig
	dec := json.NewDecoder(bytesReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := cfg.AWS.validate(); err != nil {
		return nil, err
	}
	return &cfg, cfg.validate()
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
		out[name] = server.Credential{Password: u.Password, MD5: u.MD5, SCRAM: u.SCRAM}
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
