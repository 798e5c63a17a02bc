package value

import (
	"encoding/json"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// ToJSONTree converts a value of type t to a JSON tree.
func ToJSONTree(v any, t *Type) any {
	switch x := v.(type) {
	case nil:
		return nil
	case JSON:
		return x.V
	case int64:
		if t != nil && IsRegType(t) {
			return FormatTyped(x, t)
		}
		return json.Number(FormatText(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return FormatFloat(x)
		}
		return json.Number(FormatFloat(x))
	case pgtype.Numeric:
		if IsSpecial(x) {
			return FormatText(x) // "NaN", "Infinity": JSON has no such numbers
		}
		return json.Number(FormatText(x))
	case bool, string:
		return x
	case time.Time:
		return jsonTime(x, t)
	case pgtype.Interval:
		return formatInterval(x)
	case []byte:
		return FormatText(x)
	case []any:
		var et *Type
		if t != nil {
			if t.Fields != nil {
				m := map[string]any{}
				for i, f := range t.Fields {
					if i < len(x) {
						m[f.Name] = ToJSONTree(x[i], f.Type)
					}
				}
				return m
			}
			et = ElemType(t)
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = ToJSONTree(e, et)
		}
		return out
	}
	return FormatText(v)
}

// toJSONValue converts a value whose type is not known.
func toJSONValue(v any) any { return ToJSONTree(v, nil) }

// jsonTime is a date or timestamp in JSON: ISO 8601 with a T, and the
// UTC offset for timestamptz.
func jsonTime(ts time.Time, t *Type) string {
	ts = ts.UTC()
	switch t {
	case Date:
		return ts.Format("2006-01-02")
	case Timestamp:
		return ts.Format("2006-01-02T15:04:05.999999")
	}
	return ts.Format("2006-01-02T15:04:05.999999") + "+00:00"
}

// JSONText is datum_to_json's text for a json result: json values keep
// their text, jsonb prints as jsonb, arrays and records compactly.
func JSONText(v any, t *Type) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case JSON:
		return x.String()
	case []any:
		var sb strings.Builder
		if t != nil && t.Fields != nil {
			sb.WriteByte('{')
			for i, f := range t.Fields {
				if i > 0 {
					sb.WriteByte(',')
				}
				sb.WriteString(JSON{V: f.Name}.String())
				sb.WriteByte(':')
				if i < len(x) {
					sb.WriteString(JSONText(x[i], f.Type))
				}
			}
			sb.WriteByte('}')
			return sb.String()
		}
		var et *Type
		if t != nil {
			et = ElemType(t)
		}
		sb.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(JSONText(e, et))
		}
		sb.WriteByte(']')
		return sb.String()
	}
	return JSON{V: ToJSONTree(v, t)}.String()
}

// JSONKey is an object key built from a value: its text (true for a
// boolean, as the JSON form).
func JSONKey(v any, t *Type) string {
	if b, ok := v.(bool); ok {
		if b {
			return "true"
		}
		return "false"
	}
	return OutputText(v, t)
}
