package executor

import (
	"regexp"
	"strings"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// The regular-expression functions: regexp_replace, regexp_match(es),
// regexp_split_to_array and the pattern forms of substring. The patterns
// are PostgreSQL's ARE dialect, compiled by regex.go.

// regexpFamily is the regular-expression functions.
func regexpFamily() family {
	return family{name: "regexp", scalars: map[string]scalarFunc{
		"regexp_match": overloads(
			strictFunc(value.TextArray, text2, func(e *env, a []any) (any, error) { return regexpMatch(e, str(a[0]), str(a[1]), "") }),
			strictFunc(value.TextArray, text3, func(e *env, a []any) (any, error) { return regexpMatch(e, str(a[0]), str(a[1]), str(a[2])) })),
		"regexp_replace": overloads(
			strictFunc(value.Text, text3, func(e *env, a []any) (any, error) { return regexpReplace(e, str(a[0]), str(a[1]), str(a[2]), "") }),
			strictFunc(value.Text, []*value.Type{value.Text, value.Text, value.Text, value.Text}, func(e *env, a []any) (any, error) {
				return regexpReplace(e, str(a[0]), str(a[1]), str(a[2]), str(a[3]))
			})),
		"regexp_split_to_array": overloads(
			strictFunc(value.TextArray, text2, func(e *env, a []any) (any, error) { return regexpSplit(e, str(a[0]), str(a[1]), "") }),
			strictFunc(value.TextArray, text3, func(e *env, a []any) (any, error) { return regexpSplit(e, str(a[0]), str(a[1]), str(a[2])) })),

		"substring": bindSubstring,
	}, sets: map[string]setFunc{
		"regexp_matches": {
			resolve: func(args []expr) ([]scopeCol, error) {
				if len(args) < 2 || len(args) > 3 {
					return nil, errArgs
				}
				for i := range args {
					x, err := coerceTo(args[i], value.Text, -1)
					if err != nil || !x.typ().IsString() {
						return nil, errArgs
					}
					args[i] = x
				}
				return []scopeCol{{name: "regexp_matches", t: value.TextArray}}, nil
			},
			rows: func(e *env, a []any, _ []*value.Type) ([][]any, error) {
				flags := ""
				if len(a) > 2 {
					flags = str(a[2])
				}
				re, err := value.CompileRegex(str(a[1]), flags)
				if err != nil {
					return nil, err
				}
				n := 1
				if strings.Contains(flags, "g") {
					n = -1
				}
				ms, err := re.FindAll(e.matchBudget(), str(a[0]), n)
				if err != nil {
					return nil, err
				}
				var out [][]any
				for _, m := range ms {
					out = append(out, []any{value.Groups(str(a[0]), m)})
				}
				return out, nil
			},
		},
	}}
}

// bindSubstring is substring(text, int [, int]) and, with a text second
// argument, the regular-expression form substring(text FROM pattern) and
// the SQL form substring(text SIMILAR pattern ESCAPE escape).
func bindSubstring(c *callSite, name string, args []expr, loc int32) (expr, error) {
	if len(args) >= 2 && (args[1].typ() == value.Unknown || args[1].typ().IsString()) {
		if len(args) == 2 {
			return strictFunc(value.Text, text2, func(e *env, a []any) (any, error) {
				re, err := value.CompileRegex(str(a[1]), "")
				if err != nil {
					return nil, err
				}
				s := str(a[0])
				ms, err := re.FindAll(e.matchBudget(), s, 1)
				if err != nil || len(ms) == 0 {
					return nil, err
				}
				m := ms[0]
				switch {
				case len(m) == 2:
					return s[m[0]:m[1]], nil
				case m[2] < 0: // the first group took no part
					return nil, nil
				}
				return s[m[2]:m[3]], nil
			})(c, name, args, loc)
		}
		return strictFunc(value.Text, text3, func(_ *env, a []any) (any, error) {
			return similarSubstring(str(a[0]), str(a[1]), str(a[2]))
		})(c, name, args, loc)
	}
	return lib().scalars["substr"](c, name, args, loc)
}

// similarSubstring is substring(s SIMILAR pattern ESCAPE esc): the part
// between the two escaped double quotes, or the whole match.
func similarSubstring(s, pattern, esc string) (any, error) {
	sep := esc + `"`
	parts := strings.Split(pattern, sep)
	conv := func(p string) string { return value.SimilarToRegexp(p) }
	var re *regexp.Regexp
	var err error
	switch len(parts) {
	case 1:
		re, err = regexp.Compile("^(?:" + conv(parts[0]) + ")$")
	case 3:
		re, err = regexp.Compile("^(?:" + conv(parts[0]) + ")(" + conv(parts[1]) + ")(?:" + conv(parts[2]) + ")$")
	default:
		return nil, pgerr.New(pgerr.InvalidUseOfEscapeCharacter, "SQL regular expression may not contain more than two escape-double-quote separators")
	}
	if err != nil {
		return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: %v", err)
	}
	m := re.FindStringSubmatch(s)
	switch {
	case m == nil:
		return nil, nil
	case len(m) > 1:
		return m[1], nil
	}
	return m[0], nil
}

func regexpSplit(e *env, s, pattern, flags string) (any, error) {
	re, err := value.CompileRegex(pattern, flags)
	if err != nil {
		return nil, err
	}
	parts, err := re.Split(e.matchBudget(), s)
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, p := range parts {
		out = append(out, p)
	}
	return out, nil
}

func regexpReplace(e *env, s, pattern, repl, flags string) (any, error) {
	re, err := value.CompileRegex(pattern, flags)
	if err != nil {
		return nil, err
	}
	return re.Replace(e.matchBudget(), s, repl, strings.Contains(flags, "g"))
}

// regexpMatch is regexp_match: the first match's groups, NULL for none.
func regexpMatch(e *env, s, pattern, flags string) (any, error) {
	if strings.Contains(flags, "g") {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "regexp_match() does not support the \"global\" option").
			WithHint("Use the regexp_matches function instead.")
	}
	re, err := value.CompileRegex(pattern, flags)
	if err != nil {
		return nil, err
	}
	ms, err := re.FindAll(e.matchBudget(), s, 1)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return value.Groups(s, ms[0]), nil
}
