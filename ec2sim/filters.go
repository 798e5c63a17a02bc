package ec2sim

import (
	"strings"
)

// Describe filters: values of one filter are OR-ed, filters are AND-ed, and
// values may use the wildcards * (any run) and ? (one character), with \
// escaping either or itself. Matching is case-sensitive.

// fieldFunc returns the values of one filterable field of an object; the
// filter matches if any of them matches any filter value.
type fieldFunc[T any] func(T) []string

// compileFilters checks the filter names against fields (plus tag:<key>,
// tag-key and tag-value when tagsOf is given) and returns the predicate.
func compileFilters[T any](fs []filter, fields map[string]fieldFunc[T], tagsOf func(T) []tag) (func(T) bool, *apiError) {
	var preds []func(T) bool
	for _, f := range fs {
		if len(f.Values) == 0 {
			return nil, errorf("InvalidParameterValue", "The filter '%s' requires at least one value", f.Name)
		}
		vals := f.Values
		var get fieldFunc[T]
		switch {
		case fields[f.Name] != nil:
			get = fields[f.Name]
		case tagsOf != nil && strings.HasPrefix(f.Name, "tag:"):
			key := strings.TrimPrefix(f.Name, "tag:")
			get = func(o T) []string {
				for _, t := range tagsOf(o) {
					if t.Key == key {
						return []string{t.Value}
					}
				}
				return nil
			}
		case tagsOf != nil && f.Name == "tag-key":
			get = func(o T) []string { return tagField(tagsOf(o), true) }
		case tagsOf != nil && f.Name == "tag-value":
			get = func(o T) []string { return tagField(tagsOf(o), false) }
		default:
			return nil, errorf("InvalidParameterValue", "The filter '%s' is invalid", f.Name)
		}
		preds = append(preds, func(o T) bool { return anyMatch(vals, get(o)) })
	}
	return func(o T) bool {
		for _, p := range preds {
			if !p(o) {
				return false
			}
		}
		return true
	}, nil
}

func tagField(tags []tag, key bool) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		if key {
			out[i] = t.Key
		} else {
			out[i] = t.Value
		}
	}
	return out
}

func anyMatch(patterns, vals []string) bool {
	for _, v := range vals {
		for _, p := range patterns {
			if wildcardMatch(p, v) {
				return true
			}
		}
	}
	return false
}

// one returns a field's single value, none when it is unset.
func one(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// wildcardMatch matches s against an EC2 filter value.
func wildcardMatch(pattern, s string) bool {
	type tok struct {
		r    rune
		kind byte // 'c' literal, '*' any run, '?' one rune
	}
	var p []tok
	esc := false
	for _, r := range pattern {
		switch {
		case esc:
			p, esc = append(p, tok{r, 'c'}), false
		case r == '\\':
			esc = true
		case r == '*' || r == '?':
			p = append(p, tok{r, byte(r)})
		default:
			p = append(p, tok{r, 'c'})
		}
	}
	if esc {
		p = append(p, tok{'\\', 'c'})
	}
	str := []rune(s)
	// Iterative matching with backtracking to the last star.
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(str) {
		switch {
		case pi < len(p) && (p[pi].kind == '?' || p[pi].kind == 'c' && p[pi].r == str[si]):
			pi++
			si++
		case pi < len(p) && p[pi].kind == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi, mark = star+1, mark+1
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi].kind == '*' {
		pi++
	}
	return pi == len(p)
}
