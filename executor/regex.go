package executor

import (
	"regexp"
	"unicode/utf8"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Regular expressions: ~ ~* !~ !~*, SIMILAR TO and the regexp_ functions.
// A pattern runs on Go's RE2 engine (linear time) unless it needs what
// only a backtracking engine has (back-references, lookahead and
// lookbehind constraints); then it runs on regexp2, bounded by the
// statement's statement_timeout and stopped by a cancel (regex_backtrack.go).
// RE2's errors are reworded as PostgreSQL's regex library words them.

func regexExpr(l, r expr, ci, not bool) expr {
	name := "regex"
	if !ci && !not {
		name = "~" // pushdown reads an anchored literal pattern as equality
	}
	flags := ""
	if ci {
		flags = "i"
	}
	return &funcExpr{name: name, args: []expr{l, r}, t: value.Bool, strict: true, fn: func(e *env, a []any) (any, error) {
		re, err := value.CompileRegex(a[1].(string), flags)
		if err != nil {
			return nil, err
		}
		m, err := re.Match(e.matchBudget(), a[0].(string))
		if err != nil {
			return nil, err
		}
		return m != not, nil
	}}
}

// similarExpr is SIMILAR TO: SQL's pattern language (% _ | * + ? {} ()
// [] with an escape character) translated to a regular expression
// anchored at both ends.
func similarExpr(l, r, esc expr, not bool) expr {
	args := []expr{l, r}
	if esc != nil {
		args = append(args, esc)
	}
	return &funcExpr{name: "similar", args: args, t: value.Bool, strict: true, fn: func(_ *env, a []any) (any, error) {
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
