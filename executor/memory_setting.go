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
	unit := memoryUnit(strings.TrimSpace(v[i:]))
	if unit == 0 {
		return 0, fmt.Errorf("invalid memory unit in %q: use B, kB, MB, GB or TB", v)
	}
	if n > (1<<62)/unit {
		return 0, fmt.Errorf("memory size %q is too large", v)
	}
	return n * unit, nil
}

// memoryUnit is the bytes of a unit of a memory setting, 0 for none;
// a bare number is kilobytes, as in PostgreSQL.
func memoryUnit(u string) int64 {
	switch strings.ToLower(u) {
	case "":
		return 1 << 10
	case "b":
		return 1
	case "kb":
		return 1 << 10
	case "mb":
		return 1 << 20
	case "gb":
		return 1 << 30
	case "tb":
		return 1 << 40
	}
	return 0
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
