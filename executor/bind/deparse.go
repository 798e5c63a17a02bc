package bind

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/parse"
)

// parseTreeVersion is the version pg_query stamps on its parse trees;
// Deparse refuses a tree without it.
var parseTreeVersion = func() int32 {
	r, err := parse.Parse("SELECT")
	if err != nil {
		panic(err)
	}
	return r.Version
}()

// ExplainText is n as SQL for EXPLAIN's output, and "" in a plan that is
// not for EXPLAIN: each Deparse is a cgo call that marshals the tree,
// which cost a simple-protocol point lookup a third of its planning.
func (b *Binder) ExplainText(n *pg_query.Node) string {
	if !b.S.Explain {
		return ""
	}
	return Deparse(n)
}

// Deparse prints an expression's parse tree back as SQL.
func Deparse(n *pg_query.Node) string {
	if n == nil {
		return ""
	}
	tree := &pg_query.ParseResult{Version: parseTreeVersion, Stmts: []*pg_query.RawStmt{{Stmt: &pg_query.Node{Node: &pg_query.Node_SelectStmt{
		SelectStmt: &pg_query.SelectStmt{WhereClause: n, Op: pg_query.SetOperation_SETOP_NONE, LimitOption: pg_query.LimitOption_LIMIT_OPTION_DEFAULT}}}}}}
	out, err := parse.Deparse(tree)
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(out, "SELECT WHERE ")
}

// DeparseStatement prints a statement's parse tree back as SQL.
func DeparseStatement(n *pg_query.Node) (string, error) {
	return parse.Deparse(&pg_query.ParseResult{Version: parseTreeVersion, Stmts: []*pg_query.RawStmt{{Stmt: n}}})
}
