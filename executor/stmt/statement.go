package stmt

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/executor/bind"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/parse"
	"github.com/vpnsql/vpnsql/value"
)

// Kind is what a statement is, as far as the executor needs to know to
// choose how to plan and run it.
type Kind uint8

const (
	KindUnsupported Kind = iota
	KindSelect           // SELECT, VALUES, TABLE
	KindExplain
	KindInsert
	KindUpdate
	KindDelete
	KindSet // SET, RESET
	KindShow
	KindTransaction // BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ...
	KindCopy
	KindDiscard
	KindDeallocate
)

var kindNames = [...]string{KindSelect: "select", KindExplain: "explain", KindInsert: "insert",
	KindUpdate: "update", KindDelete: "delete", KindSet: "set", KindShow: "show",
	KindTransaction: "transaction", KindCopy: "copy"}

// String names the command: select, insert, ..., or utility for the
// statements without a name of their own.
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "utility"
}

// Statement is one statement of a query string with its parse tree. The
// executor asks it what it is and hands it back to the Planner's methods;
// only this package reads the tree.
type Statement struct {
	SQL string // the statement's own text
	// Text is the whole string the client sent: parse-tree locations,
	// and so error positions, are byte offsets into it.
	Text string
	Kind Kind
	node *pg_query.Node
}

// Split parses a query string into its statements, through the parse
// cache c (nil: no cache). An empty or comment-only string gives none.
func Split(c *parse.Cache, sql string) ([]*Statement, error) {
	res, err := c.Parse(sql)
	if err != nil {
		return nil, err
	}
	out := make([]*Statement, 0, len(res.Stmts))
	for _, raw := range res.Stmts {
		start := int(raw.StmtLocation)
		end := len(sql)
		if raw.StmtLen > 0 {
			end = start + int(raw.StmtLen)
		}
		out = append(out, newStatement(sql[start:end], sql, raw.Stmt))
	}
	return out, nil
}

func newStatement(sql, text string, n *pg_query.Node) *Statement {
	return &Statement{SQL: sql, Text: text, Kind: kindOf(n), node: n}
}

func kindOf(n *pg_query.Node) Kind {
	switch n.GetNode().(type) {
	case *pg_query.Node_SelectStmt:
		return KindSelect
	case *pg_query.Node_ExplainStmt:
		return KindExplain
	case *pg_query.Node_InsertStmt:
		return KindInsert
	case *pg_query.Node_UpdateStmt:
		return KindUpdate
	case *pg_query.Node_DeleteStmt:
		return KindDelete
	case *pg_query.Node_VariableSetStmt:
		return KindSet
	case *pg_query.Node_VariableShowStmt:
		return KindShow
	case *pg_query.Node_TransactionStmt:
		return KindTransaction
	case *pg_query.Node_CopyStmt:
		return KindCopy
	case *pg_query.Node_DiscardStmt:
		return KindDiscard
	case *pg_query.Node_DeallocateStmt:
		return KindDeallocate
	}
	return KindUnsupported
}

// Name is the parse node's name, for "statement not supported" errors.
func (st *Statement) Name() string { return bind.NodeName(st.node) }

// IsWrite reports whether the statement is an INSERT, UPDATE or DELETE.
func (st *Statement) IsWrite() bool {
	return st.Kind == KindInsert || st.Kind == KindUpdate || st.Kind == KindDelete
}

// IsQuery reports whether the statement is a query (SELECT, VALUES,
// TABLE) with no data-modifying WITH: PostgreSQL's PORTAL_ONE_SELECT,
// whose rows are described before it runs, so that its run-time errors
// follow the RowDescription.
func (st *Statement) IsQuery() bool {
	if st.Kind != KindSelect {
		return false
	}
	for _, cte := range st.node.GetSelectStmt().GetWithClause().GetCtes() {
		if kindOf(cte.GetCommonTableExpr().GetCtequery()) != KindSelect {
			return false
		}
	}
	return true
}

// Deallocate reports which prepared statement a DEALLOCATE [PREPARE]
// names (as the grammar folded and truncated it), or that it names all.
func (st *Statement) Deallocate() (name string, all, ok bool) {
	d := st.node.GetDeallocateStmt()
	if d == nil {
		return "", false, false
	}
	return d.Name, d.Isall || d.Name == "", true
}

// EndsTransaction reports whether the statement ends a transaction
// block, as PostgreSQL's IsTransactionExitStmt decides.
func (st *Statement) EndsTransaction() bool {
	t := st.node.GetTransactionStmt()
	if t == nil {
		return false
	}
	switch t.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT, pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK,
		pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK_TO, pg_query.TransactionStmtKind_TRANS_STMT_PREPARE:
		return true
	}
	return false
}

// PlanSelect plans a SELECT statement.
func PlanSelect(s *bind.Planner, st *Statement, params *[]*value.Type) (exec.QueryPlan, error) {
	q, _, err := s.PlanQuery(nil, params, nil, st.node.GetSelectStmt())
	return q, err
}
