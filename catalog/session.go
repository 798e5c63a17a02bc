package catalog

import "context"

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
