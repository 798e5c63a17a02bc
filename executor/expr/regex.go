package expr

import (
	"regexp"
	"unicode/utf8"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func RegexExpr(l, r Expr, ci, not bool) Expr {
	name := "regex"
	if !ci && !not {
		name = "~" // pushdown reads an anchored literal pattern as equality
	}
	flags := ""
	if ci {
		flags = "i"
	}
	return &FuncExpr{Name: name, Args: []Expr{l, r}, T: value.Bool, Strict: true, Fn: func(e *Env, a []any) (any, error) {
		re, err := value.CompileRegex(a[1].(string), flags)
		if err != nil {
			return nil, err
		}
		m, err := re.Match(e.MatchBudget(), a[0].(string))
		if err != nil {
			return nil, err
		}
		return m != not, nil
	}}
}

// SimilarExpr is SIMILAR TO: SQL's pattern language (% _ | * + ? {} ()
// [] with an escape character) translated to a regular expression
// anchored at both ends.
func SimilarExpr(l, r, esc Expr, not bool) Expr {
	args := []Expr{l, r}
	if esc != nil {
		args = append(args, esc)
	}
	return &FuncExpr{Name: "similar", Args: args, T: value.Bool, Strict: true, Fn: func(_ *Env, a []any) (any, error) {
		escape := `\`
		if len(a) > 2 {
			escape = a[2].(string)
			if utf8.RuneCountInString(escape) > 1 {
				return nil, pgerr.New(pgerr.InvalidEscapeSequence, "invalid escape string").WithHint("Escape string must be empty or one character.")
			}
		}
		re, err := regexp.Compile("^(?:" + value.SimilarToRegexpEsc(a[1].(string), escape) + ")$")
		if err != nil {
			return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: %v", err)
		}
		return re.MatchString(a[0].(string)) != not, nil
	}}
}
