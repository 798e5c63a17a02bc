package value

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/pgerr"
)

// catastrophic backtracks exponentially: it needs the backtracking engine
// (a back-reference) and never matches.
const catastrophic = `^(a|aa)*\1c`

// TestRegex_MatchBudget: a match on the backtracking engine stops at the
// first of its bounds, each with its own error: the per-match limit
// (54000, without quoting the input), the statement's time left (57014),
// and the statement's context (its cancellation cause). The SQL side is
// executor's TestRegex_StatementTimeout, TestRegex_Cancel and
// TestRegex_Budget.
func TestRegex_MatchBudget(t *testing.T) {
	re, err := CompileRegex(catastrophic, "")
	if err != nil {
		t.Fatal(err)
	}
	input := strings.Repeat("a", 40) + "b"
	defer func(d time.Duration) { BacktrackMaxMatch = d }(BacktrackMaxMatch)
	// The match goroutine of a cancelled match runs on to its limit, so
	// no case's limit is long.
	for _, tc := range []struct {
		name        string
		maxMatch    time.Duration
		budget      MatchBudget
		cancelAfter time.Duration
		check       func(error) bool
	}{
		{"per-match limit", 100 * time.Millisecond, MatchBudget{}, 0, func(err error) bool {
			pe := pgerr.From(err)
			return pe != nil && pe.Code == pgerr.ProgramLimitExceeded && !strings.Contains(pe.Message, "aaaa")
		}},
		{"statement timeout", 2 * time.Second, MatchBudget{TimeLeft: 100 * time.Millisecond}, 0, func(err error) bool {
			pe := pgerr.From(err)
			return pe != nil && pe.Code == pgerr.QueryCanceled
		}},
		{"cancelled", 2 * time.Second, MatchBudget{}, 100 * time.Millisecond, func(err error) bool {
			return errors.Is(err, context.Canceled)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			BacktrackMaxMatch = tc.maxMatch
			if tc.cancelAfter > 0 {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				time.AfterFunc(tc.cancelAfter, cancel)
				tc.budget.Ctx = ctx
			}
			start := time.Now()
			_, err := re.Match(tc.budget, input)
			if !tc.check(err) {
				t.Errorf("err = %v", err)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v: not stopped by its own bound", d)
			}
		})
	}
}

// TestRegex_Engines: a pattern RE2 can run stays on RE2; back-references
// and lookaround move it to the backtracker, with PostgreSQL 15's answers.
func TestRegex_Engines(t *testing.T) {
	for _, tc := range []struct {
		pattern, flags, s string
		backtrack, want   bool
	}{
		{`^vpn-[0-9a-f]+$`, "", "vpn-0a1b", false, true},
		{`(a)\1`, "", "aa", true, true},
		{`(a)\1`, "", "ab", true, false},
		{`foo(?=bar)`, "", "foobar", true, true},
		{`foo(?!bar)`, "", "foobar", true, false},
		{`ABC`, "i", "abc", false, true},
	} {
		re, err := CompileRegex(tc.pattern, tc.flags)
		if err != nil {
			t.Fatalf("%s: %v", tc.pattern, err)
		}
		if (re.bt != nil) != tc.backtrack {
			t.Errorf("%s: backtracking engine %v, want %v", tc.pattern, re.bt != nil, tc.backtrack)
		}
		if got, err := re.Match(MatchBudget{}, tc.s); err != nil || got != tc.want {
			t.Errorf("%q ~ %q = %v, %v; want %v", tc.s, tc.pattern, got, err, tc.want)
		}
	}
}
