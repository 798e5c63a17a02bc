package catalog

import (
	"strconv"
	"strings"
	"time"
)

// DefaultCacheTTL is how long an API answer is reused when the session
// does not set vpnsql.cache_ttl.
const DefaultCacheTTL = 30 * time.Second

// ParseCacheTTL parses a vpnsql.cache_ttl value: a duration with
// PostgreSQL's units (ms, s, min, h) or plain seconds; 0 disables reuse
// across statements.
func ParseCacheTTL(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return DefaultCacheTTL, nil
	}
	// A unit ends in a letter; the check spares a failed ParseFloat's
	// error at every scan.
	if last := v[len(v)-1]; last >= '0' && last <= '9' || last == '.' {
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return time.Duration(n * float64(time.Second)), nil
		}
	}
	v = strings.Replace(v, "min", "m", 1)
	return time.ParseDuration(strings.ReplaceAll(v, " ", ""))
}
