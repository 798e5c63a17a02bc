package pgcatalog

import (
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
)

// Row-level security: a role's scope (catalog.Scope) as PostgreSQL 15
// would show the equivalent of
//
//	GRANT SELECT [, INSERT, UPDATE, DELETE] ON ec2.t TO user;
//	ALTER TABLE ec2.t ENABLE ROW LEVEL SECURITY;
//	CREATE POLICY "user" ON ec2.t TO "user" USING ("accountId" = ANY (ARRAY[...]) AND region LIKE ANY (ARRAY[...]));
//
// for each user of the config file (PolicyStatements), and a user without
// a scope as a role with BYPASSRLS. Only when the server has roles
// (catalog.Session.Role); without, the catalogs stay as they were: no row
// security, every privilege. Every session sees every user's grant and
// policy, as in PostgreSQL (docs/security.md).

const classPgPolicy uint32 = 3256

// hasRoles reports whether the session runs under a role of the config
// file.
func (m *model) hasRoles() bool { return m.hasSess && m.sess.Role != "" }

// rowSecurity is pg_class.relrowsecurity: every resource table, under roles.
func (m *model) rowSecurity(r *rel) bool {
	return m.hasRoles() && r.table != nil && r.kind == 'r'
}

// bypassRLS is rolbypassrls: a configured user without a scope over
// accounts or regions.
func (m *model) bypassRLS(o uint32) bool {
	u := m.configured(o)
	return m.hasRoles() && u != nil && !u.Scope.Limited()
}

// aclOf is a relation's ACL; under roles a resource table grants each
// configured user what its role allows, in name order (users.go).
func (m *model) aclOf(r *rel) any {
	if !m.rowSecurity(r) || m.userACL == nil {
		return r.acl
	}
	return m.userACL
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
// secret column's SELECT or UPDATE for a configured user without secrets,
// who reads it masked and may not set it.
func (m *model) secretDenied(user uint32, r *rel, attnum int64, letters string) bool {
	u := m.configured(user)
	if u == nil || u.Scope.SeesSecrets() || r.table == nil || attnum <= 0 {
		return false
	}
	cols := r.table.Columns()
	return int(attnum) <= len(cols) && cols[attnum-1].Secret && strings.ContainsAny(letters, "rw")
}

// policy is a scoped user's policy on one resource table.
type policy struct {
	oid       uint32
	user      role
	rel       *rel
	statement string
	expr      policyExpr
}

// policies are every scoped user's policies, by table in OID order and
// then by user name, as the CREATE POLICY statements in that order would
// make them. A policy's OID is a hash of its table and user
// (catalog.OIDPolicyFirst's range), so it is stable like the user's.
func (m *model) policies() []policy {
	m.policyOnce.Do(func() {
		if !m.hasRoles() {
			return
		}
		var keys []string
		for _, r := range m.resourceRels() {
			if !m.rowSecurity(r) {
				continue
			}
			cols := r.table.Columns()
			for _, u := range m.users {
				cfg := m.configured(u.oid)
				if !cfg.Scope.Limited() {
					continue
				}
				stmt, e, ok := buildPolicy(r.schema, r.name, u.name, cols, cfg.Scope)
				if !ok {
					continue
				}
				m.policyList = append(m.policyList, policy{user: u, rel: r, statement: stmt, expr: e})
				keys = append(keys, policyKey(r, u))
			}
		}
		oids := assignOIDs(keys, catalog.OIDPolicyFirst, catalog.OIDRoleFirst-catalog.OIDPolicyFirst)
		for i := range m.policyList {
			m.policyList[i].oid = oids[policyKey(m.policyList[i].rel, m.policyList[i].user)]
		}
	})
	return m.policyList
}

func policyKey(r *rel, u role) string { return fmt.Sprintf("policy %d %s", r.oid, u.name) }

// policiesOf lists the policies on r.
func (m *model) policiesOf(r *rel) []policy {
	var out []policy
	for _, p := range m.policies() {
		if p.rel == r {
			out = append(out, p)
		}
	}
	return out
}

func policyFills(t fillTable) {
	t.add("pg_catalog.pg_policy", func(m *model, out *rows) {
		for _, p := range m.policies() {
			out.add(R{"oid": I(p.oid), "polname": p.user.name, "polrelid": I(p.rel.oid), "polcmd": "*",
				"polpermissive": true, "polroles": []any{I(p.user.oid)}, "polqual": p.expr.tree, "polwithcheck": nil})
		}
	})
	t.add("pg_catalog.pg_policies", func(m *model, out *rows) {
		for _, p := range m.policies() {
			out.add(R{"schemaname": p.rel.schema, "tablename": p.rel.name, "policyname": p.user.name, "permissive": "PERMISSIVE",
				"roles": []any{p.user.name}, "cmd": "ALL", "qual": p.expr.text, "with_check": nil})
		}
	})
}

// policyExprText is pg_get_expr of a policy's polqual on relation o.
func (m *model) policyExprText(tree string, o uint32, pretty bool) (string, bool) {
	r, ok := m.relOf(o)
	if !ok {
		return "", false
	}
	for _, p := range m.policiesOf(r) {
		if p.expr.tree != tree {
			continue
		}
		if pretty {
			return p.expr.pretty, true
		}
		return p.expr.text, true
	}
	return "", false
}

// PolicyStatements lists the CREATE POLICY statements equivalent to the
// policies, in the order that makes them, for the differential test
// against PostgreSQL 15.
func (s *Snapshot) PolicyStatements() []string {
	var out []string
	for _, p := range s.m.policies() {
		out = append(out, p.statement)
	}
	return out
}

// withRowSecurity sets a pg_class row's relrowsecurity and relacl under
// roles.
func (m *model) withRowSecurity(r *rel, row A) {
	if m.rowSecurity(r) {
		row[classCols["relrowsecurity"]], row[classCols["relacl"]] = true, m.aclOf(r)
	}
}
