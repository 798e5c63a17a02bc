package main

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
)

// A user's role: read or write, and its scope (docs/security.md, "Scoped
// roles"): the accounts and regions it reaches, and whether it reads
// secrets. The engine asks at each statement, so a reload applies from
// the session's next one.

// userRole is one user's role as the config file gives it.
type userRole struct {
	write             bool
	accounts, regions []string // nil: all
	secrets           bool
}

// roleOf reads a user's role; secrets defaults to the role: a write role
// already sets the keys (it creates connections and modifies tunnel
// options), a read role (dashboards, the NOC) has no use for them.
func roleOf(u userConfig) userRole {
	r := userRole{write: u.Role != "read", accounts: u.Accounts, regions: u.Regions}
	r.secrets = r.write
	if u.Secrets != nil {
		r.secrets = *u.Secrets
	}
	return r
}

var accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// validScope checks a user's accounts and regions: an account is an
// account id or the name of an account of the aws section; a region is a
// name or a glob.
func (c *fileConfig) validScope(user string, u userConfig) error {
	if u.Accounts != nil && len(u.Accounts) == 0 || u.Regions != nil && len(u.Regions) == 0 {
		return fmt.Errorf("config: user %q: an empty accounts or regions list admits nothing; leave the key out for all", user)
	}
	for _, a := range u.Accounts {
		if accountIDPattern.MatchString(a) {
			continue
		}
		if c.AWS == nil || !slices.ContainsFunc(c.AWS.Accounts, func(x awsAccountConfig) bool { return x.Name == a }) {
			return fmt.Errorf("config: user %q: account %q is neither a 12-digit account id nor the name of an account of the aws section", user, a)
		}
	}
	for _, r := range u.Regions {
		if !catalog.ValidRegionGlob(r) {
			return fmt.Errorf("config: user %q: region %q is not a region name or a glob such as \"eu-*\"", user, r)
		}
	}
	return nil
}

// roleTable holds every user's role; SIGHUP replaces it (reload.go).
type roleTable struct {
	users atomic.Pointer[map[string]userRole]
	// source names the accounts, for a scope that names them: set once
	// the source exists, before the first session.
	source *ec2.Source
}

func newRoleTable(cfg *fileConfig) *roleTable {
	t := &roleTable{}
	t.set(cfg)
	return t
}

func (t *roleTable) set(cfg *fileConfig) {
	m := make(map[string]userRole, len(cfg.Users))
	for name, u := range cfg.Users {
		m[name] = roleOf(u)
	}
	t.users.Store(&m)
}

// canWrite is executor.Engine.CanWrite. A user the table does not know
// (removed by a reload, its session ending) may not write.
func (t *roleTable) canWrite(user string) bool {
	r, ok := (*t.users.Load())[user]
	return ok && r.write
}

// role is executor.Engine.Role: the role's name and scope, its account
// names resolved to ids where the ids are known.
func (t *roleTable) role(user string) (string, *catalog.Scope) {
	r, ok := (*t.users.Load())[user]
	return t.scopeOf(r, ok)
}

// scopeOf is role for a user's entry of the table (ok false: none).
func (t *roleTable) scopeOf(r userRole, ok bool) (string, *catalog.Scope) {
	if !ok {
		return "read", &catalog.Scope{Accounts: []string{}, Regions: []string{}}
	}
	name := "read"
	if r.write {
		name = "write"
	}
	sc := &catalog.Scope{Regions: r.regions, Secrets: r.secrets}
	if r.accounts != nil {
		sc.Accounts = make([]string, 0, len(r.accounts))
		for _, a := range r.accounts {
			sc.Accounts = append(sc.Accounts, t.accountID(a))
		}
	}
	return name, sc
}

// accountID is the id of the account a scope names, once known; an id,
// or a name whose id is not known yet, is itself.
func (t *roleTable) accountID(a string) string {
	if t.source == nil || accountIDPattern.MatchString(a) {
		return a
	}
	for _, acc := range t.source.Accounts {
		if acc.Name == a {
			if id := acc.KnownID(); id != "" {
				return id
			}
		}
	}
	return a
}

// list is executor.Engine.Users: every user with its role and scope, in
// name order, from one version of the table.
func (t *roleTable) list() []catalog.User {
	users := *t.users.Load()
	out := make([]catalog.User, 0, len(users))
	for name, r := range users {
		role, sc := t.scopeOf(r, true)
		out = append(out, catalog.User{Name: name, Role: role, Scope: sc})
	}
	slices.SortFunc(out, func(a, b catalog.User) int { return strings.Compare(a.Name, b.Name) })
	return out
}
