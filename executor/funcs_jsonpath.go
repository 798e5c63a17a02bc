package executor

import (
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// The jsonpath functions and operators: jsonb_path_query (a set-returning
// function), _first, _array, _exists, _match, and @? and @@, which hide
// evaluation errors as PostgreSQL's do.

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
func jsonpathFamily() family {
	jb, jp := value.JSONB, value.JSONPath
	return family{name: "jsonpath", scalars: map[string]scalarFunc{
		"jsonb_path_exists": strictFunc(value.Bool, []*value.Type{jb, jp}, func(_ *env, a []any) (any, error) {
			vals, err := jsonPathQuery(a[0].(value.JSON).V, str(a[1]))
			return len(vals) > 0, err
		}),
		"jsonb_path_match": strictFunc(value.Bool, []*value.Type{jb, jp}, func(_ *env, a []any) (any, error) {
			return jsonPathMatch(a[0].(value.JSON).V, str(a[1]))
		}),
		"jsonb_path_query_first": strictFunc(jb, []*value.Type{jb, jp}, func(_ *env, a []any) (any, error) {
			vals, err := jsonPathQuery(a[0].(value.JSON).V, str(a[1]))
			if err != nil || len(vals) == 0 {
				return nil, err
			}
			return value.JSON{V: vals[0]}, nil
		}),
		"jsonb_path_query_array": strictFunc(jb, []*value.Type{jb, jp}, func(_ *env, a []any) (any, error) {
			vals, err := jsonPathQuery(a[0].(value.JSON).V, str(a[1]))
			if vals == nil {
				vals = []any{}
			}
			return value.JSON{V: vals}, err
		}),
	}, sets: map[string]setFunc{
		"jsonb_path_query": {
			resolve: func(args []expr) ([]scopeCol, error) {
				if len(args) != 2 {
					return nil, errArgs
				}
				j, err := coerceTo(args[0], jb, -1)
				if err != nil || j.typ() != jb {
					return nil, errArgs
				}
				p, err := coerceTo(args[1], jp, -1)
				if err != nil {
					return nil, err
				}
				if p.typ() != jp {
					return nil, errArgs
				}
				args[0], args[1] = j, p
				return []scopeCol{{name: "jsonb_path_query", t: jb}}, nil
			},
			rows: func(_ *env, a []any, _ []*value.Type) ([][]any, error) {
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

// jsonPathOperator is jsonb @? jsonpath and jsonb @@ jsonpath.
func jsonPathOperator(op string, l, r expr, loc int32) (expr, error) {
	var err error
	if l, err = coerceTo(l, value.JSONB, loc); err != nil {
		return nil, err
	}
	if r, err = coerceTo(r, value.JSONPath, loc); err != nil {
		return nil, err
	}
	if l.typ() != value.JSONB || r.typ() != value.JSONPath {
		return nil, operatorMissing(op, l.typ(), r.typ(), loc)
	}
	return &funcExpr{name: op, args: []expr{l, r}, t: value.Bool, strict: true, fn: func(_ *env, a []any) (any, error) {
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
