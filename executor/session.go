package executor

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/parse"
)

// Engine runs SQL against a catalog. It is safe for concurrent use; each
// client connection gets its own Session.
type Engine struct {
	Catalog *catalog.Catalog
	// ReadOnly refuses every write (INSERT, UPDATE, DELETE and the table
	// methods in schema ec2) with SQLSTATE 25006: vpnsql serve --read-only.
	ReadOnly bool
	// CanWrite says whether a role may write; a role it refuses gets
	// SQLSTATE 42501 on writes. nil lets every role write. The server sets
	// it from the roles of its configuration (read or write).
	CanWrite func(user string) bool
	// Role gives a user's role of the configuration ("read" or "write")
	// and its scope (nil: every account and region, secrets readable),
	// asked at each statement so that a reload applies from the next.
	// nil: the server has no roles.
	Role func(user string) (string, *catalog.Scope)
	// Users lists every user of the configuration with its role and
	// scope, for the catalogs (pg_roles, relacl, pg_policy), asked at
	// each catalog scan so that a reload applies from the next statement.
	// nil: the catalogs show only the session's user.
	Users func() []catalog.User
	// Activity lists the server's live sessions for pg_stat_activity.
	Activity func() []catalog.Activity
	// Backends signals the server's sessions (pg_cancel_backend,
	// pg_terminate_backend); the server sets it. nil: no other sessions.
	Backends Backends
	// Memory is the server-wide memory account (serve --max-memory); nil
	// is one without a limit, made by the first session.
	Memory *expr.MemoryPool
	// StatementMem is vpnsql.statement_mem's default in bytes (serve
	// --statement-mem); 0 is DefaultStatementMem.
	StatementMem int64
	// Settings are the server's defaults for settings (serve's
	// --statement-timeout, --max-api-calls, ...), by name: what a new
	// session starts with and RESET returns to. A bad value fails
	// NewSession.
	Settings map[string]string

	memOnce  sync.Once
	advisory advisoryLocks // pg_advisory_*: one table per server

	parsesOnce sync.Once
	parses     *parse.Cache // statement texts parsed, shared by the sessions
}

// parseCache is the engine's parse cache, made by the first session that
// parses.
func (e *Engine) parseCache() *parse.Cache {
	e.parsesOnce.Do(func() { e.parses = parse.NewCache(parse.DefaultCacheBytes) })
	return e.parses
}

// memory is the server's account; sessions start concurrently, so a nil
// Memory is replaced once.
func (e *Engine) memory() *expr.MemoryPool {
	e.memOnce.Do(func() {
		if e.Memory == nil {
			e.Memory = &expr.MemoryPool{}
		}
	})
	return e.Memory
}

// SessionInfo is what the server learned at startup.
type SessionInfo struct {
	User            string
	Database        string
	ApplicationName string
	PID             int32
	// Params are the remaining startup parameters (client_encoding,
	// DateStyle, options' -c settings, ...), applied like SET.
	Params map[string]string
}

// Session is the per-connection SQL state: settings, transaction status and
// notices. Its methods are called from one goroutine at a time. What only
// lives while a statement is planned is the planner's (planner.go).
type Session struct {
	engine   *Engine
	info     SessionInfo
	settings *settings
	tx       TxStatus

	snap *pgcatalog.Snapshot // see snapshot; reset for each statement

	savepoints   []savepoint
	localRestore map[string]string // SET LOCAL values to restore at transaction end
	// txSettings are the settings as the current transaction found them,
	// for ROLLBACK; nil outside a transaction. implicit marks one the
	// server opened for a Query message or the messages up to Sync.
	txSettings map[string]string
	implicit   bool
	batch      Batch // what else the implicit transaction holds (SetBatch)
	stmtStart  time.Time
	txStart    time.Time // zero outside a transaction
	// settingFn, settingsFn and progressFn are Setting, allSettings and
	// the engine's progress as the catalog's session view holds them,
	// made once.
	settingFn  func(string) string
	settingsFn func() map[string]string
	progressFn func() []catalog.Progress
	stmtSet    statementSettings // parsed once per settings version
	// path is search_path's last value split (SearchPath): callers only
	// read it.
	path struct {
		raw   string
		list  []string
		split bool
	}
	// Mem is the running statement's memory account (memory.go).
	mem *expr.StatementMem

	mu      sync.Mutex
	notices []Notice
	// raised holds the notices raised once per statement (Notice.Once),
	// with the start of the statement that raised them.
	raised map[string]time.Time
	// flushNotices, when set, sends the queued notices to the client at
	// once; scans' notices call it from the session's goroutine.
	flushNotices func()
}

// SetNoticeFlusher lets the server send a scan's notices while the
// statement runs rather than at its end.
func (s *Session) SetNoticeFlusher(f func()) { s.flushNotices = f }

// NewSession starts a session. It fails (with a *pgerr.Error) when a
// startup parameter is invalid.
func (e *Engine) NewSession(info SessionInfo) (*Session, error) {
	e.memory()
	st := newSettings()
	if e.StatementMem > 0 {
		st.base["vpnsql.statement_mem"] = FormatMemory(e.StatementMem)
		st.values["vpnsql.statement_mem"] = st.base["vpnsql.statement_mem"]
	}
	for k, v := range e.Settings {
		if err := st.set(k, v); err != nil {
			return nil, err
		}
		st.base[strings.ToLower(k)] = v
	}
	s := &Session{engine: e, info: info, settings: st, tx: TxIdle, localRestore: map[string]string{}}
	s.settingFn, s.settingsFn, s.progressFn = s.Setting, s.allSettings, e.progress
	s.settings.values["session_authorization"] = info.User
	if info.ApplicationName != "" {
		if err := s.settings.set("application_name", info.ApplicationName); err != nil {
			return nil, err
		}
	}
	for k, v := range info.Params {
		if err := s.settings.set(k, v); err != nil {
			return nil, err
		}
	}
	s.startTransactionSettings()
	s.settings.sent = s.settings.reported()
	return s, nil
}

// TxStatus is what the next ReadyForQuery reports.
func (s *Session) TxStatus() TxStatus { return s.tx }

// Failed records that an error was sent to the client: inside a
// transaction block the block is now aborted (25P02 until ROLLBACK).
func (s *Session) Failed() {
	if s.tx == TxActive {
		s.tx = TxFailed
	}
}

// ParameterStatus returns every GUC_REPORT setting, for the startup
// ParameterStatus messages.
func (s *Session) ParameterStatus() map[string]string { return s.settings.reported() }

// ChangedParameters returns the reported settings whose value differs
// from the one last sent, to be re-sent as ParameterStatus. (A value SET
// and rolled back before ReadyForQuery is not sent, as in PostgreSQL.)
func (s *Session) ChangedParameters() map[string]string {
	if !s.settings.dirty {
		return nil // the common case, once per statement
	}
	s.settings.dirty = false
	var c map[string]string
	for k, d := range settingDefs {
		if v := s.settings.values[k]; d.report && s.settings.sent[d.name] != v {
			if c == nil {
				c = map[string]string{}
			}
			c[d.name] = v
			s.settings.sent[d.name] = v
		}
	}
	return c
}

// Notices returns and clears the notices raised since the last call.
func (s *Session) Notices() []Notice {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.notices
	s.notices = nil
	return n
}

func (s *Session) notice(n Notice) {
	s.mu.Lock()
	s.notices = append(s.notices, n)
	s.mu.Unlock()
}

// Setting returns the current value of a setting ("" if unknown).
func (s *Session) Setting(name string) string {
	v, _ := s.settings.get(name)
	return v
}

// SettingsVersion changes whenever a setting does: what a reader parsed
// from the settings holds while it stays the same.
func (s *Session) SettingsVersion() uint64 { return s.settings.version }

// BackendPID is pg_backend_pid().
func (s *Session) BackendPID() int32 { return s.info.PID }

// SettingValue is a setting's current value, if the setting exists.
func (s *Session) SettingValue(name string) (string, bool) { return s.settings.get(name) }

// CatalogTables are the tables of the session's catalog.
func (s *Session) CatalogTables() []catalog.Table { return s.engine.Catalog.Tables() }

// statementIDs numbers the executions of every session.
var statementIDs atomic.Uint64

// newExecState starts an execution, charging the running statement's
// memory account (none outside Session.Execute).
func (s *Session) newExecState() *expr.ExecState {
	st := &expr.ExecState{}
	st.Statement, st.Transaction = s.Clock()
	st.StatementID = statementIDs.Add(1)
	if s.mem != nil {
		st.Mem = s.mem
	}
	return st
}

// The backtracking engine (regexp2) can take exponential time, so every
// Match runs under a budget: what is left of the statement's
// statement_timeout, and never more than backtrackMaxMatch; a cancel stops
// the statement at once (the match, on a goroutine of its own, stops at
// its budget). regexp2 has no context, only a per-Regexp MatchTimeout, so
// Each run uses a copy of the cached Regexp with its own timeout.

// StatementTimeLeft is what statement_timeout leaves the running
// statement, if it is set.
func (s *Session) StatementTimeLeft() (time.Duration, bool) {
	if s == nil || s.stmtStart.IsZero() {
		return 0, false
	}
	d := s.statementSettings().timeout
	if d <= 0 {
		return 0, false
	}
	return time.Until(s.stmtStart.Add(d)), true
}

// Memory accounting (docs/design.md, "Memory"). vpnsql evaluates in
// memory, so every statement has a memory account: operators charge it the
// estimated size of what they hold (materialised rows, hash tables,
// aggregate state) and check against it the values they build (repeat,
// lpad, ||). Past the statement's limit (vpnsql.statement_mem) the
// statement fails with 53200. The server's account (MemoryPool, serve
// --max-memory) is charged by statements in chunks; a statement that cannot
// reserve its first chunk is refused, running ones go on.

// progress lists the running statements for vpnsql.progress.
func (e *Engine) progress() []catalog.Progress {
	var out []catalog.Progress
	for _, m := range e.memory().Statements() {
		done, total, rows, _ := m.IO.Snapshot()
		out = append(out, catalog.Progress{PID: m.PID, Query: m.Query, Started: m.Started,
			MemoryBytes: m.Bytes, MemoryPeak: m.Peak, MemoryLimit: m.Limit, SourcesDone: done, SourcesTotal: total, Rows: rows})
	}
	return out
}

// AWSWaits lists the sessions (by PID) whose running statement waits on
// AWS now: pg_stat_activity shows them waiting on IO / AwsApi.
func (e *Engine) AWSWaits() map[int32]bool {
	out := map[int32]bool{}
	for _, m := range e.memory().Statements() {
		if _, _, _, waiting := m.IO.Snapshot(); waiting {
			out[m.PID] = true
		}
	}
	return out
}

// DatabaseName is the database the session connected to.
func (s *Session) DatabaseName() string { return s.info.Database }

// UserName is the session's user.
func (s *Session) UserName() string { return s.info.User }

// Catalog is the catalog the session reads.
func (s *Session) Catalog() *catalog.Catalog { return s.engine.Catalog }

// Clock is when the current statement began and when its transaction
// began (an explicit block's BEGIN, or the implicit transaction of the
// Query message or of the extended-protocol messages up to Sync); outside
// a statement, both are the current time.
func (s *Session) Clock() (statement, transaction time.Time) {
	statement = s.stmtStart
	if statement.IsZero() {
		statement = time.Now().UTC().Truncate(time.Microsecond)
	}
	transaction = s.txStart
	if transaction.IsZero() {
		transaction = statement
	}
	return statement, transaction
}

// CurrentSchema is the first schema of search_path that exists.
func (s *Session) CurrentSchema() any {
	for _, sc := range s.SearchPath() {
		if sc == "ec2" || sc == "public" || sc == "pg_catalog" || sc == "information_schema" {
			return sc
		}
	}
	return nil
}

func (s *Session) SearchPath() []string {
	raw, _ := s.settings.get("search_path")
	if s.path.split && s.path.raw == raw {
		return s.path.list
	}
	var out []string
	for _, p := range strings.Split(raw, ",") {
		p = strings.Trim(strings.TrimSpace(p), `"`)
		if p == "$user" {
			p = s.info.User
		}
		if p != "" {
			out = append(out, p)
		}
	}
	s.path.raw, s.path.list, s.path.split = raw, slices.Clip(out), true
	return out
}
