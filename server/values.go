package server

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// This file converts between wire bytes and the executor's Go values (see
// package catalog for the representation). pgx's pgtype does the binary
// formats and the harder text parsing; where pgtype's text output differs
// from PostgreSQL 15's (floats, timestamptz in the session time zone,
// intervals, arrays, json) the text is written here, byte for byte as
// PostgreSQL writes it.
//
// Representation of the types catalog/types.go does not list:
//
//	"char", bpchar, name, unknown  string
//	timestamp                      time.Time (wall clock; the location is ignored)
//	interval                       pgtype.Interval (time.Duration also accepted on output)
//	uuid                           string, canonical lower-case form ([16]byte, pgtype.UUID accepted on output)
//	regclass, regtype, regproc     int64 OID; as a parameter in text format a string (the name,
//	                               for the executor to resolve); on output a string is the name
//	int2vector, oidvector          []any of int64

// Type OIDs that pgtype does not name.
const (
	oidInt2Vector      = 22
	oidRegproc         = 24
	oidOIDVector       = 30
	oidRegclass        = 2205
	oidRegtype         = 2206
	oidRegnamespace    = 4089
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

func isArray(oid uint32) bool {
	t, ok := types[oid]
	return ok && t.elem != 0 && !t.vector
}

// codec converts values for one connection: it holds a pgtype.Map (which is
// not safe for concurrent use) and the session settings that shape text
// output.
type codec struct {
	m                *pgtype.Map
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

// encode appends the wire form of the non-NULL value v of type oid in the
// given format (0 text, 1 binary).
func (c *codec) encode(buf []byte, oid uint32, format int16, v any) ([]byte, error) {
	if format == 1 {
		return c.encodeBinary(buf, oid, v)
	}
	return c.encodeText(buf, oid, v)
}

func (c *codec) encodeText(buf []byte, oid uint32, v any) ([]byte, error) {
	if t, ok := types[oid]; ok && t.elem != 0 {
		elems, ok := asSlice(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		if t.vector {
			return c.vectorText(buf, t.elem, elems)
		}
		return c.arrayText(buf, t.elem, elems)
	}
	switch oid {
	case pgtype.BoolOID:
		b, ok := v.(bool)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		if b {
			return append(buf, 't'), nil
		}
		return append(buf, 'f'), nil
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID, pgtype.OIDOID:
		n, ok := asInt(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return strconv.AppendInt(buf, n, 10), nil
	case oidRegclass, oidRegtype, oidRegproc, oidRegnamespace:
		if s, ok := v.(string); ok {
			return append(buf, s...), nil
		}
		n, ok := asInt(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return strconv.AppendInt(buf, n, 10), nil
	case pgtype.Float4OID, pgtype.Float8OID:
		f, ok := asFloat(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return appendFloat(buf, f, oid == pgtype.Float4OID, c.extraFloatDigits), nil
	case pgtype.ByteaOID:
		b, ok := asBytes(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		buf = append(buf, `\x`...)
		return hex.AppendEncode(buf, b), nil
	case pgtype.JSONOID, pgtype.JSONBOID:
		s, ok := jsonText(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return append(buf, s...), nil
	case pgtype.QCharOID:
		s, ok := asString(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		if len(s) > 1 {
			s = s[:1]
		}
		return append(buf, s...), nil
	case pgtype.DateOID, pgtype.TimestampOID, pgtype.TimestamptzOID:
		t, ok := v.(time.Time)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return appendDateTime(buf, oid, t, c.loc), nil
	case pgtype.IntervalOID:
		iv, ok := asInterval(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return appendInterval(buf, iv), nil
	case pgtype.NumericOID:
		if s, ok := v.(string); ok {
			return append(buf, s...), nil
		}
		return c.pgtypeEncode(buf, oid, 0, v)
	case pgtype.UUIDOID:
		u, err := asUUID(v)
		if err != nil {
			return nil, encodeErr(v, oid)
		}
		return c.m.Encode(oid, 0, u, buf)
	}
	// text, varchar, name, bpchar, unknown and types this file does not
	// know: anything with an obvious text form.
	if s, ok := asString(v); ok {
		return append(buf, s...), nil
	}
	switch v := v.(type) {
	case fmt.Stringer:
		return append(buf, v.String()...), nil
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return fmt.Append(buf, v), nil
	}
	return nil, encodeErr(v, oid)
}

func (c *codec) encodeBinary(buf []byte, oid uint32, v any) ([]byte, error) {
	if t, ok := types[oid]; ok && t.elem != 0 {
		elems, ok := asSlice(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		lbound := int32(1)
		if t.vector {
			lbound = 0
		}
		return c.arrayBinary(buf, t.elem, elems, lbound)
	}
	switch oid {
	case pgtype.BoolOID:
		b, ok := v.(bool)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		if b {
			return append(buf, 1), nil
		}
		return append(buf, 0), nil
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
		n, ok := asInt(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return c.pgtypeEncode(buf, oid, 1, n)
	case pgtype.OIDOID, oidRegclass, oidRegtype, oidRegproc, oidRegnamespace:
		n, ok := asInt(v)
		if !ok {
			if s, isStr := v.(string); isStr {
				n, ok = parseOIDText(s)
			}
		}
		if !ok || n < 0 || n > math.MaxUint32 {
			return nil, encodeErr(v, oid)
		}
		return binary.BigEndian.AppendUint32(buf, uint32(n)), nil
	case pgtype.Float4OID:
		f, ok := asFloat(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		if math.IsNaN(f) {
			return binary.BigEndian.AppendUint32(buf, 0x7fc00000), nil // PostgreSQL's NaN
		}
		return binary.BigEndian.AppendUint32(buf, math.Float32bits(float32(f))), nil
	case pgtype.Float8OID:
		f, ok := asFloat(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		if math.IsNaN(f) {
			return binary.BigEndian.AppendUint64(buf, 0x7ff8000000000000), nil
		}
		return binary.BigEndian.AppendUint64(buf, math.Float64bits(f)), nil
	case pgtype.ByteaOID:
		b, ok := asBytes(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return append(buf, b...), nil
	case pgtype.JSONOID, pgtype.JSONBOID:
		s, ok := jsonText(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		if oid == pgtype.JSONBOID {
			buf = append(buf, 1) // jsonb binary format version
		}
		return append(buf, s...), nil
	case pgtype.QCharOID:
		s, ok := asString(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		if len(s) > 1 {
			s = s[:1]
		}
		return append(buf, s...), nil
	case pgtype.DateOID, pgtype.TimestampOID, pgtype.TimestamptzOID:
		t, ok := v.(time.Time)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		if oid == pgtype.TimestampOID {
			// timestamp without time zone carries the wall clock.
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
		}
		return c.pgtypeEncode(buf, oid, 1, t)
	case pgtype.IntervalOID:
		iv, ok := asInterval(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return c.pgtypeEncode(buf, oid, 1, iv)
	case pgtype.NumericOID:
		if s, ok := v.(string); ok {
			var n pgtype.Numeric
			if err := n.Scan(s); err != nil {
				return nil, encodeErr(v, oid)
			}
			v = n
		}
		return c.pgtypeEncode(buf, oid, 1, v)
	case pgtype.UUIDOID:
		u, err := asUUID(v)
		if err != nil {
			return nil, encodeErr(v, oid)
		}
		return append(buf, u.Bytes[:]...), nil
	case pgtype.TextOID, pgtype.VarcharOID, pgtype.NameOID, pgtype.BPCharOID, pgtype.UnknownOID:
		s, ok := asString(v)
		if !ok {
			if st, isStringer := v.(fmt.Stringer); isStringer {
				return append(buf, st.String()...), nil
			}
			return nil, encodeErr(v, oid)
		}
		return append(buf, s...), nil
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "binary output is not supported for %s", typeName(oid))
}

// pgtypeEncode encodes with pgtype; a value it cannot encode is an
// internal error, not the client's.
func (c *codec) pgtypeEncode(buf []byte, oid uint32, format int16, v any) ([]byte, error) {
	out, err := c.m.Encode(oid, format, v, buf)
	if err != nil {
		return nil, pgerr.New(pgerr.InternalError, "cannot encode %T as %s: %v", v, typeName(oid), err)
	}
	if out == nil {
		return nil, pgerr.New(pgerr.InternalError, "cannot encode invalid %T as %s", v, typeName(oid))
	}
	return out, nil
}

func encodeErr(v any, oid uint32) error {
	return pgerr.New(pgerr.InternalError, "cannot encode %T as %s", v, typeName(oid))
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

func jsonText(v any) (string, bool) {
	switch v := v.(type) {
	case catalog.JSON:
		return v.String(), true
	case *catalog.JSON:
		return v.String(), true
	case string:
		return v, true
	case []byte:
		return string(v), true
	}
	return "", false
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
		var u pgtype.UUID
		err := u.Scan(normalizeUUIDText(v))
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

// appendFloat writes a float as PostgreSQL 15's float4out/float8out do:
// the shortest exact form when extra_float_digits > 0, else %g with
// 6 or 15 digits plus extra_float_digits.
func appendFloat(buf []byte, f float64, single bool, extraDigits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, "NaN"...)
	case math.IsInf(f, 1):
		return append(buf, "Infinity"...)
	case math.IsInf(f, -1):
		return append(buf, "-Infinity"...)
	}
	bits, maxExp, digits := 64, 15, 15
	if single {
		bits, maxExp, digits = 32, 6, 6
	}
	if extraDigits <= 0 {
		return strconv.AppendFloat(buf, f, 'g', max(digits+extraDigits, 1), bits)
	}
	if f == 0 {
		if math.Signbit(f) {
			return append(buf, "-0"...)
		}
		return append(buf, '0')
	}
	// The shortest digits in exponent form tell the decimal exponent; PG
	// prints fixed-point for exponents in [-4, maxExp).
	e := strconv.FormatFloat(f, 'e', -1, bits)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if exp < -4 || exp >= maxExp {
		return append(buf, e...)
	}
	return strconv.AppendFloat(buf, f, 'f', -1, bits)
}
