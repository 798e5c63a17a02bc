package executor

import (
	"strings"
	"time"
)

// StatementStart is now(): the start of the current statement.
func (s *Session) StatementStart() time.Time {
	if s.stmtStart.IsZero() {
		return time.Now().UTC()
	}
	return s.stmtStart
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
	return out
}
