// Package pgerr is the PostgreSQL error every layer of vpnsql returns: a
// SQLSTATE code with the message, detail, hint and cursor position that the
// server writes into an ErrorResponse.
package pgerr

//go:generate go run ./internal/gen -out codes.go

import (
	"context"
	"errors"
	"fmt"
)

// Code is a five-character SQLSTATE.
type Code string

// Name returns PostgreSQL's condition name for the code ("undefined_table").
func (c Code) Name() string { return conditionNames[c] }

// Severity of an error or notice, as PostgreSQL spells it on the wire.
const (
	SeverityError   = "ERROR"
	SeverityFatal   = "FATAL"
	SeverityWarning = "WARNING"
	SeverityNotice  = "NOTICE"
)

// Error is a PostgreSQL error. Position is 1-based in characters of the
// statement text; 0 means none.
type Error struct {
	Severity string
	Code     Code
	Message  string
	Detail   string
	Hint     string
	Position int32
	// The object an integrity violation concerns (the S, T and n fields
	// of ErrorResponse), as PostgreSQL reports them for 23xxx errors.
	SchemaName, TableName, ConstraintName string
	cause                                 error
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the error this one was made from, if any.
func (e *Error) Unwrap() error { return e.cause }

// New returns an ERROR with the code and a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Severity: SeverityError, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap returns an ERROR with the code whose message is err's text and which
// unwraps to err.
func Wrap(code Code, err error) *Error {
	return &Error{Severity: SeverityError, Code: code, Message: err.Error(), cause: err}
}

// WithDetail sets the DETAIL field and returns e.
func (e *Error) WithDetail(format string, args ...any) *Error {
	e.Detail = fmt.Sprintf(format, args...)
	return e
}

// WithHint sets the HINT field and returns e.
func (e *Error) WithHint(format string, args ...any) *Error {
	e.Hint = fmt.Sprintf(format, args...)
	return e
}

// WithPosition sets the cursor position (1-based) and returns e.
func (e *Error) WithPosition(pos int) *Error {
	e.Position = int32(pos)
	return e
}

// From converts any error into a *Error: a *Error found in the chain is
// returned as is; context cancellation becomes 57014; anything else is an
// internal error (XX000).
func From(err error) *Error {
	if err == nil {
		return nil
	}
	var pe *Error
	if errors.As(err, &pe) {
		return pe
	}
	switch {
	case errors.Is(err, context.Canceled):
		return &Error{Severity: SeverityError, Code: QueryCanceled, Message: "canceling statement due to user request", cause: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Severity: SeverityError, Code: QueryCanceled, Message: "canceling statement due to statement timeout", cause: err}
	}
	return Wrap(InternalError, err)
}
