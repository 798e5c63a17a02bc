package catalog

import (
	"path"
	"slices"
)

// Scope is what a role of the config file may reach (docs/security.md,
// "Scoped roles"): the accounts and regions whose rows it sees and
// writes, and whether it reads secrets (the customer gateway
// configuration and the tunnels' pre-shared keys). It is PostgreSQL's
// row-level security as vpnsql applies it: rows outside are never
// fetched, the catalogs show the equivalent policy, and a secret column
// reads as NULL without Secrets. A nil *Scope reaches everything.
type Scope struct {
	// Accounts are the account ids, or for an account of the aws section
	// whose id is not known yet its name; nil: every account.
	Accounts []string
	// Regions are region names or globs (path.Match: "eu-*");
	// nil: every region.
	Regions []string
	// Secrets lets the role read secret columns.
	Secrets bool
}

// Limited reports whether the scope narrows the rows at all.
func (s *Scope) Limited() bool { return s != nil && (s.Accounts != nil || s.Regions != nil) }

// AllowsAccount reports whether an account, by name or id, is in scope.
func (s *Scope) AllowsAccount(name, id string) bool {
	if s == nil || s.Accounts == nil {
		return true
	}
	return (id != "" && slices.Contains(s.Accounts, id)) || (name != "" && slices.Contains(s.Accounts, name))
}

// AllowsRegion reports whether a region matches one of the scope's globs.
func (s *Scope) AllowsRegion(region string) bool {
	if s == nil || s.Regions == nil {
		return true
	}
	for _, g := range s.Regions {
		if ok, _ := path.Match(g, region); ok {
			return true
		}
	}
	return false
}

// SeesSecrets reports whether secret columns read as they are.
func (s *Scope) SeesSecrets() bool { return s == nil || s.Secrets }

// ValidRegionGlob reports whether a scope's region pattern is well formed:
// letters, digits and '-', with '*' for any run and '?' for one
// character. (No classes: the catalogs show the pattern as LIKE's.)
func ValidRegionGlob(g string) bool {
	for _, c := range g {
		if !(c == '-' || c == '*' || c == '?' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return g != ""
}

// User is one user of the config file as the catalogs show it: a role
// that can log in, its grant on the resource tables ("read": SELECT;
// "write": SELECT, INSERT, UPDATE, DELETE) and, when its scope is
// Limited, a policy per resource table (docs/security.md).
type User struct {
	Name  string
	Role  string // "read" or "write"
	Scope *Scope // nil: every account and region, secrets readable
}
