package catalog

// ForeignKey is a foreign key a table declares: its columns reference the
// primary key of another table. vpnsql never enforces one (the cloud
// does, or does not), so every foreign key is NOT VALID, in PostgreSQL's
// meaning: rows that existed before are not guaranteed to satisfy it (AWS
// keeps a deleted connection listed after its gateway is gone). The
// catalogs show it as PostgreSQL 15 shows
//
//	ALTER TABLE <table> ADD FOREIGN KEY (<columns>) REFERENCES <ref> NOT VALID
//
// with the default actions (NO ACTION, MATCH SIMPLE), or ON DELETE
// CASCADE when Cascade is set.
type ForeignKey struct {
	// Name is the constraint name PostgreSQL would choose:
	// <table>_<column>_fkey.
	Name string
	// OID is the pg_constraint OID; the constraint's four internal
	// triggers take OID+1..OID+4, in the order PostgreSQL creates them.
	OID     uint32
	Columns []int // referencing columns, by index in the table's Columns
	// RefSchema and RefTable name the referenced table; the key is its
	// primary key.
	RefSchema, RefTable string
	// Cascade: the referencing rows are parts of the referenced object
	// (a connection's tunnels) and go with it: ON DELETE CASCADE.
	Cascade bool
}

// Referencing is a table with foreign keys.
type Referencing interface {
	ForeignKeys() []ForeignKey
}
