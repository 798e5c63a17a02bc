package executor

import (
	"sort"
	"strings"
)

// FunctionNames lists every function name the engine binds (scalar,
// aggregate, set-returning and window functions), sorted. The catalog
// generator (catalog/pgcatalog/internal/gen) dumps PostgreSQL 15's pg_proc
// rows for exactly these names.
func FunctionNames() []string {
	seen := map[string]bool{}
	for n := range scalarFuncs {
		seen[n] = true
	}
	for n := range aggregates {
		seen[n] = true
	}
	for n := range setFuncs {
		seen[n] = true
	}
	for n := range windowOnly {
		seen[n] = true
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// SettingNames lists the settings SHOW knows, by canonical name, sorted;
// the generator dumps their pg_settings rows.
func SettingNames() []string {
	out := make([]string, 0, len(settingDefs))
	for _, d := range settingDefs {
		if !strings.Contains(d.name, ".") {
			out = append(out, d.name)
		}
	}
	sort.Strings(out)
	return out
}
