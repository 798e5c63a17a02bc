package executor

import (
	"encoding/json"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Building JSON from SQL values, as to_jsonb/datum_to_json do: numbers
// stay numbers, dates and timestamps take ISO 8601 form, arrays become
// JSON arrays and records objects. jsonb results are trees printed by
// catalog.JSON; json results are text, formatted the way each json
// function formats it ("a" : 1 in json_build_object, none in
// row_to_json).

// toJSONTree converts a value of type t to a JSON tree.
func toJSONTree(v any, t *catalog.Type) any {
	switch x := v.(type) {
	case nil:
		return nil
	case catalog.JSON:
		return x.V
	case int64:
		if t != nil && isRegType(t) {
			return formatTyped(x, t)
		}
		return json.Number(formatText(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return formatFloat(x)
		}
		return json.Number(formatFloat(x))
	case pgtype.Numeric:
		if x.NaN {
			return "NaN"
		}
		return json.Number(formatText(x))
	case bool, string:
		return x
	case time.Time:
		return jsonTime(x, t)
	case pgtype.Interval:
		return formatInterval(x)
	case []byte:
		return formatText(x)
	case []any:
		var et *catalog.Type
		if t != nil {
			if t.Fields != nil {
				m := map[string]any{}
				for i, f := range t.Fields {
					if i < len(x) {
						m[f.Name] = toJSONTree(x[i], f.Type)
					}
				}
				return m
			}
			et = elemType(t)
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toJSONTree(e, et)
		}
		return out
	}
	return formatText(v)
}

// toJSONValue converts a value whose type is not known.
func toJSONValue(v any) any { return toJSONTree(v, nil) }

// jsonTime is a date or timestamp in JSON: ISO 8601 with a T, and the
// UTC offset for timestamptz.
func jsonTime(ts time.Time, t *catalog.Type) string {
	ts = ts.UTC()
	switch t {
	case catalog.Date:
		return ts.Format("2006-01-02")
	case catalog.Timestamp:
		return ts.Format("2006-01-02T15:04:05.999999")
	}
	return ts.Format("2006-01-02T15:04:05.999999") + "+00:00"
}

// jsonText is datum_to_json's text for a json result: json values keep
// their text, jsonb prints as jsonb, arrays and records compactly.
func jsonText(v any, t *catalog.Type) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case catalog.JSON:
		return x.String()
	case []any:
		var sb strings.Builder
		if t != nil && t.Fields != nil {
			sb.WriteByte('{')
			for i, f := range t.Fields {
				if i > 0 {
					sb.WriteByte(',')
				}
				sb.WriteString(catalog.JSON{V: f.Name}.String())
				sb.WriteByte(':')
				if i < len(x) {
					sb.WriteString(jsonText(x[i], f.Type))
				}
			}
			sb.WriteByte('}')
			return sb.String()
		}
		var et *catalog.Type
		if t != nil {
			et = elemType(t)
		}
		sb.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(jsonText(e, et))
		}
		sb.WriteByte(']')
		return sb.String()
	}
	return catalog.JSON{V: toJSONTree(v, t)}.String()
}

// jsonKey is an object key built from a value: its text (true for a
// boolean, as the JSON form).
func jsonKey(v any, t *catalog.Type) string {
	if b, ok := v.(bool); ok {
		if b {
			return "true"
		}
		return "false"
	}
	return outputText(v, t)
}

func anyToJSON(t *catalog.Type) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		if len(args) != 1 {
			return nil, errNoFunction(name, args, loc)
		}
		x, err := coerceTo(args[0], catalog.Text, loc)
		if err != nil {
			return nil, err
		}
		at := x.typ()
		return &funcExpr{name: name, args: []expr{x}, t: t, strict: true, fn: func(_ *env, a []any) (any, error) {
			if t == catalog.JSONType {
				return catalog.JSON{V: toJSONTree(a[0], at), Text: jsonText(a[0], at)}, nil
			}
			return builtJSONB(toJSONTree(a[0], at))
		}}, nil
	}
}

func buildJSON(t *catalog.Type, object bool) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		types := make([]*catalog.Type, len(args))
		for i := range args {
			x, err := coerceTo(args[i], catalog.Text, loc)
			if err != nil {
				return nil, err
			}
			args[i], types[i] = x, x.typ()
		}
		return &funcExpr{name: name, args: args, t: t, fn: func(_ *env, a []any) (any, error) {
			if object && len(a)%2 != 0 {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "argument list must have even number of elements").
					WithHint("The arguments of %s() must consist of alternating keys and values.", name)
			}
			if !object {
				out := make([]any, len(a))
				texts := make([]string, len(a))
				for i, v := range a {
					out[i] = toJSONTree(v, types[i])
					texts[i] = jsonText(v, types[i])
				}
				if t == catalog.JSONB {
					return builtJSONB(out)
				}
				return catalog.JSON{V: out, Text: "[" + strings.Join(texts, ", ") + "]"}, nil
			}
			m := map[string]any{}
			var texts []string
			for i := 0; i < len(a); i += 2 {
				if a[i] == nil {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "argument %d: key must not be null", i+1)
				}
				k := jsonKey(a[i], types[i])
				m[k] = toJSONTree(a[i+1], types[i+1])
				texts = append(texts, catalog.JSON{V: k}.String()+" : "+jsonText(a[i+1], types[i+1]))
			}
			if t == catalog.JSONB {
				return builtJSONB(m)
			}
			return catalog.JSON{V: m, Text: "{" + strings.Join(texts, ", ") + "}"}, nil
		}}, nil
	}
}

// jsonAgg is jsonb_agg and json_agg.
func jsonAgg(t *catalog.Type) aggregateDef {
	return aggregateDef{
		result: func(args []expr) (*catalog.Type, error) {
			if _, err := argType(args, 1); err != nil {
				return nil, err
			}
			return t, nil
		},
		finalTyped: func(rows [][]any, args []*catalog.Type, _ *catalog.Type) (any, error) {
			if len(rows) == 0 {
				return nil, nil
			}
			out := make([]any, len(rows))
			texts := make([]string, len(rows))
			for i, r := range rows {
				out[i] = toJSONTree(r[0], args[0])
				texts[i] = jsonText(r[0], args[0])
			}
			if t == catalog.JSONB {
				return builtJSONB(out)
			}
			return catalog.JSON{V: out, Text: "[" + strings.Join(texts, ", ") + "]"}, nil
		},
	}
}

// jsonObjectAgg is jsonb_object_agg and json_object_agg.
func jsonObjectAgg(t *catalog.Type) aggregateDef {
	return aggregateDef{
		result: func(args []expr) (*catalog.Type, error) {
			if len(args) != 2 {
				return nil, errArgs
			}
			return t, nil
		},
		finalTyped: func(rows [][]any, args []*catalog.Type, _ *catalog.Type) (any, error) {
			if len(rows) == 0 {
				return nil, nil
			}
			m := map[string]any{}
			var texts []string
			for _, r := range rows {
				if r[0] == nil {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "field name must not be null")
				}
				k := jsonKey(r[0], args[0])
				m[k] = toJSONTree(r[1], args[1])
				texts = append(texts, catalog.JSON{V: k}.String()+" : "+jsonText(r[1], args[1]))
			}
			if t == catalog.JSONB {
				return builtJSONB(m)
			}
			return catalog.JSON{V: m, Text: "{ " + strings.Join(texts, ", ") + " }"}, nil
		},
	}
}

// jsonBuildFamily is the json aggregates and row_to_json.
func jsonBuildFamily() family {
	return family{name: "json_build", scalars: map[string]scalarFunc{
		"row_to_json": func(b *binder, name string, args []expr, loc int32) (expr, error) {
			if len(args) != 1 || args[0].typ().Fields == nil {
				return nil, errNoFunction(name, args, loc)
			}
			at := args[0].typ()
			return &funcExpr{name: name, args: args, t: catalog.JSONType, strict: true, fn: func(_ *env, a []any) (any, error) {
				return catalog.JSON{V: toJSONTree(a[0], at), Text: jsonText(a[0], at)}, nil
			}}, nil
		},
	}, aggregates: map[string]aggregateDef{
		"jsonb_agg":        jsonAgg(catalog.JSONB),
		"json_agg":         jsonAgg(catalog.JSONType),
		"jsonb_object_agg": jsonObjectAgg(catalog.JSONB),
		"json_object_agg":  jsonObjectAgg(catalog.JSONType),
	}}
}
