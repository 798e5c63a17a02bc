package executor

import (
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
		return formatTyped(v, from), nil
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
			f, _ := x.Float64Value()
			return castValue(math.RoundToEven(f.Float64), catalog.Float8, to)
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case catalog.JSON:
			return castValue(jsonScalarText(x), catalog.Text, to)
		}
	case to == catalog.Float4 || to == catalog.Float8:
		switch x := v.(type) {
		case catalog.JSON:
			return castValue(jsonScalarText(x), catalog.Text, to)
		}
		return toFloat(v), nil
	case to == catalog.Numeric:
		switch x := v.(type) {
		case int64:
			return parseNumeric(strconv.FormatInt(x, 10))
		case float64:
			return floatToNumeric(x)
		case catalog.JSON:
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
			return j, nil
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
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, invalidInput(t, s)
		}
		return f, nil
	case catalog.Numeric:
		return parseNumeric(s)
	case catalog.Bool:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "t", "true", "yes", "y", "on", "1":
			return true, nil
		case "f", "false", "no", "n", "off", "0":
			return false, nil
		}
		return nil, invalidInput(t, s)
	case catalog.JSONB, catalog.JSONType:
		j, err := catalog.ParseJSON([]byte(s))
		if err != nil {
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type %s", t).WithDetail("%v", err)
		}
		return j, nil
	case catalog.Timestamptz, catalog.Date, catalog.Timestamp:
		return parseTime(s, t)
	case catalog.Interval:
		return parseInterval(s)
	}
	if t.Elem != nil {
		return parseArrayText(s, t)
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "input of type %s is not supported", t)
}

// parseArrayText reads a one-dimensional array literal such as {a,"b c",NULL}.
func parseArrayText(s string, t *catalog.Type) (any, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' {
		return nil, pgerr.New(pgerr.InvalidTextRepresentation, "malformed array literal: %q", s).WithDetail(`Array value must start with "{" or dimension information.`)
	}
	body := s[1 : len(s)-1]
	out := []any{}
	if strings.TrimSpace(body) == "" {
		return out, nil
	}
	var cur strings.Builder
	quoted, inQuotes, escaped := false, false, false
	flush := func() error {
		item := cur.String()
		cur.Reset()
		if !quoted {
			item = strings.TrimSpace(item)
			if strings.EqualFold(item, "NULL") {
				out = append(out, nil)
				return nil
			}
		}
		v, err := parseText(item, t.Elem)
		if err != nil {
			return err
		}
		out = append(out, v)
		quoted = false
		return nil
	}
	for _, r := range body {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			inQuotes = !inQuotes
			quoted = true
		case r == ',' && !inQuotes:
			if err := flush(); err != nil {
				return nil, err
			}
		default:
			cur.WriteRune(r)
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// formatTyped is formatText for a value whose type is known: it tells
// dates and timestamps apart.
func formatTyped(v any, t *catalog.Type) string {
	if ts, ok := v.(time.Time); ok && isTimeType(t) {
		return formatTime(ts, t)
	}
	return formatText(v)
}

// formatText is a value's text output, as the type's output function.
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
			return "true"
		}
		return "false"
	case catalog.JSON:
		return x.String()
	case pgtype.Numeric:
		b, _ := x.MarshalJSON()
		return string(b)
	case time.Time:
		return formatTime(x, catalog.Timestamptz)
	case pgtype.Interval:
		return formatInterval(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e == nil {
				parts[i] = "NULL"
				continue
			}
			s := formatText(e)
			if s == "" || strings.ContainsAny(s, `{},"\ `) || strings.EqualFold(s, "null") {
				s = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
			}
			parts[i] = s
		}
		return "{" + strings.Join(parts, ",") + "}"
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

func parseNumeric(s string) (pgtype.Numeric, error) {
	var n pgtype.Numeric
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "nan") {
		return pgtype.Numeric{NaN: true, Valid: true}, nil
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return n, invalidInput(catalog.Numeric, s)
	}
	if strings.ContainsAny(s, "eE") {
		// Exponent notation: keep the digits the value has after the
		// point, as numeric_in does (1e3 is 1000, 1.5e-2 is 0.015).
		mant, exp, _ := strings.Cut(strings.ToLower(s), "e")
		frac := 0
		if _, f, ok := strings.Cut(mant, "."); ok {
			frac = len(f)
		}
		e, _ := strconv.Atoi(exp)
		s = r.FloatString(max(frac-e, 0))
	}
	if err := n.Scan(s); err != nil {
		return n, invalidInput(catalog.Numeric, s)
	}
	return n, nil
}

func floatToNumeric(f float64) (pgtype.Numeric, error) {
	return parseNumeric(strconv.FormatFloat(f, 'f', -1, 64))
}
