package value

import (
	"context"
	"errors"
	"time"

	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"

	"github.com/vpnsql/vpnsql/pgerr"
)

// BacktrackMaxMatch bounds one match when statement_timeout does not
// bound it sooner: past it a cancelled statement's match still runs.
var BacktrackMaxMatch = 10 * time.Second

func compileBacktracking(syn regexSyntax) (*regexp2.Regexp, error) {
	opts := regexp2.None
	if syn.ci {
		opts |= regexp2.IgnoreCase
	}
	if syn.dotNL {
		opts |= regexp2.Singleline
	}
	if syn.anchorNL {
		opts |= regexp2.Multiline
	}
	// The default backtracking stack (100,000 slots) refuses ordinary
	// patterns over long text; this one bounds a match's memory at 32MB.
	return regexp2.Compile(syn.bt, opts, regexp2.OptionMaxBacktrackingStackSize(backtrackMaxStack))
}

// backtrackMaxStack is the backtracking stack of one match, in slots.
const backtrackMaxStack = 4 << 20

// backtrackMessage words a regexp2 syntax error as PostgreSQL's regex
// library does.
func backtrackMessage(err error) string {
	var se *syntax.Error
	if !errors.As(err, &se) {
		return err.Error()
	}
	switch se.Code {
	case syntax.ErrUnexpectedParen, syntax.ErrMissingParen:
		return "parentheses () not balanced"
	case syntax.ErrUnterminatedBracket:
		return "brackets [] not balanced"
	case syntax.ErrMissingBrace:
		return "braces {} not balanced"
	case syntax.ErrUndefinedBackRef, syntax.ErrCaptureGroupOutOfRange, syntax.ErrCapNumNotZero:
		return "invalid backreference number"
	case syntax.ErrInvalidRepeatSize:
		return "invalid repetition count(s)"
	case syntax.ErrInvalidRepeatOp, syntax.ErrMissingRepeatArgument, syntax.ErrQuantifiedAssertion:
		return "quantifier operand invalid"
	case syntax.ErrIllegalEndEscape, syntax.ErrUnrecognizedEscape:
		return "invalid escape \\ sequence"
	case syntax.ErrInvalidCharRange, syntax.ErrReversedCharRange:
		return "invalid character range"
	}
	return se.Code.String()
}

// errRegexBudget is a match stopped by backtrackMaxMatch.
var errRegexBudget = pgerr.New(pgerr.ProgramLimitExceeded, "regular expression match took too long").
	WithHint("A pattern with back-references or lookaround can backtrack exponentially; simplify it or set statement_timeout.")

// A matchBudget bounds one backtracking match: the statement's context
// (a cancel stops it) and the time statement_timeout leaves the statement
// (zero when it is not set). The zero budget is backtrackMaxMatch alone.
type MatchBudget struct {
	Ctx      context.Context
	TimeLeft time.Duration
}

// backtrackFindAll is findAll on the backtracking engine.
func backtrackFindAll(b MatchBudget, tmpl *regexp2.Regexp, s string, n int) ([][]int, error) {
	ctx := context.Background()
	if b.Ctx != nil {
		ctx = b.Ctx
	}
	budget, fromTimeout := BacktrackMaxMatch, false
	if b.TimeLeft != 0 && b.TimeLeft < budget {
		budget, fromTimeout = max(b.TimeLeft, time.Millisecond), true
	}
	re := *tmpl
	re.MatchTimeout = budget
	type result struct {
		ms  [][]int
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- result{err: pgerr.FromPanic(r)}
			}
		}()
		ms, err := findAllMatches(&re, s, n)
		done <- result{ms, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			var pe *pgerr.Error
			switch {
			case errors.As(r.err, &pe):
				return nil, pe
			case errors.Is(r.err, regexp2.ErrBacktrackingStackLimit):
				return nil, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: regular expression is too complex")
			case fromTimeout:
				return nil, pgerr.New(pgerr.QueryCanceled, "canceling statement due to statement timeout")
			}
			// regexp2's timeout error quotes the whole input: not for a client.
			return nil, errRegexBudget
		}
		return r.ms, nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

func findAllMatches(re *regexp2.Regexp, s string, n int) ([][]int, error) {
	var out [][]int
	m, err := re.FindStringMatch(s)
	for ; err == nil && m != nil && (n < 0 || len(out) < n); m, err = re.FindNextMatch(m) {
		gs := m.Groups()
		idx := make([]int, 2*len(gs))
		for i := range gs {
			if len(gs[i].Captures) == 0 {
				idx[2*i], idx[2*i+1] = -1, -1
				continue
			}
			start, length := gs[i].ByteRange()
			idx[2*i], idx[2*i+1] = start, start+length
		}
		out = append(out, idx)
	}
	return out, err
}
