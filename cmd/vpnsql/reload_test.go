package main

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/server"
)

// TestReloader: a good file replaces the users and roles; a bad one, or
// one changing the method, is an error and changes nothing.
func TestReloader(t *testing.T) {
	path := filepath.Join(t.TempDir(), "vpnsql.json")
	write := func(body string) {
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"users": {"a": {"password": "pa"}, "b": {"password": "pb", "role": "read"}}}`)
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(server.Config{Auth: cfg.method(), Users: cfg.users()})
	r := &reloader{logger: slog.New(slog.NewTextHandler(io.Discard, nil)), configFile: path, method: cfg.method(), srv: srv, roles: newRoleTable(cfg)}
	if !r.roles.canWrite("a") || r.roles.canWrite("b") {
		t.Fatal("roles before the reload")
	}

	write(`{"users": {"a": {"password": "pa", "role": "read"}, "c": {"password": "pc"}}}`)
	if err := r.reload(); err != nil {
		t.Fatal(err)
	}
	if r.roles.canWrite("a") || !r.roles.canWrite("c") {
		t.Error("roles after the reload")
	}
	for _, bad := range []struct{ body, err string }{
		{`{"users": {"a": {"password": "pa", "role": "write"}}, "surprise": 1}`, `unknown field "surprise"`},
		{`{"auth": "md5", "users": {"a": {"password": "pa"}}}`, "auth changed from scram-sha-256 to md5"},
		{`{"users": {`, "unexpected EOF"},
	} {
		write(bad.body)
		if err := r.reload(); err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("reload of %s: %v, want %q", bad.body, err, bad.err)
		}
		if r.roles.canWrite("a") || !r.roles.canWrite("c") {
			t.Errorf("a failed reload (%s) changed the roles", bad.err)
		}
	}
}
