package pgcatalog

import (
	"strconv"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
)

// Foreign keys (catalog.Referencing), shown as PostgreSQL 15 shows
//
//	ALTER TABLE <table> ADD FOREIGN KEY (<columns>) REFERENCES <ref> NOT VALID
//
// a pg_constraint row (contype f, convalidated false, NO ACTION, MATCH
// SIMPLE), the four internal RI triggers in pg_trigger, relhastriggers on
// both tables, pg_depend rows and information_schema's rows.

const classPgTrigger uint32 = 2620

// The RI trigger functions (PostgreSQL's pg_proc OIDs) and tgtype bits
// (ROW 1, INSERT 4, DELETE 8, UPDATE 16).
const (
	procCheckIns          uint32 = 1644 // RI_FKey_check_ins
	procCheckUpd          uint32 = 1645 // RI_FKey_check_upd
	procCascadeDel        uint32 = 1646 // RI_FKey_cascade_del
	procNoActionDel       uint32 = 1654 // RI_FKey_noaction_del
	procNoActionUpd       uint32 = 1655 // RI_FKey_noaction_upd
	tgRowInsert                  = 1 | 4
	tgRowDelete                  = 1 | 8
	tgRowUpdate                  = 1 | 16
	triggersPerForeignKey        = 4
)

// foreignKey is a foreign key with the relations it joins.
type foreignKey struct {
	catalog.ForeignKey
	from, to *rel    // referencing table, referenced table
	cols     []int64 // referencing attnums
	refCols  []int64 // the referenced primary key's attnums
}

// riTrigger is one of a foreign key's internal triggers.
type riTrigger struct {
	oid     uint32
	on      *rel   // the table it fires on
	other   *rel   // tgconstrrelid: the constraint's other table
	fn      uint32 // tgfoid
	tgtype  int64
	checker bool // a check trigger on the referencing table (RI_ConstraintTrigger_c_)
}

// triggers lists the foreign key's triggers in the order PostgreSQL 15's
// ALTER TABLE ADD FOREIGN KEY creates them, each taking the next OID after
// the constraint's: the referenced table's ON DELETE and ON UPDATE action
// triggers, then the referencing table's INSERT and UPDATE check triggers.
func (f *foreignKey) triggers() []riTrigger {
	onDelete := procNoActionDel
	if f.Cascade {
		onDelete = procCascadeDel
	}
	return []riTrigger{
		{oid: f.OID + 1, on: f.to, other: f.from, fn: onDelete, tgtype: tgRowDelete},
		{oid: f.OID + 2, on: f.to, other: f.from, fn: procNoActionUpd, tgtype: tgRowUpdate},
		{oid: f.OID + 3, on: f.from, other: f.to, fn: procCheckIns, tgtype: tgRowInsert, checker: true},
		{oid: f.OID + 4, on: f.from, other: f.to, fn: procCheckUpd, tgtype: tgRowUpdate, checker: true},
	}
}

func (tr riTrigger) name() string {
	kind := "a"
	if tr.checker {
		kind = "c"
	}
	return "RI_ConstraintTrigger_" + kind + "_" + strconv.FormatUint(uint64(tr.oid), 10)
}

// foreignKeysOf resolves the foreign keys the resource tables declare; one
// whose referenced table is missing or has no primary key is not shown.
func (m *model) foreignKeysOf() []foreignKey {
	var out []foreignKey
	for _, r := range m.resourceRels() {
		ref, ok := r.table.(catalog.Referencing)
		if r.kind != 'r' || !ok {
			continue
		}
		for _, fk := range ref.ForeignKeys() {
			to := m.tableNamed(fk.RefSchema, fk.RefTable)
			if to == nil || to.index == nil {
				continue
			}
			f := foreignKey{ForeignKey: fk, from: r, to: to, refCols: to.key}
			for _, c := range fk.Columns {
				f.cols = append(f.cols, int64(c+1))
			}
			out = append(out, f)
		}
	}
	return out
}

// tableNamed finds a resource table by schema and name.
func (m *model) tableNamed(schema, name string) *rel {
	for _, r := range m.resourceRels() {
		if r.kind == 'r' && r.schema == schema && r.name == name {
			return r
		}
	}
	return nil
}

// hasTriggers is pg_class.relhastriggers: for a resource table, whether
// it has an RI trigger, on either side of a foreign key.
func (m *model) hasTriggers(r *rel) bool {
	if r.class != nil {
		return r.class[classCols["relhastriggers"]].(bool)
	}
	for _, f := range m.fks {
		if f.from == r || f.to == r {
			return true
		}
	}
	return false
}

// foreignKeyByOID finds a foreign key by its constraint OID.
func (m *model) foreignKeyByOID(o uint32) (foreignKey, bool) {
	for _, f := range m.fks {
		if f.OID == o {
			return f, true
		}
	}
	return foreignKey{}, false
}

// equalityOperator is the "=" operator of a type with itself (texteq's
// 98 for text): pg_constraint's conpfeqop, conppeqop and conffeqop.
func equalityOperator(typ uint32) any {
	for o, op := range operatorByOID {
		if op[operatorCols["oprname"]] == "=" && oid(op[operatorCols["oprleft"]]) == typ && oid(op[operatorCols["oprright"]]) == typ {
			return I(o)
		}
	}
	return nil
}

func (f *foreignKey) constraintRow() R {
	var eqops []any
	for _, k := range f.cols {
		eqops = append(eqops, equalityOperator(oid(f.from.attrs[k-1][attTypID])))
	}
	return R{"oid": I(f.OID), "conname": f.Name, "connamespace": I(f.from.ns), "contype": "f",
		"condeferrable": false, "condeferred": false, "convalidated": false, "conrelid": I(f.from.oid),
		"contypid": I(0), "conindid": I(f.to.index.oid), "conparentid": I(0), "confrelid": I(f.to.oid),
		"confupdtype": "a", "confdeltype": f.deleteAction(), "confmatchtype": "s", "conislocal": true,
		"coninhcount": I(0), "connoinherit": true, "conkey": int64s(f.cols), "confkey": int64s(f.refCols),
		"conpfeqop": eqops, "conppeqop": eqops, "conffeqop": eqops}
}

func (tr riTrigger) row(f *foreignKey) R {
	return R{"oid": I(tr.oid), "tgrelid": I(tr.on.oid), "tgparentid": I(0), "tgname": tr.name(),
		"tgfoid": I(tr.fn), "tgtype": I(tr.tgtype), "tgenabled": "O", "tgisinternal": true,
		"tgconstrrelid": I(tr.other.oid), "tgconstrindid": I(f.to.index.oid), "tgconstraint": I(f.OID),
		"tgdeferrable": false, "tginitdeferred": false, "tgnargs": I(0), "tgattr": []any{}, "tgargs": []byte{}}
}

// dependencies are the foreign key's pg_depend rows: the constraint on the
// referenced columns and index (normal) and on its own columns (auto), each
// trigger on the constraint (internal).
func (f *foreignKey) dependencies(dep func(classid, objid, refclass, refobj uint32, refsub int64, kind string)) {
	for _, k := range f.refCols {
		dep(classPgConstraint, f.OID, classPgClass, f.to.oid, k, "n")
	}
	dep(classPgConstraint, f.OID, classPgClass, f.to.index.oid, 0, "n")
	for _, k := range f.cols {
		dep(classPgConstraint, f.OID, classPgClass, f.from.oid, k, "a")
	}
	for _, tr := range f.triggers() {
		dep(classPgTrigger, tr.oid, classPgConstraint, f.OID, 0, "i")
	}
}

// definition is pg_get_constraintdef: the referenced table is qualified
// unless the search path finds it by name (visible).
func (f *foreignKey) definition(visible bool) string {
	names := func(r *rel, keys []int64) string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = QuoteIdent(r.columnName(k))
		}
		return strings.Join(out, ", ")
	}
	table := QuoteIdent(f.to.name)
	if !visible {
		table = QuoteIdent(f.to.schema) + "." + table
	}
	def := "FOREIGN KEY (" + names(f.from, f.cols) + ") REFERENCES " + table + "(" + names(f.to, f.refCols) + ")"
	if f.Cascade {
		def += " ON DELETE CASCADE"
	}
	return def + " NOT VALID"
}

// deleteAction is pg_constraint.confdeltype: a (NO ACTION) or c (CASCADE).
func (f *foreignKey) deleteAction() string {
	if f.Cascade {
		return "c"
	}
	return "a"
}

func foreignKeyFills(t fillTable) {
	t.add("pg_catalog.pg_trigger", func(m *model, out *rows) {
		for i := range m.fks {
			f := &m.fks[i]
			for _, tr := range f.triggers() {
				out.add(tr.row(f))
			}
		}
	})
	t.add("information_schema.referential_constraints", func(m *model, out *rows) {
		for _, f := range m.fks {
			if !m.visibleTo(f.from, "awdDxt") {
				continue
			}
			out.add(R{"constraint_catalog": db, "constraint_schema": f.from.schema, "constraint_name": f.Name,
				"unique_constraint_catalog": db, "unique_constraint_schema": f.to.schema,
				"unique_constraint_name": f.to.index.name, "match_option": "NONE",
				"update_rule": "NO ACTION", "delete_rule": map[string]string{"a": "NO ACTION", "c": "CASCADE"}[f.deleteAction()]})
		}
	})
}

// TriggerDef is pg_get_triggerdef of a foreign key's RI trigger, as
// PostgreSQL 15 prints a constraint trigger: the table it fires on is
// qualified unless pretty and visible, the other table unless visible.
func (s *Snapshot) TriggerDef(o uint32, pretty bool) (string, bool) {
	for i := range s.m.fks {
		f := &s.m.fks[i]
		for _, tr := range f.triggers() {
			if tr.oid != o {
				continue
			}
			name := func(r *rel, always bool) string {
				if visible, _ := s.RelationVisible(r.oid); visible && !always {
					return QuoteIdent(r.name)
				}
				return QuoteIdent(r.schema) + "." + QuoteIdent(r.name)
			}
			event := map[int64]string{tgRowInsert: "INSERT", tgRowDelete: "DELETE", tgRowUpdate: "UPDATE"}[tr.tgtype]
			return "CREATE CONSTRAINT TRIGGER " + QuoteIdent(tr.name()) + " AFTER " + event + " ON " + name(tr.on, !pretty) +
				" FROM " + name(tr.other, false) + " NOT DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION " +
				QuoteIdent(riFunctionNames[tr.fn]) + "()", true
		}
	}
	return "", false
}

var riFunctionNames = map[uint32]string{procCheckIns: "RI_FKey_check_ins", procCheckUpd: "RI_FKey_check_upd",
	procCascadeDel: "RI_FKey_cascade_del", procNoActionDel: "RI_FKey_noaction_del", procNoActionUpd: "RI_FKey_noaction_upd"}
