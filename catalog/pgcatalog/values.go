package pgcatalog

import "github.com/jackc/pgx/v5/pgtype"

// Short names for the generated row literals (generated.go): a row is an
// A of values in vpnsql's Go representation (see package catalog).
type (
	A = []any
	I = int64
	F = float64
)

// Iv is an interval value in a generated row.
func Iv(months, days int32, us int64) pgtype.Interval {
	return pgtype.Interval{Months: months, Days: days, Microseconds: us, Valid: true}
}

// relDef is a built-in relation as PostgreSQL 15 defines it (generated):
// a catalog table or view, an index of one, or a TOAST table.
type relDef struct {
	Schema   string
	Name     string
	Class    A      // its pg_class row
	Index    A      // an index's pg_index row
	IndexDef string // an index's pg_get_indexdef
	Attrs    []A    // pg_attribute rows of its columns, by attnum (system columns are added)

	// From Class, at init.
	OID       uint32
	Kind      byte   // relkind
	RowType   uint32 // reltype
	ArrayType uint32 // the row type's array type
	ACL       any    // relacl: []any of aclitem text, or nil
}
