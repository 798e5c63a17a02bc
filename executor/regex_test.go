package executor

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// TestRegex_ARE: PostgreSQL's ARE features beyond RE2 (back-references,
// lookaround, \m \M, directors, embedded options, newline modes); the
// expected values are PostgreSQL 15's.
func TestRegex_ARE(t *testing.T) {
	s := newTestSession(t)
	for _, tc := range []struct{ sql, want string }{
		{`SELECT 'aa' ~ '(a)\1', 'ab' ~ '(a)\1', 'foobar' ~ 'foo(?=bar)', 'foobar' ~ 'foo(?!bar)'`, "t|f|t|f"},
		{`SELECT regexp_replace('price: 100', '(?<=: )\d+', 'N'), regexp_replace('x1y2', '(?<![a-z])\d', 'N', 'g')`, "price: N|x1y2"},
		{`SELECT 'ABC' ~ '(?i)abc', 'ABC' ~ '***:(?i)abc', 'a.c' ~ '***=a.c', 'abc' ~ '***=a.c'`, "t|t|t|f"},
		{`SELECT E'a\nb' ~ 'a.b', E'a\nb' ~ '(?n)a.b', E'a\nb' ~ '(?n)^b$', E'a\nb' ~ '^b$'`, "t|f|t|f"},
		{`SELECT regexp_match('abc', '(x)?b'), regexp_match('abab', '(ab)\1')`, "{NULL}|{ab}"},
		{`SELECT regexp_matches('abab cdcd', '(\w)(\w)\1\2', 'g')`, "{a,b}\n{c,d}"},
		{`SELECT regexp_replace('foo bar', '\mb', 'X'), regexp_replace('foo bar', 'o\M', 'X'), regexp_replace('abcabc', '(b)(c)', '[\2\1\&\\]', 'g')`, `foo Xar|foX bar|a[cbbc\]a[cbbc\]`},
		{`SELECT regexp_split_to_array('a1b22c', '(?<=\d)(?=[a-z])'), substring('foobar' from '(o)\1(b)')`, "{a1,b22,c}|o"},
		{`SELECT 'AbcAbc' ~* '(abc)\1', regexp_replace('Hello World', '(?i)(L)\1', '_'), 'ab' ~ '(?x) a  b # comment'`, "t|He_o World|t"},
		{`SELECT regexp_match('aXbX', '(?<=a)X'), 'a$' ~ 'a\$', E'ab\n' ~ 'b$'`, "{X}|t|f"},
	} {
		t.Run(tc.sql, func(t *testing.T) {
			_, rows, err := run(t, s, tc.sql)
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			for _, r := range rows {
				lines = append(lines, strings.Join(r, "|"))
			}
			if got := strings.Join(lines, "\n"); got != tc.want {
				t.Fatalf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// catastrophic backtracks exponentially on the backtracking engine.
const catastrophic = `SELECT repeat('a', 40) || 'b' ~ '^(a|aa)*\1c'`

func TestRegex_StatementTimeout(t *testing.T) {
	s := newTestSession(t)
	if _, _, err := run(t, s, "SET statement_timeout = 200"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, _, err := run(t, s, catastrophic)
	if pe := pgerr.From(err); pe == nil || pe.Code != pgerr.QueryCanceled {
		t.Fatalf("err = %v, want 57014", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
}

func TestRegex_Cancel(t *testing.T) {
	s := newTestSession(t)
	stmts, err := s.Parse(catastrophic)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.Prepare(context.Background(), stmts[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	c, err := s.Execute(ctx, p, nil)
	if err == nil {
		_, err = c.Next(ctx)
	}
	if !errors.Is(err, context.Canceled) && pgerr.From(err).Code != pgerr.QueryCanceled {
		t.Fatalf("err = %v, want the statement cancelled", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %v", d)
	}
}

func TestRegex_Budget(t *testing.T) {
	defer func(d time.Duration) { value.BacktrackMaxMatch = d }(value.BacktrackMaxMatch)
	value.BacktrackMaxMatch = 100 * time.Millisecond
	s := newTestSession(t)
	_, _, err := run(t, s, catastrophic)
	if pe := pgerr.From(err); pe == nil || pe.Code != pgerr.ProgramLimitExceeded || strings.Contains(pe.Message, "aaaa") {
		t.Fatalf("err = %v, want 54000 without the input", err)
	}
}
