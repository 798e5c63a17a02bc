package funcs

import (
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
)

// SafeWriteForm is the shape every refusal's hint shows, for the method's
// own table: SELECT ... FROM vpn_gateways v, ec2.vpn_gateway_attach(
// v."vpnGatewayId", ...) r WHERE <conditions on v>.
func SafeWriteForm(m catalog.Method) string {
	return fmt.Sprintf(`SELECT ... FROM %s %s, %s.%s(%s.%q, ...) r WHERE <conditions on %s>`,
		m.Table, methodAlias(m), m.Schema, m.Name, methodAlias(m), methodKey(m), methodAlias(m))
}

// PickFirstForm is the hint's WITH query that picks some rows of the
// method's table before calling it per row.
func PickFirstForm(m catalog.Method) string {
	return fmt.Sprintf(`WITH pick AS (SELECT %q FROM %s WHERE ... ORDER BY ... LIMIT n) SELECT ... FROM pick, %s.%s(pick.%q, ...) r`,
		methodKey(m), m.Table, m.Schema, m.Name, methodKey(m))
}

func methodAlias(m catalog.Method) string { return m.Table[:1] }

// methodKey is the column a method's first parameter (the object's id)
// comes from: the result column of the same name, ignoring case and
// underscores (vpn_gateway_id: vpnGatewayId).
func methodKey(m catalog.Method) string {
	if len(m.Params) > 0 {
		want := fold(m.Params[0].Name)
		for _, c := range m.Columns {
			if fold(c.Name) == want {
				return c.Name
			}
		}
	}
	if len(m.Columns) > 0 {
		return m.Columns[0].Name
	}
	return "id"
}

func fold(s string) string { return strings.ToLower(strings.ReplaceAll(s, "_", "")) }

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
