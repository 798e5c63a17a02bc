package executor

import (
	"strings"
)

// secretWords are what a statement must name to carry a secret in its
// text: a tunnel's pre-shared key, however it is cased or underscored
// ("PreSharedKey" in a write function's options, "preSharedKey" inside
// an options jsonb literal, "pre_shared_key"). vpnsql has no SQL that
// takes a password or an AWS key, so nothing else can be in a statement.
var secretWords = []string{"presharedkey"}

// mayHoldSecret reports whether sql names a secret-bearing key. It is a
// substring test, cheap enough for every statement pg_stat_activity shows.
func mayHoldSecret(sql string) bool {
	folded := strings.ToLower(strings.ReplaceAll(sql, "_", ""))
	for _, w := range secretWords {
		if strings.Contains(folded, w) {
			return true
		}
	}
	return false
}

// RedactStatement is sql as logs and pg_stat_activity.query may show it:
// unchanged, unless it names a pre-shared key; then every literal is
// replaced by a $n placeholder (pg_query's normalisation, as
// pg_stat_statements shows queries), or, when it does not parse, the text
// is withheld. Blunt on purpose: which literal is the key depends on the
// statement's shape (a jsonb literal, a jsonb_set path and value, a
// concatenation), and a missed one would leak (docs/security.md).
func RedactStatement(sql string) string {
	if !mayHoldSecret(sql) {
		return sql
	}
	return normalizedText(sql)
}
