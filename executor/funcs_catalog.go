package executor

import (
	"sort"
	"strings"
)

// The functions clients call on the system catalogs: format_type,
// pg_get_*def, visibility, descriptions, privileges, sizes, and the reg*
// conversions the casts use. They answer from a pgcatalog.Snapshot of the
// session's catalog, so they agree with pg_class, pg_type and friends.

// ---- privileges ----

// ---- encodings ----

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
