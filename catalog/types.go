package catalog

import (
	"github.com/jackc/pgx/v5/pgtype"
)

// Type is a PostgreSQL data type as the catalog and the wire see it. OIDs and
// sizes are PostgreSQL 15's own, because drivers hard-code them.
type Type struct {
	OID  uint32
	Name string // pg_type.typname
	Len  int16  // pg_type.typlen: -1 variable, -2 C string
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
	Bool        = &Type{OID: pgtype.BoolOID, Name: "bool", Len: 1}
	Int2        = &Type{OID: pgtype.Int2OID, Name: "int2", Len: 2}
	Int4        = &Type{OID: pgtype.Int4OID, Name: "int4", Len: 4}
	Int8        = &Type{OID: pgtype.Int8OID, Name: "int8", Len: 8}
	Float4      = &Type{OID: pgtype.Float4OID, Name: "float4", Len: 4}
	Float8      = &Type{OID: pgtype.Float8OID, Name: "float8", Len: 8}
	Numeric     = &Type{OID: pgtype.NumericOID, Name: "numeric", Len: -1}
	Text        = &Type{OID: pgtype.TextOID, Name: "text", Len: -1}
	Varchar     = &Type{OID: pgtype.VarcharOID, Name: "varchar", Len: -1}
	Name        = &Type{OID: pgtype.NameOID, Name: "name", Len: 64}
	Bytea       = &Type{OID: pgtype.ByteaOID, Name: "bytea", Len: -1}
	JSONType    = &Type{OID: pgtype.JSONOID, Name: "json", Len: -1}
	JSONB       = &Type{OID: pgtype.JSONBOID, Name: "jsonb", Len: -1}
	Timestamptz = &Type{OID: pgtype.TimestamptzOID, Name: "timestamptz", Len: 8}
	Date        = &Type{OID: pgtype.DateOID, Name: "date", Len: 4}
	OIDType     = &Type{OID: pgtype.OIDOID, Name: "oid", Len: 4}
	Unknown     = &Type{OID: pgtype.UnknownOID, Name: "unknown", Len: -2}
	TextArray   = &Type{OID: pgtype.TextArrayOID, Name: "_text", Len: -1}
)
