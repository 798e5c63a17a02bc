package expr

import (
	"github.com/vpnsql/vpnsql/value"
)

// Column describes one result column, with what RowDescription carries.
type Column struct {
	Name     string
	TypeOID  uint32
	TypeLen  int16
	TypeMod  int32  // -1 when the type has no modifier
	TableOID uint32 // 0 unless the column is a plain reference to a table column
	AttNum   int16  // attribute number in that table, else 0
}

// ScopeCol is one column visible to expressions: a table column, or an
// output column of a subquery.
type ScopeCol struct {
	Name     string
	Rel      string // the range variable's name (alias or table name)
	T        *value.Type
	TableOID uint32
	Attnum   int16
	Typmod   int32
	Hidden   bool   // not part of * nor of unqualified names (the right copy of a USING column)
	RelID    string // identifies the range-table entry
	Table    string // the catalog table's own name, when the entry is a table
	Pkey     bool   // part of that table's primary key
	// ScalarFunc marks the one column of a function in FROM that
	// returns a base type: the entry's name alone stands for the value.
	ScalarFunc bool
	// WriteResult marks a column of a side-effecting function's result:
	// a condition reading it could only be checked after the call.
	WriteResult bool
}
