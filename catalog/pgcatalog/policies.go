package pgcatalog

import (
	"fmt"
	"hash/fnv"
	"strings"
)

// Row-level security: a role's scope (catalog.Scope) as PostgreSQL 15
// would show the equivalent of
//
//	GRANT SELECT [, INSERT, UPDATE, DELETE] ON ec2.t TO user;
//	ALTER TABLE ec2.t ENABLE ROW LEVEL SECURITY;
//	CREATE POLICY "user" ON ec2.t TO "user" USING ("accountId" = ANY (ARRAY[...]) AND region LIKE ANY (ARRAY[...]));
//
// (PolicyStatement), and a role without a scope as one with BYPASSRLS.
// Only when the server has roles (catalog.Session.Role); without, the
// catalogs stay as they were: no row security, every privilege. The
// catalogs show the session's own grant and policy, not other users':
// vpnsql does not tell a session which other users exist
// (docs/security.md).

// hasRoles reports whether the session runs under a role of the config
// file.
func (m *model) hasRoles() bool { return m.hasSess && m.sess.Role != "" }

// rowSecurity is pg_class.relrowsecurity: every resource table, under roles.
func (m *model) rowSecurity(r *rel) bool {
	return m.hasRoles() && r.table != nil && r.kind == 'r'
}

// bypassRLS is rolbypassrls: the session's user when its role has no
// scope over accounts or regions.
func (m *model) bypassRLS(o uint32) bool {
	return m.hasRoles() && o == m.user.oid && !m.sess.Scope.Limited()
}

// aclOf is a relation's ACL; under roles a resource table grants the
// session's user what its role allows.
func (m *model) aclOf(r *rel) any {
	if !m.rowSecurity(r) {
		return r.acl
	}
	privs := "r"
	if m.sess.Role == "write" {
		privs = "arwd"
	}
	return []any{vpnsqlRoleName + "=" + tablePrivilegeLetters + "/" + vpnsqlRoleName,
		aclName(m.user.name) + "=" + privs + "/" + vpnsqlRoleName}
}

// aclName is a role name as aclitem prints it: quoted unless it is
// letters, digits and underscores.
func aclName(n string) string {
	for _, c := range n {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80) {
			return `"` + strings.ReplaceAll(n, `"`, `""`) + `"`
		}
	}
	return n
}

// secretDenied reports whether has_column_privilege must say false: a
// secret column's SELECT or UPDATE for a role without secrets, which reads
// it masked and may not set it.
func (m *model) secretDenied(user uint32, r *rel, attnum int64, letters string) bool {
	if !m.hasSess || user != m.user.oid || m.sess.Scope.SeesSecrets() || r.table == nil || attnum <= 0 {
		return false
	}
	cols := r.table.Columns()
	return int(attnum) <= len(cols) && cols[attnum-1].Secret && strings.ContainsAny(letters, "rw")
}

// policy is the session's policy on one resource table.
type policy struct {
	oid       uint32
	name      string
	rel       *rel
	statement string
	expr      policyExpr
}

// policyOf is the session's policy on r; false without a scope.
func (m *model) policyOf(r *rel) (policy, bool) {
	if !m.rowSecurity(r) || !m.sess.Scope.Limited() {
		return policy{}, false
	}
	cols := r.table.Columns()
	stmt, e, ok := buildPolicy(r.schema, r.name, m.user.name, cols, m.sess.Scope)
	if !ok {
		return policy{}, false
	}
	h := fnv.New32a()
	fmt.Fprintf(h, "policy %d %s", r.oid, m.user.name)
	return policy{oid: 1<<30 | h.Sum32()&(1<<30-1), name: m.user.name, rel: r, statement: stmt, expr: e}, true
}

func policyFills(t fillTable) {
	t.add("pg_catalog.pg_policy", func(m *model, out *rows) {
		for _, r := range m.resourceRels() {
			if p, ok := m.policyOf(r); ok {
				out.add(R{"oid": I(p.oid), "polname": p.name, "polrelid": I(r.oid), "polcmd": "*",
					"polpermissive": true, "polroles": []any{I(m.user.oid)}, "polqual": p.expr.tree, "polwithcheck": nil})
			}
		}
	})
	t.add("pg_catalog.pg_policies", func(m *model, out *rows) {
		for _, r := range m.resourceRels() {
			if p, ok := m.policyOf(r); ok {
				out.add(R{"schemaname": r.schema, "tablename": r.name, "policyname": p.name, "permissive": "PERMISSIVE",
					"roles": []any{m.user.name}, "cmd": "ALL", "qual": p.expr.text, "with_check": nil})
			}
		}
	})
}

// policyExprText is pg_get_expr of a policy's polqual on relation o.
func (m *model) policyExprText(tree string, o uint32, pretty bool) (string, bool) {
	r, ok := m.relOf(o)
	if !ok {
		return "", false
	}
	p, ok := m.policyOf(r)
	if !ok || p.expr.tree != tree {
		return "", false
	}
	if pretty {
		return p.expr.pretty, true
	}
	return p.expr.text, true
}

// PolicyStatements lists the CREATE POLICY statements equivalent to the
// session's policies, for the differential test against PostgreSQL 15.
func (s *Snapshot) PolicyStatements() []string {
	var out []string
	for _, r := range s.m.resourceRels() {
		if p, ok := s.m.policyOf(r); ok {
			out = append(out, p.statement)
		}
	}
	return out
}

// withRowSecurity sets a pg_class row's relrowsecurity and relacl for the
// session's role.
func (m *model) withRowSecurity(r *rel, row R) R {
	if m.rowSecurity(r) {
		row["relrowsecurity"], row["relacl"] = true, m.aclOf(r)
	}
	return row
}
