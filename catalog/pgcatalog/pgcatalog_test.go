package pgcatalog

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/value"
)

// testCatalog is the catalog vpnsql serves: the resource table, then the
// system catalogs over it.
func testCatalog() *catalog.Catalog {
	c := catalog.New(ec2.NewVPNConnections(nil))
	c.Add(Tables(c)...)
	return c
}

func testContext() context.Context { return testContextAs("alice") }

// testContextAs is a session of user; postgres owns the catalogs, so it
// may read the restricted ones.
func testContextAs(user string) context.Context {
	return catalog.WithSession(context.Background(), catalog.Session{
		User: user, Database: "aws", PID: 42, ApplicationName: "test", SearchPath: []string{"ec2", "public"},
		Settings: func() map[string]string {
			return map[string]string{"search_path": "ec2, public", "TimeZone": "UTC", "vpnsql.dry_run": "off",
				"statement_timeout": "1500ms", "idle_session_timeout": "5min"}
		},
	})
}

func scan(t *testing.T, c *catalog.Catalog, schema, name string) (catalog.Table, [][]any) {
	t.Helper()
	tbl := c.Lookup(schema, name, nil)
	if tbl == nil {
		t.Fatalf("%s.%s missing", schema, name)
	}
	rows, err := tbl.Scan(testContext(), catalog.ScanRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return tbl, rows
}

// find returns the rows whose named columns equal the given values.
func find(tbl catalog.Table, rows [][]any, kv ...any) [][]any {
	var out [][]any
	for _, r := range rows {
		ok := true
		for i := 0; i < len(kv); i += 2 {
			if r[catalog.ColumnIndex(tbl, kv[i].(string))] != kv[i+1] {
				ok = false
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

func get(tbl catalog.Table, row []any, col string) any {
	i := catalog.ColumnIndex(tbl, col)
	if i < 0 || tbl.Columns()[i].Name != col {
		panic("no column " + col)
	}
	return row[i]
}

// TestTables_ValuesMatchColumnTypes scans every relation (as postgres,
// which may read them all) and checks each value has the Go
// representation of its column's type, and NOT NULL columns are never
// NULL.
func TestTables_ValuesMatchColumnTypes(t *testing.T) {
	c := testCatalog()
	for _, tbl := range c.Tables() {
		if _, ok := tbl.(*vtable); !ok {
			continue
		}
		rows, err := tbl.Scan(testContextAs("postgres"), catalog.ScanRequest{})
		if err != nil {
			t.Fatalf("%s: %v", tbl.Name(), err)
		}
		for _, r := range rows {
			if len(r) != len(tbl.Columns()) {
				t.Fatalf("%s: row has %d values for %d columns", tbl.Name(), len(r), len(tbl.Columns()))
			}
			for i, col := range tbl.Columns() {
				if err := checkValue(r[i], col.Type); err != nil {
					t.Errorf("%s.%s: %v", tbl.Name(), col.Name, err)
				}
				if col.NotNull && r[i] == nil {
					t.Errorf("%s.%s is NOT NULL but NULL in %v", tbl.Name(), col.Name, r)
				}
			}
		}
	}
}

func checkValue(v any, t *value.Type) error {
	if v == nil {
		return nil
	}
	ok := false
	switch {
	case t == value.Bool:
		_, ok = v.(bool)
	case t == value.Float4 || t == value.Float8:
		_, ok = v.(float64)
	case t.IsNumeric() || t == value.XID || t == value.CID || t == value.XID8:
		_, ok = v.(int64)
	case t == value.Timestamptz:
		_, ok = v.(time.Time)
	case t == value.Interval:
		_, ok = v.(pgtype.Interval)
	case t.ElementType() != nil:
		arr, isArr := v.([]any)
		if isArr {
			for _, e := range arr {
				if err := checkValue(e, t.ElementType()); err != nil {
					return err
				}
			}
		}
		ok = isArr
	case t == value.Bytea:
		_, ok = v.([]byte)
	default:
		_, ok = v.(string)
	}
	if !ok {
		return fmt.Errorf("%T value %v for type %s", v, v, t)
	}
	return nil
}
