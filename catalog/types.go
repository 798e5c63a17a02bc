package catalog

import (
	"github.com/jackc/pgx/v5/pgtype"
)

// Type is a PostgreSQL data type as the catalog and the wire see it. OIDs and
// sizes are PostgreSQL 15's own, because drivers hard-code them.
type Type struct {
	OID     uint32
	Name    string // pg_type.typname
	Len     int16  // pg_type.typlen: -1 variable, -2 C string
	SQLName string // format_type's spelling, used in messages
	Elem    *Type  // element type of an array type
}

// String returns the name PostgreSQL's messages use ("integer", "text").
func (t *Type) String() string {
	if t.SQLName != "" {
		return t.SQLName
	}
	return t.Name
}

// IsNumeric reports whether the type is one of the numeric types, which
// compare and combine with each other.
func (t *Type) IsNumeric() bool {
	switch t {
	case Int2, Int4, Int8, Float4, Float8, Numeric, OIDType:
		return true
	}
	return false
}

// IsString reports whether values of the type are Go strings.
func (t *Type) IsString() bool {
	switch t {
	case Text, Varchar, Name, Unknown:
		return true
	}
	return false
}

// Built-in types vpnsql uses. Values of these types travel through the
// executor as plain Go values:
//
//	bool                   bool
//	int2, int4, int8, oid  int64
//	float4, float8         float64
//	numeric                pgtype.Numeric
//	text, varchar, name    string
//	bytea                  []byte
//	json, jsonb            JSON
//	timestamptz, date      time.Time
//	arrays                 []any (elements as above)
//
// SQL NULL is a nil interface.
var (
	Bool        = &Type{OID: pgtype.BoolOID, Name: "bool", Len: 1, SQLName: "boolean"}
	Int2        = &Type{OID: pgtype.Int2OID, Name: "int2", Len: 2, SQLName: "smallint"}
	Int4        = &Type{OID: pgtype.Int4OID, Name: "int4", Len: 4, SQLName: "integer"}
	Int8        = &Type{OID: pgtype.Int8OID, Name: "int8", Len: 8, SQLName: "bigint"}
	Float4      = &Type{OID: pgtype.Float4OID, Name: "float4", Len: 4, SQLName: "real"}
	Float8      = &Type{OID: pgtype.Float8OID, Name: "float8", Len: 8, SQLName: "double precision"}
	Numeric     = &Type{OID: pgtype.NumericOID, Name: "numeric", Len: -1}
	Text        = &Type{OID: pgtype.TextOID, Name: "text", Len: -1}
	Varchar     = &Type{OID: pgtype.VarcharOID, Name: "varchar", Len: -1, SQLName: "character varying"}
	Name        = &Type{OID: pgtype.NameOID, Name: "name", Len: 64}
	Bytea       = &Type{OID: pgtype.ByteaOID, Name: "bytea", Len: -1}
	JSONType    = &Type{OID: pgtype.JSONOID, Name: "json", Len: -1}
	JSONB       = &Type{OID: pgtype.JSONBOID, Name: "jsonb", Len: -1}
	Timestamptz = &Type{OID: pgtype.TimestamptzOID, Name: "timestamptz", Len: 8, SQLName: "timestamp with time zone"}
	Date        = &Type{OID: pgtype.DateOID, Name: "date", Len: 4}
	OIDType     = &Type{OID: pgtype.OIDOID, Name: "oid", Len: 4}
	Unknown     = &Type{OID: pgtype.UnknownOID, Name: "unknown", Len: -2}
	TextArray   = &Type{OID: pgtype.TextArrayOID, Name: "_text", Len: -1, SQLName: "text[]", Elem: Text}
	Int4Array   = &Type{OID: pgtype.Int4ArrayOID, Name: "_int4", Len: -1, SQLName: "integer[]", Elem: Int4}
	Int8Array   = &Type{OID: pgtype.Int8ArrayOID, Name: "_int8", Len: -1, SQLName: "bigint[]", Elem: Int8}
)

// Types lists the built-in types by OID.
var Types = func() map[uint32]*Type {
	m := map[uint32]*Type{}
	for _, t := range []*Type{Bool, Int2, Int4, Int8, Float4, Float8, Numeric, Text, Varchar, Name, Bytea,
		JSONType, JSONB, Timestamptz, Date, OIDType, Unknown, TextArray, Int4Array, Int8Array} {
		m[t.OID] = t
	}
	return m
}()
