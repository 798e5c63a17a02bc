package funcs

import (
	"strconv"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// jsonModifyFamily is the functions that change a jsonb value.
func jsonModifyFamily() Family {
	jb, ta := value.JSONB, value.TextArray
	return Family{Name: "json_modify", Scalars: map[string]ScalarFunc{

		"jsonb_set": overloads(
			strictFunc(jb, []*value.Type{jb, ta, jb}, func(_ *expr.Env, a []any) (any, error) {
				return jsonSet(a[0].(value.JSON).V, a[1].([]any), a[2].(value.JSON).V, true, false)
			}),
			strictFunc(jb, []*value.Type{jb, ta, jb, value.Bool}, func(_ *expr.Env, a []any) (any, error) {
				return jsonSet(a[0].(value.JSON).V, a[1].([]any), a[2].(value.JSON).V, a[3].(bool), false)
			})),
		"jsonb_insert": overloads(
			strictFunc(jb, []*value.Type{jb, ta, jb}, func(_ *expr.Env, a []any) (any, error) {
				return jsonInsert(a[0].(value.JSON).V, a[1].([]any), a[2].(value.JSON).V, false)
			}),
			strictFunc(jb, []*value.Type{jb, ta, jb, value.Bool}, func(_ *expr.Env, a []any) (any, error) {
				return jsonInsert(a[0].(value.JSON).V, a[1].([]any), a[2].(value.JSON).V, a[3].(bool))
			})),
	}}
}

// jsonSet replaces (or, with create, adds) the value at path.
func jsonSet(doc any, path []any, val any, create, _ bool) (any, error) {
	out, err := jsonSetAt(doc, path, val, create)
	if err != nil {
		return nil, err
	}
	return value.BuiltJSONB(out)
}

func jsonSetAt(doc any, path []any, val any, create bool) (any, error) {
	if len(path) == 0 {
		return doc, nil
	}
	if path[0] == nil {
		return nil, pgerr.New(pgerr.NullValueNotAllowed, "path element at position 1 is null")
	}
	key := path[0].(string)
	switch x := doc.(type) {
	case map[string]any:
		out := make(map[string]any, len(x)+1)
		for k, v := range x {
			out[k] = v
		}
		cur, ok := out[key]
		switch {
		case len(path) == 1 && (ok || create):
			out[key] = val
		case len(path) > 1 && ok:
			v, err := jsonSetAt(cur, path[1:], val, create)
			if err != nil {
				return nil, err
			}
			out[key] = v
		}
		return out, nil
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil {
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, "path element at position 1 is not an integer: %q", key)
		}
		if i < 0 {
			i += len(x)
		}
		out := append([]any{}, x...)
		switch {
		case i >= 0 && i < len(out) && len(path) == 1:
			out[i] = val
		case i >= 0 && i < len(out):
			v, err := jsonSetAt(out[i], path[1:], val, create)
			if err != nil {
				return nil, err
			}
			out[i] = v
		case len(path) == 1 && create && i >= len(out):
			out = append(out, val)
		case len(path) == 1 && create && i < 0:
			out = append([]any{val}, out...)
		}
		return out, nil
	}
	return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot set path in scalar")
}

// jsonInsert adds val at path: in an array before (or after) the element,
// in an object as a new key (an existing key is an error).
func jsonInsert(doc any, path []any, val any, after bool) (any, error) {
	if len(path) == 0 {
		return value.JSON{V: doc}, nil
	}
	parent, err := jsonPathGet(doc, path[:len(path)-1])
	if err != nil {
		return nil, err
	}
	key, _ := path[len(path)-1].(string)
	var replaced any
	switch p := parent.(type) {
	case map[string]any:
		if _, ok := p[key]; ok {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot replace existing key").WithHint("Try using the function jsonb_set to replace key value.")
		}
		m := make(map[string]any, len(p)+1)
		for k, v := range p {
			m[k] = v
		}
		m[key] = val
		replaced = m
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil {
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, "path element is not an integer: %q", key)
		}
		if i < 0 {
			i += len(p)
		}
		if after {
			i++
		}
		i = max(0, min(i, len(p)))
		out := append(append(append([]any{}, p[:i]...), val), p[i:]...)
		replaced = out
	default:
		return value.JSON{V: doc}, nil
	}
	if len(path) == 1 {
		return value.BuiltJSONB(replaced)
	}
	out, err := jsonSetAt(doc, path[:len(path)-1], replaced, false)
	if err != nil {
		return nil, err
	}
	return value.BuiltJSONB(out)
}

func jsonPathGet(doc any, path []any) (any, error) {
	cur := doc
	for _, p := range path {
		key, _ := p.(string)
		switch x := cur.(type) {
		case map[string]any:
			cur = x[key]
		case []any:
			i, err := strconv.Atoi(key)
			if err != nil || i >= len(x) || i < -len(x) {
				return nil, nil
			}
			if i < 0 {
				i += len(x)
			}
			cur = x[i]
		default:
			return nil, nil
		}
	}
	return cur, nil
}
