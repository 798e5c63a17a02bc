package executor

import (
	"github.com/vpnsql/vpnsql/executor/expr"
)

// newExecState starts an execution, charging the running statement's
// memory account (none outside Session.Execute).
func (s *Session) newExecState() *expr.ExecState {
	st := &expr.ExecState{Cache: map[any][][]any{}}
	if s.mem != nil {
		st.Mem = s.mem
	}
	return st
}
