package catalog

import (
	"context"
	"time"
)

// Session is what a system catalog table may need to know about the
// session scanning it.
type Session struct {
	User            string
	Database        string
	PID             int32
	ApplicationName string
	SearchPath      []string
	// Setting returns a session setting's value ("" if unknown).
	Setting func(name string) string
	// Settings lists every setting by name, for pg_settings.
	Settings func() map[string]string
	// Activity lists every live session, for pg_stat_activity; nil when
	// only this session is known.
	Activity func() []Activity
	// Progress lists the running statements, for vpnsql.progress.
	Progress func() []Progress
	// IO is the running statement's AWS progress (nil outside one).
	IO *StatementIO
	// Role is the session's role of the config file, "read" or "write";
	// "" when the server has no roles (every privilege, as before roles).
	Role string
	// Scope is what the role may reach; nil reaches everything.
	Scope *Scope
	// Users lists every user of the config file, for pg_roles, relacl and
	// pg_policy (PostgreSQL shows every role, grant and policy to every
	// session); nil shows only the session's user.
	Users func() []User
	// Notify queues a NOTICE or WARNING for the client (a scan's failed
	// source skipped, a source finished); nil drops it.
	Notify func(Notice)
}

// Notice is a NOTICE or WARNING a scan raises; Code "" is 01000 for a
// warning and 00000 for a notice.
type Notice struct {
	Severity string // pgerr.SeverityWarning or pgerr.SeverityNotice
	Code     string
	Message  string
	Detail   string
	// Once raises it at most once per statement, however many scans or
	// sources raise it (a masked secret column). Such a notice may come
	// from any goroutine: it is queued and sent with the statement's
	// other notices, not at once.
	Once bool
}

// Progress is one running statement as vpnsql.progress shows it.
type Progress struct {
	PID         int32
	Query       string
	Started     time.Time
	MemoryBytes int64 // estimated bytes the statement holds now
	MemoryPeak  int64
	MemoryLimit int64 // its vpnsql.statement_mem; 0 = none
	// AWS sources (account and region pairs) finished and started, and
	// rows received from them so far.
	SourcesDone, SourcesTotal, Rows int64
}

// Activity is one live session as pg_stat_activity shows it.
type Activity struct {
	PID             int32
	User            string
	Database        string
	ApplicationName string
	ClientAddr      string
	ClientPort      int
	BackendStart    time.Time
	XactStart       time.Time // zero outside a transaction
	QueryStart      time.Time
	StateChange     time.Time
	State           string // active, idle, idle in transaction, ...
	Query           string
	// WaitEventType and WaitEvent say what an active session waits on:
	// IO / AwsApi while its statement waits on AWS; "" otherwise.
	WaitEventType, WaitEvent string
	// SSL says whether the session uses TLS; SSLVersion, SSLCipher and
	// SSLBits describe it as pg_stat_ssl does.
	SSL        bool
	SSLVersion string
	SSLCipher  string
	SSLBits    int
}

type sessionKey struct{}

// WithSession returns a context carrying the scanning session.
func WithSession(ctx context.Context, s Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// SessionFrom returns the session a Scan runs for.
func SessionFrom(ctx context.Context) (Session, bool) {
	s, ok := ctx.Value(sessionKey{}).(Session)
	return s, ok
}
