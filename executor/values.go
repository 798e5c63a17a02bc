package executor

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

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

func canCast(from, to *catalog.Type) bool {
	switch {
	case elemType(from) != nil && elemType(to) != nil:
		return canCast(elemType(from), elemType(to))
	case from == to, from == catalog.Unknown, to.IsString(), from.IsString():
		return true
	case from.IsNumeric() && to.IsNumeric():
		return true
	case from == catalog.Bool && to == catalog.Int4, from == catalog.Int4 && to == catalog.Bool:
		return true
	case (from == catalog.JSONB || from == catalog.JSONType) && (to == catalog.JSONB || to == catalog.JSONType):
		return true
	case isTimeType(from) && isTimeType(to):
		return true
	case (from == catalog.Timestamp || from == catalog.Timestamptz) && to == catalog.Time:
		return true
	case from == catalog.JSONB && (to.IsNumeric() || to == catalog.Bool):
		return true
	}
	return false
}

func invalidInput(t *catalog.Type, s string) *pgerr.Error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s: %q", t, s)
}

// castValue converts a non-NULL value between types.
func castValue(v any, from, to *catalog.Type) (any, error) {
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
		s := formatTyped(v, from)
		if from == catalog.BPChar && to != catalog.BPChar {
			s = strings.TrimRight(s, " ") // character(n) loses its padding
		}
		return s, nil
	}
	if s, ok := v.(string); ok {
		return parseText(s, to)
	}
	if arr, ok := v.([]any); ok && elemType(to) != nil {
		out := make([]any, len(arr))
		for i, el := range arr {
			c, err := castValue(el, elemType(from), elemType(to))
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	switch {
	case to == catalog.Int2 || to == catalog.Int4 || to == catalog.Int8 || to.IsOIDAlias():
		switch x := v.(type) {
		case int64:
			if !fitsInt(x, to) {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", to)
			}
			return x, nil
		case float64:
			r := math.RoundToEven(x)
			if math.IsNaN(r) || r < math.MinInt64 || r > math.MaxInt64 || !fitsInt(int64(r), to) {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", to)
			}
			return int64(r), nil
		case pgtype.Numeric:
			// numeric rounds half away from zero (float rounds half to even).
			if x.NaN {
				return nil, pgerr.New(pgerr.FeatureNotSupported, "cannot convert NaN to %s", to)
			}
			n := roundNumericScale(x, 0)
			if !n.Int.IsInt64() || !fitsInt(n.Int.Int64(), to) {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "%s out of range", to)
			}
			return n.Int.Int64(), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case catalog.JSON:
			if err := jsonNumberCast(x, to); err != nil {
				return nil, err
			}
			return castValue(jsonScalarText(x), catalog.Numeric, to)
		}
	case to == catalog.Float4 || to == catalog.Float8:
		switch x := v.(type) {
		case catalog.JSON:
			if err := jsonNumberCast(x, to); err != nil {
				return nil, err
			}
			return castValue(jsonScalarText(x), catalog.Text, to)
		}
		return floatOf(toFloat(v), to), nil
	case to == catalog.Numeric:
		switch x := v.(type) {
		case int64:
			return parseNumeric(strconv.FormatInt(x, 10))
		case float64:
			return floatToNumeric(x)
		case catalog.JSON:
			if err := jsonNumberCast(x, to); err != nil {
				return nil, err
			}
			return parseNumeric(jsonScalarText(x))
		}
	case to == catalog.Bool:
		switch x := v.(type) {
		case int64:
			return x != 0, nil
		case catalog.JSON:
			if b, ok := x.V.(bool); ok {
				return b, nil
			}
			return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot cast jsonb %s to type boolean", jsonTypeName(x.V))
		}
	case to == catalog.JSONB || to == catalog.JSONType:
		if j, ok := v.(catalog.JSON); ok {
			if to == catalog.JSONB && j.Text != "" {
				// json to jsonb: reparse, as jsonb_in would, dropping
				// the text's spacing and duplicate keys.
				return parseJSONText(j.Text, false)
			}
			return catalog.JSON{V: j.V}, nil
		}
	case to == catalog.Time:
		if ts, ok := v.(time.Time); ok {
			return ts.UTC().Format("15:04:05.999999"), nil
		}
	case isTimeType(to):
		if ts, ok := v.(time.Time); ok {
			if to == catalog.Date {
				return ts.UTC().Truncate(24 * time.Hour), nil
			}
			return ts, nil
		}
	}
	return nil, pgerr.New(pgerr.CannotCoerce, "cannot cast type %s to %s", from, to)
}

// jsonNumberCast checks a jsonb to number cast: only a JSON number
// converts ("cannot cast jsonb string to type integer").
func jsonNumberCast(j catalog.JSON, to *catalog.Type) error {
	if _, ok := j.V.(json.Number); ok {
		return nil
	}
	return pgerr.New(pgerr.InvalidParameterValue, "cannot cast jsonb %s to type %s", jsonTypeName(j.V), to)
}

// parseText reads a value from its text form, as a type's input function.
func parseText(s string, t *catalog.Type) (any, error) {
	if t == catalog.Char && len(s) > 1 {
		return s[:1], nil // "char" keeps the first byte
	}
	if t.IsString() {
		return s, nil
	}
	switch t {
	case catalog.Int2, catalog.Int4, catalog.Int8, catalog.OIDType:
		i, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value %q is out of range for type %s", s, t)
			}
			return nil, invalidInput(t, s)
		}
		if !fitsInt(i, t) {
			return nil, pgerr.New(pgerr.NumericValueOutOfRange, "value %q is out of range for type %s", s, t)
		}
		return i, nil
	case catalog.Float4, catalog.Float8:
		f, err := ParseFloat(s, t)
		if err != nil {
			return nil, err
		}
		return floatOf(f, t), nil
	case catalog.Numeric:
		return parseNumeric(s)
	case catalog.Bool:
		if b, ok := ParseBool(s); ok {
			return b, nil
		}
		return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type boolean: \"%s\"", s)
	case catalog.JSONB, catalog.JSONType:
		return parseJSONText(s, t == catalog.JSONType)
	case catalog.Bytea:
		return parseBytea(s)
	case catalog.JSONPath:
		if _, err := compileJSONPath(s); err != nil {
			return nil, err
		}
		return s, nil
	case catalog.Timestamptz, catalog.Date, catalog.Timestamp:
		return parseTime(s, t)
	case catalog.Interval:
		return parseInterval(s)
	case catalog.Time:
		ts, err := parseTime("2000-01-01 "+strings.TrimSpace(s), catalog.Timestamp)
		if err != nil {
			return nil, badDatetime(catalog.Time, s)
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
func parseArrayText(s string, t *catalog.Type) (any, error) {
	out, err := ParseArray(s, func(e string) (any, error) { return parseText(e, t.Elem) })
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

// formatTyped is formatText for a value whose type is known: it tells
// dates and timestamps apart.
func formatTyped(v any, t *catalog.Type) string {
	if ts, ok := v.(time.Time); ok && isTimeType(t) {
		return formatTime(ts, t)
	}
	if arr, ok := v.([]any); ok && (t == catalog.Int2Vector || t == catalog.OIDVector) {
		// int2vectorout, oidvectorout: space-separated (indkey::varchar)
		parts := make([]string, len(arr))
		for i, e := range arr {
			parts[i] = formatText(e)
		}
		return strings.Join(parts, " ")
	}
	return formatText(v)
}

// formatText is a value's text output, as the type's output function
// (which is not always the cast to text: booleans print t and f).
func formatText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return formatFloat(x)
	case bool:
		if x {
			return "t"
		}
		return "f"
	case catalog.JSON:
		return x.String()
	case pgtype.Numeric:
		return string(AppendNumeric(nil, x))
	case time.Time:
		return formatTime(x, catalog.Timestamptz)
	case pgtype.Interval:
		return formatInterval(x)
	case []byte:
		return string(AppendBytea(nil, x))
	case []any:
		b, _ := AppendArray(nil, x, true, func(b []byte, e any) ([]byte, error) { return append(b, formatText(e)...), nil })
		return string(b)
	}
	return fmt.Sprint(v)
}

// formatFloat prints a float8 as PostgreSQL does with extra_float_digits=1:
// the shortest text that reads back exactly.
func formatFloat(f float64) string {
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
	if exp < -4 || exp >= 15 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		// Go writes e+06; PostgreSQL writes e+06 too, but e-05 as e-05.
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// floatOf keeps a float4 value at float4 precision, as PostgreSQL
// stores it, so that later float8 arithmetic sees the same digits.
func floatOf(f float64, t *catalog.Type) float64 {
	if t == catalog.Float4 {
		return float64(float32(f))
	}
	return f
}

// parseFloat reads float8 input (float8in).
func parseFloat(s string) (float64, error) { return ParseFloat(s, catalog.Float8) }

// ParseFloat reads float4 or float8 input as float4in and float8in do:
// NaN, [+-]Infinity, [+-]inf in any case, surrounding spaces; no hex
// floats or underscores (which Go accepts); beyond the type's range 22003.
// A float4 keeps float4 precision, as PostgreSQL stores it.
func ParseFloat(s string, t *catalog.Type) (float64, error) {
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
	if t == catalog.Float4 {
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

func toFloat(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	case pgtype.Numeric:
		f, _ := x.Float64Value()
		return f.Float64
	}
	return math.NaN()
}

// parseNumeric reads numeric input as numeric_in does: an optional sign,
// digits with an optional point, an optional exponent ("1.5e3"), or NaN,
// [+-]Infinity, [+-]inf in any case; the scale is the digits after the
// point less the exponent. Beyond numeric's limits (131072 digits before
// the point, 16383 after) it is 22003.
func parseNumeric(s string) (pgtype.Numeric, error) {
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
		n.Mul(n, pow10(int32(-scale)))
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

func floatToNumeric(f float64) (pgtype.Numeric, error) {
	return parseNumeric(strconv.FormatFloat(f, 'f', -1, 64))
}
