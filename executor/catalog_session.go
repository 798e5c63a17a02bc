package executor

import (
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// CatalogSession describes the session to the system catalog tables.
func (s *Session) CatalogSession() catalog.Session {
	var io *catalog.StatementIO
	if s.mem != nil {
		io = &s.mem.IO
	}
	var role string
	var scope *catalog.Scope
	if s.engine.Role != nil {
		role, scope = s.engine.Role(s.info.User)
	}
	stmt := s.stmtStart
	return catalog.Session{
		Role:            role,
		Scope:           scope,
		Users:           s.engine.Users,
		IO:              io,
		User:            s.info.User,
		Database:        s.info.Database,
		PID:             s.info.PID,
		ApplicationName: s.Setting("application_name"),
		SearchPath:      s.SearchPath(),
		Setting:         s.settingFn,
		Activity:        s.engine.Activity,
		Progress:        s.progressFn,
		Notify: func(n catalog.Notice) {
			if n.Once {
				// Queued, not flushed: it may come from a scan's
				// goroutine, and only the session's may write to the client.
				if s.raiseOnce(n.Message, stmt) {
					s.notice(Notice{Severity: n.Severity, Code: pgerr.Code(n.Code), Message: n.Message, Detail: n.Detail})
				}
				return
			}
			s.notice(Notice{Severity: n.Severity, Code: pgerr.Code(n.Code), Message: n.Message, Detail: n.Detail})
			if s.flushNotices != nil {
				s.flushNotices()
			}
		},
		Settings: s.settingsFn,
	}
}

// allSettings is every setting by its name (catalog.Session.Settings).
func (s *Session) allSettings() map[string]string {
	out := map[string]string{}
	for k, d := range settingDefs {
		out[d.name] = s.settings.values[k]
	}
	return out
}

// raiseOnce reports whether a once-per-statement notice is raised for the
// first time in the statement that started at stmt.
func (s *Session) raiseOnce(msg string, stmt time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.raised == nil {
		s.raised = map[string]time.Time{}
	}
	if t, ok := s.raised[msg]; ok && t.Equal(stmt) {
		return false
	}
	s.raised[msg] = stmt
	return true
}
