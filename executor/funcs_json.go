package executor

import (
	"encoding/json"
	"strconv"
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
		"jsonb_path_exists": strictFunc(catalog.Bool, []*catalog.Type{catalog.JSONB, catalog.Text}, func(_ *env, a []any) (any, error) {
			vals, err := jsonPathQuery(a[0].(catalog.JSON).V, str(a[1]))
			return len(vals) > 0, err
		}),
		"jsonb_path_query_first": strictFunc(catalog.JSONB, []*catalog.Type{catalog.JSONB, catalog.Text}, func(_ *env, a []any) (any, error) {
			vals, err := jsonPathQuery(a[0].(catalog.JSON).V, str(a[1]))
			if err != nil || len(vals) == 0 {
				return nil, err
			}
			return catalog.JSON{V: vals[0]}, nil
		}),
		"jsonb_path_query_array": strictFunc(catalog.JSONB, []*catalog.Type{catalog.JSONB, catalog.Text}, func(_ *env, a []any) (any, error) {
			vals, err := jsonPathQuery(a[0].(catalog.JSON).V, str(a[1]))
			if vals == nil {
				vals = []any{}
			}
			return catalog.JSON{V: vals}, err
		}),
	} {
		scalarFuncs[name] = f
	}
	setFuncs["jsonb_path_query"] = setFunc{
		resolve: func(args []expr) ([]scopeCol, error) {
			if len(args) != 2 {
				return nil, errArgs
			}
			j, err := coerceTo(args[0], catalog.JSONB, -1)
			if err != nil || j.typ() != catalog.JSONB {
				return nil, errArgs
			}
			p, err := coerceTo(args[1], catalog.Text, -1)
			if err != nil || !p.typ().IsString() {
				return nil, errArgs
			}
			args[0], args[1] = j, p
			return []scopeCol{{name: "jsonb_path_query", t: catalog.JSONB}}, nil
		},
		rows: func(_ *env, a []any, _ []*catalog.Type) ([][]any, error) {
			vals, err := jsonPathQuery(a[0].(catalog.JSON).V, str(a[1]))
			if err != nil {
				return nil, err
			}
			out := make([][]any, len(vals))
			for i, v := range vals {
				out[i] = []any{catalog.JSON{V: v}}
			}
			return out, nil
		},
	}
	aggregates["jsonb_object_agg"] = aggregateDef{
		result: func(args []expr) (*catalog.Type, error) {
			if len(args) != 2 {
				return nil, errArgs
			}
			return catalog.JSONB, nil
		},
		final: func(rows [][]any, _ *catalog.Type) (any, error) {
			if len(rows) == 0 {
				return nil, nil
			}
			m := map[string]any{}
			for _, r := range rows {
				if r[0] == nil {
					return nil, pgerr.New(pgerr.NullValueNotAllowed, "field name must not be null")
				}
				m[formatText(r[0])] = toJSONValue(r[1])
			}
			return catalog.JSON{V: m}, nil
		},
	}
	aggregates["json_agg"] = aggregates["jsonb_agg"]
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
		return &funcExpr{name: name, args: []expr{x}, t: t, strict: true, fn: func(_ *env, a []any) (any, error) {
			return catalog.JSON{V: toJSONValue(a[0])}, nil
		}}, nil
	}
}

func buildJSON(t *catalog.Type, object bool) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		if object && len(args)%2 != 0 {
			return nil, errAt(pgerr.New(pgerr.InvalidParameterValue, "argument list must have even number of elements").
				WithHint("The arguments of %s() must consist of alternating keys and values.", name), loc)
		}
		for i := range args {
			x, err := coerceTo(args[i], catalog.Text, loc)
			if err != nil {
				return nil, err
			}
			args[i] = x
		}
		return &funcExpr{name: name, args: args, t: t, fn: func(_ *env, a []any) (any, error) {
			if !object {
				out := make([]any, len(a))
				for i, v := range a {
					out[i] = toJSONValue(v)
				}
				return catalog.JSON{V: out}, nil
			}
			m := map[string]any{}
			for i := 0; i < len(a); i += 2 {
				if a[i] == nil {
					return nil, pgerr.New(pgerr.NullValueNotAllowed, "argument %d cannot be null", i+1).WithHint("Object keys should be text.")
				}
				m[formatText(a[i])] = toJSONValue(a[i+1])
			}
			return catalog.JSON{V: m}, nil
		}}, nil
	}
}

func extractPath(asText bool) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		if len(args) < 1 {
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

// jsonPathQuery evaluates the basic jsonpath forms: $, .key, ."key", .*,
// [n], [*] and [last], in lax mode (arrays are unwrapped for member
// access, missing members yield nothing).
func jsonPathQuery(doc any, path string) ([]any, error) {
	p := strings.TrimSpace(path)
	if strings.HasPrefix(p, "lax ") {
		p = strings.TrimSpace(p[4:])
	}
	if !strings.HasPrefix(p, "$") {
		return nil, pgerr.New(pgerr.SyntaxError, "syntax error at or near %q of jsonpath input", path)
	}
	cur := []any{doc}
	p = p[1:]
	for p != "" {
		switch {
		case strings.HasPrefix(p, ".*"):
			p = p[2:]
			cur = flatMap(cur, func(v any) []any {
				if m, ok := v.(map[string]any); ok {
					var out []any
					for _, k := range sortedKeys(m) {
						out = append(out, m[k])
					}
					return out
				}
				return nil
			})
		case strings.HasPrefix(p, "."):
			p = p[1:]
			var key string
			if strings.HasPrefix(p, `"`) {
				end := strings.Index(p[1:], `"`)
				if end < 0 {
					return nil, pgerr.New(pgerr.SyntaxError, "unterminated quoted key in jsonpath input")
				}
				key, p = p[1:end+1], p[end+2:]
			} else {
				end := strings.IndexAny(p, ".[ ")
				if end < 0 {
					end = len(p)
				}
				key, p = p[:end], p[end:]
			}
			cur = flatMap(cur, func(v any) []any {
				switch x := v.(type) {
				case map[string]any:
					if e, ok := x[key]; ok {
						return []any{e}
					}
				case []any: // lax mode unwraps arrays
					var out []any
					for _, el := range x {
						if m, ok := el.(map[string]any); ok {
							if e, ok := m[key]; ok {
								out = append(out, e)
							}
						}
					}
					return out
				}
				return nil
			})
		case strings.HasPrefix(p, "["):
			end := strings.Index(p, "]")
			if end < 0 {
				return nil, pgerr.New(pgerr.SyntaxError, "syntax error in jsonpath input")
			}
			sub := strings.TrimSpace(p[1:end])
			p = p[end+1:]
			cur = flatMap(cur, func(v any) []any {
				arr, ok := v.([]any)
				if !ok {
					arr = []any{v} // lax mode wraps scalars
				}
				switch sub {
				case "*":
					return arr
				case "last":
					if len(arr) > 0 {
						return []any{arr[len(arr)-1]}
					}
					return nil
				}
				i, err := strconv.Atoi(sub)
				if err != nil || i < 0 || i >= len(arr) {
					return nil
				}
				return []any{arr[i]}
			})
		default:
			return nil, pgerr.New(pgerr.FeatureNotSupported, "jsonpath expression %q is not supported", path)
		}
	}
	return cur, nil
}

func flatMap(in []any, f func(any) []any) []any {
	var out []any
	for _, v := range in {
		out = append(out, f(v)...)
	}
	return out
}

var _ = json.Number("")
