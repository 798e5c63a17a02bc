package ec2

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
)

// readPolicy is what the scanning session asks of a read's fan-out:
// vpnsql.skip_failed_sources turns a failed source into a WARNING and no
// rows (otherwise it fails the statement: never a silently partial
// answer), vpnsql.progress_notices sends a NOTICE per finished source.
type readPolicy struct {
	skipFailed bool
	notices    bool
	notify     func(catalog.Notice)
	io         *catalog.StatementIO // vpnsql.progress
}

func readPolicyFrom(ctx context.Context) readPolicy {
	s, ok := catalog.SessionFrom(ctx)
	if !ok {
		return readPolicy{}
	}
	p := readPolicy{io: s.IO}
	if s.Setting != nil && s.Notify != nil {
		p.skipFailed = settingOn(s.Setting("vpnsql.skip_failed_sources"))
		p.notices = settingOn(s.Setting("vpnsql.progress_notices"))
		p.notify = s.Notify
	}
	return p
}

// settingOn reads a Boolean setting (the executor refuses other values at
// SET time).
func settingOn(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "on", "true", "yes", "1", "t", "y":
		return true
	}
	return false
}

// start notes the sources a scan calls.
func (p readPolicy) start(total int) { p.io.Started(total) }

// skip reports whether a failed source is skipped, and warns about it.
// A cancel or a panic is never skipped: it is the statement's, not the
// source's.
func (p readPolicy) skip(t target, err error) bool {
	if !p.skipFailed || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var panicked *pgerr.Panic
	if errors.As(err, &panicked) {
		return false
	}
	pe := pgerr.From(err)
	p.notify(catalog.Notice{Severity: pgerr.SeverityWarning, Code: string(pe.Code),
		Message: "skipped failed source " + t.name() + ": " + pe.Message, Detail: pe.Detail})
	return true
}

// done notes one finished source.
func (p readPolicy) done(t target, rows, finished, total int) {
	p.io.Done(rows)
	if !p.notices {
		return
	}
	p.notify(catalog.Notice{Severity: pgerr.SeverityNotice,
		Message: fmt.Sprintf("source %s done: %d rows (%d of %d sources)", t.name(), rows, finished, total)})
}

// name is the source as messages name it: account and region.
func (t target) name() string {
	id := t.accountID
	if t.account != nil {
		if id == "" {
			id = t.account.knownID()
		}
		if t.region == "" {
			return t.account.label(id)
		}
		return t.account.label(id) + " " + t.region
	}
	return id + " " + t.region
}
