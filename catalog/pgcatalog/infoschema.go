package pgcatalog

import (
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
)

// information_schema, computed from the same model as pg_catalog and
// following PostgreSQL 15's view definitions (information_schema.sql). The
// views' privilege filters pass everything: every object is visible to
// every user (see has_table_privilege).

const db = catalog.Database

func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

func infoSchemaFills(t fillTable) {
	t.add("information_schema.schemata", func(m *model, out *rows) {
		for _, n := range m.nss {
			if m.schemaAllows(m.user.oid, n, "UC", false) {
				out.add(R{"catalog_name": db, "schema_name": n.name, "schema_owner": m.ownerName(n.owner)})
			}
		}
	})
	t.add("information_schema.tables", func(m *model, out *rows) {
		for _, r := range m.rels {
			typ := map[byte]string{'r': "BASE TABLE", 'v': "VIEW"}[r.kind]
			if typ == "" || !m.visibleTo(r, tablePrivilegeLetters) {
				continue
			}
			out.add(R{"table_catalog": db, "table_schema": r.schema, "table_name": r.name, "table_type": typ,
				"is_insertable_into": yesNo(r.kind == 'r'), "is_typed": "NO"})
		}
	})
	t.add("information_schema.views", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind == 'v' && m.visibleTo(r, tablePrivilegeLetters) {
				out.add(R{"table_catalog": db, "table_schema": r.schema, "table_name": r.name,
					"view_definition": viewDefinition(r), "check_option": "NONE", "is_updatable": "NO",
					"is_insertable_into": "NO", "is_trigger_updatable": "NO", "is_trigger_deletable": "NO",
					"is_trigger_insertable_into": "NO"})
			}
		}
	})
	t.add("information_schema.columns", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind != 'r' && r.kind != 'v' {
				continue
			}
			for _, a := range r.userColumns() {
				if !m.relationAllows(m.user.oid, r, a[attNum].(int64), columnPrivilegeLetters, false) {
					continue
				}
				row := R{"table_catalog": db, "table_schema": r.schema, "table_name": r.name,
					"column_name": a[attName], "ordinal_position": a[attNum],
					"is_nullable": yesNo(!a[attNotNull].(bool)), "dtd_identifier": fmt.Sprint(a[attNum]),
					"is_self_referencing": "NO", "is_identity": "NO", "identity_cycle": "NO",
					"is_generated": "NEVER", "is_updatable": yesNo(r.kind == 'r')}
				m.describeType(row, out.t.idx, oid(a[attTypID]), a[attTypMod].(int64), oid(a[attrCols["attcollation"]]), "udt_", true)
				out.add(row)
			}
		}
	})
	t.add("information_schema.table_constraints", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind != 'r' || !m.visibleTo(r, "awdDxt") {
				continue
			}
			for _, k := range m.keys(r) {
				out.add(constraintRow(r, k.name, k.typ))
			}
			for _, a := range r.userColumns() {
				if a[attNotNull].(bool) {
					out.add(constraintRow(r, notNullName(r, a), "CHECK"))
				}
			}
		}
		for _, f := range m.fks {
			if m.visibleTo(f.from, "awdDxt") {
				out.add(constraintRow(f.from, f.Name, "FOREIGN KEY"))
			}
		}
	})
	t.add("information_schema.check_constraints", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind != 'r' || !m.hasRole(m.user.oid, r.owner) {
				continue
			}
			for _, a := range r.userColumns() {
				if a[attNotNull].(bool) {
					out.add(R{"constraint_catalog": db, "constraint_schema": r.schema,
						"constraint_name": notNullName(r, a), "check_clause": a[attName].(string) + " IS NOT NULL"})
				}
			}
		}
	})
	t.add("information_schema.key_column_usage", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind != 'r' {
				continue
			}
			for _, k := range m.keys(r) {
				for i, n := range k.columns {
					if !m.relationAllows(m.user.oid, r, n, columnPrivilegeLetters, false) {
						continue
					}
					out.add(R{"constraint_catalog": db, "constraint_schema": r.schema, "constraint_name": k.name,
						"table_catalog": db, "table_schema": r.schema, "table_name": r.name,
						"column_name": r.columnName(n), "ordinal_position": I(i + 1)})
				}
			}
		}
		for _, f := range m.fks {
			for i, n := range f.cols {
				if !m.relationAllows(m.user.oid, f.from, n, columnPrivilegeLetters, false) {
					continue
				}
				// position_in_unique_constraint: the referenced column's
				// place in the referenced primary key.
				pos := I(0)
				for j, k := range f.to.key {
					if k == f.refCols[i] {
						pos = I(j + 1)
					}
				}
				out.add(R{"constraint_catalog": db, "constraint_schema": f.from.schema, "constraint_name": f.Name,
					"table_catalog": db, "table_schema": f.from.schema, "table_name": f.from.name,
					"column_name": f.from.columnName(n), "ordinal_position": I(i + 1),
					"position_in_unique_constraint": pos})
			}
		}
	})
	t.add("information_schema.constraint_column_usage", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind != 'r' || !m.hasRole(m.user.oid, r.owner) {
				continue
			}
			for _, k := range m.keys(r) {
				for _, n := range k.columns {
					out.add(R{"table_catalog": db, "table_schema": r.schema, "table_name": r.name,
						"column_name": r.columnName(n), "constraint_catalog": db, "constraint_schema": r.schema,
						"constraint_name": k.name})
				}
			}
		}
		// A foreign key uses the referenced table's columns.
		for _, f := range m.fks {
			if !m.hasRole(m.user.oid, f.to.owner) {
				continue
			}
			for _, n := range f.refCols {
				out.add(R{"table_catalog": db, "table_schema": f.to.schema, "table_name": f.to.name,
					"column_name": f.to.columnName(n), "constraint_catalog": db, "constraint_schema": f.from.schema,
					"constraint_name": f.Name})
			}
		}
	})
	t.add("information_schema.character_sets", func(m *model, out *rows) {
		out.add(R{"character_set_name": "UTF8", "character_repertoire": "UCS", "form_of_use": "UTF8",
			"default_collate_catalog": db})
	})
	t.add("information_schema.enabled_roles", func(m *model, out *rows) {
		for _, r := range m.roles {
			if m.hasRole(m.user.oid, r.oid) {
				out.add(R{"role_name": r.name})
			}
		}
	})
	t.add("information_schema.applicable_roles", func(m *model, out *rows) {
		for _, r := range m.roles {
			if r.oid != m.user.oid && m.hasRole(m.user.oid, r.oid) {
				out.add(R{"grantee": m.user.name, "role_name": r.name, "is_grantable": "NO"})
			}
		}
	})
	t.add("information_schema.table_privileges", func(m *model, out *rows) { tablePrivileges(m, out, true) })
	t.add("information_schema.role_table_grants", func(m *model, out *rows) { tablePrivileges(m, out, false) })
	t.add("information_schema.column_privileges", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind != 'r' && r.kind != 'v' {
				continue
			}
			tableGrants := m.grants(m.aclOf(r), r.owner, true)
			for _, a := range r.userColumns() {
				gs := tableGrants
				if acl := a[attrCols["attacl"]]; acl != nil {
					gs = append(m.grants(acl, r.owner, true), gs...)
				}
				seen := map[grant]bool{}
				for _, g := range gs {
					if !strings.Contains(columnPrivilegeLetters, g.priv) || seen[g] {
						continue
					}
					seen[g] = true
					out.add(R{"grantor": g.grantor, "grantee": g.grantee, "table_catalog": db,
						"table_schema": r.schema, "table_name": r.name, "column_name": a[attName],
						"privilege_type": privilegeNames[g.priv], "is_grantable": yesNo(g.grantable)})
				}
			}
		}
	})
	t.add("information_schema.routines", func(m *model, out *rows) {
		for _, p := range m.procs() {
			kind := map[string]any{"f": "FUNCTION", "p": "PROCEDURE"}[p[procCols["prokind"]].(string)]
			lang := languageName(oid(p[procCols["prolang"]]))
			body, external := "EXTERNAL", any(nil)
			if lang == "sql" {
				body = "SQL"
			}
			if lang == "c" {
				external = p[procCols["prosrc"]]
			}
			ns := m.nsByOID[oid(p[procCols["pronamespace"]])].name
			row := R{"specific_catalog": db, "specific_schema": ns, "specific_name": specificName(p),
				"routine_catalog": db, "routine_schema": ns, "routine_name": p[1], "routine_type": kind,
				"dtd_identifier": "0", "routine_body": body,
				"external_name": external, "external_language": strings.ToUpper(lang), "parameter_style": "GENERAL",
				"is_deterministic": yesNo(p[procCols["provolatile"]] == "i"), "sql_data_access": "MODIFIES",
				"is_null_call": yesNo(p[procCols["proisstrict"]].(bool)), "schema_level_routine": "YES",
				"max_dynamic_result_sets": I(0), "security_type": map[bool]string{true: "DEFINER", false: "INVOKER"}[p[procCols["prosecdef"]].(bool)],
				"as_locator": "NO", "is_udt_dependent": "NO"}
			if m.hasRole(m.user.oid, oid(p[procCols["proowner"]])) {
				row["routine_definition"] = p[procCols["prosrc"]]
			}
			m.describeType(row, out.t.idx, oid(p[procCols["prorettype"]]), -1, 0, "type_udt_", false)
			out.add(row)
		}
	})
	t.add("information_schema.parameters", func(m *model, out *rows) {
		for _, p := range m.procs() {
			types, _ := p[procCols["proallargtypes"]].([]any)
			if types == nil {
				types, _ = p[procCols["proargtypes"]].([]any)
			}
			modes, _ := p[procCols["proargmodes"]].([]any)
			names, _ := p[procCols["proargnames"]].([]any)
			for i, t := range types {
				mode := "IN"
				if modes != nil {
					mode = map[string]string{"i": "IN", "o": "OUT", "b": "INOUT", "v": "IN", "t": "OUT"}[modes[i].(string)]
				}
				var name any
				if i < len(names) && names[i] != "" {
					name = names[i]
				}
				row := R{"specific_catalog": db, "specific_schema": m.nsByOID[oid(p[procCols["pronamespace"]])].name, "specific_name": specificName(p),
					"ordinal_position": I(i + 1), "parameter_mode": mode, "is_result": "NO", "as_locator": "NO",
					"parameter_name": name, "dtd_identifier": fmt.Sprint(i + 1)}
				m.describeType(row, out.t.idx, oid(t), -1, 0, "udt_", false)
				out.add(row)
			}
		}
	})
}

func specificName(p A) string { return fmt.Sprintf("%s_%d", p[1], p[0]) }

func languageName(o uint32) string {
	for _, l := range languageRows {
		if oid(l[0]) == o {
			return l[1].(string)
		}
	}
	return ""
}

func constraintRow(r *rel, name, typ string) R {
	return R{"constraint_catalog": db, "constraint_schema": r.schema, "constraint_name": name,
		"table_catalog": db, "table_schema": r.schema, "table_name": r.name, "constraint_type": typ,
		"is_deferrable": "NO", "initially_deferred": "NO", "enforced": "YES"}
}

// notNullName is the name information_schema gives a NOT NULL column's
// implicit check constraint: nspoid_reloid_attnum_not_null.
func notNullName(r *rel, a A) string {
	return fmt.Sprintf("%d_%d_%d_not_null", r.ns, r.oid, a[attNum])
}

// describeType fills the data_type, domain and udt columns
// information_schema derives from a type, and with facts the length,
// precision and collation ones from its typmod (routines and parameters
// leave those NULL, as in PostgreSQL). prefix names the udt columns
// ("udt_" or "type_udt_").
func (m *model) describeType(row R, cols map[string]int, typ uint32, typmod int64, collation uint32, prefix string, facts bool) {
	setIf := func(k string, v any) {
		if _, ok := cols[k]; ok {
			row[k] = v
		}
	}
	t, ok := m.typeRowOf(typ)
	if !ok {
		return
	}
	base, baseOID := t, typ
	if t[typeCols["typtype"]] == "d" {
		baseOID = oid(t[typeCols["typbasetype"]])
		base, _ = m.typeRowOf(baseOID)
		typmod = t[typeCols["typtypmod"]].(int64)
		setIf("domain_catalog", db)
		setIf("domain_schema", m.nsByOID[oid(t[typNamespace])].name)
		setIf("domain_name", t[typName])
	}
	switch {
	case oid(base[typElem]) != 0 && base[typLen].(int64) == -1:
		row["data_type"] = "ARRAY"
	case oid(base[typNamespace]) == oidPgCatalog:
		row["data_type"] = m.formatType(baseOID, -1, false, nil)
	default:
		row["data_type"] = "USER-DEFINED"
	}
	row[prefix+"catalog"], row[prefix+"schema"], row[prefix+"name"] = db, m.nsByOID[oid(base[typNamespace])].name, base[typName]
	if !facts {
		return
	}
	switch baseOID {
	case 1042, 1043, 25: // bpchar, varchar, text
		if typmod >= 4 {
			setIf("character_maximum_length", typmod-4)
			setIf("character_octet_length", (typmod-4)*4)
		} else {
			setIf("character_octet_length", I(1<<30))
		}
	case 1560, 1562:
		if typmod >= 0 {
			setIf("character_maximum_length", typmod)
		}
	case 21, 23, 20:
		setIf("numeric_precision", map[uint32]I{21: 16, 23: 32, 20: 64}[baseOID])
		setIf("numeric_precision_radix", I(2))
		setIf("numeric_scale", I(0))
	case 700, 701:
		setIf("numeric_precision", map[uint32]I{700: 24, 701: 53}[baseOID])
		setIf("numeric_precision_radix", I(2))
	case 1700:
		setIf("numeric_precision_radix", I(10))
		if typmod >= 4 {
			setIf("numeric_precision", ((typmod-4)>>16)&0xffff)
			setIf("numeric_scale", (typmod-4)&0xffff)
		}
	case 1082:
		setIf("datetime_precision", I(0))
	case 1083, 1114, 1184, 1266, 1186:
		p := I(6)
		if typmod >= 0 {
			p = typmod
		}
		setIf("datetime_precision", p)
	}
	if collation != 0 && collation != oidDefaultCollate {
		for _, c := range collationRows {
			if oid(c[0]) == collation {
				setIf("collation_catalog", db)
				setIf("collation_schema", "pg_catalog")
				setIf("collation_name", c[1])
			}
		}
	}
}

// grant is one privilege from a relation's ACL.
type grant struct {
	grantor, grantee string
	priv             string // ACL letter
	grantable        bool
}

var privilegeNames = map[string]string{"a": "INSERT", "r": "SELECT", "w": "UPDATE", "d": "DELETE",
	"D": "TRUNCATE", "x": "REFERENCES", "t": "TRIGGER"}

const (
	tablePrivilegeLetters  = "arwdDxt"
	columnPrivilegeLetters = "arwx"
)

// grants expands a relation's or column's ACL (NULL: the owner has
// everything) into the privileges the session may see: those it granted
// or holds, and, with public, those granted to PUBLIC.
func (m *model) grants(acl any, ownerOID uint32, public bool) []grant {
	owner := m.ownerName(ownerOID)
	items := parseACL(acl)
	if acl == nil {
		items = parseACL([]any{owner + "=" + tablePrivilegeLetters + "/" + owner})
	}
	var out []grant
	for _, a := range items {
		grantor, _ := m.roleOID(a.grantor)
		seen := m.hasRole(m.user.oid, grantor) || (a.grantee != "PUBLIC" && m.enabled(m.user.oid, a.grantee)) ||
			(public && a.grantee == "PUBLIC")
		if !seen {
			continue
		}
		for _, p := range a.privs {
			out = append(out, grant{grantor: a.grantor, grantee: a.grantee, priv: string(p),
				grantable: strings.ContainsRune(a.grantable, p) || a.grantee == owner})
		}
	}
	return out
}

// key is a primary key or unique constraint.
type key struct {
	name, typ string
	columns   []int64 // attnums
}

// keys lists a table's primary key and unique constraints: a resource
// table's primary key, or the catalogs' own.
func (m *model) keys(r *rel) []key {
	if r.def == nil {
		if r.index == nil {
			return nil
		}
		return []key{{name: r.index.name, typ: "PRIMARY KEY", columns: r.key}}
	}
	var out []key
	for _, c := range constraintRows {
		if oid(c[conCols["conrelid"]]) != r.oid {
			continue
		}
		typ := map[string]string{"p": "PRIMARY KEY", "u": "UNIQUE"}[c[conCols["contype"]].(string)]
		if typ == "" {
			continue
		}
		k := key{name: c[conCols["conname"]].(string), typ: typ}
		for _, n := range c[conCols["conkey"]].([]any) {
			k.columns = append(k.columns, n.(int64))
		}
		out = append(out, k)
	}
	return out
}

// tablePrivileges fills table_privileges (public: grants to PUBLIC are
// listed) and role_table_grants (they are not).
func tablePrivileges(m *model, out *rows, public bool) {
	for _, r := range m.rels {
		if r.kind != 'r' && r.kind != 'v' {
			continue
		}
		for _, g := range m.grants(m.aclOf(r), r.owner, public) {
			out.add(R{"grantor": g.grantor, "grantee": g.grantee, "table_catalog": db, "table_schema": r.schema,
				"table_name": r.name, "privilege_type": privilegeNames[g.priv], "is_grantable": yesNo(g.grantable),
				"with_hierarchy": yesNo(g.priv == "r")})
		}
	}
}
