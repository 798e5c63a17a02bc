package executor

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// The checks of settingDef: what SET accepts for a setting, in
// PostgreSQL's words where PostgreSQL has the setting (guc.c's
// parse_bool, parse_int with units, enums), and the form SHOW gives.

func invalidValue(d settingDef, v string) *pgerr.Error {
	return pgerr.New(pgerr.InvalidParameterValue, "invalid value for parameter \"%s\": \"%s\"", d.name, v)
}

// checkBool takes what parse_bool takes and gives on or off.
func checkBool(d settingDef, v string) (string, error) {
	on, err := settingBool(v)
	if err != nil || strings.TrimSpace(v) == "" {
		return "", pgerr.New(pgerr.InvalidParameterValue, "parameter \"%s\" requires a Boolean value", d.name)
	}
	if on {
		return "on", nil
	}
	return "off", nil
}

// checkEnum takes one of values, in any case.
func checkEnum(values ...string) func(settingDef, string) (string, error) {
	return func(d settingDef, v string) (string, error) {
		l := strings.ToLower(strings.TrimSpace(v))
		if !slices.Contains(values, l) {
			return "", invalidValue(d, v).WithHint("Available values: %s.", strings.Join(values, ", "))
		}
		return l, nil
	}
}

var checkIsolation = checkEnum("serializable", "repeatable read", "read committed", "read uncommitted")

// checkIntRange takes an integer from lo to hi.
func checkIntRange(lo, hi int64) func(settingDef, string) (string, error) {
	return func(d settingDef, v string) (string, error) {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
		if err != nil {
			return "", invalidValue(d, v)
		}
		if n < lo || n > hi {
			return "", pgerr.New(pgerr.InvalidParameterValue, "%d is outside the valid range for parameter \"%s\" (%d .. %d)", n, d.name, lo, hi)
		}
		return strconv.FormatInt(n, 10), nil
	}
}

// checkMilliseconds is a time setting kept in milliseconds (0 to
// INT_MAX), as parse_int reads it: a number, a decimal or exponent form
// rounded, optionally one unit; SHOW gives it in the largest unit that
// divides it.
func checkMilliseconds(d settingDef, v string) (string, error) {
	const unitsHint = `Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".`
	s := strings.TrimSpace(v)
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || strings.IndexByte("+-.eE", s[i]) >= 0) {
		// An exponent's e, not a unit's: only when a digit or sign follows.
		if (s[i] == 'e' || s[i] == 'E') && (i+1 == len(s) || strings.IndexByte("0123456789+-", s[i+1]) < 0) {
			break
		}
		i++
	}
	n, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return "", invalidValue(d, v)
	}
	unit := strings.TrimSpace(s[i:])
	scale := 1.0
	if unit != "" {
		k := slices.IndexFunc(value.TimeUnits, func(u value.TimeUnit) bool { return u.Name == unit })
		if k < 0 {
			return "", invalidValue(d, v).WithHint(unitsHint)
		}
		scale = value.TimeUnits[k].MS
	}
	ms := math.Round(n * scale)
	if ms > math.MaxInt32 || ms < math.MinInt32 || math.IsNaN(ms) {
		return "", invalidValue(d, v).WithHint("Value exceeds integer range.")
	}
	if ms < 0 {
		return "", pgerr.New(pgerr.InvalidParameterValue, "%d ms is outside the valid range for parameter \"%s\" (0 .. 2147483647)", int64(ms), d.name)
	}
	return value.FormatMilliseconds(int64(ms)), nil
}

// checkCount is a count of 0 or more; 0 is no limit.
func checkCount(d settingDef, v string) (string, error) {
	if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err != nil || n < 0 {
		return "", invalidValue(d, v).WithHint("A count, 0 or more; 0 is no limit.")
	}
	return strings.TrimSpace(v), nil
}

// checkMemory is a size with PostgreSQL's memory units; 0 is no limit.
func checkMemory(d settingDef, v string) (string, error) {
	if _, err := ParseMemory(v); err != nil {
		return "", invalidValue(d, v).WithHint(`Valid units for this parameter are "B", "kB", "MB", "GB", and "TB"; 0 is no limit.`)
	}
	return v, nil
}

// checkCacheTTL is a duration of 0 or more (catalog.ParseCacheTTL).
func checkCacheTTL(d settingDef, v string) (string, error) {
	if t, err := catalog.ParseCacheTTL(v); err != nil || t < 0 || strings.TrimSpace(v) == "" {
		return "", invalidValue(d, v).WithHint(`A duration of 0 or more: plain seconds, or with a unit ("ms", "s", "min", "h"); 0 reuses no answer across statements.`)
	}
	return v, nil
}

// checkClientEncoding accepts the encodings vpnsql can send: it sends
// UTF8 and converts nothing, so other encodings are refused rather than
// ignored.
func checkClientEncoding(d settingDef, v string) (string, error) {
	norm := strings.ToUpper(strings.NewReplacer("-", "", "_", "").Replace(strings.TrimSpace(v)))
	switch norm {
	case "UTF8", "UNICODE":
		return "UTF8", nil
	case "SQLASCII":
		return "SQL_ASCII", nil
	}
	return "", invalidValue(d, v).WithHint("vpnsql sends UTF8 only.")
}
