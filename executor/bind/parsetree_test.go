package bind

import (
	"testing"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// sameExpression matches a select-list item to a GROUP BY or ORDER BY item
// as PostgreSQL does: the same tree, wherever its tokens stand.
func TestSameExpression(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"lower(x)", "  lower( x )", true},
		{"a + b * 2", "a+b*2", true},
		{"CASE WHEN a THEN 'x' ELSE 'y' END", "CASE  WHEN a THEN 'x' ELSE 'y' END", true},
		{"t.a", "t .a", true},
		{"t.a", "a", false},
		{"t.a", "t.b", false},
		{"t.*", "t .*", true},
		{"t.*", "t.a", false},
		{`"A"`, "a", false},
		{"a", "lower(a)", false},
		{"a + b", "b + a", false},
		{"lower(x)", "upper(x)", false},
		{"f(1, 2)", "f(1)", false},
		{"1", "'1'", false},
		{"a::int", "a::int8", false},
		{"x IS NULL", "x IS NOT NULL", false},
	} {
		if got := sameExpression(targetOf(t, tc.a), targetOf(t, tc.b)); got != tc.want {
			t.Errorf("sameExpression(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// targetOf is the parse tree of the expression e.
func targetOf(t *testing.T, e string) *pg_query.Node {
	t.Helper()
	tree, err := pg_query.Parse("SELECT " + e)
	if err != nil {
		t.Fatal(err)
	}
	return tree.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().Val
}
