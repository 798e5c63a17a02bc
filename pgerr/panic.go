package pgerr

import (
	"fmt"
	"runtime/debug"
)

// Panic is a panic recovered where it happened (a statement, a fan-out
// goroutine, a coalesced fetch) and handed as an error to the statement
// waiting on it, which fails with XX000 while the session goes on. Stack
// is the panicking goroutine's, for the server's log.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// FromPanic is the XX000 error for a value recover returned; call it in
// the deferred function, so the stack is the panic's.
func FromPanic(r any) *Error {
	return &Error{Severity: SeverityError, Code: InternalError,
		Message: fmt.Sprintf("internal error: %v", r),
		cause:   &Panic{Value: r, Stack: debug.Stack()}}
}
