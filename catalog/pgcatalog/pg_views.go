package pgcatalog

// The convenience views over relations.

func init() {
	register("pg_catalog.pg_tables", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind == 'r' {
				out.add(R{"schemaname": r.schema, "tablename": r.name, "tableowner": m.ownerName(r.owner),
					"hasindexes": r.hasIndex(), "hasrules": false, "hastriggers": false, "rowsecurity": false})
			}
		}
	})
	register("pg_catalog.pg_views", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind == 'v' {
				out.add(R{"schemaname": r.schema, "viewname": r.name, "viewowner": m.ownerName(r.owner),
					"definition": viewDefinition(r)})
			}
		}
	})
	register("pg_catalog.pg_indexes", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind == 'i' && r.indexOf.kind == 'r' {
				out.add(R{"schemaname": r.schema, "tablename": r.indexOf.name, "indexname": r.name,
					"indexdef": indexDef(r, 0, true)})
			}
		}
	})
	register("pg_catalog.pg_stat_user_tables", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind != 'r' || r.def != nil {
				continue
			}
			var idx any // NULL for a table without indexes
			if r.index != nil {
				idx = I(0)
			}
			out.add(R{"relid": I(r.oid), "schemaname": r.schema, "relname": r.name,
				"seq_scan": I(0), "seq_tup_read": I(0), "idx_scan": idx, "idx_tup_fetch": idx,
				"n_tup_ins": I(0), "n_tup_upd": I(0), "n_tup_del": I(0), "n_tup_hot_upd": I(0),
				"n_live_tup": I(0), "n_dead_tup": I(0), "n_mod_since_analyze": I(0), "n_ins_since_vacuum": I(0),
				"vacuum_count": I(0), "autovacuum_count": I(0), "analyze_count": I(0), "autoanalyze_count": I(0)})
		}
	})
}

func (m *model) ownerName(o uint32) string {
	name, _ := m.roleName(o)
	return name
}

// viewDefinition is what pg_views.definition and pg_get_viewdef show for a
// catalog view. vpnsql computes its views in Go, so there is no SELECT to
// show; the text says so, as a comment, after a statement that parses.
func viewDefinition(r *rel) string {
	return " SELECT NULL; -- " + qualified(r.schema, r.name) + " is computed by vpnsql"
}
