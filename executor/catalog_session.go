package executor

import (
	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// CatalogSession describes the session to the system catalog tables.
func (s *Session) CatalogSession() catalog.Session {
	var io *catalog.StatementIO
	if s.mem != nil {
		io = &s.mem.IO
	}
	return catalog.Session{
		IO:              io,
		User:            s.info.User,
		Database:        s.info.Database,
		PID:             s.info.PID,
		ApplicationName: s.Setting("application_name"),
		SearchPath:      s.SearchPath(),
		Setting:         s.Setting,
		Activity:        s.engine.Activity,
		Progress:        s.engine.progress,
		Notify: func(n catalog.Notice) {
			s.notice(Notice{Severity: n.Severity, Code: pgerr.Code(n.Code), Message: n.Message, Detail: n.Detail})
			if s.flushNotices != nil {
				s.flushNotices()
			}
		},
		Settings: func() map[string]string {
			out := map[string]string{}
			for k, d := range settingDefs {
				out[d.name] = s.settings.values[k]
			}
			return out
		},
	}
}
