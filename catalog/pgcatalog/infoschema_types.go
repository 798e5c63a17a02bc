package pgcatalog

import "fmt"

// The rest of information_schema's populated views: domains, collations,
// the privileges on routines, types and collations, the role_* views and
// element_types. Each follows its PostgreSQL 15 definition over vpnsql's
// own catalog rows (pg_type, pg_proc, pg_collation, pg_constraint), so a
// view shows exactly the objects vpnsql's pg_catalog lists.

func infoSchemaTypeFills(t fillTable) {
	t.add("information_schema.information_schema_catalog_name", func(m *model, out *rows) {
		out.add(R{"catalog_name": db})
	})
	t.add("information_schema.domains", func(m *model, out *rows) {
		for _, t := range m.domains() {
			base, _ := m.typeRowOf(oid(t[typeCols["typbasetype"]]))
			row := typmodFacts(oid(base[0]), t[typeCols["typtypmod"]].(int64))
			dataType := "USER-DEFINED"
			switch {
			case oid(t[typElem]) != 0 && t[typLen] == I(-1):
				dataType = "ARRAY"
			case oid(base[typNamespace]) == oidPgCatalog:
				dataType = m.formatType(oid(base[0]), -1, false, nil)
			}
			row["domain_catalog"], row["domain_schema"], row["domain_name"] = db, m.typeSchema(t), t[typName]
			row["data_type"], row["domain_default"], row["dtd_identifier"] = dataType, t[typeCols["typdefault"]], "1"
			row["udt_catalog"], row["udt_schema"], row["udt_name"] = db, m.typeSchema(base), base[typName]
			m.collationColumns(row, oid(t[typCollation]))
			out.add(row)
		}
	})
	t.add("information_schema.domain_constraints", func(m *model, out *rows) {
		for _, t := range m.domains() {
			for _, c := range constraintRows {
				if oid(c[conCols["contypid"]]) == oid(t[0]) {
					out.add(R{"constraint_catalog": db, "constraint_schema": m.nsByOID[oid(c[conCols["connamespace"]])].name,
						"constraint_name": c[conCols["conname"]], "domain_catalog": db, "domain_schema": m.typeSchema(t),
						"domain_name": t[typName], "is_deferrable": yesNo(c[conCols["condeferrable"]].(bool)),
						"initially_deferred": yesNo(c[conCols["condeferred"]].(bool))})
				}
			}
		}
	})
	t.add("information_schema.domain_udt_usage", func(m *model, out *rows) {
		for _, t := range m.types() {
			if t[typeCols["typtype"]] != "d" {
				continue
			}
			// Listed by the base type's owner, not the domain's visibility.
			base, _ := m.typeRowOf(oid(t[typeCols["typbasetype"]]))
			if m.hasRole(m.user.oid, oid(base[typeCols["typowner"]])) {
				out.add(R{"udt_catalog": db, "udt_schema": m.typeSchema(base), "udt_name": base[typName],
					"domain_catalog": db, "domain_schema": m.typeSchema(t), "domain_name": t[typName]})
			}
		}
	})
	t.add("information_schema.constraint_table_usage", func(m *model, out *rows) {
		// Primary keys and unique constraints name their own table, a
		// foreign key the table it references.
		for _, r := range m.rels {
			if r.kind != 'r' || !m.hasRole(m.user.oid, r.owner) {
				continue
			}
			for _, k := range m.keys(r) {
				out.add(R{"table_catalog": db, "table_schema": r.schema, "table_name": r.name,
					"constraint_catalog": db, "constraint_schema": r.schema, "constraint_name": k.name})
			}
		}
		for _, f := range m.fks {
			if m.hasRole(m.user.oid, f.to.owner) {
				out.add(R{"table_catalog": db, "table_schema": f.to.schema, "table_name": f.to.name,
					"constraint_catalog": db, "constraint_schema": f.from.schema, "constraint_name": f.Name})
			}
		}
	})
	t.add("information_schema.collations", func(m *model, out *rows) {
		for _, c := range m.collations() {
			out.add(R{"collation_catalog": db, "collation_schema": m.nsByOID[oid(c[collCols["collnamespace"]])].name,
				"collation_name": c[collCols["collname"]], "pad_attribute": "NO PAD"})
		}
	})
	t.add("information_schema.collation_character_set_applicability", func(m *model, out *rows) {
		for _, c := range m.collations() {
			out.add(R{"collation_catalog": db, "collation_schema": m.nsByOID[oid(c[collCols["collnamespace"]])].name,
				"collation_name": c[collCols["collname"]], "character_set_name": "UTF8"})
		}
	})
	t.add("information_schema.routine_privileges", func(m *model, out *rows) {
		for _, p := range m.procs() {
			ns := m.nsByOID[oid(p[procCols["pronamespace"]])].name
			for _, g := range m.objectGrants(p[procCols["proacl"]], oid(p[procCols["proowner"]]), "X") {
				g["specific_catalog"], g["specific_schema"], g["specific_name"] = db, ns, specificName(p)
				g["routine_catalog"], g["routine_schema"], g["routine_name"] = db, ns, p[1]
				g["privilege_type"] = "EXECUTE"
				out.add(g)
			}
		}
	})
	t.add("information_schema.udt_privileges", func(m *model, out *rows) {
		for _, t := range m.types() {
			if t[typeCols["typtype"]] != "c" {
				continue
			}
			for _, g := range m.objectGrants(t[typeCols["typacl"]], oid(t[typeCols["typowner"]]), "U") {
				g["udt_catalog"], g["udt_schema"], g["udt_name"], g["privilege_type"] = db, m.typeSchema(t), t[typName], "TYPE USAGE"
				out.add(g)
			}
		}
	})
	t.add("information_schema.usage_privileges", func(m *model, out *rows) {
		// Collations are listed unfiltered, as granted to PUBLIC by their
		// owner; vpnsql has no foreign data wrappers, servers or sequences.
		for _, c := range m.collations() {
			if owner, ok := m.roleName(oid(c[collCols["collowner"]])); ok {
				out.add(R{"grantor": owner, "grantee": "PUBLIC", "object_catalog": db,
					"object_schema": m.nsByOID[oid(c[collCols["collnamespace"]])].name, "object_name": c[collCols["collname"]],
					"object_type": "COLLATION", "privilege_type": "USAGE", "is_grantable": "NO"})
			}
		}
		for _, t := range m.types() {
			if t[typeCols["typtype"]] != "d" {
				continue
			}
			for _, g := range m.objectGrants(t[typeCols["typacl"]], oid(t[typeCols["typowner"]]), "U") {
				g["object_catalog"], g["object_schema"], g["object_name"] = db, m.typeSchema(t), t[typName]
				g["object_type"], g["privilege_type"] = "DOMAIN", "USAGE"
				out.add(g)
			}
		}
	})
	// The role_* views are their base view restricted to grants whose
	// grantor or grantee is an enabled role (so not those to PUBLIC alone).
	for view, base := range map[string]string{"role_column_grants": "column_privileges",
		"role_routine_grants": "routine_privileges", "role_udt_grants": "udt_privileges",
		"role_usage_grants": "usage_privileges"} {
		t.add("information_schema."+view, func(m *model, out *rows) {
			enabled := map[any]bool{}
			for _, r := range m.roles {
				enabled[r.name] = m.hasRole(m.user.oid, r.oid)
			}
			for _, r := range m.viewRows("information_schema." + base) {
				if enabled[r["grantor"]] || enabled[r["grantee"]] {
					out.add(r)
				}
			}
		})
	}
	t.add("information_schema.data_type_privileges", func(m *model, out *rows) {
		for _, r := range m.dataTypeObjects() {
			out.add(R{"object_catalog": db, "object_schema": r.schema, "object_name": r.name,
				"object_type": r.kind, "dtd_identifier": r.dtd})
		}
	})
	t.add("information_schema.element_types", elementTypes)
}

// typedObject is a row of data_type_privileges: an object and the
// descriptor of one of its data types.
type typedObject struct{ schema, name, kind, dtd any }

// dataTypeObjects is data_type_privileges: the union of the views that
// describe data types, each already filtered by the session's privileges.
func (m *model) dataTypeObjects() []typedObject {
	var out []typedObject
	for _, s := range [...]struct{ view, schema, name, kind string }{
		{"attributes", "udt_schema", "udt_name", "USER-DEFINED TYPE"},
		{"columns", "table_schema", "table_name", "TABLE"},
		{"domains", "domain_schema", "domain_name", "DOMAIN"},
		{"parameters", "specific_schema", "specific_name", "ROUTINE"},
		{"routines", "specific_schema", "specific_name", "ROUTINE"},
	} {
		for _, r := range m.viewRows("information_schema." + s.view) {
			out = append(out, typedObject{r[s.schema], r[s.name], s.kind, r["dtd_identifier"]})
		}
	}
	return out
}

// elementTypes lists the element type of every array-typed column, domain,
// parameter and result whose descriptor data_type_privileges shows.
func elementTypes(m *model, out *rows) {
	visible := map[typedObject]bool{}
	for _, o := range m.dataTypeObjects() {
		visible[o] = true
	}
	add := func(ns uint32, name, kind string, dtd int64, typ, coll uint32) {
		schema := m.nsByOID[ns].name
		if !visible[typedObject{schema, name, kind, fmt.Sprint(dtd)}] {
			return
		}
		at, ok := m.typeRowOf(typ)
		if !ok || oid(at[typElem]) == 0 || at[typLen] != I(-1) { // int2vector and oidvector count as arrays here
			return
		}
		elem, _ := m.typeRowOf(oid(at[typElem]))
		dataType := "USER-DEFINED"
		if oid(elem[typNamespace]) == oidPgCatalog {
			dataType = m.formatType(oid(elem[0]), -1, false, nil)
		}
		row := R{"object_catalog": db, "object_schema": schema, "object_name": name, "object_type": kind,
			"collection_type_identifier": fmt.Sprint(dtd), "data_type": dataType, "udt_catalog": db,
			"udt_schema": m.typeSchema(elem), "udt_name": elem[typName], "dtd_identifier": fmt.Sprint("a", dtd)}
		m.collationColumns(row, coll)
		out.add(row)
	}
	for _, r := range m.rels {
		kind := map[byte]string{'r': "TABLE", 'v': "TABLE", 'f': "TABLE", 'p': "TABLE", 'c': "USER-DEFINED TYPE"}[r.kind]
		if kind == "" {
			continue
		}
		for _, a := range r.userColumns() {
			add(r.ns, r.name, kind, a[attNum].(int64), oid(a[attTypID]), oid(a[attrCols["attcollation"]]))
		}
	}
	for _, t := range m.types() {
		if t[typeCols["typtype"]] == "d" {
			add(oid(t[typNamespace]), t[typName].(string), "DOMAIN", 1, oid(t[typeCols["typbasetype"]]), oid(t[typCollation]))
		}
	}
	for _, p := range m.procs() {
		ns, name := oid(p[procCols["pronamespace"]]), specificName(p)
		args, _ := p[procCols["proallargtypes"]].([]any)
		if args == nil {
			args, _ = p[procCols["proargtypes"]].([]any)
		}
		for i, t := range args {
			add(ns, name, "ROUTINE", int64(i+1), oid(t), 0)
		}
		add(ns, name, "ROUTINE", 0, oid(p[procCols["prorettype"]]), 0)
	}
}

// viewRows runs another view's populate function, for the views PostgreSQL
// defines over other information_schema views.
func (m *model) viewRows(name string) []R {
	t := newVTable(m.cat, defs[name])
	data := t.rows(m, nil)
	out := make([]R, len(data))
	for i, d := range data {
		out[i] = R{}
		for j, c := range t.cols {
			out[i][c.Name] = d[j]
		}
	}
	return out
}

// types are pg_type's rows: the built-in types and the resource tables'
// row and array types.
func (m *model) types() []A {
	out := typeRows[:len(typeRows):len(typeRows)]
	for _, r := range m.resourceRels() {
		if r.kind == 'r' || r.kind == 'v' {
			row, arr := rowTypeRows(r)
			out = append(out, row, arr)
		}
	}
	return out
}

// domains are the domains the session owns or may use (the filter of
// domains and domain_constraints).
func (m *model) domains() []A {
	var out []A
	for _, t := range m.types() {
		if t[typeCols["typtype"]] == "d" && m.aclAllows(m.user.oid, oid(t[typeCols["typowner"]]), t[typeCols["typacl"]], "U", "U", false) {
			out = append(out, t)
		}
	}
	return out
}

func (m *model) typeSchema(t A) string { return m.nsByOID[oid(t[typNamespace])].name }

// collations are those usable with the database's encoding (UTF8).
func (m *model) collations() []A {
	var out []A
	for _, c := range collationRows {
		if e := c[collCols["collencoding"]].(int64); e == -1 || e == encodingUTF8 {
			out = append(out, c)
		}
	}
	return out
}

// collationColumns names a collation other than the database default.
func (m *model) collationColumns(row R, coll uint32) {
	for _, c := range collationRows {
		ns := oid(c[collCols["collnamespace"]])
		if oid(c[0]) == coll && (ns != oidPgCatalog || c[collCols["collname"]] != "default") {
			row["collation_catalog"], row["collation_schema"], row["collation_name"] = db, m.nsByOID[ns].name, c[collCols["collname"]]
		}
	}
}

// objectGrants is aclexplode(coalesce(acl, acldefault(...))) of a function
// or type for one privilege letter (the default grants it to PUBLIC and the
// owner), as the rows routine_privileges, udt_privileges and
// usage_privileges show the session: those it granted or holds, and those
// to PUBLIC. The grantee may grant it when it has the owner's privileges
// or the grant option.
func (m *model) objectGrants(acl any, owner uint32, letter string) []R {
	items := parseACL(acl)
	if acl == nil {
		name := m.ownerName(owner)
		items = []aclItem{{grantee: "PUBLIC", grantor: name, privs: letter}, {grantee: name, grantor: name, privs: letter}}
	}
	var out []R
	for _, a := range items {
		grantor, ok := m.roleOID(a.grantor)
		grantee, known := m.roleOID(a.grantee) // PUBLIC is OID 0
		if !ok || !(known || a.grantee == "PUBLIC") || !containsLetter(a.privs, letter) {
			continue
		}
		if a.grantee == "PUBLIC" || m.hasRole(m.user.oid, grantor) || m.hasRole(m.user.oid, grantee) {
			grantable := (known && m.hasRole(grantee, owner)) || containsLetter(a.grantable, letter)
			out = append(out, R{"grantor": a.grantor, "grantee": a.grantee, "is_grantable": yesNo(grantable)})
		}
	}
	return out
}

func containsLetter(privs, letter string) bool {
	for i := range privs {
		if privs[i:i+1] == letter {
			return true
		}
	}
	return false
}

// typmodFacts ports the information_schema._pg_char_max_length,
// _pg_char_octet_length, _pg_numeric_precision, _pg_numeric_precision_radix,
// _pg_numeric_scale and _pg_datetime_precision functions. interval_type
// stays NULL: no domain over interval exists in vpnsql.
func typmodFacts(typ uint32, mod int64) R {
	r := R{}
	switch typ {
	case 1042, 1043: // bpchar, varchar; octets at UTF8's 4 bytes a character
		if mod != -1 {
			r["character_maximum_length"], r["character_octet_length"] = mod-4, (mod-4)*4
		}
	case 1560, 1562: // bit, varbit
		if mod != -1 {
			r["character_maximum_length"] = mod
		}
	}
	if (typ == 25 || typ == 1042 || typ == 1043) && mod == -1 {
		r["character_octet_length"] = I(1 << 30)
	}
	if p, ok := map[uint32]I{21: 16, 23: 32, 20: 64, 700: 24, 701: 53}[typ]; ok {
		r["numeric_precision"], r["numeric_precision_radix"] = p, I(2)
		if typ != 700 && typ != 701 {
			r["numeric_scale"] = I(0)
		}
	}
	if typ == 1700 {
		r["numeric_precision_radix"] = I(10)
		if mod != -1 {
			r["numeric_precision"], r["numeric_scale"] = ((mod-4)>>16)&0xffff, (mod-4)&0xffff
		}
	}
	switch typ {
	case 1082:
		r["datetime_precision"] = I(0)
	case 1083, 1114, 1184, 1266:
		r["datetime_precision"] = mod
		if mod < 0 {
			r["datetime_precision"] = I(6)
		}
	case 1186:
		r["datetime_precision"] = I(6)
		if mod >= 0 && mod&0xffff != 0xffff {
			r["datetime_precision"] = mod & 0xffff
		}
	}
	return r
}
