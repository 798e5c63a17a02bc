package executor

import (
	"strconv"
	"time"

	"github.com/vpnsql/vpnsql/executor/expr"
)

// statementSettings are the settings every statement reads before it
// runs, parsed: once per version of the session's settings rather than
// at every statement (a prepared point lookup read and parsed five).
type statementSettings struct {
	version     uint64
	mem         int64 // vpnsql.statement_mem; the default if it does not parse
	limits      resultLimits
	maxAPICalls int64         // vpnsql.max_api_calls
	timeout     time.Duration // statement_timeout
}

func (s *Session) statementSettings() *statementSettings {
	set := &s.stmtSet
	if set.version == s.settings.version {
		return set
	}
	mem, err := ParseMemory(s.Setting("vpnsql.statement_mem"))
	if err != nil {
		mem = expr.DefaultStatementMem
	}
	rows, _ := strconv.ParseInt(s.Setting("vpnsql.max_result_rows"), 10, 64)
	bytes, _ := ParseMemory(s.Setting("vpnsql.max_result_bytes"))
	calls, _ := strconv.ParseInt(s.Setting("vpnsql.max_api_calls"), 10, 64)
	*set = statementSettings{version: s.settings.version, mem: mem, limits: resultLimits{maxRows: rows, maxBytes: bytes},
		maxAPICalls: calls, timeout: SettingDuration(s.Setting("statement_timeout"))}
	return set
}
