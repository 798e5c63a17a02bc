package server

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// decode turns one non-NULL Bind parameter into the executor's Go value
// for type oid. Errors carry PostgreSQL's SQLSTATE and message. Text, in
// either format, must be in the server encoding (22021), as PostgreSQL
// checks it on arrival.
func (c *codec) decode(src []byte, oid uint32, format int16) (any, error) {
	switch format {
	case 0:
		if err := value.CheckEncoding(src); err != nil {
			return nil, err
		}
		return c.decodeText(string(src), oid)
	case 1:
		return c.decodeBinary(src, oid)
	}
	return nil, pgerr.New(pgerr.InvalidParameterValue, "unsupported format code: %d", format)
}

func invalidText(oid uint32, s string) *pgerr.Error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", typeName(oid), s)
}

func outOfRange(oid uint32, s string) *pgerr.Error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "value \"%s\" is out of range for type %s", s, typeName(oid))
}

func badBinary(oid uint32) *pgerr.Error {
	return pgerr.New(pgerr.InvalidBinaryRepresentation, "incorrect binary data format for type %s", typeName(oid))
}

func (c *codec) decodeText(s string, oid uint32) (any, error) {
	if t, ok := types[oid]; ok && t.elem != 0 {
		if t.vector {
			out := []any{}
			for _, f := range strings.Fields(s) {
				v, err := c.decodeText(f, t.elem)
				if err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return out, nil
		}
		return c.decodeArrayText(s, t.elem)
	}
	switch oid {
	case pgtype.BoolOID:
		if b, ok := value.ParseBool(s); ok {
			return b, nil
		}
		return nil, invalidText(oid, s)
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
		bits := map[uint32]int{pgtype.Int2OID: 16, pgtype.Int4OID: 32, pgtype.Int8OID: 64}[oid]
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, bits)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return nil, outOfRange(oid, s)
			}
			return nil, invalidText(oid, s)
		}
		return n, nil
	case pgtype.OIDOID, pgtype.XIDOID, pgtype.CIDOID:
		n, ok := parseOIDText(s)
		if !ok {
			return nil, invalidText(oid, s)
		}
		return n, nil
	case oidXID8:
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, invalidText(oid, s)
		}
		return int64(n), nil
	case oidRegproc, oidRegclass, oidRegtype, oidRegnamespace, oidRegprocedure, oidRegoper,
		oidRegoperator, oidRegrole, oidRegconfig, oidRegdictionary, oidRegcollation:
		if n, ok := parseOIDText(s); ok {
			return n, nil // a number is the OID itself, as in regclassin
		}
		if c.reg != nil {
			return c.reg.RegIn(oid, s)
		}
		return s, nil // a name: the executor must resolve it
	case pgtype.Float4OID, pgtype.Float8OID:
		f, err := value.ParseFloat(s, value.TypeByOID(oid))
		if err != nil {
			return nil, err
		}
		return f, nil
	case pgtype.NumericOID:
		n, err := value.ParseNumeric(s)
		if err != nil {
			return nil, err
		}
		return n, nil
	case pgtype.ByteaOID:
		b, err := value.ParseBytea(s)
		if err != nil {
			return nil, err
		}
		return b, nil
	case pgtype.JSONOID, pgtype.JSONBOID:
		j, err := value.ParseJSON([]byte(s))
		if err != nil {
			return nil, invalidText(oid, "").WithDetail("%s", err.Error())
		}
		return j, nil
	case pgtype.DateOID, pgtype.TimestampOID, pgtype.TimestamptzOID:
		t, err := value.ParseDateTime(s, value.TypeByOID(oid), c.loc)
		if err != nil {
			return nil, err
		}
		if oid == pgtype.TimestamptzOID {
			t = t.In(c.loc)
		}
		return t, nil
	case pgtype.IntervalOID:
		iv, err := value.ParseInterval(s)
		if err != nil {
			return nil, err
		}
		return iv, nil
	case pgtype.UUIDOID:
		return value.ParseUUID(s)
	case pgtype.NameOID:
		return value.TruncateName(s), nil
	}
	// text, varchar, bpchar, "char", unknown (OID 0 too) and types this
	// file does not know (their text form).
	return s, nil
}

func (c *codec) decodeBinary(src []byte, oid uint32) (any, error) {
	if t, ok := types[oid]; ok && t.elem != 0 {
		return c.decodeArrayBinary(src, t.elem)
	}
	fixed := func(n int) error {
		if len(src) != n {
			return badBinary(oid)
		}
		return nil
	}
	switch oid {
	case pgtype.BoolOID:
		if err := fixed(1); err != nil {
			return nil, err
		}
		return src[0] != 0, nil
	case pgtype.Int2OID:
		if err := fixed(2); err != nil {
			return nil, err
		}
		return int64(int16(binary.BigEndian.Uint16(src))), nil
	case pgtype.Int4OID:
		if err := fixed(4); err != nil {
			return nil, err
		}
		return int64(int32(binary.BigEndian.Uint32(src))), nil
	case pgtype.Int8OID:
		if err := fixed(8); err != nil {
			return nil, err
		}
		return int64(binary.BigEndian.Uint64(src)), nil
	case pgtype.OIDOID, pgtype.XIDOID, pgtype.CIDOID, oidRegproc, oidRegclass, oidRegtype, oidRegnamespace,
		oidRegprocedure, oidRegoper, oidRegoperator, oidRegrole, oidRegconfig, oidRegdictionary, oidRegcollation:
		if err := fixed(4); err != nil {
			return nil, err
		}
		return int64(binary.BigEndian.Uint32(src)), nil
	case oidXID8:
		if err := fixed(8); err != nil {
			return nil, err
		}
		return int64(binary.BigEndian.Uint64(src)), nil
	case pgtype.Float4OID:
		if err := fixed(4); err != nil {
			return nil, err
		}
		return float64(math.Float32frombits(binary.BigEndian.Uint32(src))), nil
	case pgtype.Float8OID:
		if err := fixed(8); err != nil {
			return nil, err
		}
		return math.Float64frombits(binary.BigEndian.Uint64(src)), nil
	case pgtype.NumericOID:
		var n pgtype.Numeric
		if err := c.m.Scan(oid, 1, src, &n); err != nil {
			return nil, badBinary(oid)
		}
		return n, nil
	case pgtype.ByteaOID:
		return append([]byte{}, src...), nil
	case pgtype.JSONBOID:
		if len(src) == 0 || src[0] != 1 {
			v := -1
			if len(src) > 0 {
				v = int(src[0])
			}
			return nil, pgerr.New(pgerr.InvalidBinaryRepresentation, "unsupported jsonb version number %d", v)
		}
		return c.decodeBinaryText(src[1:], oid)
	case pgtype.JSONOID:
		return c.decodeBinaryText(src, oid)
	case pgtype.DateOID:
		var d pgtype.Date
		if err := c.m.Scan(oid, 1, src, &d); err != nil || d.InfinityModifier != pgtype.Finite {
			return nil, badBinary(oid)
		}
		return d.Time, nil
	case pgtype.TimestampOID:
		var t pgtype.Timestamp
		if err := c.m.Scan(oid, 1, src, &t); err != nil || t.InfinityModifier != pgtype.Finite {
			return nil, badBinary(oid)
		}
		return t.Time, nil
	case pgtype.TimestamptzOID:
		var t pgtype.Timestamptz
		if err := c.m.Scan(oid, 1, src, &t); err != nil || t.InfinityModifier != pgtype.Finite {
			return nil, badBinary(oid)
		}
		return t.Time.In(c.loc), nil
	case pgtype.IntervalOID:
		var iv pgtype.Interval
		if err := c.m.Scan(oid, 1, src, &iv); err != nil {
			return nil, badBinary(oid)
		}
		return iv, nil
	case pgtype.UUIDOID:
		if err := fixed(16); err != nil {
			return nil, err
		}
		return value.FormatUUID([16]byte(src)), nil
	case pgtype.TextOID, pgtype.VarcharOID, pgtype.NameOID, pgtype.BPCharOID, pgtype.QCharOID, pgtype.UnknownOID, 0:
		return c.decodeBinaryText(src, oid)
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "binary input is not supported for %s", typeName(oid))
}

// decodeBinaryText is the binary form of a type sent as its text
// (textrecv, json_recv): checked for the server encoding like text format.
func (c *codec) decodeBinaryText(src []byte, oid uint32) (any, error) {
	if err := value.CheckEncoding(src); err != nil {
		return nil, err
	}
	return c.decodeText(string(src), oid)
}

// parseOIDText reads an oid as oidin does: unsigned 32-bit, negative
// values wrap.
func parseOIDText(s string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < math.MinInt32 || n > math.MaxUint32 {
		return 0, false
	}
	return int64(uint32(n)), true
}
