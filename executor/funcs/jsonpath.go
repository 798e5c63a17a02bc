package funcs

import (
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// jsonPathQuery evaluates a path over a document.
func jsonPathQuery(doc any, path string) ([]any, error) {
	jp, err := value.CompileJSONPath(path)
	if err != nil {
		return nil, err
	}
	ev := &value.JSONPathEval{Root: doc, Strict: jp.Strict}
	items, err := ev.Items(jp.Expr, doc, 0)
	if err != nil {
		if jp.Strict {
			return nil, err
		}
		return nil, nil
	}
	return items, nil
}

// jsonPathMatch is the predicate result of a path (@@, jsonb_path_match).
func jsonPathMatch(doc any, path string) (any, error) {
	items, err := jsonPathQuery(doc, path)
	if err != nil {
		return nil, err
	}
	if len(items) == 1 {
		if b, ok := items[0].(bool); ok {
			return b, nil
		}
		if items[0] == nil {
			return nil, nil
		}
	}
	return nil, pgerr.New(pgerr.SingletonSqlJsonItemRequired, "single boolean result is expected")
}

// jsonpathFamily is the SQL/JSON path functions.
func jsonpathFamily() Family {
	jb, jp := value.JSONB, value.JSONPath
	return Family{Name: "jsonpath", Scalars: map[string]ScalarFunc{
		"jsonb_path_exists": strictFunc(value.Bool, []*value.Type{jb, jp}, func(_ *expr.Env, a []any) (any, error) {
			vals, err := jsonPathQuery(a[0].(value.JSON).V, str(a[1]))
			return len(vals) > 0, err
		}),
		"jsonb_path_match": strictFunc(value.Bool, []*value.Type{jb, jp}, func(_ *expr.Env, a []any) (any, error) {
			return jsonPathMatch(a[0].(value.JSON).V, str(a[1]))
		}),
		"jsonb_path_query_first": strictFunc(jb, []*value.Type{jb, jp}, func(_ *expr.Env, a []any) (any, error) {
			vals, err := jsonPathQuery(a[0].(value.JSON).V, str(a[1]))
			if err != nil || len(vals) == 0 {
				return nil, err
			}
			return value.JSON{V: vals[0]}, nil
		}),
		"jsonb_path_query_array": strictFunc(jb, []*value.Type{jb, jp}, func(_ *expr.Env, a []any) (any, error) {
			vals, err := jsonPathQuery(a[0].(value.JSON).V, str(a[1]))
			if vals == nil {
				vals = []any{}
			}
			return value.JSON{V: vals}, err
		}),
	}, Sets: map[string]SetFunc{
		"jsonb_path_query": {
			Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
				if len(args) != 2 {
					return nil, ErrArgs
				}
				j, err := expr.CoerceTo(args[0], jb, -1)
				if err != nil || j.Type() != jb {
					return nil, ErrArgs
				}
				p, err := expr.CoerceTo(args[1], jp, -1)
				if err != nil {
					return nil, err
				}
				if p.Type() != jp {
					return nil, ErrArgs
				}
				args[0], args[1] = j, p
				return []expr.ScopeCol{{Name: "jsonb_path_query", T: jb}}, nil
			},
			Rows: func(_ *expr.Env, a []any, _ []*value.Type) ([][]any, error) {
				vals, err := jsonPathQuery(a[0].(value.JSON).V, str(a[1]))
				if err != nil {
					return nil, err
				}
				out := make([][]any, len(vals))
				for i, v := range vals {
					out[i] = []any{value.JSON{V: v}}
				}
				return out, nil
			},
		},
	}}
}

// JSONPathOperator is jsonb @? jsonpath and jsonb @@ jsonpath.
func JSONPathOperator(op string, l, r expr.Expr, loc int32) (expr.Expr, error) {
	var err error
	if l, err = expr.CoerceTo(l, value.JSONB, loc); err != nil {
		return nil, err
	}
	if r, err = expr.CoerceTo(r, value.JSONPath, loc); err != nil {
		return nil, err
	}
	if l.Type() != value.JSONB || r.Type() != value.JSONPath {
		return nil, OperatorMissing(op, l.Type(), r.Type(), loc)
	}
	return &expr.FuncExpr{Name: op, Args: []expr.Expr{l, r}, T: value.Bool, Strict: true, Fn: func(_ *expr.Env, a []any) (any, error) {
		if op == "@@" {
			v, err := jsonPathMatch(a[0].(value.JSON).V, str(a[1]))
			if err != nil {
				return nil, nil // @@ hides errors
			}
			return v, nil
		}
		vals, err := jsonPathQuery(a[0].(value.JSON).V, str(a[1]))
		if err != nil {
			return nil, nil
		}
		return len(vals) > 0, nil
	}}, nil
}
