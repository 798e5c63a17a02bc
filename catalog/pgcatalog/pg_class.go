package pgcatalog

import (
	"slices"

	"github.com/vpnsql/vpnsql/catalog"
)

// Relations, their columns, keys and comments.

func pgClassFills(t fillTable) {
	t.static("pg_catalog.pg_namespace", func(m *model, out *rows) {
		for _, n := range m.nss {
			out.add(R{"oid": I(n.oid), "nspname": n.name, "nspowner": I(n.owner), "nspacl": n.acl})
		}
	})
	// The built-in relations' rows are fixed; a resource table's depend on
	// the session's role (row security) and its last scan (reltuples).
	t.split("pg_catalog.pg_class", func(m *model, out *rows) {
		for _, r := range builtinRels.list {
			out.addRow(r.class)
		}
	}, func(m *model, out *rows) {
		for _, r := range m.resourceRels() {
			if r.class != nil {
				out.addRow(r.class)
				continue
			}
			// The state's row, with what changes after it was made:
			// neither column is pushable, so the check can come first.
			if row := m.classRows[r]; out.keep(row) {
				row = slices.Clone(row)
				row[classCols["reltuples"]] = relTuples(r)
				m.withRowSecurity(r, row)
				out.data = append(out.data, row)
			}
		}
	})
	t.static("pg_catalog.pg_attribute", func(m *model, out *rows) {
		for _, r := range m.rels {
			for _, a := range r.attrs {
				out.addRow(a)
			}
		}
	})
	t.static("pg_catalog.pg_index", func(m *model, out *rows) {
		for _, r := range m.rels {
			if r.kind != 'i' {
				continue
			}
			if r.indexRow != nil {
				out.addRow(r.indexRow)
				continue
			}
			n := I(len(r.key))
			var collations, classes, options []any
			for _, a := range r.attrs {
				collations = append(collations, a[attrCols["attcollation"]])
				class := I(0)
				if oid(a[attTypID]) == 25 {
					class = I(oidTextBtreeOps)
				}
				classes = append(classes, class)
				options = append(options, I(0))
			}
			var pred any
			nullsNotDistinct := false
			if r.unique != nil {
				nullsNotDistinct = r.unique.NullsNotDistinct
				if r.unique.PredicateTree != "" {
					pred = r.unique.PredicateTree
				}
			}
			out.add(R{"indexrelid": I(r.oid), "indrelid": I(r.indexOf.oid), "indnatts": n, "indnkeyatts": n,
				"indisunique": true, "indnullsnotdistinct": nullsNotDistinct, "indisprimary": r.constraint != 0, "indisexclusion": false,
				"indimmediate": true, "indisclustered": false, "indisvalid": true, "indcheckxmin": false,
				"indisready": true, "indislive": true, "indisreplident": false, "indkey": int64s(r.key),
				"indcollation": collations, "indclass": classes, "indoption": options, "indpred": pred})
		}
	})
	t.static("pg_catalog.pg_constraint", func(m *model, out *rows) {
		for _, c := range constraintRows {
			out.addRow(c)
		}
		for _, r := range m.rels {
			if r.kind != 'i' || r.constraint == 0 {
				continue
			}
			out.add(R{"oid": I(r.constraint), "conname": r.name, "connamespace": I(r.ns), "contype": "p",
				"condeferrable": false, "condeferred": false, "convalidated": true, "conrelid": I(r.indexOf.oid),
				"contypid": I(0), "conindid": I(r.oid), "conparentid": I(0), "confrelid": I(0),
				"confupdtype": " ", "confdeltype": " ", "confmatchtype": " ", "conislocal": true,
				"coninhcount": I(0), "connoinherit": true, "conkey": int64s(r.key)})
		}
		for i := range m.fks {
			out.add(m.fks[i].constraintRow())
		}
	})
	// FirstUnpinnedObjectId (PostgreSQL 15's transam.h).
	const firstUnpinnedObjectID = 12000
	t.static("pg_catalog.pg_depend", func(m *model, out *rows) {
		dep := func(classid, objid uint32, refclass, refobj uint32, refsub int64, kind string) {
			out.add(R{"classid": I(classid), "objid": I(objid), "objsubid": I(0), "refclassid": I(refclass),
				"refobjid": I(refobj), "refobjsubid": refsub, "deptype": kind})
		}
		for _, p := range m.ownProcs {
			// PostgreSQL records no dependency on a pinned object (OID below
			// FirstUnpinnedObjectId, 12000), such as a built-in return type.
			if rt := oid(p[procCols["prorettype"]]); rt >= firstUnpinnedObjectID {
				dep(classPgProc, oid(p[0]), classPgType, rt, 0, "n")
			}
			dep(classPgProc, oid(p[0]), classPgNamespace, oid(p[procCols["pronamespace"]]), 0, "n")
		}
		for _, r := range m.rels {
			if r.def != nil {
				continue
			}
			switch r.kind {
			case 'r', 'v':
				dep(classPgType, r.rowType, classPgClass, r.oid, 0, "i")
				dep(classPgType, r.arrayType, classPgType, r.rowType, 0, "i")
				dep(classPgClass, r.oid, classPgNamespace, r.ns, 0, "n")
			case 't':
				dep(classPgClass, r.oid, classPgClass, r.indexOf.oid, 0, "i")
			case 'i':
				if r.constraint == 0 { // the TOAST table's index, a unique index
					for _, k := range r.key {
						dep(classPgClass, r.oid, classPgClass, r.indexOf.oid, k, "a")
					}
					if r.unique != nil {
						for _, c := range r.unique.PredicateColumns {
							dep(classPgClass, r.oid, classPgClass, r.indexOf.oid, int64(c+1), "a")
						}
					}
					continue
				}
				dep(classPgClass, r.oid, classPgConstraint, r.constraint, 0, "i")
				for _, k := range r.key {
					dep(classPgConstraint, r.constraint, classPgClass, r.indexOf.oid, k, "a")
				}
			}
		}
		for i := range m.fks {
			m.fks[i].dependencies(dep)
		}
	})
	t.static("pg_catalog.pg_description", func(m *model, out *rows) {
		for _, d := range m.descriptions() {
			out.addRow(d)
		}
	})
}

func classRow(r *rel) R {
	am, filenode, rowType := I(0), I(0), I(r.rowType)
	relpages, reltuples := I(0), relTuples(r)
	replident, minmxid := "n", I(0)
	switch r.kind {
	case 'r':
		am, filenode, replident, minmxid = I(oidHeapAM), I(r.oid), "d", I(1)
	case 'i':
		am, filenode, rowType = I(oidBtreeAM), I(r.oid), 0
		relpages = 1
	}
	toast, frozen := I(0), I(0)
	if r.toast != nil {
		toast = I(r.toast.oid)
	}
	if r.kind == 'r' {
		frozen = frozenXID
	}
	tablespace := I(0)
	if r.isShared() {
		tablespace = I(1664)
	}
	return R{
		"oid": I(r.oid), "relname": r.name, "relnamespace": I(r.ns), "reltype": rowType, "reloftype": I(0),
		"relowner": I(r.owner), "relam": am, "relfilenode": filenode, "reltablespace": tablespace,
		"relpages": relpages, "reltuples": reltuples, "relallvisible": I(0), "reltoastrelid": toast,
		"relhasindex": r.index != nil, "relisshared": r.isShared(), "relpersistence": "p",
		"relkind": string(r.kind), "relnatts": I(len(r.userColumns())), "relchecks": I(0),
		"relhasrules": r.kind == 'v', "relhastriggers": false, "relhassubclass": false,
		"relrowsecurity": false, "relforcerowsecurity": false, "relispopulated": true,
		"relreplident": replident, "relispartition": false, "relrewrite": I(0), "relfrozenxid": frozen,
		"relminmxid": minmxid, "relacl": r.acl,
	}
}

// relTuples is pg_class.reltuples of a resource table's relation: a
// table's row count at its last complete scan, as ANALYZE leaves it
// (catalog/stats.go), -1 before one; 0 for an index, as freshly built.
func relTuples(r *rel) any {
	switch r.kind {
	case 'r':
		if n, ok := catalog.LastCompleteScan(r.table); ok {
			return F(float64(n))
		}
	case 'i':
		return F(0)
	}
	return F(-1)
}

func int64s(v []int64) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = x
	}
	return out
}
