package executor

import (
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
	if s.tx == TxFailed && !st.tree.EndsTransaction() {
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
