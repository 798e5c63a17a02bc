package pgerr

// StackDepthExceeded is PostgreSQL's check_stack_depth error: input nested
// deeper than vpnsql's bound (a statement, a json value, a jsonpath). The
// hint names PostgreSQL 15's default max_stack_depth, as its server says.
func StackDepthExceeded() *Error {
	return New(StatementTooComplex, "stack depth limit exceeded").
		WithHint(`Increase the configuration parameter "max_stack_depth" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.`)
}
