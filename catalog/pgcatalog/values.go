package pgcatalog

// Short names for the generated row literals (generated.go): a row is an
// A of values in vpnsql's Go representation (see package catalog).
type (
	A = []any
	I = int64
	F = float64
)

// relDef is a catalog relation as PostgreSQL 15 defines it (generated).
type relDef struct {
	OID       uint32
	Schema    string
	Name      string
	Kind      byte   // relkind: 'r' table, 'v' view
	RowType   uint32 // reltype
	ArrayType uint32 // the row type's array type
	ACL       any    // relacl: []any of aclitem text, or nil
	Attrs     []A    // pg_attribute rows: user columns by attnum, then system columns
}
