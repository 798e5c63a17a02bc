package executor

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/pgerr"
)

// The aborted-transaction rule, in one place: after an error inside a
// transaction block, PostgreSQL refuses every statement but those that
// end the block (IsTransactionExitStmt) with 25P02 until the block ends,
// at Parse, Bind and Execute alike, and refuses to describe result rows
// (which needs the catalog). The server asks these; the executor's own
// Prepare and Execute apply them too.

// errInFailedTx is PostgreSQL's 25P02.
func errInFailedTx() error {
	return pgerr.New(pgerr.InFailedSqlTransaction, "current transaction is aborted, commands ignored until end of transaction block")
}

// CheckAborted returns 25P02 when the transaction block is aborted and st
// does not end it; nil when st may run.
func (s *Session) CheckAborted(st *Statement) error {
	if s.tx == TxFailed && !st.endsTransaction() {
		return errInFailedTx()
	}
	return nil
}

// CheckDescribe returns 25P02 when the transaction block is aborted and
// p returns rows: describing them needs the catalog (PostgreSQL's
// exec_describe_statement_message). A nil p is an empty query.
func (s *Session) CheckDescribe(p *Prepared) error {
	if s.tx == TxFailed && p != nil && p.Columns != nil {
		return errInFailedTx()
	}
	return nil
}

// endsTransaction reports whether the statement ends a transaction block,
// as PostgreSQL's IsTransactionExitStmt decides.
func (st *Statement) endsTransaction() bool {
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
