package pgcatalog

import (
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
)

// Privileges, as PostgreSQL's ACLs grant them. No vpnsql role is a
// superuser, so a built-in relation with a restricted ACL (pg_authid,
// pg_statistic, ...) is as closed to every session as it is to an
// ordinary PostgreSQL user. Resource tables are the exception: every
// session may use them as far as the catalogs tell, because vpnsql's own
// read-only roles are enforced when a statement runs (docs/catalog.md).

// aclItem is one entry of an ACL: grantee=privileges/grantor.
type aclItem struct {
	grantee, grantor string // grantee "PUBLIC" for everyone
	privs            string // ACL letters (r, a, w, d, D, x, t, U, C, c, T, X)
	grantable        string // the letters granted WITH GRANT OPTION
}

// parseACL reads an aclitem[] value ([]any of text; nil for none).
func parseACL(acl any) []aclItem {
	items, _ := acl.([]any)
	var out []aclItem
	for _, it := range items {
		s, _ := it.(string)
		eq, slash := strings.IndexByte(s, '='), strings.LastIndexByte(s, '/')
		if eq < 0 || slash < eq {
			continue
		}
		a := aclItem{grantee: s[:eq], grantor: s[slash+1:]}
		if a.grantee == "" {
			a.grantee = "PUBLIC"
		}
		privs := s[eq+1 : slash]
		for i := 0; i < len(privs); i++ {
			a.privs += privs[i : i+1]
			if i+1 < len(privs) && privs[i+1] == '*' {
				a.grantable += privs[i : i+1]
				i++
			}
		}
		out = append(out, a)
	}
	return out
}

// hasRole is pg_has_role(user, role, 'USAGE'): the role itself, and
// pg_database_owner for vpnsql, the owner of database aws.
func (m *model) hasRole(user, role uint32) bool {
	return user == role || (role == oidDatabaseOwner && user == catalog.OIDRoleVpnsql)
}

// enabled reports whether an ACL grantee's privileges apply to user.
func (m *model) enabled(user uint32, grantee string) bool {
	if grantee == "PUBLIC" {
		return true
	}
	o, ok := m.roleOID(grantee)
	return ok && m.hasRole(user, o)
}

func (m *model) roleOID(name string) (uint32, bool) {
	for _, r := range m.roles {
		if r.name == name {
			return r.oid, true
		}
	}
	return 0, false
}

// aclAllows reports whether user holds one of the privilege letters on an
// object with this owner and ACL; grantOption asks for the right to grant
// it. A NULL ACL gives the owner everything and PUBLIC publicDefault.
func (m *model) aclAllows(user, owner uint32, acl any, publicDefault, letters string, grantOption bool) bool {
	if m.hasRole(user, owner) {
		return true
	}
	if acl == nil {
		return !grantOption && strings.ContainsAny(publicDefault, letters)
	}
	for _, a := range parseACL(acl) {
		held := a.privs
		if grantOption {
			held = a.grantable
		}
		if m.enabled(user, a.grantee) && strings.ContainsAny(held, letters) {
			return true
		}
	}
	return false
}

// relationAllows is has_table_privilege (attnum 0) or
// has_column_privilege: a column privilege is held through the table's
// ACL or the column's own.
func (m *model) relationAllows(user uint32, r *rel, attnum int64, letters string, grantOption bool) bool {
	if m.secretDenied(user, r, attnum, letters) {
		return false
	}
	if acl := m.aclOf(r); r.def == nil && acl == nil || m.aclAllows(user, r.owner, acl, "", letters, grantOption) {
		return true
	}
	for _, a := range r.attrs {
		if n := a[attNum].(int64); n > 0 && (attnum == 0 || n == attnum) {
			if acl := a[attrCols["attacl"]]; acl != nil && m.aclAllows(user, r.owner, acl, "", letters, grantOption) {
				return true
			}
		}
	}
	return false
}

// visibleTo is the test information_schema applies to relations: the
// user owns r or holds one of the privilege letters on it or a column.
func (m *model) visibleTo(r *rel, letters string) bool {
	return m.relationAllows(m.user.oid, r, 0, letters, false)
}

// schemaAllows is has_schema_privilege. The schemas of resource tables
// grant USAGE to everyone, as their tables are open to every session.
func (m *model) schemaAllows(user uint32, n namespace, letters string, grantOption bool) bool {
	public := ""
	if SchemaOIDs[n.name] == n.oid {
		public = "U"
	}
	return m.aclAllows(user, n.owner, n.acl, public, letters, grantOption)
}

// privilegeLetters maps privilege names to ACL letters.
var privilegeLetters = map[string]string{
	"SELECT": "r", "INSERT": "a", "UPDATE": "w", "DELETE": "d", "TRUNCATE": "D", "REFERENCES": "x",
	"TRIGGER": "t", "USAGE": "U", "CREATE": "C", "CONNECT": "c", "TEMPORARY": "T", "TEMP": "T", "EXECUTE": "X",
}

// Privilege answers the has_*_privilege functions for user; kind is 't'
// (has_table_privilege), 'c' (has_column_privilege of column attnum, or
// has_any_column_privilege with attnum 0), 'n' (schema), 'd' (database),
// 'f' (function, by its proacl), 'T' (type) or 'l' (language). privilege is one name, with or without WITH GRANT
// OPTION, already checked by the caller.
func (s *Snapshot) Privilege(kind byte, user, o uint32, attnum int64, privilege string) bool {
	name, grant := strings.CutSuffix(strings.ToUpper(strings.TrimSpace(privilege)), "WITH GRANT OPTION")
	letters := privilegeLetters[strings.TrimSpace(name)]
	m := s.m
	switch kind {
	case 't':
		r, ok := m.relOf(o)
		return ok && (r.def == nil && m.aclOf(r) == nil || m.aclAllows(user, r.owner, m.aclOf(r), "", letters, grant))
	case 'c':
		r, ok := m.relOf(o)
		return ok && m.relationAllows(user, r, attnum, letters, grant)
	case 'n':
		n, ok := m.nsByOID[o]
		return ok && m.schemaAllows(user, n, letters, grant)
	case 'd':
		return m.aclAllows(user, catalog.OIDRoleVpnsql, nil, "cT", letters, grant)
	case 'f':
		p, ok := m.proc(o)
		return ok && m.aclAllows(user, oid(p[procCols["proowner"]]), p[procCols["proacl"]], "X", letters, grant)
	case 'T':
		// A type's ACL (typacl) is NULL throughout: USAGE for everyone.
		t, ok := m.typeRowOf(o)
		return ok && m.aclAllows(user, oid(t[typeCols["typowner"]]), t[typeCols["typacl"]], "U", letters, grant)
	case 'l':
		for _, l := range languageRows {
			if oid(l[0]) == o {
				return m.aclAllows(user, oid(l[2]), l[len(l)-1], "U", letters, grant)
			}
		}
	}
	return false
}

// HasRole is pg_has_role(user, role, 'MEMBER' or 'USAGE').
func (s *Snapshot) HasRole(user, role uint32) bool { return s.m.hasRole(user, role) }
