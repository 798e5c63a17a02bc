package parse

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/pgerr"
)

func rep(s string, n int) string { return strings.Repeat(s, n) }

// deepShapes are statements whose trees are deep in different ways.
func deepShapes(n int) map[string]string {
	return map[string]string{
		"plus":        "SELECT " + rep("1+", n) + "1",
		"concat":      "SELECT " + rep("'a'||", n) + "'a'",
		"not":         "SELECT " + rep("NOT ", n) + "true",
		"prefix_op":   "SELECT " + rep("@ ", n) + "1",
		"is_null":     "SELECT 1" + rep(" IS NULL", n),
		"casts":       "SELECT 1" + rep("::int", n),
		"parens_plus": "SELECT " + rep("(", n) + "1" + rep("+1)", n),
		"case":        "SELECT " + rep("CASE WHEN true THEN 1 ELSE ", n) + "1" + rep(" END", n),
		"funcs":       "SELECT " + rep("abs(", n) + "1" + rep(")", n),
		"arrays":      "SELECT " + rep("ARRAY[", n) + "1" + rep("]", n),
		"subqueries":  "SELECT " + rep("(SELECT ", n) + "1" + rep(")", n),
		"union_and":   rep("SELECT 1 WHERE true AND true UNION ", n) + "SELECT 1",
		"join_and": "SELECT 1 FROM t0" + func() string {
			var b strings.Builder
			for i := 0; i < n; i++ {
				b.WriteString(" JOIN t ON a AND b")
			}
			return b.String()
		}(),
		"between":   "SELECT " + rep("1 BETWEEN 1 AND ", n) + "1",
		"and_mixed": "SELECT " + rep("NOT 1+1=2 AND ", n) + "true",
		"comments":  "SELECT 1 /* a /* nested */ comment */ " + rep("+1 -- x\n", n),
		"estring":   "SELECT E'\\'' " + rep("||'a'", n),
		"dollar":    "SELECT $x$ ' $x$ " + rep("||$$a$$", n),
	}
}

// TestDepthBound checks the pre-scan against pg_query's real tree: the
// bound must never be below the tree's depth, or a deep statement could
// reach the C parser on a thread too small for it.
func TestDepthBound(t *testing.T) {
	check := func(t *testing.T, sql string) {
		t.Helper()
		tree, err := Parse(sql)
		if err != nil {
			var pe *pgerr.Error
			if errors.As(err, &pe) && pe.Code == pgerr.SyntaxError {
				return
			}
			t.Fatalf("%.80s: %v", sql, err)
		}
		if b, d := depthBound(sql), Depth(tree.ProtoReflect(), 1<<30); b < d {
			t.Errorf("bound %d < depth %d for %.200s", b, d, sql)
		}
	}
	for _, n := range []int{1, 2, 5, 50, 500} {
		for name, sql := range deepShapes(n) {
			t.Run(name, func(t *testing.T) { check(t, sql) })
		}
	}
	// The differential corpus: real statements of every kind.
	files, _ := filepath.Glob("../../integration/testdata/sql/*.sql")
	files2, _ := filepath.Glob("../../integration/testdata/sql/*/*.sql")
	if len(files) == 0 {
		t.Fatal("no corpus")
	}
	for _, f := range append(files, files2...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, stmt := range strings.Split(string(b), "\n;;") {
			check(t, stmt)
		}
	}
}

func TestParse_Limits(t *testing.T) {
	for _, tc := range []struct {
		name string
		sql  string
		code pgerr.Code // "" = parses
	}{
		{"plus_4051", "SELECT " + rep("1+", 4050) + "1", ""},
		{"plus_4100", "SELECT " + rep("1+", 4099) + "1", pgerr.StatementTooComplex},
		{"plus_8000_parsed_deep", "SELECT " + rep("1+", 7999) + "1", pgerr.StatementTooComplex},
		{"plus_20000", "SELECT " + rep("1+", 19999) + "1", pgerr.StatementTooComplex},
		{"plus_100000", "SELECT " + rep("1+", 99999) + "1", pgerr.StatementTooComplex},
		{"is_null_20000", "SELECT 1" + rep(" IS NULL", 20000), pgerr.StatementTooComplex},
		{"in_list_100000", "SELECT 1 IN (" + rep("1,", 99999) + "1)", ""},
		{"or_chain_100000", "SELECT 1 WHERE " + rep("1 = 1 OR ", 99999) + "true", ""},
		{"values_100000", "VALUES " + rep("(1, 'a'),", 99999) + "(1, 'a')", ""},
		{"parens_9000", "SELECT " + rep("(", 9000) + "1" + rep(")", 9000), ""},
		// bison's own stack: PostgreSQL says the same.
		{"parens_10000", "SELECT " + rep("(", 10000) + "1" + rep(")", 10000), pgerr.SyntaxError},
		{"not_10000", "SELECT " + rep("NOT ", 10000) + "true", pgerr.SyntaxError},
		{"not_100000", "SELECT " + rep("NOT ", 100000) + "true", pgerr.SyntaxError},
		{"syntax_after_deep", "SELECT " + rep("1+", 99999) + "1 FROM", pgerr.SyntaxError},
		{"syntax", "SELEC 1", pgerr.SyntaxError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.sql)
			if tc.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			pe := pgerr.From(err)
			if pe == nil || pe.Code != tc.code {
				t.Fatalf("got %v, want %s", err, tc.code)
			}
			if tc.code == pgerr.StatementTooComplex && (pe.Message != "stack depth limit exceeded" || !strings.Contains(pe.Hint, "max_stack_depth")) {
				t.Fatalf("got %q hint %q", pe.Message, pe.Hint)
			}
		})
	}
}

func TestNormalize_Deep(t *testing.T) {
	sql := "SELECT " + rep("1+", 3000) + "1"
	out, err := Normalize(sql)
	if err != nil || !strings.HasPrefix(out, "SELECT $1+$2") {
		t.Fatalf("%.40s %v", out, err)
	}
	if _, err := Normalize("SELECT " + rep("1+", 99999) + "1"); pgerr.From(err).Code != pgerr.StatementTooComplex {
		t.Fatal(err)
	}
}

func TestLexer_Strings(t *testing.T) {
	// Text inside strings, identifiers and comments is no token.
	for _, sql := range []string{
		"SELECT '" + rep("1+", 5000) + "'",
		"SELECT E'\\'" + rep("1+", 5000) + "'",
		"SELECT $q$" + rep("1+", 5000) + "$q$",
		`SELECT "` + rep("1+", 5000) + `"`,
		"SELECT 1 /* " + rep("1+", 5000) + " */",
		"SELECT 1 -- " + rep("1+", 5000),
	} {
		if b := depthBound(sql); b > 100 {
			t.Errorf("bound %d for %.30s", b, sql)
		}
	}
}

func TestDeparse_Deep(t *testing.T) {
	for _, n := range []int{10, 4000} {
		sql := "SELECT " + rep("1+", n) + "1"
		tree, err := Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Deparse(tree)
		want, _ := pg_query.Deparse(tree) // this test's thread has stack enough
		if err != nil || out != want || !strings.HasSuffix(out, "+ 1") {
			t.Fatalf("%d: %.40s %v", n, out, err)
		}
	}
}
