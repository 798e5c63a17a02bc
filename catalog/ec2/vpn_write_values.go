package ec2

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/vpnsql/vpnsql/pgerr"
)

// The tags and routes columns, and typed reads of decoded jsonb values with
// errors that name the path of the bad value (options.tunnelOptionSet[1].x).

// parseTags reads the tags of a tagSet ([{"key": k, "value": v}]) or tags
// ({"k": "v"}) value.
func parseTags(col string, v any) ([]types.Tag, error) {
	if v == nil {
		return nil, nil
	}
	var tags []types.Tag
	if col == "tags" {
		obj, err := asObject(v, col)
		if err != nil {
			return nil, err
		}
		for _, k := range sortedKeys(obj) {
			s, err := asTagValue(obj[k], fmt.Sprintf("%s.%s", col, k))
			if err != nil {
				return nil, err
			}
			tags = append(tags, types.Tag{Key: aws.String(k), Value: aws.String(s)})
		}
		return tags, nil
	}
	list, err := asArray(v, col)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for i, el := range list {
		p := fmt.Sprintf("%s[%d]", col, i)
		obj, err := asObject(el, p)
		if err != nil {
			return nil, err
		}
		var key, value *string
		for k, x := range obj {
			switch fold(k) {
			case "key":
				s, err := asString(x, p+"."+k)
				if err != nil {
					return nil, err
				}
				key = &s
			case "value":
				s, err := asTagValue(x, p+"."+k)
				if err != nil {
					return nil, err
				}
				value = &s
			default:
				return nil, unknownKey(k, p, []string{"key", "value"})
			}
		}
		if key == nil {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "%s has no key", p)
		}
		if seen[*key] {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "%s repeats tag key %q", col, *key)
		}
		seen[*key] = true
		if value == nil {
			value = aws.String("")
		}
		tags = append(tags, types.Tag{Key: key, Value: value})
	}
	return tags, nil
}

func asTagValue(v any, path string) (string, error) {
	if v == nil {
		return "", nil
	}
	return asString(v, path)
}

// tagsEqual compares two tag sets ignoring order.
func tagsEqual(a, b []types.Tag) bool {
	return len(a) == len(b) && len(tagDiffCreate(a, b)) == 0 && len(tagDiffDelete(a, b)) == 0
}

// tagDiffCreate lists the tags of want that have is lacks or holds with
// another value: CreateTags sets them.
func tagDiffCreate(is, want []types.Tag) []types.Tag {
	cur := tagMap(is)
	var out []types.Tag
	for _, t := range want {
		if v, ok := cur[*t.Key]; !ok || v != aws.ToString(t.Value) {
			out = append(out, t)
		}
	}
	return out
}

// tagDiffDelete lists the keys is has and want lacks: DeleteTags removes
// them. Tags under the reserved aws: prefix are AWS's and are left alone.
func tagDiffDelete(is, want []types.Tag) []types.Tag {
	keep := tagMap(want)
	var out []types.Tag
	for _, t := range is {
		if _, ok := keep[*t.Key]; !ok && !strings.HasPrefix(*t.Key, "aws:") {
			out = append(out, types.Tag{Key: t.Key})
		}
	}
	return out
}

func tagMap(tags []types.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// parseRoutes reads the destination CIDRs of a routes value: the column's
// form [{"destinationCidrBlock": c, ...}] or plain ["c", ...]. Routes in
// state deleting or deleted are gone already and are skipped.
func parseRoutes(v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	list, err := asArray(v, "routes")
	if err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	for i, el := range list {
		p := fmt.Sprintf("routes[%d]", i)
		cidr, gone := "", false
		switch el := el.(type) {
		case string:
			cidr = el
		case map[string]any:
			for k, x := range el {
				switch fold(k) {
				case "destinationcidrblock":
					if cidr, err = asString(x, p+"."+k); err != nil {
						return nil, err
					}
				case "source":
				case "state":
					if s, _ := x.(string); s == "deleting" || s == "deleted" {
						gone = true
					}
				default:
					return nil, unknownKey(k, p, []string{"destinationCidrBlock", "source", "state"})
				}
			}
			if gone {
				continue
			}
			if cidr == "" {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "%s has no destinationCidrBlock", p)
			}
		default:
			return nil, pgerr.New(pgerr.InvalidParameterValue, "%s must be a CIDR string or an object with destinationCidrBlock", p)
		}
		if !seen[cidr] {
			seen[cidr] = true
			out = append(out, cidr)
		}
	}
	return out, nil
}

// Helpers: typed reads of a decoded jsonb tree, errors naming the path.

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
func asValueList(v any, path string) ([]string, error) {
	list, err := asArray(v, path)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(list))
	for i, el := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		if m, ok := el.(map[string]any); ok {
			if len(m) != 1 || lookupFolded(m, "value", nil) == nil {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "%s must be {\"value\": ...} or a plain value", p)
			}
			el = lookupFolded(m, "value", nil)
		}
		if out[i], err = asString(el, p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func asIntValueList(v any, path string) ([]int32, error) {
	list, err := asArray(v, path)
	if err != nil {
		return nil, err
	}
	out := make([]int32, len(list))
	for i, el := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		if m, ok := el.(map[string]any); ok {
			if len(m) != 1 || lookupFolded(m, "value", nil) == nil {
				return nil, pgerr.New(pgerr.InvalidParameterValue, "%s must be {\"value\": ...} or a plain value", p)
			}
			el = lookupFolded(m, "value", nil)
		}
		if out[i], err = asInt32(el, p); err != nil {
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

func findConnOption(key string) (connOption, bool) {
	for _, o := range connOptions {
		if matchesKey(key, o.name, o.aliases) {
			return o, true
		}
	}
	return connOption{}, false
}

func findTunnelOption(key string) (tunnelOption, bool) {
	for _, o := range tunnelOptions {
		if matchesKey(key, o.name, o.aliases) {
			return o, true
		}
	}
	return tunnelOption{}, false
}

func matchesKey(key, name string, aliases []string) bool {
	if fold(key) == fold(name) {
		return true
	}
	for _, a := range aliases {
		if fold(key) == fold(a) {
			return true
		}
	}
	return false
}

func connOptionNames() []string {
	var out []string
	for _, o := range connOptions {
		out = append(out, o.name)
	}
	return out
}

func tunnelOptionNames() []string {
	var out []string
	for _, o := range tunnelOptions {
		out = append(out, o.name)
	}
	return out
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
