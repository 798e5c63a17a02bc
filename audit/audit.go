// Package audit writes vpnsql's audit log (serve --audit-log): one JSON
// line per login and per mutating AWS call, to a file or stdout.
//
// A mutating call gets two lines: "write_intent" before it is sent, and
// "write" with its outcome and request id after. The first is the
// guarantee: when it cannot be written the call is refused (the statement
// gets 58030, nothing reaches AWS), so no change is ever made that the
// log does not hold. A "write_intent" with no "write" after it is a call
// whose outcome vpnsql never learned (the process ended).
//
// Secrets never reach the log: parameters come redacted from catalog/ec2
// (PreSharedKey and the customer gateway configuration), the statement is
// the one vpnsql.api_calls shows (literals removed when it sets
// pre-shared keys), and a login line holds no password.
//
// Rotation is rename, then Reopen (cmd calls it on SIGHUP): lines go to
// the renamed file until then, and to a new file at the configured path
// after.
package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Log is an audit log. Its methods may be called from any goroutine.
type Log struct {
	mu   sync.Mutex
	path string   // the file's path; "" for a writer given to New
	f    *os.File // the open file, when path is set
	w    io.Writer
}

// Stdout is the destination that writes to the process's standard output.
const Stdout = "stdout"

// Open opens the log at dest: a file path (created 0600 if missing,
// appended to), or Stdout.
func Open(dest string) (*Log, error) {
	if dest == Stdout || dest == "-" {
		return New(os.Stdout), nil
	}
	f, err := openFile(dest)
	if err != nil {
		return nil, err
	}
	return &Log{path: dest, f: f, w: f}, nil
}

// New returns a log writing to w; Reopen does nothing for it.
func New(w io.Writer) *Log { return &Log{w: w} }

func openFile(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	return f, nil
}

// Reopen opens the log's path again, for rotation: after a rename, new
// lines go to a new file. If the path cannot be opened the log keeps
// writing where it did, and Reopen says why.
func (l *Log) Reopen() error {
	if l == nil || l.path == "" {
		return nil
	}
	f, err := openFile(l.path)
	if err != nil {
		return err
	}
	l.mu.Lock()
	old := l.f
	l.f, l.w = f, f
	l.mu.Unlock()
	return old.Close()
}

// Close closes the file (not stdout).
func (l *Log) Close() error {
	if l == nil || l.f == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}

// Path is the file written, "" for stdout.
func (l *Log) Path() string { return l.path }

// write appends one record as a line. sync makes it durable on a file
// before write returns (write intents: the call waits for it).
func (l *Log) write(rec any, sync bool) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, err := l.w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	if sync && l.f != nil {
		if err := l.f.Sync(); err != nil && !isNotSyncable(l.f) {
			return fmt.Errorf("audit log: %w", err)
		}
	}
	return nil
}

// isNotSyncable: fsync of a pipe or terminal fails with EINVAL, and
// means nothing there.
func isNotSyncable(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && !st.Mode().IsRegular()
}

// timestamp is the lines' time format: UTC, milliseconds.
func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
