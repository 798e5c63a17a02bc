package pgcatalog

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/value"
)

// The convenience views over relations.

func pgViewsFills(t fillTable) {
	t.add("pg_catalog.pg_tables", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind == 'r' {
				out.add(R{"schemaname": r.schema, "tablename": r.name, "tableowner": m.ownerName(r.owner),
					"tablespace": tablespaceName(r), "hasindexes": r.hasIndex(), "hasrules": false,
					"hastriggers": m.hasTriggers(r), "rowsecurity": false})
			}
		}
	})
	t.add("pg_catalog.pg_views", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind == 'v' {
				out.add(R{"schemaname": r.schema, "viewname": r.name, "viewowner": m.ownerName(r.owner),
					"definition": viewDefinition(r)})
			}
		}
	})
	t.add("pg_catalog.pg_indexes", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind == 'i' && r.indexOf.kind == 'r' {
				out.add(R{"schemaname": r.schema, "tablename": r.indexOf.name, "indexname": r.name,
					"tablespace": tablespaceName(r),
					"indexdef":   indexDef(r, 0, true, false)})
			}
		}
	})
	// The statistics views: vpnsql keeps no activity counters, so every
	// counter is 0 and every time NULL, as after pg_stat_reset(), but for
	// n_live_tup: a resource table's last complete scan counted its rows.
	for _, v := range []string{"all", "sys", "user"} {
		which := v
		for _, name := range []string{"pg_stat_%s_tables", "pg_stat_xact_%s_tables", "pg_statio_%s_tables"} {
			t.add("pg_catalog."+fmt.Sprintf(name, which), func(m *model, out *rows) {
				for _, r := range m.rels {
					if (r.kind == 'r' || r.kind == 't') && (which == "all" || statsKind(r) == which) {
						out.add(tableStats(r, out.t))
					}
				}
			})
		}
		for _, name := range []string{"pg_stat_%s_indexes", "pg_statio_%s_indexes"} {
			t.add("pg_catalog."+fmt.Sprintf(name, which), func(m *model, out *rows) {
				for _, r := range m.rels {
					if r.kind == 'i' && (which == "all" || statsKind(r.indexOf) == which) {
						out.add(indexStats(r, out.t))
					}
				}
			})
		}
	}
	t.add("pg_catalog.pg_stat_database", func(m *model, out *rows) {
		backends := I(0)
		switch {
		case m.hasSess && m.sess.Activity != nil:
			backends = I(len(m.sess.Activity()))
		case m.hasSess:
			backends = 1
		}
		aws := R{"datid": I(catalog.OIDDatabase), "datname": catalog.Database, "numbackends": backends}
		for _, db := range []R{{"datid": I(0)}, aws} {
			out.add(zeroCounters(db, out.t, "checksum_failures", "checksum_last_failure", "stats_reset"))
		}
	})
	t.add("pg_catalog.pg_stat_database_conflicts", func(m *model, out *rows) {
		out.add(zeroCounters(R{"datid": I(catalog.OIDDatabase), "datname": catalog.Database}, out.t))
	})
	// The server-wide ones: one row, counted since the server started.
	for _, name := range []string{"pg_stat_archiver", "pg_stat_bgwriter", "pg_stat_wal", "pg_stat_recovery_prefetch"} {
		t.add("pg_catalog."+name, func(m *model, out *rows) {
			out.add(zeroCounters(R{"stats_reset": serverStart}, out.t))
		})
	}
}

func hasKey(m map[string]int, k string) bool {
	_, ok := m[k]
	return ok
}

// serverStart is when the statistics views' counters began: the process's
// start.
var serverStart = time.Now().UTC()

// statsKind is "sys" for the relations of the system schemas, "user" for
// the others, as the pg_stat_sys_* and pg_stat_user_* views divide them.
func statsKind(r *rel) string {
	if r.ns == oidPgCatalog || r.ns == oidInfoSchema || r.ns == oidToastSchema {
		return "sys"
	}
	return "user"
}

// zeroCounters completes a statistics row: every numeric column not set
// is 0, the time columns and those in null stay NULL.
func zeroCounters(row R, t *vtable, null ...string) R {
	for _, c := range t.cols {
		if _, set := row[c.Name]; set || slices.Contains(null, c.Name) {
			continue
		}
		switch c.Type {
		case value.Int8, value.Int4:
			row[c.Name] = I(0)
		case value.Float8:
			row[c.Name] = F(0)
		}
	}
	return row
}

func tableStats(r *rel, t *vtable) R {
	var null []string
	if !r.hasIndex() {
		null = append(null, "idx_scan", "idx_tup_fetch", "idx_blks_read", "idx_blks_hit")
	}
	if r.toastOf() == nil {
		null = append(null, "toast_blks_read", "toast_blks_hit", "tidx_blks_read", "tidx_blks_hit")
	}
	row := R{"relid": I(r.oid), "schemaname": r.schema, "relname": r.name}
	if n, ok := catalog.LastCompleteScan(r.table); ok && hasKey(t.idx, "n_live_tup") {
		row["n_live_tup"] = I(n) // the last complete scan's rows (catalog/stats.go)
	}
	return zeroCounters(row, t, null...)
}

func indexStats(idx *rel, t *vtable) R {
	return zeroCounters(R{"relid": I(idx.indexOf.oid), "indexrelid": I(idx.oid), "schemaname": idx.schema,
		"relname": idx.indexOf.name, "indexrelname": idx.name}, t)
}

// tablespaceName is the name of a relation's tablespace when it is not
// the database's default (the shared catalogs' pg_global), else NULL.
func tablespaceName(r *rel) any {
	if r.class == nil {
		return nil
	}
	o := oid(r.class[classCols["reltablespace"]])
	for _, t := range tablespaceRows {
		if o != 0 && oid(t[0]) == o {
			return t[1]
		}
	}
	return nil
}

func (m *model) ownerName(o uint32) string {
	name, _ := m.roleName(o)
	return name
}

// viewDefinition is what pg_views.definition and pg_get_viewdef show for a
// catalog view. vpnsql computes its views in Go, so there is no SELECT to
// show; the text says so, as a comment, after a statement that parses.
func viewDefinition(r *rel) string {
	if r.table != nil {
		return ResourceViewDefinition(r.table)
	}
	return " SELECT NULL; -- " + qualified(r.schema, r.name) + " is computed by vpnsql"
}

// builtinModel answers questions about built-in objects only.
var builtinModel = &model{catalogState: &catalogState{nsByOID: map[uint32]namespace{}}}

// ResourceViewDefinition is the definition pg_views and pg_get_viewdef
// show for a view vpnsql computes (catalog.View, vpnsql.api_calls): a
// SELECT of typed NULLs naming its columns, as PostgreSQL 15 prints
// CREATE VIEW ... AS SELECT NULL::type AS col, ... WHERE false (the
// differential tests' reference declares exactly that). The rows come
// from vpnsql, not from this SELECT.
func ResourceViewDefinition(t catalog.Table) string {
	cols := make([]string, len(t.Columns()))
	for i, c := range t.Columns() {
		cols[i] = "NULL::" + builtinModel.formatType(c.Type.OID, -1, false, nil) + " AS " + QuoteIdent(c.Name)
	}
	return " SELECT " + strings.Join(cols, ",\n    ") + "\n  WHERE false;"
}
