package server

import (
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Encoding of result values: text as PostgreSQL 15 writes it, binary as
// its send functions do (pgtype where it writes the same bytes).

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
	// Arrays of types this file does not list (aclitem[] in pg_namespace,
	// for one) print their elements' text forms.
	if t := value.TypeByOID(oid); t != nil && t.Elem != nil {
		if _, listed := types[oid]; !listed {
			if elems, ok := asSlice(v); ok {
				return c.arrayText(buf, t.Elem.OID, elems)
			}
		}
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
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID, pgtype.OIDOID, pgtype.XIDOID, pgtype.CIDOID, oidXID8:
		n, ok := asInt(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return strconv.AppendInt(buf, n, 10), nil
	case oidRegproc, oidRegclass, oidRegtype, oidRegnamespace, oidRegprocedure, oidRegoper,
		oidRegoperator, oidRegrole, oidRegconfig, oidRegdictionary, oidRegcollation:
		if s, ok := v.(string); ok {
			return append(buf, s...), nil
		}
		n, ok := asInt(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		if c.reg != nil {
			return append(buf, c.reg.RegOut(oid, n)...), nil
		}
		return strconv.AppendInt(buf, n, 10), nil
	case oidRecord:
		fields, ok := v.([]any)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return c.recordText(buf, fields)
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
		return value.AppendBytea(buf, b), nil
	case pgtype.JSONOID, pgtype.JSONBOID:
		out, ok := appendJSON(buf, v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return out, nil
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
		return value.AppendDateTime(buf, oid, t, c.loc), nil
	case pgtype.IntervalOID:
		iv, ok := asInterval(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return value.AppendInterval(buf, iv), nil
	case pgtype.NumericOID:
		switch n := v.(type) {
		case string:
			return append(buf, n...), nil
		case pgtype.Numeric:
			if n.Valid {
				return value.AppendNumeric(buf, n), nil
			}
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
	case pgtype.OIDOID, pgtype.XIDOID, pgtype.CIDOID, oidRegproc, oidRegclass, oidRegtype, oidRegnamespace,
		oidRegprocedure, oidRegoper, oidRegoperator, oidRegrole, oidRegconfig, oidRegdictionary, oidRegcollation:
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
	case oidXID8:
		n, ok := asInt(v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return binary.BigEndian.AppendUint64(buf, uint64(n)), nil
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
		if oid == pgtype.JSONBOID {
			buf = append(buf, 1) // jsonb binary format version
		}
		out, ok := appendJSON(buf, v)
		if !ok {
			return nil, encodeErr(v, oid)
		}
		return out, nil
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

// recordText writes a record as record_out does: (a,"b c",,"").
func (c *codec) recordText(buf []byte, fields []any) ([]byte, error) {
	buf = append(buf, '(')
	for i, f := range fields {
		if i > 0 {
			buf = append(buf, ',')
		}
		if f == nil {
			continue
		}
		oid := recordFieldType(f)
		start := len(buf)
		var err error
		if buf, err = c.encodeText(buf, oid, f); err != nil {
			return nil, err
		}
		s := string(buf[start:])
		if s == "" || strings.ContainsAny(s, "\"\\(), \t\n\r\v\f") {
			buf = append(buf[:start], '"')
			for _, ch := range []byte(s) {
				if ch == '"' || ch == '\\' {
					buf = append(buf, ch)
				}
				buf = append(buf, ch)
			}
			buf = append(buf, '"')
		}
	}
	return append(buf, ')'), nil
}

// recordFieldType guesses a field's type from its Go value: a record
// carries no column types.
func recordFieldType(v any) uint32 {
	switch v.(type) {
	case bool:
		return pgtype.BoolOID
	case float32, float64:
		return pgtype.Float8OID
	case pgtype.Numeric:
		return pgtype.NumericOID
	case []byte:
		return pgtype.ByteaOID
	case value.JSON:
		return pgtype.JSONBOID
	case time.Time:
		return pgtype.TimestamptzOID
	case pgtype.Interval:
		return pgtype.IntervalOID
	case []any:
		return oidRecord
	}
	if _, ok := asInt(v); ok {
		return pgtype.Int8OID
	}
	return pgtype.TextOID
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
