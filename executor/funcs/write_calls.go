package funcs

import (
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
)

// SafeWriteForm is the shape every refusal's hint shows.
func SafeWriteForm(verb string) string {
	return fmt.Sprintf(`SELECT ... FROM vpn_connections v, %s(v."vpnConnectionId", ...) r WHERE <conditions on v>`, verb)
}

// UnsafeWrite is the 0A000 refusal of a shape that could call verb for a
// Row the statement does not select.
func UnsafeWrite(verb, hint, format string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.FeatureNotSupported, format, args...).
		WithDetail("%s changes AWS resources, so vpnsql calls it only where it can apply every condition of the statement before the call.", verb).
		WithHint("%s", hint)
}

// WithEarlierCalls adds to a failed call's error the calls this statement
// already made, which stay made.
func WithEarlierCalls(e *expr.Env, verb, key string, err error) error {
	done := e.Exec.CallsDone
	if len(done) == 0 {
		return err
	}
	pe := *pgerr.From(err) // a copy: the cause may be shared
	lines := []string{}
	if pe.Detail != "" {
		lines = append(lines, pe.Detail)
	}
	lines = append(lines, fmt.Sprintf("Call %d of this statement (%s on %s) failed.", len(done)+1, verb, key),
		fmt.Sprintf("%d earlier call(s) were made and stay made: %s.", len(done), strings.Join(done, ", ")))
	pe.Detail = strings.Join(lines, "\n")
	pe.Hint = "EC2 has no rollback: what is listed as done stays done. Fix the cause and run the statement again for the remaining rows."
	return &pe
}
