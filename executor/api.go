package executor

import (
	"context"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
)

// Cursor yields the rows of one executed statement. Values follow the Go
// representation documented in package catalog. A cursor may be read in
// several steps (portals with a row limit) and must be closed.
type Cursor interface {
	// Columns is nil for a statement that returns no rows.
	Columns() []expr.Column
	// Next returns the next row, or nil, nil once the rows are exhausted.
	Next(ctx context.Context) ([]any, error)
	// Tag is the command tag ("SELECT 3", "INSERT 0 1"), valid after Next
	// returned nil, nil.
	Tag() string
	Close()
}

// Notice is a NOTICE or WARNING the session wants sent to the client.
type Notice struct {
	Severity string     // pgerr.SeverityWarning or pgerr.SeverityNotice
	Code     pgerr.Code // "" = 01000 for a warning, 00000 for a notice
	Message  string
	Detail   string
	Hint     string
}

// TxStatus is the transaction status that ReadyForQuery reports.
type TxStatus byte

const (
	TxIdle   TxStatus = 'I'
	TxActive TxStatus = 'T'
	TxFailed TxStatus = 'E'
)
