package value

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
)

func CanCast(from, to *Type) bool {
	switch {
	case ElemType(from) != nil && ElemType(to) != nil:
		return CanCast(ElemType(from), ElemType(to))
	case from == to, from == Unknown, to.IsString(), from.IsString():
		return true
	case from.IsNumeric() && to.IsNumeric():
		// pg_cast links the oid types with the integers only: int2, int4
		// and int8 to oid, oid back to int4 and int8.
		switch {
		case from.IsOIDAlias() && !to.IsOIDAlias():
			return to == Int4 || to == Int8
		case to.IsOIDAlias() && !from.IsOIDAlias():
			return from == Int2 || from == Int4 || from == Int8
		}
		return true
	case from == Bool && to == Int4, from == Int4 && to == Bool:
		return true
	case (from == JSONB || from == JSONType) && (to == JSONB || to == JSONType):
		return true
	case IsTimeType(from) && IsTimeType(to):
		return true
	case (from == Timestamp || from == Timestamptz) && to == Time:
		return true
	case from == JSONB && (to.IsNumeric() || to == Bool):
		return true
	}
	return false
}

func invalidInput(t *Type, s string) *pgerr.Error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", t, s)
}

// CastValue converts a non-NULL value between types.
func CastValue(v any, from, to *Type) (any, error) {
	if v == nil || from == to {
		return v, nil
	}
	if to.IsString() {
		if b, ok := v.(bool); ok {
			// booltext: the cast spells the words, the output function
			// (formatText) only t/f.
			if b {
				return "true", nil
			}
			return "false", nil
		}
		s := FormatTyped(v, from)
		if from == BPChar && to != BPChar {
			s = strings.TrimRight(s, " ") // character(n) loses its padding
		}
		if to == Name {
			s = TruncateName(s)
		}
		return s, nil
	}
	if s, ok := v.(string); ok {
		return ParseText(s, to)
	}
	if arr, ok := v.([]any); ok && ElemType(to) != nil {
		out := make([]any, len(arr))
		for i, el := range arr {
			c, err := CastValue(el, ElemType(from), ElemType(to))
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	switch {
	case to == Int2 || to == Int4 || to == Int8 || to.IsOIDAlias():
		switch x := v.(type) {
		case int64:
			if !FitsInt(x, to) {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", to)
			}
			return x, nil
		case float64:
			r := math.RoundToEven(x)
			if math.IsNaN(r) || r < math.MinInt64 || r > math.MaxInt64 || !FitsInt(int64(r), to) {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", to)
			}
			return int64(r), nil
		case pgtype.Numeric:
			// numeric rounds half away from zero (float rounds half to even).
			if IsSpecial(x) {
				return nil, specialToInt(x, to)
			}
			n := RoundNumericScale(x, 0)
			if !n.Int.IsInt64() || !FitsInt(n.Int.Int64(), to) {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", to)
			}
			return n.Int.Int64(), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case JSON:
			if err := jsonNumberCast(x, to); err != nil {
				return nil, err
			}
			// jsonb_int4 is numeric_int4 of the number: rounded, 22003 past the type.
			n, err := ParseNumeric(JSONScalarText(x))
			if err != nil {
				return nil, err
			}
			return CastValue(n, Numeric, to)
		}
	case to == Float4 || to == Float8:
		switch x := v.(type) {
		case JSON:
			if err := jsonNumberCast(x, to); err != nil {
				return nil, err
			}
			return CastValue(JSONScalarText(x), Text, to)
		case pgtype.Numeric:
			// numeric_float8 is float8in of numeric_out's text: the same
			// rounding, and 22003 past the type's range.
			return ParseFloat(FormatText(x), to)
		}
		return floatOf(ToFloat(v), to), nil
	case to == Numeric:
		switch x := v.(type) {
		case int64:
			return ParseNumeric(strconv.FormatInt(x, 10))
		case float64:
			return FloatToNumeric(x)
		case JSON:
			if err := jsonNumberCast(x, to); err != nil {
				return nil, err
			}
			return ParseNumeric(JSONScalarText(x))
		}
	case to == Bool:
		switch x := v.(type) {
		case int64:
			return x != 0, nil
		case JSON:
			if b, ok := x.V.(bool); ok {
				return b, nil
			}
			return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot cast jsonb %s to type boolean", JSONTypeName(x.V))
		}
	case to == JSONB || to == JSONType:
		if j, ok := v.(JSON); ok {
			if to == JSONB && j.Text != "" {
				// json to jsonb: reparse, as jsonb_in would, dropping
				// the text's spacing and duplicate keys.
				return parseJSONText(j.Text, false)
			}
			return JSON{V: j.V}, nil
		}
	case to == Time:
		if ts, ok := v.(time.Time); ok {
			return ts.UTC().Format("15:04:05.999999"), nil
		}
	case IsTimeType(to):
		if ts, ok := v.(time.Time); ok {
			if to == Date {
				return ts.UTC().Truncate(24 * time.Hour), nil
			}
			return ts, nil
		}
	}
	return nil, pgerr.New(pgerr.CannotCoerce, "cannot cast type %s to %s", from, to)
}

// jsonNumberCast checks a jsonb to number cast: only a JSON number
// converts ("cannot cast jsonb string to type integer").
func jsonNumberCast(j JSON, to *Type) error {
	if _, ok := j.V.(json.Number); ok {
		return nil
	}
	return pgerr.New(pgerr.InvalidParameterValue, "cannot cast jsonb %s to type %s", JSONTypeName(j.V), to)
}

// ParseText reads a value from its text form, as a type's input function.
func ParseText(s string, t *Type) (any, error) {
	switch t {
	case Char:
		if len(s) > 1 {
			return s[:1], nil // "char" keeps the first byte
		}
		return s, nil
	case Name:
		return TruncateName(s), nil
	case UUID:
		return ParseUUID(s)
	}
	if t.IsString() {
		return s, nil
	}
	switch t {
	case Int2, Int4, Int8, OIDType:
		i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value %q is out of range for type %s", s, t)
			}
			return nil, invalidInput(t, s)
		}
		if !FitsInt(i, t) {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value %q is out of range for type %s", s, t)
		}
		return i, nil
	case Float4, Float8:
		f, err := ParseFloat(s, t)
		if err != nil {
			return nil, err
		}
		return floatOf(f, t), nil
	case Numeric:
		return ParseNumeric(s)
	case Bool:
		if b, ok := ParseBool(s); ok {
			return b, nil
		}
		return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type boolean: \"%s\"", s)
	case JSONB, JSONType:
		return parseJSONText(s, t == JSONType)
	case Bytea:
		return ParseBytea(s)
	case JSONPath:
		if _, err := CompileJSONPath(s); err != nil {
			return nil, err
		}
		return s, nil
	case Timestamptz, Date, Timestamp:
		return ParseTime(s, t)
	case Interval:
		return ParseInterval(s)
	case Time:
		ts, err := ParseTime("2000-01-01 "+strings.TrimSpace(s), Timestamp)
		if err != nil {
			return nil, badDatetime(Time, s)
		}
		return ts.Format("15:04:05.999999"), nil
	}
	if t.Elem != nil {
		return parseArrayText(s, t)
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "input of type %s is not supported", t)
}

// parseArrayText reads an array literal such as {a,"b c",NULL}, with
// array_in's diagnostics; the executor's arrays have one dimension.
func parseArrayText(s string, t *Type) (any, error) {
	out, err := ParseArray(s, func(e string) (any, error) { return ParseText(e, t.Elem) })
	if err != nil {
		return nil, err
	}
	for _, e := range out {
		if _, nested := e.([]any); nested && t.Elem.Elem == nil {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "multidimensional arrays are not supported")
		}
	}
	return out, nil
}

// FormatTyped is formatText for a value whose type is known: it tells
// dates and timestamps apart.
func FormatTyped(v any, t *Type) string {
	if ts, ok := v.(time.Time); ok && IsTimeType(t) {
		return FormatTime(ts, t)
	}
	if arr, ok := v.([]any); ok && (t == Int2Vector || t == OIDVector) {
		// int2vectorout, oidvectorout: space-separated (indkey::varchar)
		parts := make([]string, len(arr))
		for i, e := range arr {
			parts[i] = FormatText(e)
		}
		return strings.Join(parts, " ")
	}
	if f, ok := v.(float64); ok && t == Float4 {
		return formatFloatBits(f, 32)
	}
	return FormatText(v)
}

// FormatText is a value's text output, as the type's output function
// (which is not always the cast to text: booleans print t and f).
func FormatText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return FormatFloat(x)
	case bool:
		if x {
			return "t"
		}
		return "f"
	case JSON:
		return x.String()
	case pgtype.Numeric:
		return string(AppendNumeric(nil, x))
	case time.Time:
		return FormatTime(x, Timestamptz)
	case pgtype.Interval:
		return formatInterval(x)
	case []byte:
		return string(AppendBytea(nil, x))
	case []any:
		b, _ := AppendArray(nil, x, true, func(b []byte, e any) ([]byte, error) { return append(b, FormatText(e)...), nil })
		return string(b)
	}
	return fmt.Sprint(v)
}

// FormatFloat prints a float8 as PostgreSQL does with extra_float_digits=1:
// the shortest text that reads back exactly.
func FormatFloat(f float64) string { return formatFloatBits(f, 64) }

// formatFloatBits is float8out (bits 64) or float4out (bits 32): the
// shortest digits that read back to the same value, with an exponent
// below 1e-4 and from 1e15 (float8) or 1e6 (float4, FLT_DIG) up.
func formatFloatBits(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	exp := 0
	if f != 0 {
		exp = int(math.Floor(math.Log10(math.Abs(f))))
	}
	digits := 15 // DBL_DIG
	if bits == 32 {
		digits = 6 // FLT_DIG
	}
	if exp < -4 || exp >= digits {
		return strconv.FormatFloat(f, 'e', -1, bits) // e+06 and e-05, as PostgreSQL writes them
	}
	return strconv.FormatFloat(f, 'f', -1, bits)
}

// floatOf keeps a float4 value at float4 precision, as PostgreSQL
// stores it, so that later float8 arithmetic sees the same digits.
func floatOf(f float64, t *Type) float64 {
	if t == Float4 {
		return float64(float32(f))
	}
	return f
}

// parseFloat reads float8 input (float8in).
func parseFloat(s string) (float64, error) { return ParseFloat(s, Float8) }

// ParseFloat reads float4 or float8 input as float4in and float8in do:
// NaN, [+-]Infinity, [+-]inf in any case, surrounding spaces; no hex
// floats or underscores (which Go accepts); beyond the type's range 22003.
// A float4 keeps float4 precision, as PostgreSQL stores it.
func ParseFloat(s string, t *Type) (float64, error) {
	in := strings.TrimSpace(s)
	switch strings.ToLower(in) {
	case "nan":
		return math.NaN(), nil
	case "infinity", "+infinity", "inf", "+inf":
		return math.Inf(1), nil
	case "-infinity", "-inf":
		return math.Inf(-1), nil
	}
	bits := 64
	if t == Float4 {
		bits = 32
	}
	bad := pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: \"%s\"", t, s)
	if strings.ContainsAny(in, "xXpPnN_") { // hex floats, "nan" and "inf" spellings Go takes and PostgreSQL does not
		return 0, bad
	}
	f, err := strconv.ParseFloat(in, bits)
	if mant, _, _ := strings.Cut(strings.ToLower(in), "e"); err == nil && f == 0 && strings.ContainsAny(mant, "123456789") {
		err = strconv.ErrRange // underflow: strtod's ERANGE
	}
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, pgerr.New(pgerr.NumericValueOutOfRange, "\"%s\" is out of range for type %s", in, t)
		}
		return 0, bad
	}
	return f, nil
}

func ToFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	case pgtype.Numeric:
		f, err := x.Float64Value()
		if err != nil && x.Valid && !IsSpecial(x) {
			// Past float8's range: the infinity of its sign (or zero),
			// not pgtype's zero.
			r, _ := ToRat(x)
			g, _ := r.Float64()
			return g
		}
		return f.Float64
	}
	return math.NaN()
}

// ParseNumeric reads numeric input as numeric_in does: an optional sign,
// digits with an optional point, an optional exponent ("1.5e3"), or NaN,
// [+-]Infinity, [+-]inf in any case; the scale is the digits after the
// point less the exponent. Beyond numeric's limits (131072 digits before
// the point, 16383 after) it is 22003.
func ParseNumeric(s string) (pgtype.Numeric, error) {
	t := strings.TrimSpace(s)
	bad := func() (pgtype.Numeric, error) {
		return pgtype.Numeric{}, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type numeric: \"%s\"", s)
	}
	switch strings.ToLower(t) {
	case "nan":
		return pgtype.Numeric{NaN: true, Valid: true}, nil
	case "infinity", "+infinity", "inf", "+inf":
		return pgtype.Numeric{InfinityModifier: pgtype.Infinity, Valid: true}, nil
	case "-infinity", "-inf":
		return pgtype.Numeric{InfinityModifier: pgtype.NegativeInfinity, Valid: true}, nil
	}
	body, neg := strings.ToLower(t), false
	if body != "" && (body[0] == '+' || body[0] == '-') {
		body, neg = body[1:], body[0] == '-'
	}
	mant, expText, hasExp := strings.Cut(body, "e")
	whole, frac, _ := strings.Cut(mant, ".")
	if whole+frac == "" || !allDigits(whole) || !allDigits(frac) {
		return bad()
	}
	exp := 0
	if hasExp {
		e, err := strconv.Atoi(expText)
		if err != nil {
			return bad()
		}
		if e > 131072 || e < -(131072+16383) {
			return pgtype.Numeric{}, errNumericOverflow()
		}
		exp = e
	}
	digits := strings.TrimLeft(whole+frac, "0")
	if len(digits)-len(frac)+exp > 131072 || len(frac)-exp > 16383 {
		return pgtype.Numeric{}, errNumericOverflow()
	}
	n, _ := new(big.Int).SetString("0"+digits, 10)
	scale := len(frac) - exp
	if scale < 0 {
		// 1e3 is 1000 with scale 0: numeric has no negative scale.
		n.Mul(n, Pow10(int32(-scale)))
		scale = 0
	}
	if neg {
		n.Neg(n)
	}
	return pgtype.Numeric{Int: n, Exp: int32(-scale), Valid: true}, nil
}

func errNumericOverflow() error {
	return pgerr.New(pgerr.NumericValueOutOfRange, "value overflows numeric format")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func FloatToNumeric(f float64) (pgtype.Numeric, error) {
	return ParseNumeric(strconv.FormatFloat(f, 'f', -1, 64))
}
