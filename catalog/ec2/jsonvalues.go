package ec2

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Typed reads of decoded jsonb values given to writes, with errors that
// name the path of the bad value (options.tunnelOptionSet[1].x).

func asObject(v any, path string) (map[string]any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "%s must be a JSON object, not %s", path, jsonKind(v))
	}
	return m, nil
}

func asArray(v any, path string) ([]any, error) {
	a, ok := v.([]any)
	if !ok {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "%s must be a JSON array, not %s", path, jsonKind(v))
	}
	return a, nil
}

func asString(v any, path string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", pgerr.New(pgerr.InvalidParameterValue, "%s must be a JSON string, not %s", path, jsonKind(v))
	}
	return s, nil
}

func asBool(v any, path string) (bool, error) {
	b, ok := v.(bool)
	if !ok {
		return false, pgerr.New(pgerr.InvalidParameterValue, "%s must be true or false, not %s", path, jsonKind(v))
	}
	return b, nil
}

func asInt32(v any, path string) (int32, error) {
	if n, ok := v.(json.Number); ok {
		if f, err := n.Float64(); err == nil && f == math.Trunc(f) && f >= math.MinInt32 && f <= math.MaxInt32 {
			return int32(f), nil
		}
	}
	return 0, pgerr.New(pgerr.InvalidParameterValue, "%s must be an integer, not %s", path, jsonKind(v))
}

func setString(dst **string, v any, path string) error {
	s, err := asString(v, path)
	*dst = aws.String(s)
	return err
}

func setBool(dst **bool, v any, path string) error {
	b, err := asBool(v, path)
	*dst = aws.Bool(b)
	return err
}

func setInt32(dst **int32, v any, path string) error {
	n, err := asInt32(v, path)
	*dst = aws.Int32(n)
	return err
}

// asValueList reads [{"value": "x"}, ...] or ["x", ...].
func asValueList(v any, path string) ([]string, error) { return asList(v, path, asString) }

// asIntValueList reads [{"value": 1}, ...] or [1, ...].
func asIntValueList(v any, path string) ([]int32, error) { return asList(v, path, asInt32) }

// asList reads a list of values, each plain or wrapped as {"value": ...}
// (the API's list-value shape), with as.
func asList[T any](v any, path string, as func(any, string) (T, error)) ([]T, error) {
	list, err := asArray(v, path)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(list))
	for i, el := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		if m, ok := el.(map[string]any); ok {
			if len(m) != 1 || lookupFolded(m, "value", nil) == nil {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "%s must be {\"value\": ...} or a plain value", p)
			}
			el = lookupFolded(m, "value", nil)
		}
		if out[i], err = as(el, p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

func unknownKey(key, path string, valid []string) error {
	return pgerr.New(pgerr.InvalidParameterValue, "unknown key %q in %s", key, path).
		WithHint("Valid keys: %s.", strings.Join(valid, ", "))
}

// fold lowers case and drops underscores and dashes, for matching keys.
func fold(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s))
}

// lookupFolded finds a key of m matching name or an alias.
func lookupFolded(m map[string]any, name string, aliases []string) any {
	if v, ok := m[name]; ok {
		return v
	}
	for k, v := range m {
		if matchesKey(k, name, aliases) {
			return v
		}
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// jsonEqual compares decoded jsonb trees; numbers compare by value.
func jsonEqual(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case json.Number:
		bn, ok := b.(json.Number)
		if !ok {
			return false
		}
		fa, errA := a.Float64()
		fb, errB := bn.Float64()
		return errA == nil && errB == nil && fa == fb || a == bn
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			w, ok := bm[k]
			if !ok || !jsonEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return false
		}
		for i := range a {
			if !jsonEqual(a[i], bl[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}
