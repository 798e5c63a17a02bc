package executor

import (
	"encoding/json"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

func init() {
	jb := []*catalog.Type{catalog.JSONB}
	for name, f := range map[string]scalarFunc{
		"to_jsonb":                anyToJSON(catalog.JSONB),
		"to_json":                 anyToJSON(catalog.JSONType),
		"jsonb_build_object":      buildJSON(catalog.JSONB, true),
		"json_build_object":       buildJSON(catalog.JSONType, true),
		"jsonb_build_array":       buildJSON(catalog.JSONB, false),
		"json_build_array":        buildJSON(catalog.JSONType, false),
		"jsonb_extract_path":      extractPath(false),
		"jsonb_extract_path_text": extractPath(true),
		"jsonb_pretty": strictFunc(catalog.Text, jb, func(_ *env, a []any) (any, error) {
			var sb strings.Builder
			prettyJSON(&sb, a[0].(catalog.JSON).V, 0)
			return sb.String(), nil
		}),
		"jsonb_strip_nulls": strictFunc(catalog.JSONB, jb, func(_ *env, a []any) (any, error) {
			return catalog.JSON{V: stripNulls(a[0].(catalog.JSON).V)}, nil
		}),
		"json_typeof": strictFunc(catalog.Text, []*catalog.Type{catalog.JSONType}, func(_ *env, a []any) (any, error) {
			return jsonTypeName(a[0].(catalog.JSON).V), nil
		}),
		"json_array_length": strictFunc(catalog.Int4, []*catalog.Type{catalog.JSONType}, func(_ *env, a []any) (any, error) {
			arr, ok := a[0].(catalog.JSON).V.([]any)
			if !ok {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot get array length of a non-array")
			}
			return int64(len(arr)), nil
		}),
	} {
		scalarFuncs[name] = f
	}
}

func extractPath(asText bool) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		if len(args) < 2 { // the path is VARIADIC text[]: at least one element
			return nil, errNoFunction(name, args, loc)
		}
		j, err := coerceTo(args[0], catalog.JSONB, loc)
		if err != nil || (j.typ() != catalog.JSONB && j.typ() != catalog.JSONType) {
			return nil, errNoFunction(name, args, loc)
		}
		args[0] = j
		for i := 1; i < len(args); i++ {
			if args[i], err = coerceTo(args[i], catalog.Text, loc); err != nil {
				return nil, err
			}
		}
		t := catalog.JSONB
		if asText {
			t = catalog.Text
		}
		return &funcExpr{name: name, args: args, t: t, fn: func(_ *env, a []any) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			return jsonPath(a[0].(catalog.JSON), a[1:], asText), nil
		}}, nil
	}
}

func stripNulls(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if e != nil {
				out[k] = stripNulls(e)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = stripNulls(e)
		}
		return out
	}
	return v
}

// prettyJSON indents as jsonb_pretty does: four spaces, one member per line.
func prettyJSON(sb *strings.Builder, v any, depth int) {
	indent := strings.Repeat("    ", depth+1)
	closing := strings.Repeat("    ", depth)
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			sb.WriteString("{\n" + closing + "}")
			return
		}
		keys := sortedKeys(x)
		sb.WriteString("{\n")
		for i, k := range keys {
			sb.WriteString(indent)
			sb.WriteString(catalog.JSON{V: k}.String())
			sb.WriteString(": ")
			prettyJSON(sb, x[k], depth+1)
			if i < len(keys)-1 {
				sb.WriteString(",")
			}
			sb.WriteString("\n")
		}
		sb.WriteString(closing + "}")
	case []any:
		if len(x) == 0 {
			sb.WriteString("[\n" + closing + "]")
			return
		}
		sb.WriteString("[\n")
		for i, e := range x {
			sb.WriteString(indent)
			prettyJSON(sb, e, depth+1)
			if i < len(x)-1 {
				sb.WriteString(",")
			}
			sb.WriteString("\n")
		}
		sb.WriteString(closing + "]")
	default:
		sb.WriteString(catalog.JSON{V: v}.String())
	}
}

var _ = json.Number("")
