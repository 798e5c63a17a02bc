package server

import (
	"encoding/binary"
	"encoding/hex"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// decode turns one non-NULL Bind parameter into the executor's Go value
// for type oid. Errors carry PostgreSQL's SQLSTATE and message.
func (c *codec) decode(src []byte, oid uint32, format int16) (any, error) {
	switch format {
	case 0:
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
		return c.decodeArrayText(s, oid, t.elem)
	}
	switch oid {
	case pgtype.BoolOID:
		if b, ok := parseBool(s); ok {
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
		return parseFloatText(s, oid)
	case pgtype.NumericOID:
		return parseNumeric(s)
	case pgtype.ByteaOID:
		return parseByteaText(s)
	case pgtype.JSONOID, pgtype.JSONBOID:
		j, err := catalog.ParseJSON([]byte(s))
		if err != nil {
			return nil, invalidText(oid, "").WithDetail("%s", err.Error())
		}
		return j, nil
	case pgtype.DateOID, pgtype.TimestampOID, pgtype.TimestamptzOID:
		t, ok := parseDateTime(s, oid, c.loc)
		if !ok {
			return nil, pgerr.New(pgerr.InvalidDatetimeFormat, "invalid input syntax for type %s: \"%s\"", typeName(oid), s)
		}
		return t, nil
	case pgtype.IntervalOID:
		iv, ok := parseInterval(s)
		if !ok {
			return nil, pgerr.New(pgerr.InvalidDatetimeFormat, "invalid input syntax for type interval: \"%s\"", s)
		}
		return iv, nil
	case pgtype.UUIDOID:
		u, err := asUUID(strings.TrimSpace(s))
		if err != nil {
			return nil, invalidText(oid, s)
		}
		return uuidString(u.Bytes), nil
	case pgtype.NameOID:
		if len(s) > 63 {
			s = truncateUTF8(s, 63)
		}
		return s, nil
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
		return c.decodeText(string(src[1:]), oid)
	case pgtype.JSONOID:
		return c.decodeText(string(src), oid)
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
		return uuidString([16]byte(src)), nil
	case pgtype.TextOID, pgtype.VarcharOID, pgtype.NameOID, pgtype.BPCharOID, pgtype.QCharOID, pgtype.UnknownOID, 0:
		return c.decodeText(string(src), oid)
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "binary input is not supported for %s", typeName(oid))
}

// parseNumeric reads numeric input, including exponents ("1.5e3"), within
// PostgreSQL's limits (131072 digits before the point, 16383 after).
func parseNumeric(s string) (any, error) {
	t := strings.TrimSpace(s)
	mant, expStr, hasExp := t, "", false
	if i := strings.IndexAny(t, "eE"); i > 0 && !strings.ContainsAny(t, "iI") { // not Infinity
		mant, expStr, hasExp = t[:i], t[i+1:], true
	}
	var n pgtype.Numeric
	if err := n.Scan(mant); err != nil || !n.Valid {
		return nil, invalidText(pgtype.NumericOID, s)
	}
	if hasExp {
		exp, err := strconv.Atoi(expStr)
		if err != nil || n.NaN || n.InfinityModifier != pgtype.Finite {
			return nil, invalidText(pgtype.NumericOID, s)
		}
		if exp > 131072 || exp < -(131072+16383) {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
		}
		n.Exp += int32(exp)
	}
	if n.Int != nil && n.Int.Sign() != 0 {
		digits := len(new(big.Int).Abs(n.Int).String())
		if digits+int(n.Exp) > 131072 || -n.Exp > 16383 {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
		}
	}
	return n, nil
}

// parseBool accepts what boolin accepts: true/false, yes/no, on/off, 1/0
// and unique prefixes, in any case, with surrounding spaces.
func parseBool(s string) (bool, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return false, false
	}
	for _, w := range []struct {
		word string
		min  int
		v    bool
	}{{"true", 1, true}, {"false", 1, false}, {"yes", 1, true}, {"no", 1, false}, {"on", 2, true}, {"off", 2, false}, {"1", 1, true}, {"0", 1, false}} {
		if len(t) >= w.min && strings.HasPrefix(w.word, t) {
			return w.v, true
		}
	}
	return false, false
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

func parseFloatText(s string, oid uint32) (any, error) {
	t := strings.TrimSpace(s)
	switch strings.ToLower(t) {
	case "nan":
		return math.NaN(), nil
	case "infinity", "+infinity", "inf", "+inf":
		return math.Inf(1), nil
	case "-infinity", "-inf":
		return math.Inf(-1), nil
	}
	bits := 64
	if oid == pgtype.Float4OID {
		bits = 32
	}
	if strings.ContainsAny(t, "xXpP_") || strings.EqualFold(t, "infinity") {
		return nil, invalidText(oid, s)
	}
	f, err := strconv.ParseFloat(t, bits)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "\"%s\" is out of range for type %s", t, typeName(oid))
		}
		return nil, invalidText(oid, s)
	}
	return f, nil
}

// parseByteaText reads the hex (\x...) and escape formats.
func parseByteaText(s string) (any, error) {
	if strings.HasPrefix(s, `\x`) {
		h := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s[2:])
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid hexadecimal data")
		}
		return b, nil
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			out = append(out, s[i])
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			out = append(out, '\\')
			i++
		case i+3 < len(s) && isOctal(s[i+1]) && isOctal(s[i+2]) && isOctal(s[i+3]) && s[i+1] <= '3':
			out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 3
		default:
			return nil, invalidText(pgtype.ByteaOID, s)
		}
	}
	return out, nil
}

func isOctal(b byte) bool { return b >= '0' && b <= '7' }

// normalizeUUIDText drops braces and hyphens so pgtype accepts every form
// uuid_in accepts.
func normalizeUUIDText(s string) string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	return strings.ReplaceAll(s, "-", "")
}

func uuidString(b [16]byte) string {
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}
