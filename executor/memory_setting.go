package executor

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseMemory reads a memory size as PostgreSQL's memory settings take
// it: an integer with a unit B, kB, MB, GB or TB (1024-based, case as
// PostgreSQL spells them, also accepted in any case); a bare number is kB,
// as for work_mem. 0 is no limit.
func ParseMemory(v string) (int64, error) {
	v = strings.TrimSpace(strings.Trim(strings.TrimSpace(v), "'"))
	i := 0
	for i < len(v) && v[i] >= '0' && v[i] <= '9' {
		i++
	}
	n, err := strconv.ParseInt(v[:i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid memory size %q", v)
	}
	unit, ok := map[string]int64{"": 1 << 10, "b": 1, "kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30, "tb": 1 << 40}[strings.ToLower(strings.TrimSpace(v[i:]))]
	if !ok {
		return 0, fmt.Errorf("invalid memory unit in %q: use B, kB, MB, GB or TB", v)
	}
	if n > (1<<62)/unit {
		return 0, fmt.Errorf("memory size %q is too large", v)
	}
	return n * unit, nil
}

// FormatMemory writes n bytes in the largest unit that divides it, as
// SHOW prints memory settings.
func FormatMemory(n int64) string {
	for _, u := range []struct {
		name string
		size int64
	}{{"TB", 1 << 40}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"kB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.name
		}
	}
	return strconv.FormatInt(n, 10) + "B"
}
