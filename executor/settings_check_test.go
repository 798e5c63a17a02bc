package executor

import (
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/pgerr"
)

// TestSettingChecks: what SET accepts, and SHOW then gives, for the
// settings vpnsql acts on; the messages and SHOW's forms are PostgreSQL
// 15's where it has the setting.
func TestSettingChecks(t *testing.T) {
	for _, tt := range []struct {
		set, show, err string
	}{
		{set: "statement_timeout = '1sec'", err: `22023 invalid value for parameter "statement_timeout": "1sec" HINT Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".`},
		{set: "statement_timeout = 'abc'", err: `22023 invalid value for parameter "statement_timeout": "abc"`},
		{set: "statement_timeout = -1", err: `22023 -1 ms is outside the valid range for parameter "statement_timeout" (0 .. 2147483647)`},
		{set: "statement_timeout = '2147483648'", err: `22023 invalid value for parameter "statement_timeout": "2147483648" HINT Value exceeds integer range.`},
		{set: "statement_timeout = '1h 5min'", err: `22023 invalid value for parameter "statement_timeout": "1h 5min" HINT Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".`},
		{set: "statement_timeout = '1e3'", show: "1s"},
		{set: "statement_timeout = '1.5s'", show: "1500ms"},
		{set: "statement_timeout = 90000", show: "90s"},
		{set: "idle_session_timeout = '5 min'", show: "5min"},
		{set: "lock_timeout = ' 7s '", show: "7s"},
		{set: "statement_timeout = 0", show: "0"},
		{set: "extra_float_digits = 4", err: `22023 4 is outside the valid range for parameter "extra_float_digits" (-15 .. 3)`},
		{set: "extra_float_digits = -15", show: "-15"},
		{set: "default_transaction_read_only = maybe", err: `22023 parameter "default_transaction_read_only" requires a Boolean value`},
		{set: "default_transaction_read_only = true", show: "on"},
		{set: "transaction_isolation = 'foo'", err: `22023 invalid value for parameter "transaction_isolation": "foo" HINT Available values: serializable, repeatable read, read committed, read uncommitted.`},
		{set: "default_transaction_isolation = 'Repeatable Read'", show: "repeatable read"},
		{set: "vpnsql.writes_in_transaction = later", err: `22023 invalid value for parameter "vpnsql.writes_in_transaction": "later" HINT Available values: refuse, immediate.`},
		{set: "vpnsql.dry_run = maybe", err: `22023 parameter "vpnsql.dry_run" requires a Boolean value`},
		{set: "vpnsql.cache_ttl = 'banana'", err: `22023 invalid value for parameter "vpnsql.cache_ttl": "banana"`},
		{set: "vpnsql.cache_ttl = '-5'", err: `22023 invalid value for parameter "vpnsql.cache_ttl": "-5"`},
		{set: "vpnsql.cache_ttl = '5min'", show: "5min"},
	} {
		s := newTestSession(t)
		_, _, err := run(t, s, "SET "+tt.set)
		name := strings.TrimSpace(strings.SplitN(tt.set, "=", 2)[0])
		if tt.err != "" {
			got := "no error"
			if err != nil {
				pe := pgerr.From(err)
				got = string(pe.Code) + " " + pe.Message
				if pe.Hint != "" {
					got += " HINT " + pe.Hint
				}
			}
			if !strings.HasPrefix(got, tt.err) {
				t.Errorf("SET %s: %s\n want %s", tt.set, got, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("SET %s: %v", tt.set, err)
			continue
		}
		if _, rows, err := run(t, s, "SHOW "+name); err != nil || rows[0][0] != tt.show {
			t.Errorf("SET %s; SHOW: %v %v, want %s", tt.set, rows, err, tt.show)
		}
	}
}
