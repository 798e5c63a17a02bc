package funcs

import (
	"strings"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func anyToJSON(t *value.Type) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) != 1 {
			return nil, ErrNoFunction(name, args, loc)
		}
		x, err := expr.CoerceTo(args[0], value.Text, loc)
		if err != nil {
			return nil, err
		}
		at := x.Type()
		return &expr.FuncExpr{Name: name, Args: []expr.Expr{x}, T: t, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
			if t == value.JSONType {
				return value.JSON{V: value.ToJSONTree(a[0], at), Text: value.JSONText(a[0], at)}, nil
			}
			return value.BuiltJSONB(value.ToJSONTree(a[0], at))
		}}, nil
	}
}

func buildJSON(t *value.Type, object bool) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		types := make([]*value.Type, len(args))
		for i := range args {
			x, err := expr.CoerceTo(args[i], value.Text, loc)
			if err != nil {
				return nil, err
			}
			args[i], types[i] = x, x.Type()
		}
		return &expr.FuncExpr{Name: name, Args: args, T: t, Fn: func(_ *expr.Env, a []any) (any, error) {
			if object && len(a)%2 != 0 {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "argument list must have even number of elements").
					WithHint("The arguments of %s() must consist of alternating keys and values.", name)
			}
			if !object {
				out := make([]any, len(a))
				texts := make([]string, len(a))
				for i, v := range a {
					out[i] = value.ToJSONTree(v, types[i])
					texts[i] = value.JSONText(v, types[i])
				}
				if t == value.JSONB {
					return value.BuiltJSONB(out)
				}
				return value.JSON{V: out, Text: "[" + strings.Join(texts, ", ") + "]"}, nil
			}
			m := map[string]any{}
			var texts []string
			for i := 0; i < len(a); i += 2 {
				if a[i] == nil {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "argument %d: key must not be null", i+1)
				}
				k := value.JSONKey(a[i], types[i])
				m[k] = value.ToJSONTree(a[i+1], types[i+1])
				texts = append(texts, value.JSON{V: k}.String()+" : "+value.JSONText(a[i+1], types[i+1]))
			}
			if t == value.JSONB {
				return value.BuiltJSONB(m)
			}
			return value.JSON{V: m, Text: "{" + strings.Join(texts, ", ") + "}"}, nil
		}}, nil
	}
}

// jsonAgg is jsonb_agg and json_agg.
func jsonAgg(t *value.Type) AggregateDef {
	return AggregateDef{
		Result: func(args []expr.Expr) (*value.Type, error) {
			if _, err := argType(args, 1); err != nil {
				return nil, err
			}
			return t, nil
		},
		FinalTyped: func(rows [][]any, args []*value.Type, _ *value.Type) (any, error) {
			if len(rows) == 0 {
				return nil, nil
			}
			out := make([]any, len(rows))
			texts := make([]string, len(rows))
			for i, r := range rows {
				out[i] = value.ToJSONTree(r[0], args[0])
				texts[i] = value.JSONText(r[0], args[0])
			}
			if t == value.JSONB {
				return value.BuiltJSONB(out)
			}
			return value.JSON{V: out, Text: "[" + strings.Join(texts, ", ") + "]"}, nil
		},
	}
}

// jsonObjectAgg is jsonb_object_agg and json_object_agg.
func jsonObjectAgg(t *value.Type) AggregateDef {
	return AggregateDef{
		Result: func(args []expr.Expr) (*value.Type, error) {
			if len(args) != 2 {
				return nil, ErrArgs
			}
			return t, nil
		},
		FinalTyped: func(rows [][]any, args []*value.Type, _ *value.Type) (any, error) {
			if len(rows) == 0 {
				return nil, nil
			}
			m := map[string]any{}
			var texts []string
			for _, r := range rows {
				if r[0] == nil {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "field name must not be null")
				}
				k := value.JSONKey(r[0], args[0])
				m[k] = value.ToJSONTree(r[1], args[1])
				texts = append(texts, value.JSON{V: k}.String()+" : "+value.JSONText(r[1], args[1]))
			}
			if t == value.JSONB {
				return value.BuiltJSONB(m)
			}
			return value.JSON{V: m, Text: "{ " + strings.Join(texts, ", ") + " }"}, nil
		},
	}
}

// jsonBuildFamily is the json aggregates and row_to_json.
func jsonBuildFamily() Family {
	return Family{Name: "json_build", Scalars: map[string]ScalarFunc{
		"row_to_json": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) != 1 || args[0].Type().Fields == nil {
				return nil, ErrNoFunction(name, args, loc)
			}
			at := args[0].Type()
			return &expr.FuncExpr{Name: name, Args: args, T: value.JSONType, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
				return value.JSON{V: value.ToJSONTree(a[0], at), Text: value.JSONText(a[0], at)}, nil
			}}, nil
		},
	}, aggregates: map[string]AggregateDef{
		"jsonb_agg":        jsonAgg(value.JSONB),
		"json_agg":         jsonAgg(value.JSONType),
		"jsonb_object_agg": jsonObjectAgg(value.JSONB),
		"json_object_agg":  jsonObjectAgg(value.JSONType),
	}}
}
