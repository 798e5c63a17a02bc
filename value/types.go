package value

import (
	"strings"
)

// Type is a PostgreSQL data type as the catalog and the wire see it. OIDs,
// names and sizes are PostgreSQL 15's own, because drivers hard-code them;
// catalog/pgcatalog's TestTypes_MatchPostgreSQL checks them against the
// rows the generator dumped from a live PostgreSQL 15 (generated.go there).
type Type struct {
	OID      uint32
	Name     string // pg_type.typname
	Len      int16  // pg_type.typlen: -1 variable, -2 C string
	SQLName  string // format_type's spelling, used in messages
	Elem     *Type  // element type of an array type (nil for int2vector/oidvector: see ElementType)
	Category byte   // pg_type.typcategory: 'N' numeric, 'S' string, 'A' array, 'P' pseudo, ...
	Kind     byte   // pg_type.typtype; 0 means 'b' (base)
	Schema   string // the type's schema; "" means pg_catalog
	Base     *Type  // pg_type.typbasetype of a domain
	Array    *Type  // pg_type.typarray: the array type whose elements are this type (nil if none)
	// Fields names the fields of an anonymous record type (a function
	// returning several columns); values are []any in this order.
	Fields []Field
}

// Field is one field of a record type.
type Field struct {
	Name string
	Type *Type
}

// RecordOf returns an anonymous record type with the given fields.
func RecordOf(fields []Field) *Type {
	return &Type{OID: Record.OID, Name: Record.Name, Len: Record.Len, Category: Record.Category, Kind: Record.Kind, Fields: fields}
}

// String returns the name PostgreSQL's messages use ("integer", "text").
func (t *Type) String() string {
	if t.SQLName != "" {
		return t.SQLName
	}
	return t.Name
}

// Namespace is the schema the type lives in.
func (t *Type) Namespace() string {
	if t.Schema == "" {
		return "pg_catalog"
	}
	return t.Schema
}

// Typtype is pg_type.typtype: 'b' base, 'p' pseudo, 'd' domain, 'c' composite.
func (t *Type) Typtype() byte {
	if t.Kind == 0 {
		return 'b'
	}
	return t.Kind
}

// BaseType is the type itself, or a domain's base type.
func (t *Type) BaseType() *Type {
	for t.Base != nil {
		t = t.Base
	}
	return t
}

// ElementType is the element type of an array, int2vector (int2) or
// oidvector (oid); nil for other types.
func (t *Type) ElementType() *Type {
	switch t {
	case Int2Vector:
		return Int2
	case OIDVector:
		return OIDType
	}
	return t.Elem
}

// IsNumeric reports whether the type is one of the numeric types, which
// compare and combine with each other. Like PostgreSQL's typcategory 'N'
// it includes oid and the reg* aliases of oid; a domain is numeric when its
// base type is.
func (t *Type) IsNumeric() bool {
	switch t.BaseType() {
	case Int2, Int4, Int8, Float4, Float8, Numeric, OIDType,
		Regproc, Regprocedure, Regoper, Regoperator, Regclass, Regtype, Regrole,
		Regnamespace, Regconfig, Regdictionary, Regcollation:
		return true
	}
	return false
}

// IsOIDAlias reports whether the type is oid or one of its reg* aliases,
// whose values are object OIDs (int64).
func (t *Type) IsOIDAlias() bool {
	switch t {
	case OIDType, Regproc, Regprocedure, Regoper, Regoperator, Regclass, Regtype, Regrole,
		Regnamespace, Regconfig, Regdictionary, Regcollation:
		return true
	}
	return false
}

// IsString reports whether values of the type are Go strings that compare
// as text: text, varchar, bpchar, name, "char", unknown and domains over
// them.
func (t *Type) IsString() bool {
	switch t.BaseType() {
	case Text, Varchar, BPChar, Name, Char, Unknown:
		return true
	}
	return false
}

// Built-in types. Values travel through the executor as plain Go values;
// SQL NULL is a nil interface.
//
//	bool                                  bool
//	int2, int4, int8                      int64
//	oid, regproc, regprocedure, regoper,  int64 (the object's OID; the reg* text
//	regoperator, regclass, regtype,       forms are names, converted by the
//	regrole, regnamespace, regconfig,     executor's regXIn/regXOut)
//	regdictionary, regcollation
//	xid, cid, xid8                        int64
//	float4, float8                        float64
//	numeric                               pgtype.Numeric
//	money                                 string (its text form)
//	text, varchar, bpchar, name           string
//	"char"                                string of at most one byte ("" for \0)
//	pg_node_tree, aclitem, xml, jsonpath  string (the text form)
//	tid, pg_lsn                           string (the text form: "(0,1)", "0/16B3748")
//	inet, cidr, macaddr                   string (the text form)
//	bit, varbit                           string of '0' and '1'
//	uuid                                  string, canonical lower-case form
//	bytea                                 []byte
//	json, jsonb                           JSON
//	timestamptz, date, timestamp          time.Time (timestamp: wall clock in UTC)
//	time, timetz                          string (the text form)
//	interval                              pgtype.Interval
//	int2vector, oidvector                 []any of int64 (text form space-separated)
//	arrays                                []any (elements as above; one dimension)
//	domains                               as their base type
//	record                                []any of the fields
//	pseudo-types (any, void, ...)         no values
var (
	Bool           = &Type{OID: 16, Name: "bool", Len: 1, SQLName: "boolean", Category: 'B'}
	Bytea          = &Type{OID: 17, Name: "bytea", Len: -1, Category: 'U'}
	Char           = &Type{OID: 18, Name: "char", Len: 1, SQLName: `"char"`, Category: 'Z'}
	Name           = &Type{OID: 19, Name: "name", Len: 64, Category: 'S'}
	Int8           = &Type{OID: 20, Name: "int8", Len: 8, SQLName: "bigint", Category: 'N'}
	Int2           = &Type{OID: 21, Name: "int2", Len: 2, SQLName: "smallint", Category: 'N'}
	Int2Vector     = &Type{OID: 22, Name: "int2vector", Len: -1, Category: 'A'}
	Int4           = &Type{OID: 23, Name: "int4", Len: 4, SQLName: "integer", Category: 'N'}
	Regproc        = &Type{OID: 24, Name: "regproc", Len: 4, Category: 'N'}
	Text           = &Type{OID: 25, Name: "text", Len: -1, Category: 'S'}
	OIDType        = &Type{OID: 26, Name: "oid", Len: 4, Category: 'N'}
	TID            = &Type{OID: 27, Name: "tid", Len: 6, Category: 'U'}
	XID            = &Type{OID: 28, Name: "xid", Len: 4, Category: 'U'}
	CID            = &Type{OID: 29, Name: "cid", Len: 4, Category: 'U'}
	OIDVector      = &Type{OID: 30, Name: "oidvector", Len: -1, Category: 'A'}
	PGDDLCommand   = &Type{OID: 32, Name: "pg_ddl_command", Len: 8, Category: 'P', Kind: 'p'}
	JSONType       = &Type{OID: 114, Name: "json", Len: -1, Category: 'U'}
	XML            = &Type{OID: 142, Name: "xml", Len: -1, Category: 'U'}
	PGNodeTree     = &Type{OID: 194, Name: "pg_node_tree", Len: -1, Category: 'Z'}
	PGNDistinct    = &Type{OID: 3361, Name: "pg_ndistinct", Len: -1, Category: 'Z'}
	PGDependencies = &Type{OID: 3402, Name: "pg_dependencies", Len: -1, Category: 'Z'}
	PGMCVList      = &Type{OID: 5017, Name: "pg_mcv_list", Len: -1, Category: 'Z'}
	// PGStatistic is pg_statistic's row type: pg_statistic_ext_data has a
	// column of its array type.
	PGStatistic             = &Type{OID: 10029, Name: "pg_statistic", Len: -1, Category: 'C', Kind: 'c'}
	TableAMHandler          = &Type{OID: 269, Name: "table_am_handler", Len: 4, Category: 'P', Kind: 'p'}
	IndexAMHandler          = &Type{OID: 325, Name: "index_am_handler", Len: 4, Category: 'P', Kind: 'p'}
	CIDR                    = &Type{OID: 650, Name: "cidr", Len: -1, Category: 'I'}
	Float4                  = &Type{OID: 700, Name: "float4", Len: 4, SQLName: "real", Category: 'N'}
	Float8                  = &Type{OID: 701, Name: "float8", Len: 8, SQLName: "double precision", Category: 'N'}
	Unknown                 = &Type{OID: 705, Name: "unknown", Len: -2, Category: 'X', Kind: 'p'}
	Money                   = &Type{OID: 790, Name: "money", Len: 8, Category: 'N'}
	Macaddr                 = &Type{OID: 829, Name: "macaddr", Len: 6, Category: 'U'}
	Inet                    = &Type{OID: 869, Name: "inet", Len: -1, Category: 'I'}
	ACLItem                 = &Type{OID: 1033, Name: "aclitem", Len: 12, Category: 'U'}
	BPChar                  = &Type{OID: 1042, Name: "bpchar", Len: -1, SQLName: "character", Category: 'S'}
	Varchar                 = &Type{OID: 1043, Name: "varchar", Len: -1, SQLName: "character varying", Category: 'S'}
	Date                    = &Type{OID: 1082, Name: "date", Len: 4, Category: 'D'}
	Time                    = &Type{OID: 1083, Name: "time", Len: 8, SQLName: "time without time zone", Category: 'D'}
	Timestamp               = &Type{OID: 1114, Name: "timestamp", Len: 8, SQLName: "timestamp without time zone", Category: 'D'}
	Timestamptz             = &Type{OID: 1184, Name: "timestamptz", Len: 8, SQLName: "timestamp with time zone", Category: 'D'}
	Interval                = &Type{OID: 1186, Name: "interval", Len: 16, Category: 'T'}
	Timetz                  = &Type{OID: 1266, Name: "timetz", Len: 12, SQLName: "time with time zone", Category: 'D'}
	Bit                     = &Type{OID: 1560, Name: "bit", Len: -1, Category: 'V'}
	Varbit                  = &Type{OID: 1562, Name: "varbit", Len: -1, SQLName: "bit varying", Category: 'V'}
	Numeric                 = &Type{OID: 1700, Name: "numeric", Len: -1, Category: 'N'}
	Regprocedure            = &Type{OID: 2202, Name: "regprocedure", Len: 4, Category: 'N'}
	Regoper                 = &Type{OID: 2203, Name: "regoper", Len: 4, Category: 'N'}
	Regoperator             = &Type{OID: 2204, Name: "regoperator", Len: 4, Category: 'N'}
	Regclass                = &Type{OID: 2205, Name: "regclass", Len: 4, Category: 'N'}
	Regtype                 = &Type{OID: 2206, Name: "regtype", Len: 4, Category: 'N'}
	Record                  = &Type{OID: 2249, Name: "record", Len: -1, Category: 'P', Kind: 'p'}
	CString                 = &Type{OID: 2275, Name: "cstring", Len: -2, Category: 'P', Kind: 'p'}
	Any                     = &Type{OID: 2276, Name: "any", Len: 4, SQLName: `"any"`, Category: 'P', Kind: 'p'}
	AnyArray                = &Type{OID: 2277, Name: "anyarray", Len: -1, Category: 'P', Kind: 'p'}
	Void                    = &Type{OID: 2278, Name: "void", Len: 4, Category: 'P', Kind: 'p'}
	Trigger                 = &Type{OID: 2279, Name: "trigger", Len: 4, Category: 'P', Kind: 'p'}
	LanguageHandler         = &Type{OID: 2280, Name: "language_handler", Len: 4, Category: 'P', Kind: 'p'}
	Internal                = &Type{OID: 2281, Name: "internal", Len: 8, Category: 'P', Kind: 'p'}
	AnyElement              = &Type{OID: 2283, Name: "anyelement", Len: 4, Category: 'P', Kind: 'p'}
	AnyNonArray             = &Type{OID: 2776, Name: "anynonarray", Len: 4, Category: 'P', Kind: 'p'}
	UUID                    = &Type{OID: 2950, Name: "uuid", Len: 16, Category: 'U'}
	FDWHandler              = &Type{OID: 3115, Name: "fdw_handler", Len: 4, Category: 'P', Kind: 'p'}
	PGLSN                   = &Type{OID: 3220, Name: "pg_lsn", Len: 8, Category: 'U'}
	TSMHandler              = &Type{OID: 3310, Name: "tsm_handler", Len: 4, Category: 'P', Kind: 'p'}
	AnyEnum                 = &Type{OID: 3500, Name: "anyenum", Len: 4, Category: 'P', Kind: 'p'}
	Regconfig               = &Type{OID: 3734, Name: "regconfig", Len: 4, Category: 'N'}
	Regdictionary           = &Type{OID: 3769, Name: "regdictionary", Len: 4, Category: 'N'}
	JSONB                   = &Type{OID: 3802, Name: "jsonb", Len: -1, Category: 'U'}
	AnyRange                = &Type{OID: 3831, Name: "anyrange", Len: -1, Category: 'P', Kind: 'p'}
	EventTrigger            = &Type{OID: 3838, Name: "event_trigger", Len: 4, Category: 'P', Kind: 'p'}
	JSONPath                = &Type{OID: 4072, Name: "jsonpath", Len: -1, Category: 'U'}
	Regnamespace            = &Type{OID: 4089, Name: "regnamespace", Len: 4, Category: 'N'}
	Regrole                 = &Type{OID: 4096, Name: "regrole", Len: 4, Category: 'N'}
	Regcollation            = &Type{OID: 4191, Name: "regcollation", Len: 4, Category: 'N'}
	AnyMultirange           = &Type{OID: 4537, Name: "anymultirange", Len: -1, Category: 'P', Kind: 'p'}
	AnyCompatibleMultirange = &Type{OID: 4538, Name: "anycompatiblemultirange", Len: -1, Category: 'P', Kind: 'p'}
	XID8                    = &Type{OID: 5069, Name: "xid8", Len: 8, Category: 'U'}
	AnyCompatible           = &Type{OID: 5077, Name: "anycompatible", Len: 4, Category: 'P', Kind: 'p'}
	AnyCompatibleArray      = &Type{OID: 5078, Name: "anycompatiblearray", Len: -1, Category: 'P', Kind: 'p'}
	AnyCompatibleNonArray   = &Type{OID: 5079, Name: "anycompatiblenonarray", Len: 4, Category: 'P', Kind: 'p'}
	AnyCompatibleRange      = &Type{OID: 5080, Name: "anycompatiblerange", Len: -1, Category: 'P', Kind: 'p'}
	CardinalNumber          = &Type{OID: 13221, Name: "cardinal_number", Len: 4, SQLName: "information_schema.cardinal_number", Category: 'N', Kind: 'd', Schema: "information_schema", Base: Int4}
	CharacterData           = &Type{OID: 13224, Name: "character_data", Len: -1, SQLName: "information_schema.character_data", Category: 'S', Kind: 'd', Schema: "information_schema", Base: Varchar}
	SQLIdentifier           = &Type{OID: 13226, Name: "sql_identifier", Len: 64, SQLName: "information_schema.sql_identifier", Category: 'S', Kind: 'd', Schema: "information_schema", Base: Name}
	TimeStamp               = &Type{OID: 13232, Name: "time_stamp", Len: 8, SQLName: "information_schema.time_stamp", Category: 'D', Kind: 'd', Schema: "information_schema", Base: Timestamptz}
	YesOrNo                 = &Type{OID: 13234, Name: "yes_or_no", Len: -1, SQLName: "information_schema.yes_or_no", Category: 'S', Kind: 'd', Schema: "information_schema", Base: Varchar}
	XMLArray                = &Type{OID: 143, Name: "_xml", Len: -1, SQLName: "xml[]", Category: 'A', Elem: XML}
	JSONArray               = &Type{OID: 199, Name: "_json", Len: -1, SQLName: "json[]", Category: 'A', Elem: JSONType}
	XID8Array               = &Type{OID: 271, Name: "_xid8", Len: -1, SQLName: "xid8[]", Category: 'A', Elem: XID8}
	CIDRArray               = &Type{OID: 651, Name: "_cidr", Len: -1, SQLName: "cidr[]", Category: 'A', Elem: CIDR}
	MoneyArray              = &Type{OID: 791, Name: "_money", Len: -1, SQLName: "money[]", Category: 'A', Elem: Money}
	BoolArray               = &Type{OID: 1000, Name: "_bool", Len: -1, SQLName: "boolean[]", Category: 'A', Elem: Bool}
	ByteaArray              = &Type{OID: 1001, Name: "_bytea", Len: -1, SQLName: "bytea[]", Category: 'A', Elem: Bytea}
	CharArray               = &Type{OID: 1002, Name: "_char", Len: -1, SQLName: `"char"[]`, Category: 'A', Elem: Char}
	NameArray               = &Type{OID: 1003, Name: "_name", Len: -1, SQLName: "name[]", Category: 'A', Elem: Name}
	Int2Array               = &Type{OID: 1005, Name: "_int2", Len: -1, SQLName: "smallint[]", Category: 'A', Elem: Int2}
	Int2VectorArray         = &Type{OID: 1006, Name: "_int2vector", Len: -1, SQLName: "int2vector[]", Category: 'A', Elem: Int2Vector}
	Int4Array               = &Type{OID: 1007, Name: "_int4", Len: -1, SQLName: "integer[]", Category: 'A', Elem: Int4}
	RegprocArray            = &Type{OID: 1008, Name: "_regproc", Len: -1, SQLName: "regproc[]", Category: 'A', Elem: Regproc}
	TextArray               = &Type{OID: 1009, Name: "_text", Len: -1, SQLName: "text[]", Category: 'A', Elem: Text}
	TIDArray                = &Type{OID: 1010, Name: "_tid", Len: -1, SQLName: "tid[]", Category: 'A', Elem: TID}
	XIDArray                = &Type{OID: 1011, Name: "_xid", Len: -1, SQLName: "xid[]", Category: 'A', Elem: XID}
	CIDArray                = &Type{OID: 1012, Name: "_cid", Len: -1, SQLName: "cid[]", Category: 'A', Elem: CID}
	OIDVectorArray          = &Type{OID: 1013, Name: "_oidvector", Len: -1, SQLName: "oidvector[]", Category: 'A', Elem: OIDVector}
	BPCharArray             = &Type{OID: 1014, Name: "_bpchar", Len: -1, SQLName: "character[]", Category: 'A', Elem: BPChar}
	VarcharArray            = &Type{OID: 1015, Name: "_varchar", Len: -1, SQLName: "character varying[]", Category: 'A', Elem: Varchar}
	Int8Array               = &Type{OID: 1016, Name: "_int8", Len: -1, SQLName: "bigint[]", Category: 'A', Elem: Int8}
	Float4Array             = &Type{OID: 1021, Name: "_float4", Len: -1, SQLName: "real[]", Category: 'A', Elem: Float4}
	Float8Array             = &Type{OID: 1022, Name: "_float8", Len: -1, SQLName: "double precision[]", Category: 'A', Elem: Float8}
	OIDArray                = &Type{OID: 1028, Name: "_oid", Len: -1, SQLName: "oid[]", Category: 'A', Elem: OIDType}
	ACLItemArray            = &Type{OID: 1034, Name: "_aclitem", Len: -1, SQLName: "aclitem[]", Category: 'A', Elem: ACLItem}
	MacaddrArray            = &Type{OID: 1040, Name: "_macaddr", Len: -1, SQLName: "macaddr[]", Category: 'A', Elem: Macaddr}
	InetArray               = &Type{OID: 1041, Name: "_inet", Len: -1, SQLName: "inet[]", Category: 'A', Elem: Inet}
	TimestampArray          = &Type{OID: 1115, Name: "_timestamp", Len: -1, SQLName: "timestamp without time zone[]", Category: 'A', Elem: Timestamp}
	DateArray               = &Type{OID: 1182, Name: "_date", Len: -1, SQLName: "date[]", Category: 'A', Elem: Date}
	TimeArray               = &Type{OID: 1183, Name: "_time", Len: -1, SQLName: "time without time zone[]", Category: 'A', Elem: Time}
	TimestamptzArray        = &Type{OID: 1185, Name: "_timestamptz", Len: -1, SQLName: "timestamp with time zone[]", Category: 'A', Elem: Timestamptz}
	IntervalArray           = &Type{OID: 1187, Name: "_interval", Len: -1, SQLName: "interval[]", Category: 'A', Elem: Interval}
	NumericArray            = &Type{OID: 1231, Name: "_numeric", Len: -1, SQLName: "numeric[]", Category: 'A', Elem: Numeric}
	CStringArray            = &Type{OID: 1263, Name: "_cstring", Len: -1, SQLName: "cstring[]", Category: 'A', Elem: CString}
	TimetzArray             = &Type{OID: 1270, Name: "_timetz", Len: -1, SQLName: "time with time zone[]", Category: 'A', Elem: Timetz}
	BitArray                = &Type{OID: 1561, Name: "_bit", Len: -1, SQLName: "bit[]", Category: 'A', Elem: Bit}
	VarbitArray             = &Type{OID: 1563, Name: "_varbit", Len: -1, SQLName: "bit varying[]", Category: 'A', Elem: Varbit}
	RegprocedureArray       = &Type{OID: 2207, Name: "_regprocedure", Len: -1, SQLName: "regprocedure[]", Category: 'A', Elem: Regprocedure}
	RegoperArray            = &Type{OID: 2208, Name: "_regoper", Len: -1, SQLName: "regoper[]", Category: 'A', Elem: Regoper}
	RegoperatorArray        = &Type{OID: 2209, Name: "_regoperator", Len: -1, SQLName: "regoperator[]", Category: 'A', Elem: Regoperator}
	RegclassArray           = &Type{OID: 2210, Name: "_regclass", Len: -1, SQLName: "regclass[]", Category: 'A', Elem: Regclass}
	RegtypeArray            = &Type{OID: 2211, Name: "_regtype", Len: -1, SQLName: "regtype[]", Category: 'A', Elem: Regtype}
	RecordArray             = &Type{OID: 2287, Name: "_record", Len: -1, SQLName: "record[]", Category: 'P', Kind: 'p', Elem: Record}
	UUIDArray               = &Type{OID: 2951, Name: "_uuid", Len: -1, SQLName: "uuid[]", Category: 'A', Elem: UUID}
	PGLSNArray              = &Type{OID: 3221, Name: "_pg_lsn", Len: -1, SQLName: "pg_lsn[]", Category: 'A', Elem: PGLSN}
	RegconfigArray          = &Type{OID: 3735, Name: "_regconfig", Len: -1, SQLName: "regconfig[]", Category: 'A', Elem: Regconfig}
	RegdictionaryArray      = &Type{OID: 3770, Name: "_regdictionary", Len: -1, SQLName: "regdictionary[]", Category: 'A', Elem: Regdictionary}
	JSONBArray              = &Type{OID: 3807, Name: "_jsonb", Len: -1, SQLName: "jsonb[]", Category: 'A', Elem: JSONB}
	JSONPathArray           = &Type{OID: 4073, Name: "_jsonpath", Len: -1, SQLName: "jsonpath[]", Category: 'A', Elem: JSONPath}
	RegnamespaceArray       = &Type{OID: 4090, Name: "_regnamespace", Len: -1, SQLName: "regnamespace[]", Category: 'A', Elem: Regnamespace}
	RegroleArray            = &Type{OID: 4097, Name: "_regrole", Len: -1, SQLName: "regrole[]", Category: 'A', Elem: Regrole}
	RegcollationArray       = &Type{OID: 4192, Name: "_regcollation", Len: -1, SQLName: "regcollation[]", Category: 'A', Elem: Regcollation}
	CardinalNumberArray     = &Type{OID: 13220, Name: "_cardinal_number", Len: -1, SQLName: "information_schema.cardinal_number[]", Category: 'A', Schema: "information_schema", Elem: CardinalNumber}
	CharacterDataArray      = &Type{OID: 13223, Name: "_character_data", Len: -1, SQLName: "information_schema.character_data[]", Category: 'A', Schema: "information_schema", Elem: CharacterData}
	SQLIdentifierArray      = &Type{OID: 13225, Name: "_sql_identifier", Len: -1, SQLName: "information_schema.sql_identifier[]", Category: 'A', Schema: "information_schema", Elem: SQLIdentifier}
	TimeStampArray          = &Type{OID: 13231, Name: "_time_stamp", Len: -1, SQLName: "information_schema.time_stamp[]", Category: 'A', Schema: "information_schema", Elem: TimeStamp}
	PGStatisticArray        = &Type{OID: 10028, Name: "_pg_statistic", Len: -1, SQLName: "pg_statistic[]", Category: 'A', Elem: PGStatistic}
	YesOrNoArray            = &Type{OID: 13233, Name: "_yes_or_no", Len: -1, SQLName: "information_schema.yes_or_no[]", Category: 'A', Schema: "information_schema", Elem: YesOrNo}
)

// typeList lists every built-in type, each array after its element type.
var typeList = []*Type{
	Bool, Bytea, Char, Name, Int8, Int2, Int2Vector, Int4, Regproc, Text, OIDType, TID, XID, CID,
	OIDVector, PGDDLCommand, JSONType, XML, PGNodeTree, TableAMHandler, IndexAMHandler, CIDR, Float4,
	Float8, Unknown, Money, Macaddr, Inet, ACLItem, BPChar, Varchar, Date, Time, Timestamp, Timestamptz,
	Interval, Timetz, Bit, Varbit, Numeric, Regprocedure, Regoper, Regoperator, Regclass, Regtype,
	Record, CString, Any, AnyArray, Void, Trigger, LanguageHandler, Internal, AnyElement, AnyNonArray,
	UUID, FDWHandler, PGLSN, TSMHandler, AnyEnum, Regconfig, Regdictionary, JSONB, AnyRange,
	EventTrigger, JSONPath, Regnamespace, Regrole, Regcollation, AnyMultirange, AnyCompatibleMultirange,
	PGNDistinct, PGDependencies, PGMCVList, PGStatistic, XID8, AnyCompatible, AnyCompatibleArray, AnyCompatibleNonArray, AnyCompatibleRange, CardinalNumber,
	CharacterData, SQLIdentifier, TimeStamp, YesOrNo, XMLArray, JSONArray, XID8Array, CIDRArray,
	MoneyArray, BoolArray, ByteaArray, CharArray, NameArray, Int2Array, Int2VectorArray, Int4Array,
	RegprocArray, TextArray, TIDArray, XIDArray, CIDArray, OIDVectorArray, BPCharArray, VarcharArray,
	Int8Array, Float4Array, Float8Array, OIDArray, ACLItemArray, MacaddrArray, InetArray,
	TimestampArray, DateArray, TimeArray, TimestamptzArray, IntervalArray, NumericArray, CStringArray,
	TimetzArray, BitArray, VarbitArray, RegprocedureArray, RegoperArray, RegoperatorArray,
	RegclassArray, RegtypeArray, RecordArray, UUIDArray, PGLSNArray, RegconfigArray, RegdictionaryArray,
	JSONBArray, JSONPathArray, RegnamespaceArray, RegroleArray, RegcollationArray, CardinalNumberArray,
	PGStatisticArray, CharacterDataArray, SQLIdentifierArray, TimeStampArray, YesOrNoArray,
}

// Types lists the built-in types by OID.
var Types = func() map[uint32]*Type {
	m := make(map[uint32]*Type, len(typeList))
	for _, t := range typeList {
		m[t.OID] = t
		if t.Elem != nil && t.Elem.Array == nil {
			t.Elem.Array = t
		}
	}
	return m
}()

// AllTypes returns the built-in types in OID order of their element types
// (each array type after its element), as pg_type lists them.
func AllTypes() []*Type { return append([]*Type(nil), typeList...) }

// TypeByOID returns the built-in type with the OID, or nil.
func TypeByOID(oid uint32) *Type { return Types[oid] }

// ArrayOf returns the array type of t, or nil.
func ArrayOf(t *Type) *Type {
	if t == nil {
		return nil
	}
	return t.Array
}

// typeAliases are the SQL spellings that are not a typname. Note that
// "char" is the one-byte type (typname char), as a type name lookup finds
// it; the SQL keyword CHAR(n) reaches here as bpchar or character.
var typeAliases = map[string]*Type{
	"int": Int4, "integer": Int4, "smallint": Int2, "bigint": Int8,
	"real": Float4, "float": Float8, "double precision": Float8, "double": Float8,
	"decimal": Numeric, "dec": Numeric, "boolean": Bool,
	"character varying": Varchar, "char varying": Varchar, "character": BPChar,
	"timestamp without time zone": Timestamp, "timestamp with time zone": Timestamptz,
	"time without time zone": Time, "time with time zone": Timetz,
	"bit varying": Varbit, `"char"`: Char, `"any"`: Any,
}

var typesByName = func() map[string]*Type {
	m := make(map[string]*Type, len(typeList)+len(typeAliases))
	for _, t := range typeList {
		m[t.Name] = t
		if t.Schema != "" {
			m[t.Schema+"."+t.Name] = t
		}
	}
	for k, t := range typeAliases {
		m[k] = t
	}
	return m
}()

// TypeByName finds a built-in type by typname ("int4", "_text"), by a SQL
// spelling ("integer", "double precision", "character varying",
// "timestamp with time zone", "text[]") or schema-qualified
// ("pg_catalog.int4", "information_schema.sql_identifier"). Case and
// extra spaces do not matter; a typmod such as "varchar(3)" is ignored.
// It returns nil for an unknown name.
func TypeByName(name string) *Type {
	s := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if i := strings.IndexByte(s, '('); i >= 0 {
		if j := strings.IndexByte(s[i:], ')'); j >= 0 {
			s = strings.TrimSpace(s[:i] + s[i+j+1:])
		}
	}
	if strings.HasSuffix(s, "[]") {
		return ArrayOf(TypeByName(strings.TrimSuffix(s, "[]")))
	}
	s = strings.TrimPrefix(s, "pg_catalog.")
	return typesByName[s]
}

func IsRegType(t *Type) bool {
	switch t {
	case Regclass, Regtype, Regproc, Regprocedure, Regnamespace, Regrole:
		return true
	}
	return false
}

// ElemType is the element type of an array, or of int2vector/oidvector,
// which behave as arrays of int2/oid.
func ElemType(t *Type) *Type {
	switch t {
	case Int2Vector:
		return Int2
	case OIDVector:
		return OIDType
	}
	return t.Elem
}
