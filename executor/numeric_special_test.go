package executor

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestNumericSpecialValues evaluates every numeric function, operator,
// cast and aggregate with numeric NaN, Infinity and -Infinity arguments
// and float arithmetic at the edges of its range, and jsonb numbers cast
// to integers
// (testdata/numeric_special.tsv: the expression, a tab, and PostgreSQL
// 15's answer as `psql -XAt -v VERBOSITY=sqlstate -c "SELECT <expr>"`
// prints it, rows joined by a space, or "ERROR:  <SQLSTATE>"). Regenerate
// the file against PostgreSQL 15, never by hand:
//
//	cut -f1 numeric_special.tsv | while IFS= read -r e; do
//	  printf '%s\t%s\n' "$e" "$(psql -XAt -v VERBOSITY=sqlstate -c "SELECT $e" 2>&1 | tr '\n' ' ' | sed 's/ $//')"
//	done
func TestNumericSpecialValues(t *testing.T) {
	f, err := os.Open("testdata/numeric_special.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := newTestSession(t)
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		expr, want, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("line without a tab: %q", sc.Text())
		}
		n++
		got := psqlAnswer(t, s, "SELECT "+expr)
		if got != want {
			t.Errorf("SELECT %s\n got  %q\n want %q (PostgreSQL 15)", expr, got, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 700 {
		t.Fatalf("only %d expressions read", n)
	}
}

// psqlAnswer is a statement's result as psql -At prints it (NULL empty,
// columns joined by |, rows by a space), or ERROR: and the SQLSTATE.
func psqlAnswer(t *testing.T, s *Session, sql string) string {
	t.Helper()
	_, rows, err := run(t, s, sql)
	if err != nil {
		var pe *pgerr.Error
		if errors.As(err, &pe) {
			return "ERROR:  " + string(pe.Code)
		}
		return "ERROR:  " + err.Error()
	}
	lines := make([]string, len(rows))
	for i, r := range rows {
		for j, v := range r {
			if v == "NULL" {
				r[j] = ""
			}
		}
		lines[i] = strings.Join(r, "|")
	}
	return strings.TrimRight(strings.Join(lines, " "), " ")
}
