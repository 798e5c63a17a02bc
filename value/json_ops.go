package value

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"

	"github.com/vpnsql/vpnsql/pgerr"
)

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
			out = r.(JSON).V
		}
	}
	return JSON{V: out}, nil
}

// JSONOperators maps an operator to its implementation on a JSON left
// operand; the right operand's type is checked by jsonOperator.
var JSONOperators = map[string]func(j JSON, r any) (any, error){
	"->":  func(j JSON, r any) (any, error) { return jsonGet(scalarAsArray(j, r), r, false), nil },
	"->>": func(j JSON, r any) (any, error) { return jsonGet(scalarAsArray(j, r), r, true), nil },
	"#>":  func(j JSON, r any) (any, error) { return JSONExtractPath(j, r.([]any), false), nil },
	"#>>": func(j JSON, r any) (any, error) { return JSONExtractPath(j, r.([]any), true), nil },
	"@>":  func(j JSON, r any) (any, error) { return jsonContains(j.V, r.(JSON).V, true), nil },
	"<@":  func(j JSON, r any) (any, error) { return jsonContains(r.(JSON).V, j.V, true), nil },
	"?":   func(j JSON, r any) (any, error) { return jsonHasKey(j.V, r.(string)), nil },
	"?|":  func(j JSON, r any) (any, error) { return jsonHasKeys(j.V, r.([]any), false), nil },
	"?&":  func(j JSON, r any) (any, error) { return jsonHasKeys(j.V, r.([]any), true), nil },
	"#-":  func(j JSON, r any) (any, error) { return JSON{V: jsonDeletePath(j.V, r.([]any))}, nil },
}

// JSONBOnlyOperators apply to jsonb only when the left operand is jsonb;
// || and - are also text and numeric operators.
var JSONBOnlyOperators = map[string]func(j JSON, r any) (any, error){
	"||": func(j JSON, r any) (any, error) {
		return BuiltJSONB(jsonConcat(j.V, r.(JSON).V))
	},
	"-": func(j JSON, r any) (any, error) {
		if keys, ok := r.([]any); ok {
			return jsonDeleteKeys(j.V, keys)
		}
		return jsonDelete(j.V, r)
	},
}

func jsonHasKeys(v any, keys []any, all bool) bool {
	for _, k := range keys {
		if k == nil {
			continue
		}
		if jsonHasKey(v, k.(string)) != all {
			return !all
		}
	}
	return all
}

func jsonConcat(a, b any) any {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && bok {
		out := map[string]any{}
		for k, v := range am {
			out[k] = v
		}
		for k, v := range bm {
			out[k] = v
		}
		return out
	}
	wrap := func(v any) []any {
		if arr, ok := v.([]any); ok {
			return arr
		}
		return []any{v}
	}
	return append(append([]any{}, wrap(a)...), wrap(b)...)
}

func jsonDelete(v any, key any) (any, error) {
	switch k := key.(type) {
	case string:
		switch x := v.(type) {
		case map[string]any:
			out := map[string]any{}
			for kk, e := range x {
				if kk != k {
					out[kk] = e
				}
			}
			return JSON{V: out}, nil
		case []any:
			var out []any
			for _, e := range x {
				if s, ok := e.(string); !ok || s != k {
					out = append(out, e)
				}
			}
			if out == nil {
				out = []any{}
			}
			return JSON{V: out}, nil
		}
		return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot delete from scalar")
	case int64:
		arr, ok := v.([]any)
		if !ok {
			if _, isObj := v.(map[string]any); isObj {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot delete from object using integer index")
			}
			return nil, pgerr.New(pgerr.InvalidParameterValue, "cannot delete from scalar")
		}
		if k < 0 {
			k += int64(len(arr))
		}
		out := []any{}
		for i, e := range arr {
			if int64(i) != k {
				out = append(out, e)
			}
		}
		return JSON{V: out}, nil
	}
	return nil, pgerr.New(pgerr.InternalError, "bad jsonb delete key")
}

func jsonDeletePath(v any, path []any) any {
	if len(path) == 0 || path[0] == nil {
		return v
	}
	key := path[0].(string)
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = e
		}
		if len(path) == 1 {
			delete(out, key)
		} else if e, ok := out[key]; ok {
			out[key] = jsonDeletePath(e, path[1:])
		}
		return out
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil {
			return v
		}
		if i < 0 {
			i += len(x)
		}
		if i < 0 || i >= len(x) {
			return v
		}
		out := append([]any{}, x...)
		if len(path) == 1 {
			return append(out[:i], out[i+1:]...)
		}
		out[i] = jsonDeletePath(out[i], path[1:])
		return out
	}
	return v
}

// scalarAsArray treats a top-level scalar as the one-element array jsonb
// stores it as, for -> and ->> with an index: '"s"' -> 0 is "s".
func scalarAsArray(j JSON, key any) JSON {
	if _, isIndex := key.(int64); !isIndex {
		return j
	}
	switch j.V.(type) {
	case []any, map[string]any:
		return j
	}
	return JSON{V: []any{j.V}}
}

// jsonGet is -> and ->>: an object field by key or an array element by
// index (negative counts from the end). Missing gives SQL NULL.
func jsonGet(j JSON, key any, asText bool) any {
	var v any
	found := false
	switch k := key.(type) {
	case string:
		if m, ok := j.V.(map[string]any); ok {
			v, found = m[k]
		}
	case int64:
		if a, ok := j.V.([]any); ok {
			if k < 0 {
				k += int64(len(a))
			}
			if k >= 0 && k < int64(len(a)) {
				v, found = a[k], true
			}
		}
	}
	if !found {
		return nil
	}
	if asText {
		if v == nil {
			return nil
		}
		return JSONScalarText(JSON{V: v})
	}
	return JSON{V: v}
}

func JSONExtractPath(j JSON, path []any, asText bool) any {
	cur := j
	for _, p := range path {
		if p == nil {
			return nil
		}
		s := p.(string)
		var next any
		if _, isArr := cur.V.([]any); isArr {
			i, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil
			}
			next = jsonGet(cur, i, false)
		} else {
			next = jsonGet(cur, s, false)
		}
		if next == nil {
			return nil
		}
		cur = next.(JSON)
	}
	if asText {
		if cur.V == nil {
			return nil
		}
		return JSONScalarText(cur)
	}
	return cur
}

// JSONScalarText is ->>'s text: strings unquoted, everything else as JSON.
func JSONScalarText(j JSON) string {
	if s, ok := j.V.(string); ok {
		return s
	}
	return j.String()
}

// jsonContains is jsonb @>: every member of b is contained in a.
func jsonContains(a, b any, top bool) bool {
	switch bv := b.(type) {
	case map[string]any:
		am, ok := a.(map[string]any)
		if !ok {
			return false
		}
		for k, v := range bv {
			av, ok := am[k]
			if !ok || !jsonContains(av, v, false) {
				return false
			}
		}
		return true
	case []any:
		aa, ok := a.([]any)
		if !ok {
			// A top-level array contains a scalar; not the reverse.
			return false
		}
		for _, x := range bv {
			found := false
			for _, y := range aa {
				if jsonContains(y, x, false) {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	default:
		if aa, ok := a.([]any); ok && top {
			for _, y := range aa {
				if CompareJSON(y, b) == 0 {
					return true
				}
			}
			return false
		}
		return CompareJSON(a, b) == 0
	}
}

func jsonHasKey(v any, key string) bool {
	switch x := v.(type) {
	case map[string]any:
		_, ok := x[key]
		return ok
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok && s == key {
				return true
			}
		}
	case string:
		return x == key
	}
	return false
}

func JSONTypeName(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	}
	return "null"
}

// jsonRank orders JSON kinds as jsonb's btree ordering does:
// null < string < number < boolean < array < object.
func jsonRank(v any) int {
	switch v.(type) {
	case nil:
		return 0
	case string:
		return 1
	case json.Number:
		return 2
	case bool:
		return 3
	case []any:
		return 4
	}
	return 5
}

// CompareJSON orders jsonb values as the jsonb btree operators do. A
// top-level scalar is stored as a one-element "raw scalar" array, so at
// the top arrays compare by length first ([] sorts before null), then a
// raw scalar before a real array; below the top, values order by kind
// (null < string < number < boolean < array < object), arrays by length
// then elements, objects by size then key, value, key, value.
func CompareJSON(a, b any) int {
	wrap := func(v any) ([]any, bool, bool) { // elements, raw scalar, is array
		switch x := v.(type) {
		case []any:
			return x, false, true
		case map[string]any:
			return nil, false, false
		}
		return []any{v}, true, true
	}
	ea, rawA, arrA := wrap(a)
	eb, rawB, arrB := wrap(b)
	if arrA && arrB {
		if len(ea) != len(eb) {
			return CmpOrdered(int64(len(ea)), int64(len(eb)))
		}
		if rawA != rawB {
			if rawA {
				return -1
			}
			return 1
		}
		for i := range ea {
			if c := compareJSONValue(ea[i], eb[i]); c != 0 {
				return c
			}
		}
		return 0
	}
	return compareJSONValue(a, b)
}

func compareJSONValue(a, b any) int {
	ra, rb := jsonRank(a), jsonRank(b)
	if ra != rb {
		return CmpOrdered(int64(ra), int64(rb))
	}
	switch x := a.(type) {
	case string:
		return strings.Compare(x, b.(string))
	case json.Number:
		fa, _ := new(big.Float).SetString(x.String())
		fb, _ := new(big.Float).SetString(b.(json.Number).String())
		if fa == nil || fb == nil {
			return strings.Compare(x.String(), b.(json.Number).String())
		}
		return fa.Cmp(fb)
	case bool:
		y := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	case []any:
		y := b.([]any)
		if len(x) != len(y) {
			return CmpOrdered(int64(len(x)), int64(len(y)))
		}
		for i := range x {
			if c := compareJSONValue(x[i], y[i]); c != 0 {
				return c
			}
		}
		return 0
	case map[string]any:
		y := b.(map[string]any)
		if len(x) != len(y) {
			return CmpOrdered(int64(len(x)), int64(len(y)))
		}
		ka, kb := SortedKeys(x), SortedKeys(y)
		for i := range ka {
			if c := strings.Compare(ka[i], kb[i]); c != 0 {
				return c
			}
			if c := compareJSONValue(x[ka[i]], y[kb[i]]); c != 0 {
				return c
			}
		}
	}
	return 0
}

func SortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// jsonb orders keys by length, then bytes.
	SortJSONKeys(keys)
	return keys
}

func SortJSONKeys(keys []string) {
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && jsonKeyLess(keys[j], keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

func jsonKeyLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
