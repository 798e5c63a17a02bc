package executor

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// jsonb_set, jsonb_insert, the json twins of jsonb functions, and the
// record-returning jsonb_to_record(set), whose columns come from a column
// definition list: FROM jsonb_to_recordset(x) AS t(status text, n int).

func init() {
	jb, ta := catalog.JSONB, catalog.TextArray
	for name, f := range map[string]scalarFunc{
		"jsonb_set": overloads(
			strictFunc(jb, []*catalog.Type{jb, ta, jb}, func(_ *env, a []any) (any, error) {
				return jsonSet(a[0].(catalog.JSON).V, a[1].([]any), a[2].(catalog.JSON).V, true, false)
			}),
			strictFunc(jb, []*catalog.Type{jb, ta, jb, catalog.Bool}, func(_ *env, a []any) (any, error) {
				return jsonSet(a[0].(catalog.JSON).V, a[1].([]any), a[2].(catalog.JSON).V, a[3].(bool), false)
			})),
		"jsonb_insert": overloads(
			strictFunc(jb, []*catalog.Type{jb, ta, jb}, func(_ *env, a []any) (any, error) {
				return jsonInsert(a[0].(catalog.JSON).V, a[1].([]any), a[2].(catalog.JSON).V, false)
			}),
			strictFunc(jb, []*catalog.Type{jb, ta, jb, catalog.Bool}, func(_ *env, a []any) (any, error) {
				return jsonInsert(a[0].(catalog.JSON).V, a[1].([]any), a[2].(catalog.JSON).V, a[3].(bool))
			})),
		"json_extract_path":      extractPathOf(catalog.JSONType, false),
		"json_extract_path_text": extractPathOf(catalog.JSONType, true),
	} {
		scalarFuncs[name] = f
	}
	ok := setFuncs["jsonb_object_keys"]
	setFuncs["json_object_keys"] = setFunc{
		resolve: jsonArg(catalog.JSONType, []scopeCol{{name: "json_object_keys", t: catalog.Text}}),
		rows:    ok.rows,
	}
	for name, t := range map[string]*catalog.Type{"jsonb_to_record": jb, "json_to_record": catalog.JSONType} {
		setFuncs[name] = recordFunc(t, false)
	}
	for name, t := range map[string]*catalog.Type{"jsonb_to_recordset": jb, "json_to_recordset": catalog.JSONType} {
		setFuncs[name] = recordFunc(t, true)
	}
}

// extractPathOf is jsonb_extract_path(_text) for json or jsonb, with at
// least one path element.
func extractPathOf(t *catalog.Type, asText bool) scalarFunc {
	return func(b *binder, name string, args []expr, loc int32) (expr, error) {
		if len(args) < 2 {
			return nil, errNoFunction(name, args, loc)
		}
		j, err := coerceTo(args[0], t, loc)
		if err != nil || j.typ() != t {
			return nil, errNoFunction(name, args, loc)
		}
		args[0] = j
		return extractPath(asText)(b, name, args, loc)
	}
}

// recordFunc is jsonb_to_record(set): the column definition list names
// and types the output; each key of an object fills the column of that
// name.
func recordFunc(t *catalog.Type, set bool) setFunc {
	return setFunc{
		resolve: func(args []expr) ([]scopeCol, error) {
			x, err := jsonArg(t, nil)(args)
			return x, err
		},
		needsColumnList: true,
		recordRows: func(v any, cols []scopeCol) ([][]any, error) {
			items := []any{v}
			if set {
				arr, ok := v.([]any)
				if !ok {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot call %s on a non-array", map[bool]string{true: "jsonb_to_recordset", false: "json_to_recordset"}[t == catalog.JSONB])
				}
				items = arr
			}
			var out [][]any
			for _, it := range items {
				obj, ok := it.(map[string]any)
				if !ok {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "argument of %s must be an array of objects", map[bool]string{true: "jsonb_to_recordset", false: "json_to_recordset"}[t == catalog.JSONB])
				}
				row := make([]any, len(cols))
				for i, c := range cols {
					val, present := obj[c.name]
					if !present || val == nil {
						continue
					}
					cell, err := jsonToColumn(val, c.t)
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
func jsonToColumn(v any, t *catalog.Type) (any, error) {
	if t == catalog.JSONB || t == catalog.JSONType {
		return catalog.JSON{V: v}, nil
	}
	return parseText(jsonScalarText(catalog.JSON{V: v}), t)
}

// columnDefs reads a column definition list.
func columnDefs(defs []*pg_query.Node, rel, relID string) ([]scopeCol, error) {
	var cols []scopeCol
	for _, d := range defs {
		cd := d.GetColumnDef()
		if cd == nil {
			continue
		}
		t, err := resolveTypeName(cd.TypeName)
		if err != nil {
			return nil, err
		}
		mod, err := resolveTypmod(cd.TypeName, t)
		if err != nil {
			return nil, err
		}
		cols = append(cols, scopeCol{name: cd.Colname, rel: rel, relID: relID, t: t, typmod: mod})
	}
	return cols, nil
}

// jsonSet replaces (or, with create, adds) the value at path.
func jsonSet(doc any, path []any, val any, create, _ bool) (any, error) {
	out, err := jsonSetAt(doc, path, val, create)
	if err != nil {
		return nil, err
	}
	return builtJSONB(out)
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
		return catalog.JSON{V: doc}, nil
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
		return catalog.JSON{V: doc}, nil
	}
	if len(path) == 1 {
		return builtJSONB(replaced)
	}
	out, err := jsonSetAt(doc, path[:len(path)-1], replaced, false)
	if err != nil {
		return nil, err
	}
	return builtJSONB(out)
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

// jsonDeleteKeys is jsonb - text[]: every listed key (or string element)
// goes.
func jsonDeleteKeys(v any, keys []any) (any, error) {
	out := v
	for _, k := range keys {
		if s, ok := k.(string); ok {
			r, err := jsonDelete(out, s)
			if err != nil {
				return nil, err
			}
			out = r.(catalog.JSON).V
		}
	}
	return catalog.JSON{V: out}, nil
}
