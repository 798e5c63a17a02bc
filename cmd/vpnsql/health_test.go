package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestLocalAddr(t *testing.T) {
	for _, tc := range []struct{ listen, want string }{
		{"0.0.0.0:5432", "127.0.0.1:5432"},
		{":6543", "127.0.0.1:6543"},
		{"[::]:5432", "127.0.0.1:5432"},
		{"127.0.0.1:5432", "127.0.0.1:5432"},
		{"10.1.2.3:5432", "10.1.2.3:5432"},
		{"db.internal:5432", "db.internal:5432"},
	} {
		if got := localAddr(tc.listen); got != tc.want {
			t.Errorf("localAddr(%q) = %q, want %q", tc.listen, got, tc.want)
		}
	}
}

// TestHealthReadyz: with --admin-listen, health is /readyz's status.
func TestHealthReadyz(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
		w.Write([]byte("draining"))
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	ctx := context.Background()
	if err := health(ctx, []string{"--admin-listen", addr}); err != nil {
		t.Errorf("ready server: %v", err)
	}
	status = http.StatusServiceUnavailable
	if err := health(ctx, []string{"--admin-listen", addr}); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("unready server: %v, want the 503", err)
	}
}

// TestHealthNoServer: nothing listening is unhealthy, within --timeout.
func TestHealthNoServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	start := time.Now()
	if err := health(context.Background(), []string{"--listen", addr, "--timeout", "2s"}); err == nil {
		t.Error("health passed with no server")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("health took %s past its 2s timeout", d)
	}
}
