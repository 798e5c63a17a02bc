package pgcatalog

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
)

// servedCatalog is every table of the list of resources and the system
// catalogs over them.
func servedCatalog() *catalog.Catalog {
	c := catalog.New(ec2.Tables(nil, nil)...)
	c.Add(Tables(c)...)
	return c
}

func contextWithPath(path ...string) context.Context {
	return catalog.WithSession(context.Background(), catalog.Session{User: "vpnsql", Database: "aws", SearchPath: path})
}

// TestForeignKeys_Rows: each declared foreign key is a NOT VALID
// pg_constraint row against the referenced primary key, with four
// internal RI triggers on OID+1..OID+4 in PostgreSQL 15's order, and
// relhastriggers on both tables.
func TestForeignKeys_Rows(t *testing.T) {
	c := servedCatalog()
	vpn := c.Lookup("ec2", "vpn_connections", nil)
	fks := vpn.(catalog.Referencing).ForeignKeys()
	if len(fks) < 3 {
		t.Fatalf("vpn_connections declares %d foreign keys", len(fks))
	}
	cons, conRows := scan(t, c, "pg_catalog", "pg_constraint")
	trig, trigRows := scan(t, c, "pg_catalog", "pg_trigger")
	class, classRows := scan(t, c, "pg_catalog", "pg_class")
	for _, tr := range []struct {
		tbl  catalog.Table
		rows [][]any
	}{{cons, conRows}, {trig, trigRows}} {
		for _, r := range tr.rows {
			for i, col := range tr.tbl.Columns() {
				if err := checkValue(r[i], col.Type); err != nil {
					t.Errorf("%s.%s: %v", tr.tbl.Name(), col.Name, err)
				}
			}
		}
	}
	for _, fk := range fks {
		ref := c.Lookup(fk.RefSchema, fk.RefTable, nil)
		rows := find(cons, conRows, "oid", int64(fk.OID))
		if len(rows) != 1 {
			t.Fatalf("%s: %d pg_constraint rows", fk.Name, len(rows))
		}
		r := rows[0]
		for col, want := range map[string]any{"conname": fk.Name, "contype": "f", "convalidated": false,
			"conrelid": int64(vpn.OID()), "confrelid": int64(ref.OID()), "conindid": int64(ref.OID() + 5),
			"confupdtype": "a", "confdeltype": "a", "confmatchtype": "s"} {
			if got := get(cons, r, col); got != want {
				t.Errorf("%s: %s = %v, want %v", fk.Name, col, got, want)
			}
		}
		for i, want := range []struct {
			name, fn string
			on       uint32
			tgtype   int64
		}{
			{"RI_ConstraintTrigger_a_", "1654", ref.OID(), 9},
			{"RI_ConstraintTrigger_a_", "1655", ref.OID(), 17},
			{"RI_ConstraintTrigger_c_", "1644", vpn.OID(), 5},
			{"RI_ConstraintTrigger_c_", "1645", vpn.OID(), 17},
		} {
			o := fk.OID + uint32(i) + 1
			rows := find(trig, trigRows, "oid", int64(o))
			if len(rows) != 1 {
				t.Fatalf("%s: trigger %d: %d rows", fk.Name, o, len(rows))
			}
			r := rows[0]
			if get(trig, r, "tgname") != want.name+itoa(o) || get(trig, r, "tgrelid") != int64(want.on) ||
				get(trig, r, "tgtype") != want.tgtype || itoa(uint32(get(trig, r, "tgfoid").(int64))) != want.fn ||
				get(trig, r, "tgconstraint") != int64(fk.OID) || get(trig, r, "tgisinternal") != true {
				t.Errorf("%s: trigger %d is %v", fk.Name, o, r)
			}
		}
		for _, tbl := range []catalog.Table{vpn, ref} {
			if r := find(class, classRows, "oid", int64(tbl.OID())); len(r) != 1 || get(class, r[0], "relhastriggers") != true {
				t.Errorf("%s: relhastriggers is not true", tbl.Name())
			}
		}
	}
}

// TestForeignKeys_Definitions: pg_get_constraintdef and pg_get_triggerdef
// qualify a table the search path does not find, as PostgreSQL 15 does.
func TestForeignKeys_Definitions(t *testing.T) {
	c := servedCatalog()
	fk := c.Lookup("ec2", "vpn_connections", nil).(catalog.Referencing).ForeignKeys()[0]
	for _, tc := range []struct {
		path               []string
		pretty             bool
		constraint, insert string
	}{
		{[]string{"ec2", "public"}, false,
			`FOREIGN KEY ("customerGatewayId") REFERENCES customer_gateways("customerGatewayId") NOT VALID`,
			`CREATE CONSTRAINT TRIGGER "RI_ConstraintTrigger_c_16483" AFTER INSERT ON ec2.vpn_connections FROM customer_gateways NOT DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION "RI_FKey_check_ins"()`},
		{[]string{"ec2", "public"}, true,
			`FOREIGN KEY ("customerGatewayId") REFERENCES customer_gateways("customerGatewayId") NOT VALID`,
			`CREATE CONSTRAINT TRIGGER "RI_ConstraintTrigger_c_16483" AFTER INSERT ON vpn_connections FROM customer_gateways NOT DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION "RI_FKey_check_ins"()`},
		{[]string{"public"}, true,
			`FOREIGN KEY ("customerGatewayId") REFERENCES ec2.customer_gateways("customerGatewayId") NOT VALID`,
			`CREATE CONSTRAINT TRIGGER "RI_ConstraintTrigger_c_16483" AFTER INSERT ON ec2.vpn_connections FROM ec2.customer_gateways NOT DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION "RI_FKey_check_ins"()`},
	} {
		tc.insert = strings.ReplaceAll(tc.insert, "16483", itoa(fk.OID+3))
		s := NewSnapshot(contextWithPath(tc.path...), c)
		if got, ok := s.ConstraintDef(fk.OID); !ok || got != tc.constraint {
			t.Errorf("path %v: pg_get_constraintdef = %q, want %q", tc.path, got, tc.constraint)
		}
		if got, ok := s.TriggerDef(fk.OID+3, tc.pretty); !ok || got != tc.insert {
			t.Errorf("path %v, pretty %v: pg_get_triggerdef = %q, want %q", tc.path, tc.pretty, got, tc.insert)
		}
	}
}

// TestForeignKeys_MissingReferencedTable: a catalog without the
// referenced tables shows no foreign key, no trigger.
func TestForeignKeys_MissingReferencedTable(t *testing.T) {
	c := testCatalog() // vpn_connections alone
	cons, rows := scan(t, c, "pg_catalog", "pg_constraint")
	if r := find(cons, rows, "contype", "f"); len(r) != 0 {
		t.Errorf("%d foreign keys to missing tables", len(r))
	}
	if _, rows := scan(t, c, "pg_catalog", "pg_trigger"); len(rows) != 0 {
		t.Errorf("%d triggers", len(rows))
	}
}

func itoa(o uint32) string { return strconv.FormatUint(uint64(o), 10) }
