package pgcatalog

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
)

// The users of the config file as roles. Under configured users every
// session sees every user, as in PostgreSQL: pg_roles lists them (no
// secret: rolpassword is '********'), relacl holds each one's grant and
// pg_policy each scoped one's policy (policies.go). Without configured
// users only the session's user is a role, as before roles existed.

// UserOID is the OID a role name has in the catalogs before collisions
// are resolved (userOIDs): postgres is 10 (the owner of built-in objects,
// as initdb's superuser), pg_database_owner 6171, vpnsql 16385; any other
// user a hash of the name in [catalog.OIDRoleFirst, catalog.OIDNamedLimit).
func UserOID(name string) uint32 {
	switch name {
	case bootstrapRoleName:
		return oidBootstrapRole
	case databaseOwnerName:
		return oidDatabaseOwner
	case vpnsqlRoleName:
		return catalog.OIDRoleVpnsql
	}
	return hashOID(name, 0, catalog.OIDRoleFirst, catalog.OIDNamedLimit-catalog.OIDRoleFirst)
}

// hashOID is the probe-th candidate OID for key in [first, first+size).
// Probe 0 is the plain FNV-1a hash of the key, so the OIDs of earlier
// releases stay.
func hashOID(key string, probe int, first, size uint32) uint32 {
	h := fnv.New32a()
	h.Write([]byte(key))
	if probe > 0 {
		fmt.Fprintf(h, "\x00%d", probe)
	}
	return first + h.Sum32()%size
}

// assignOIDs gives each key an OID in [first, first+size): its first
// probe no key before it (in byte order) took. A key's OID depends on the
// others only when they collide, which for n keys in 2^30 OIDs happens
// with odds about n²/2^31; then the key that sorts first keeps its hash.
// size must exceed len(keys).
func assignOIDs(keys []string, first, size uint32) map[string]uint32 {
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	out := make(map[string]uint32, len(keys))
	taken := make(map[uint32]bool, len(keys))
	for _, k := range sorted {
		if _, dup := out[k]; dup {
			continue
		}
		for probe := 0; ; probe++ {
			if o := hashOID(k, probe, first, size); !taken[o] {
				out[k], taken[o] = o, true
				break
			}
		}
	}
	return out
}

// configuredUsers lists the users of the config file in name order: the
// session's Users, or without them the session's own user alone; none
// without roles.
func (m *model) configuredUsers() []catalog.User {
	if !m.hasRoles() {
		return nil
	}
	if m.sess.Users == nil {
		return []catalog.User{{Name: m.sess.User, Role: m.sess.Role, Scope: m.sess.Scope}}
	}
	users := slices.Clone(m.sess.Users())
	slices.SortFunc(users, func(a, b catalog.User) int { return strings.Compare(a.Name, b.Name) })
	return users
}

// addUsers adds the configured users, and the session's user, as roles
// that can log in, and makes the session's user current. A user named as
// a built-in role (postgres, vpnsql) is that role.
func (m *model) addUsers() {
	if !m.hasSess || m.sess.User == "" {
		return
	}
	users := m.configuredUsers()
	var hashed []string
	for _, u := range users {
		if _, builtin := m.roleOID(u.Name); !builtin {
			hashed = append(hashed, u.Name)
		}
	}
	oids := assignOIDs(hashed, catalog.OIDRoleFirst, catalog.OIDNamedLimit-catalog.OIDRoleFirst)
	m.userByOID = make(map[uint32]*catalog.User, len(users))
	for i := range users {
		o, ok := oids[users[i].Name]
		if !ok {
			o = UserOID(users[i].Name)
		}
		m.addLoginRole(users[i].Name, o)
		m.userByOID[m.userOID(users[i].Name)] = &users[i]
		m.users = append(m.users, m.roleByName(users[i].Name))
	}
	// The session's user logs in even when not configured (trust, or
	// removed by a reload and ending), or when it is a built-in role
	// (vpnsql).
	m.addLoginRole(m.sess.User, m.userOID(m.sess.User))
	m.user = m.roleByName(m.sess.User)
	if len(users) > 0 {
		m.userACL = []any{vpnsqlRoleName + "=" + tablePrivilegeLetters + "/" + vpnsqlRoleName}
		for _, u := range users {
			privs := "r"
			if u.Role == "write" {
				privs = "arwd"
			}
			// As GRANT by the owner (or by a superuser, on its behalf) prints it.
			m.userACL = append(m.userACL, aclName(u.Name)+"="+privs+"/"+vpnsqlRoleName)
		}
	}
}

// addLoginRole adds a role that can log in, or lets an existing one of
// that name log in.
func (m *model) addLoginRole(name string, o uint32) {
	for i := range m.roles {
		if m.roles[i].name == name {
			m.roles[i].canLogin = true
			return
		}
	}
	m.roles = append(m.roles, role{oid: o, name: name, canLogin: true})
}

func (m *model) roleByName(name string) role {
	for _, r := range m.roles {
		if r.name == name {
			return r
		}
	}
	return role{}
}

// userOID is the OID of a role by name: a configured user's as assigned,
// another name's as UserOID derives it.
func (m *model) userOID(name string) uint32 {
	if o, ok := m.roleOID(name); ok {
		return o
	}
	return UserOID(name)
}

// configured is the config file's user whose role has OID o; nil for any
// other role.
func (m *model) configured(o uint32) *catalog.User { return m.userByOID[o] }
