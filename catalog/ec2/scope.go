package ec2

import (
	"context"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// A role's scope (catalog.Scope, docs/security.md "Scoped roles") is
// applied where the fan-out is decided: Source.targets drops the accounts
// and regions outside it, so rows there are never fetched, and a write
// placed outside it is refused before any call. Secret columns are masked
// here, per session, on the rows a scan hands on: the read cache's rows
// are shared by every session and keep the real values.

// KnownID is the account's id if it is known without a call: a role's
// scope naming the account resolves to it (cmd/vpnsql).
func (a *Account) KnownID() string { return a.knownID() }

// scopeFrom is the scope of the session a scan or write runs for.
func scopeFrom(ctx context.Context) *catalog.Scope {
	if s, ok := catalog.SessionFrom(ctx); ok {
		return s.Scope
	}
	return nil
}

// checkScope refuses a write placed outside the session's scope, as
// PostgreSQL refuses a row its row-level security policy does not admit.
func checkScope(ctx context.Context, table string, tg target) error {
	sc := scopeFrom(ctx)
	if sc.AllowsAccount(tg.account.Name, tg.accountID) && sc.AllowsRegion(tg.region) {
		return nil
	}
	user := ""
	if s, ok := catalog.SessionFrom(ctx); ok {
		user = s.User
	}
	return pgerr.New(pgerr.InsufficientPrivilege, "new row violates row-level security policy for table %q", table).
		WithDetail("Account %s, region %s is outside the scope of role %q (accounts: %s; regions: %s).",
			tg.account.label(tg.accountID), tg.region, user, scopeList(scopeAccounts(sc)), scopeList(scopeRegions(sc)))
}

// scopedDefault is the region an INSERT that names none goes to: def,
// or when the role's scope excludes it the first served region it admits
// (checkScope refuses the row if none does).
func scopedDefault(sc *catalog.Scope, def string, served []string) string {
	if sc.AllowsRegion(def) {
		return def
	}
	for _, r := range served {
		if sc.AllowsRegion(r) {
			return r
		}
	}
	return def
}

// scopeRegions and scopeAccounts are a possibly nil scope's limits.
func scopeRegions(sc *catalog.Scope) []string {
	if sc == nil {
		return nil
	}
	return sc.Regions
}

func scopeAccounts(sc *catalog.Scope) []string {
	if sc == nil {
		return nil
	}
	return sc.Accounts
}

func scopeList(v []string) string {
	if v == nil {
		return "all"
	}
	return strings.Join(v, ", ")
}

// scopedWhere is the Regions or Accounts line of EXPLAIN: the values the
// statement pins (nil: all configured) narrowed by the scope's (nil: no
// limit), allowed reporting whether a value is in scope.
func scopedWhere(pinned []any, scope []string, allowed func(string) bool) string {
	switch {
	case pinned == nil && scope == nil:
		return "all configured"
	case pinned == nil:
		return "all configured in scope (" + strings.Join(scope, ", ") + ")"
	}
	var in []string
	for _, v := range pinned {
		if s, _ := v.(string); allowed(s) {
			in = append(in, s)
		}
	}
	if len(in) == 0 {
		return "none in scope (" + joinAny(pinned) + " outside " + strings.Join(scope, ", ") + ")"
	}
	return strings.Join(in, ", ")
}

// accountInScope is AllowsAccount for an explained value: an id, or the
// name of an account of the source.
func (s *Source) accountInScope(sc *catalog.Scope, v string) bool {
	if sc.AllowsAccount("", v) {
		return true
	}
	for _, a := range s.Accounts {
		if id := a.knownID(); id == v && sc.AllowsAccount(a.Name, id) {
			return true
		}
	}
	return false
}

// secretMask is how a secret column reads for a role without the secrets
// privilege: a column declares one (resourceColumn.secret) to opt in.
type secretMask func(v any) any

// maskWhole reads the whole value as NULL (customerGatewayConfiguration).
func maskWhole(any) any { return nil }

// maskMembers reads the members at path as JSON null, keys kept; "*"
// steps into every element of a list: tunnelOptionSet.*.preSharedKey.
func maskMembers(path ...string) secretMask {
	return func(v any) any {
		j, ok := v.(value.JSON)
		if !ok {
			return v
		}
		return value.JSON{V: maskPath(j.V, path)}
	}
}

// maskPath copies the JSON tree v with the members at path set to null;
// it never changes v, which the read cache shares.
func maskPath(v any, path []string) any {
	if len(path) == 0 {
		return v
	}
	switch x := v.(type) {
	case []any:
		if path[0] != "*" {
			return v
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = maskPath(e, path[1:])
		}
		return out
	case map[string]any:
		sub, ok := x[path[0]]
		if !ok {
			return v
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = e
		}
		if len(path) == 1 {
			out[path[0]] = nil
		} else {
			out[path[0]] = maskPath(sub, path[1:])
		}
		return out
	}
	return v
}

// maskedNotice is raised once per statement that read a masked value.
const maskedNotice = "secret columns read as NULL: role %q lacks the secrets privilege"

// maskRows returns rows with the secret columns masked for the session's
// scope sc: new rows when one changes, never the cached ones.
func (t *resourceTable[S, R]) maskRows(ctx context.Context, sc *catalog.Scope, rows [][]any) [][]any {
	if sc.SeesSecrets() || len(rows) == 0 {
		return rows
	}
	var secret []int
	for j, c := range t.columns {
		if c.secret != nil {
			secret = append(secret, j)
		}
	}
	if secret == nil {
		return rows
	}
	out := make([][]any, len(rows))
	masked := false
	for i, r := range rows {
		row := append([]any(nil), r...)
		for _, j := range secret {
			if row[j] != nil {
				row[j] = t.columns[j].secret(row[j])
				masked = true
			}
		}
		out[i] = row
	}
	if s, ok := catalog.SessionFrom(ctx); ok && masked && s.Notify != nil {
		s.Notify(catalog.Notice{Severity: pgerr.SeverityNotice, Once: true,
			Message: strings.Replace(maskedNotice, "%q", `"`+s.User+`"`, 1),
			Detail:  "customerGatewayConfiguration and the tunnels' pre-shared keys are withheld from roles without \"secrets\": true (docs/security.md)."})
	}
	return out
}
