package funcs

import (
	"strings"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// jsonFamily is the functions that read json and jsonb: build, extract,
// describe, and turn into records.
func jsonFamily() Family {
	jb := []*value.Type{value.JSONB}
	return Family{Name: "json", Scalars: map[string]ScalarFunc{
		"to_jsonb":                anyToJSON(value.JSONB),
		"to_json":                 anyToJSON(value.JSONType),
		"jsonb_build_object":      buildJSON(value.JSONB, true),
		"json_build_object":       buildJSON(value.JSONType, true),
		"jsonb_build_array":       buildJSON(value.JSONB, false),
		"json_build_array":        buildJSON(value.JSONType, false),
		"jsonb_extract_path":      extractPath(false),
		"jsonb_extract_path_text": extractPath(true),
		"jsonb_pretty": strictFunc(value.Text, jb, func(_ *expr.Env, a []any) (any, error) {
			var sb strings.Builder
			prettyJSON(&sb, a[0].(value.JSON).V, 0)
			return sb.String(), nil
		}),
		"jsonb_strip_nulls": strictFunc(value.JSONB, jb, func(_ *expr.Env, a []any) (any, error) {
			return value.JSON{V: stripNulls(a[0].(value.JSON).V)}, nil
		}),
		"json_typeof": strictFunc(value.Text, []*value.Type{value.JSONType}, func(_ *expr.Env, a []any) (any, error) {
			return value.JSONTypeName(a[0].(value.JSON).V), nil
		}),
		"json_array_length": strictFunc(value.Int4, []*value.Type{value.JSONType}, func(_ *expr.Env, a []any) (any, error) {
			arr, ok := a[0].(value.JSON).V.([]any)
			if !ok {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot get array length of a non-array")
			}
			return int64(len(arr)), nil
		}),
		"jsonb_array_length": strictFunc(value.Int4, jb, func(_ *expr.Env, a []any) (any, error) {
			arr, ok := a[0].(value.JSON).V.([]any)
			if !ok {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot get array length of a non-array")
			}
			return int64(len(arr)), nil
		}),
		"jsonb_typeof": strictFunc(value.Text, jb, func(_ *expr.Env, a []any) (any, error) {
			return value.JSONTypeName(a[0].(value.JSON).V), nil
		}),
		"json_extract_path":      extractPathOf(value.JSONType, false),
		"json_extract_path_text": extractPathOf(value.JSONType, true),
	}, Sets: map[string]SetFunc{
		"json_object_keys": {
			Resolve: jsonArg(value.JSONType, []expr.ScopeCol{{Name: "json_object_keys", T: value.Text}}),
			Rows:    jsonObjectKeys,
		},
		"jsonb_to_record":    recordFunc(value.JSONB, false),
		"json_to_record":     recordFunc(value.JSONType, false),
		"jsonb_to_recordset": recordFunc(value.JSONB, true),
		"json_to_recordset":  recordFunc(value.JSONType, true),
	}}
}

func extractPath(asText bool) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) < 2 { // the path is VARIADIC text[]: at least one element
			return nil, ErrNoFunction(name, args, loc)
		}
		j, err := expr.CoerceTo(args[0], value.JSONB, loc)
		if err != nil || (j.Type() != value.JSONB && j.Type() != value.JSONType) {
			return nil, ErrNoFunction(name, args, loc)
		}
		args[0] = j
		for i := 1; i < len(args); i++ {
			if args[i], err = expr.CoerceTo(args[i], value.Text, loc); err != nil {
				return nil, err
			}
		}
		t := value.JSONB
		if asText {
			t = value.Text
		}
		return &expr.FuncExpr{Name: name, Args: args, T: t, Fn: func(_ *expr.Env, a []any) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			return value.JSONExtractPath(a[0].(value.JSON), a[1:], asText), nil
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
		keys := value.SortedKeys(x)
		sb.WriteString("{\n")
		for i, k := range keys {
			sb.WriteString(indent)
			sb.WriteString(value.JSON{V: k}.String())
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
		sb.WriteString(value.JSON{V: v}.String())
	}
}

// extractPathOf is jsonb_extract_path(_text) for json or jsonb, with at
// least one path element.
func extractPathOf(t *value.Type, asText bool) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) < 2 {
			return nil, ErrNoFunction(name, args, loc)
		}
		j, err := expr.CoerceTo(args[0], t, loc)
		if err != nil || j.Type() != t {
			return nil, ErrNoFunction(name, args, loc)
		}
		args[0] = j
		return extractPath(asText)(c, name, args, loc)
	}
}

// recordFunc is jsonb_to_record(set): the column definition list names
// and types the output; each key of an object fills the column of that
// Name.
func recordFunc(t *value.Type, set bool) SetFunc {
	return SetFunc{
		Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
			x, err := jsonArg(t, nil)(args)
			return x, err
		},
		NeedsColumnList: true,
		RecordRows: func(v any, cols []expr.ScopeCol) ([][]any, error) {
			items := []any{v}
			if set {
				arr, ok := v.([]any)
				if !ok {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot call %s on a non-array", map[bool]string{true: "jsonb_to_recordset", false: "json_to_recordset"}[t == value.JSONB])
				}
				items = arr
			}
			var out [][]any
			for _, it := range items {
				obj, ok := it.(map[string]any)
				if !ok {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "argument of %s must be an array of objects", map[bool]string{true: "jsonb_to_recordset", false: "json_to_recordset"}[t == value.JSONB])
				}
				row := make([]any, len(cols))
				for i, c := range cols {
					val, present := obj[c.Name]
					if !present || val == nil {
						continue
					}
					cell, err := jsonToColumn(val, c.T)
					if err != nil {
						return nil, err
					}
					row[i] = cell
				}
				out = append(out, row)
			}
			return out, nil
		},
	}
}

// jsonToColumn converts a JSON value to a column type as populate_record
// does: json columns take the value, others read its text.
func jsonToColumn(v any, t *value.Type) (any, error) {
	if t == value.JSONB || t == value.JSONType {
		return value.JSON{V: v}, nil
	}
	return value.ParseText(value.JSONScalarText(value.JSON{V: v}), t)
}
