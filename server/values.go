package server

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/value"
)

// This file converts between wire bytes and the executor's Go values (see
// package catalog for the representation). pgx's pgtype does the binary
// formats; the text forms the executor also reads and writes (numeric,
// bytea, date and time, interval) are the executor's one implementation;
// the rest (floats, arrays, json, reg*) is written here, byte for byte as
// PostgreSQL writes it.
//
// Representation of the types catalog/types.go does not list:
//
//	"char", bpchar, name, unknown  string
//	timestamp                      time.Time (wall clock; the location is ignored)
//	interval                       pgtype.Interval (time.Duration also accepted on output)
//	uuid                           string, canonical lower-case form ([16]byte, pgtype.UUID accepted on output)
//	regclass and the other reg*    int64 OID. Their text forms are names, which only the
//	                               executor can resolve: if the Session implements
//	                               regConverter it is used both ways; otherwise output is
//	                               the number, and a non-numeric text parameter stays a
//	                               string. A string value on output is taken as the name.
//	int2vector, oidvector          []any of int64
//	xid, cid, xid8                 int64
//	record                         []any of the fields (text output only)
//	other types (money, inet, ...) string, their text form (text format only)

// Type OIDs that pgtype does not name.
const (
	oidInt2Vector      = 22
	oidRegproc         = 24
	oidOIDVector       = 30
	oidRegclass        = 2205
	oidRegtype         = 2206
	oidRegnamespace    = 4089
	oidRegprocedure    = 2202
	oidRegoper         = 2203
	oidRegoperator     = 2204
	oidRegrole         = 4096
	oidRegconfig       = 3734
	oidRegdictionary   = 3769
	oidRegcollation    = 4191
	oidXID8            = 5069
	oidRecord          = 2249
	oidInt2VectorArray = 1006
	oidRegprocArray    = 1008
	oidOIDVectorArray  = 1013
	oidRegclassArray   = 2210
	oidRegtypeArray    = 2211
	oidRegnspArray     = 4090
)

// pgType is what the converters need to know about a type.
type pgType struct {
	name   string // as PostgreSQL names it in error messages
	elem   uint32 // element type of an array or vector type
	vector bool   // int2vector/oidvector: space-separated text, lower bound 0
}

var types = map[uint32]pgType{
	pgtype.BoolOID:        {name: "boolean"},
	pgtype.ByteaOID:       {name: "bytea"},
	pgtype.QCharOID:       {name: `"char"`},
	pgtype.NameOID:        {name: "name"},
	pgtype.Int8OID:        {name: "bigint"},
	pgtype.Int2OID:        {name: "smallint"},
	pgtype.Int4OID:        {name: "integer"},
	pgtype.TextOID:        {name: "text"},
	pgtype.OIDOID:         {name: "oid"},
	pgtype.JSONOID:        {name: "json"},
	pgtype.Float4OID:      {name: "real"},
	pgtype.Float8OID:      {name: "double precision"},
	pgtype.UnknownOID:     {name: "unknown"},
	pgtype.BPCharOID:      {name: "character"},
	pgtype.VarcharOID:     {name: "character varying"},
	pgtype.DateOID:        {name: "date"},
	pgtype.TimestampOID:   {name: "timestamp without time zone"},
	pgtype.TimestamptzOID: {name: "timestamp with time zone"},
	pgtype.IntervalOID:    {name: "interval"},
	pgtype.NumericOID:     {name: "numeric"},
	pgtype.UUIDOID:        {name: "uuid"},
	pgtype.JSONBOID:       {name: "jsonb"},
	oidRegproc:            {name: "regproc"},
	oidRegclass:           {name: "regclass"},
	oidRegtype:            {name: "regtype"},
	oidRegnamespace:       {name: "regnamespace"},
	oidRegprocedure:       {name: "regprocedure"},
	oidRegoper:            {name: "regoper"},
	oidRegoperator:        {name: "regoperator"},
	oidRegrole:            {name: "regrole"},
	oidRegconfig:          {name: "regconfig"},
	oidRegdictionary:      {name: "regdictionary"},
	oidRegcollation:       {name: "regcollation"},
	pgtype.XIDOID:         {name: "xid"},
	pgtype.CIDOID:         {name: "cid"},
	oidXID8:               {name: "xid8"},
	oidRecord:             {name: "record"},
	oidInt2Vector:         {name: "int2vector", elem: pgtype.Int2OID, vector: true},
	oidOIDVector:          {name: "oidvector", elem: pgtype.OIDOID, vector: true},

	pgtype.BoolArrayOID:        {name: "boolean[]", elem: pgtype.BoolOID},
	pgtype.ByteaArrayOID:       {name: "bytea[]", elem: pgtype.ByteaOID},
	pgtype.QCharArrayOID:       {name: `"char"[]`, elem: pgtype.QCharOID},
	pgtype.NameArrayOID:        {name: "name[]", elem: pgtype.NameOID},
	pgtype.Int2ArrayOID:        {name: "smallint[]", elem: pgtype.Int2OID},
	pgtype.Int4ArrayOID:        {name: "integer[]", elem: pgtype.Int4OID},
	pgtype.Int8ArrayOID:        {name: "bigint[]", elem: pgtype.Int8OID},
	pgtype.TextArrayOID:        {name: "text[]", elem: pgtype.TextOID},
	pgtype.OIDArrayOID:         {name: "oid[]", elem: pgtype.OIDOID},
	pgtype.JSONArrayOID:        {name: "json[]", elem: pgtype.JSONOID},
	pgtype.Float4ArrayOID:      {name: "real[]", elem: pgtype.Float4OID},
	pgtype.Float8ArrayOID:      {name: "double precision[]", elem: pgtype.Float8OID},
	pgtype.BPCharArrayOID:      {name: "character[]", elem: pgtype.BPCharOID},
	pgtype.VarcharArrayOID:     {name: "character varying[]", elem: pgtype.VarcharOID},
	pgtype.DateArrayOID:        {name: "date[]", elem: pgtype.DateOID},
	pgtype.TimestampArrayOID:   {name: "timestamp without time zone[]", elem: pgtype.TimestampOID},
	pgtype.TimestamptzArrayOID: {name: "timestamp with time zone[]", elem: pgtype.TimestamptzOID},
	pgtype.IntervalArrayOID:    {name: "interval[]", elem: pgtype.IntervalOID},
	pgtype.NumericArrayOID:     {name: "numeric[]", elem: pgtype.NumericOID},
	pgtype.UUIDArrayOID:        {name: "uuid[]", elem: pgtype.UUIDOID},
	pgtype.JSONBArrayOID:       {name: "jsonb[]", elem: pgtype.JSONBOID},
	oidRegprocArray:            {name: "regproc[]", elem: oidRegproc},
	oidRegclassArray:           {name: "regclass[]", elem: oidRegclass},
	oidRegtypeArray:            {name: "regtype[]", elem: oidRegtype},
	oidRegnspArray:             {name: "regnamespace[]", elem: oidRegnamespace},
	oidInt2VectorArray:         {name: "int2vector[]", elem: oidInt2Vector},
	oidOIDVectorArray:          {name: "oidvector[]", elem: oidOIDVector},
}

func typeName(oid uint32) string {
	if t, ok := types[oid]; ok {
		return t.name
	}
	return fmt.Sprintf("type %d", oid)
}

// isReg reports whether oid is one of the reg* aliases of oid.
func isReg(oid uint32) bool {
	switch oid {
	case oidRegproc, oidRegclass, oidRegtype, oidRegnamespace, oidRegprocedure, oidRegoper,
		oidRegoperator, oidRegrole, oidRegconfig, oidRegdictionary, oidRegcollation:
		return true
	}
	return false
}

// regConverter converts reg* values between OIDs and names. The
// executor's Session provides it when it implements these methods
// (regclassout/regclassin and friends need the catalog).
type regConverter interface {
	// RegOut is the text form of an object OID as type typeOID prints it
	// ("pg_class" for regclass 1259; the number when no object has it).
	RegOut(typeOID uint32, oid int64) string
	// RegIn resolves a name (or number) to an OID, with PostgreSQL's errors.
	RegIn(typeOID uint32, text string) (int64, error)
}

func isArray(oid uint32) bool {
	t, ok := types[oid]
	return ok && t.elem != 0 && !t.vector
}

// codec converts values for one connection: it holds a pgtype.Map (which is
// not safe for concurrent use) and the session settings that shape text
// output.
type codec struct {
	m                *pgtype.Map
	reg              regConverter   // nil if the executor offers none
	loc              *time.Location // TimeZone
	extraFloatDigits int
}

func newCodec() *codec {
	return &codec{m: pgtype.NewMap(), loc: time.UTC, extraFloatDigits: 1}
}

// configure reads the settings text output depends on.
func (c *codec) configure(timeZone, extraFloatDigits string) {
	c.loc = loadLocation(timeZone)
	if n, err := strconv.Atoi(strings.TrimSpace(extraFloatDigits)); err == nil {
		c.extraFloatDigits = n
	} else {
		c.extraFloatDigits = 1
	}
}

// asInt accepts every Go integer kind.
func asInt(v any) (int64, bool) {
	switch v := v.(type) {
	case int64:
		return v, true
	case int:
		return int64(v), true
	case int32:
		return int64(v), true
	case int16:
		return int64(v), true
	case int8:
		return int64(v), true
	case uint32:
		return int64(v), true
	case uint16:
		return int64(v), true
	case uint8:
		return int64(v), true
	case uint:
		if uint64(v) <= math.MaxInt64 {
			return int64(v), true
		}
	case uint64:
		if v <= math.MaxInt64 {
			return int64(v), true
		}
	}
	return 0, false
}

func asFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case float32:
		return float64(v), true
	}
	if n, ok := asInt(v); ok {
		return float64(n), true
	}
	return 0, false
}

func asString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []byte:
		return string(v), true
	}
	return "", false
}

func asBytes(v any) ([]byte, bool) {
	switch v := v.(type) {
	case []byte:
		return v, true
	case string:
		return []byte(v), true
	}
	return nil, false
}

// appendJSON appends the text of a json or jsonb value.
func appendJSON(buf []byte, v any) ([]byte, bool) {
	switch v := v.(type) {
	case value.JSON:
		return v.AppendText(buf), true
	case *value.JSON:
		return v.AppendText(buf), true
	case string:
		return append(buf, v...), true
	case []byte:
		return append(buf, v...), true
	}
	return nil, false
}

func asInterval(v any) (pgtype.Interval, bool) {
	switch v := v.(type) {
	case pgtype.Interval:
		return v, v.Valid
	case time.Duration:
		return pgtype.Interval{Microseconds: v.Microseconds(), Valid: true}, true
	}
	return pgtype.Interval{}, false
}

func asUUID(v any) (pgtype.UUID, error) {
	switch v := v.(type) {
	case pgtype.UUID:
		return v, nil
	case [16]byte:
		return pgtype.UUID{Bytes: v, Valid: true}, nil
	case string:
		text, err := value.ParseUUID(v)
		if err != nil {
			return pgtype.UUID{}, err
		}
		var u pgtype.UUID
		err = u.Scan(text)
		return u, err
	}
	return pgtype.UUID{}, fmt.Errorf("not a uuid: %T", v)
}

// asSlice turns []any or any other slice (but []byte) into []any.
func asSlice(v any) ([]any, bool) {
	if s, ok := v.([]any); ok {
		return s, true
	}
	if _, ok := v.([]byte); ok {
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}
