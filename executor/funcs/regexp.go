package funcs

import (
	"regexp"
	"strings"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// regexpFamily is the regular-expression functions.
func regexpFamily() Family {
	return Family{Name: "regexp", Scalars: map[string]ScalarFunc{
		"regexp_match": overloads(
			strictFunc(value.TextArray, text2, func(e *expr.Env, a []any) (any, error) { return regexpMatch(e, str(a[0]), str(a[1]), "") }),
			strictFunc(value.TextArray, text3, func(e *expr.Env, a []any) (any, error) { return regexpMatch(e, str(a[0]), str(a[1]), str(a[2])) })),
		"regexp_replace": overloads(
			strictFunc(value.Text, text3, func(e *expr.Env, a []any) (any, error) { return regexpReplace(e, str(a[0]), str(a[1]), str(a[2]), "") }),
			strictFunc(value.Text, []*value.Type{value.Text, value.Text, value.Text, value.Text}, func(e *expr.Env, a []any) (any, error) {
				return regexpReplace(e, str(a[0]), str(a[1]), str(a[2]), str(a[3]))
			})),
		"regexp_split_to_array": overloads(
			strictFunc(value.TextArray, text2, func(e *expr.Env, a []any) (any, error) { return regexpSplit(e, str(a[0]), str(a[1]), "") }),
			strictFunc(value.TextArray, text3, func(e *expr.Env, a []any) (any, error) { return regexpSplit(e, str(a[0]), str(a[1]), str(a[2])) })),

		"substring": bindSubstring,
	}, Sets: map[string]SetFunc{
		"regexp_matches": {
			Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
				if len(args) < 2 || len(args) > 3 {
					return nil, ErrArgs
				}
				for i := range args {
					x, err := expr.CoerceTo(args[i], value.Text, -1)
					if err != nil || !x.Type().IsString() {
						return nil, ErrArgs
					}
					args[i] = x
				}
				return []expr.ScopeCol{{Name: "regexp_matches", T: value.TextArray}}, nil
			},
			Rows: func(e *expr.Env, a []any, _ []*value.Type) ([][]any, error) {
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
				ms, err := re.FindAll(e.MatchBudget(), str(a[0]), n)
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
func bindSubstring(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
	if len(args) >= 2 && (args[1].Type() == value.Unknown || args[1].Type().IsString()) {
		if len(args) == 2 {
			return strictFunc(value.Text, text2, func(e *expr.Env, a []any) (any, error) {
				re, err := value.CompileRegex(str(a[1]), "")
				if err != nil {
					return nil, err
				}
				s := str(a[0])
				ms, err := re.FindAll(e.MatchBudget(), s, 1)
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
		return strictFunc(value.Text, text3, func(_ *expr.Env, a []any) (any, error) {
			return similarSubstring(str(a[0]), str(a[1]), str(a[2]))
		})(c, name, args, loc)
	}
	return Builtin().Scalars["substr"](c, name, args, loc)
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

func regexpSplit(e *expr.Env, s, pattern, flags string) (any, error) {
	re, err := value.CompileRegex(pattern, flags)
	if err != nil {
		return nil, err
	}
	parts, err := re.Split(e.MatchBudget(), s)
	if err != nil {
		return nil, err
	}
	out := []any{}
	for _, p := range parts {
		out = append(out, p)
	}
	return out, nil
}

func regexpReplace(e *expr.Env, s, pattern, repl, flags string) (any, error) {
	re, err := value.CompileRegex(pattern, flags)
	if err != nil {
		return nil, err
	}
	return re.Replace(e.MatchBudget(), s, repl, strings.Contains(flags, "g"))
}

// regexpMatch is regexp_match: the first match's groups, NULL for none.
func regexpMatch(e *expr.Env, s, pattern, flags string) (any, error) {
	if strings.Contains(flags, "g") {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "regexp_match() does not support the \"global\" option").
			WithHint("Use the regexp_matches function instead.")
	}
	re, err := value.CompileRegex(pattern, flags)
	if err != nil {
		return nil, err
	}
	ms, err := re.FindAll(e.MatchBudget(), s, 1)
	if err != nil || len(ms) == 0 {
		return nil, err
	}
	return value.Groups(s, ms[0]), nil
}
