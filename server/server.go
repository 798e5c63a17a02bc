package server

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vpnsql/vpnsql/executor"
)

// AuthMethod is how clients prove who they are, named as in pg_hba.conf.
type AuthMethod int

const (
	// AuthTrust lets anyone in as any user (Users, if set, must know the user).
	AuthTrust AuthMethod = iota
	// AuthPassword asks for the password in cleartext; use it only over TLS.
	AuthPassword
	// AuthMD5 asks for an MD5 digest; a user with only a SCRAM verifier
	// gets SCRAM-SHA-256 instead, as PostgreSQL does.
	AuthMD5
	// AuthSCRAM is SCRAM-SHA-256, with channel binding
	// (SCRAM-SHA-256-PLUS, tls-server-end-point) offered over TLS.
	AuthSCRAM
)

func (m AuthMethod) String() string {
	switch m {
	case AuthTrust:
		return "trust"
	case AuthPassword:
		return "password"
	case AuthMD5:
		return "md5"
	case AuthSCRAM:
		return "scram-sha-256"
	}
	return fmt.Sprintf("AuthMethod(%d)", int(m))
}

// ParseAuthMethod reads a method name as pg_hba.conf spells it.
func ParseAuthMethod(s string) (AuthMethod, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "trust":
		return AuthTrust, nil
	case "password", "cleartext":
		return AuthPassword, nil
	case "md5":
		return AuthMD5, nil
	case "scram-sha-256", "scram":
		return AuthSCRAM, nil
	}
	return 0, fmt.Errorf("unknown authentication method %q (want trust, password, md5 or scram-sha-256)", s)
}

// Limits used when Config leaves them zero.
const (
	DefaultMaxConnections = 100
	// DefaultMaxMessageSize bounds one frontend message. PostgreSQL allows
	// up to 1 GiB; vpnsql's statements are small (one row is one API call)
	// and 100 connections times 1 GiB is more memory than a small server
	// has, so the default is 16 MiB.
	DefaultMaxMessageSize = 16 << 20
	// startupTimeout bounds SSL negotiation, startup and authentication,
	// like PostgreSQL's authentication_timeout.
	startupTimeout = time.Minute
)

// Config configures a Server.
type Config struct {
	Engine *executor.Engine
	// Auth is the authentication method for every connection.
	Auth AuthMethod
	// Users holds the credentials; it may be nil with AuthTrust.
	Users UserStore
	// TLS enables SSLRequest; nil answers 'N'.
	TLS *tls.Config
	// RequireTLS refuses sessions that did not negotiate TLS.
	RequireTLS bool
	// MaxConnections bounds concurrent sessions (0 = DefaultMaxConnections).
	// CancelRequests do not count.
	MaxConnections int
	// MaxMessageSize bounds one frontend message in bytes (0 =
	// DefaultMaxMessageSize).
	MaxMessageSize int
	// IdleSessionTimeout ends sessions idle outside a transaction block for
	// this long (0 = never), like idle_session_timeout.
	IdleSessionTimeout time.Duration
	// MaxUserConnections bounds each user's concurrent sessions (0 = no
	// bound); a user's Credential.ConnectionLimit overrides it.
	MaxUserConnections int
	// LoginLimit limits failed logins per (user, address) (authlimit.go).
	LoginLimit LoginLimit
	// Logger receives structured logs (nil = slog.Default()).
	Logger *slog.Logger
	// OnLogin is told of each login's outcome, OnStatement of each
	// statement's (observe.go): the audit log and metrics. nil: nobody.
	OnLogin     func(LoginEvent)
	OnStatement func(StatementEvent)
	// WrapConn, if set, wraps each accepted connection before the
	// server reads from it: the admin listener counts bytes with it.
	WrapConn func(net.Conn) net.Conn
}

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = errors.New("server: closed")

// Server speaks the PostgreSQL v3 protocol to clients and runs their
// statements on the executor.
type Server struct {
	cfg Config
	log *slog.Logger

	initOnce   sync.Once
	baseCtx    context.Context // parent of every session's (conn.ctx); cancelled when Shutdown gives up waiting
	baseCancel context.CancelCauseFunc

	shutdown atomic.Bool
	nextPID  atomic.Int32
	saltKey  [32]byte // secret behind the SCRAM salts of unknown users
	logins   *loginLimiter
	users    atomic.Pointer[UserStore] // Config.Users until SetUsers replaces it

	mu        sync.Mutex
	listeners map[net.Listener]struct{}
	conns     map[*conn]struct{}
	byPID     map[int32]*conn // sessions that were sent BackendKeyData
	slots     int             // sessions counted against MaxConnections
	userSlots map[string]int  // authenticated sessions per user
	wg        sync.WaitGroup
}

// New returns a server for cfg.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg}
	s.init()
	return s
}

func (s *Server) init() {
	s.initOnce.Do(func() {
		if s.cfg.MaxConnections <= 0 {
			s.cfg.MaxConnections = DefaultMaxConnections
		}
		if s.cfg.MaxMessageSize <= 0 {
			s.cfg.MaxMessageSize = DefaultMaxMessageSize
		}
		s.log = s.cfg.Logger
		if s.log == nil {
			s.log = slog.Default()
		}
		s.baseCtx, s.baseCancel = context.WithCancelCause(context.Background())
		s.listeners = map[net.Listener]struct{}{}
		s.conns = map[*conn]struct{}{}
		s.byPID = map[int32]*conn{}
		if s.cfg.Engine != nil && s.cfg.Engine.Backends == nil {
			s.cfg.Engine.Backends = s // pg_cancel_backend, pg_terminate_backend
		}
		s.userSlots = map[string]int{}
		s.logins = newLoginLimiter(s.cfg.LoginLimit)
		if s.cfg.Users != nil {
			u := s.cfg.Users
			s.users.Store(&u)
		}
		s.nextPID.Store(int32(1000 + time.Now().UnixNano()%20000))
		rand.Read(s.saltKey[:])
	})
}

// Serve accepts connections on ln and serves each in its own goroutine.
// It returns ErrServerClosed after Shutdown, or the listener's error.
func (s *Server) Serve(ln net.Listener) error {
	s.init()
	if s.cfg.Engine == nil {
		return errors.New("server: Config.Engine is nil")
	}
	if s.cfg.RequireTLS && s.cfg.TLS == nil {
		return errors.New("server: RequireTLS needs a TLS configuration")
	}
	s.mu.Lock()
	if s.shutdown.Load() {
		s.mu.Unlock()
		return ErrServerClosed
	}
	s.listeners[ln] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, ln)
		s.mu.Unlock()
	}()
	s.log.Info("listening", "addr", ln.Addr().String(), "auth", s.cfg.Auth.String(), "tls", s.cfg.TLS != nil)

	var delay time.Duration
	for {
		nc, err := ln.Accept()
		if err != nil {
			if s.shutdown.Load() {
				return ErrServerClosed
			}
			if errors.Is(err, net.ErrClosed) {
				return err
			}
			// EMFILE and friends: back off as net/http does.
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			s.log.Warn("accept failed; retrying", "err", err, "delay", delay)
			time.Sleep(delay)
			continue
		}
		delay = 0
		if nc = newSocket(nc); s.cfg.WrapConn != nil {
			nc = s.cfg.WrapConn(nc)
		}
		c := newConn(s, nc)
		s.mu.Lock()
		if s.shutdown.Load() {
			s.mu.Unlock()
			nc.Close()
			return ErrServerClosed
		}
		s.conns[c] = struct{}{}
		s.wg.Add(1)
		s.mu.Unlock()
		go c.serve()
	}
}

// Shutdown stops accepting connections and ends idle sessions at once;
// a session running a statement ends when the statement does. If ctx
// expires first, running statements are cancelled (their clients get
// 57P01) and Shutdown returns ctx's error once every session is gone.
func (s *Server) Shutdown(ctx context.Context) error {
	s.init()
	s.mu.Lock()
	s.shutdown.Store(true)
	for ln := range s.listeners {
		ln.Close()
	}
	for c := range s.conns {
		c.interrupt()
	}
	s.mu.Unlock()

	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
	}
	s.log.Warn("shutdown deadline passed; cancelling running statements")
	s.baseCancel(errShutdown)
	s.mu.Lock()
	for c := range s.conns {
		c.interrupt()
		// A client that does not read must not hold the shutdown.
		c.raw.SetWriteDeadline(time.Now().Add(time.Second))
	}
	s.mu.Unlock()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		s.mu.Lock()
		for c := range s.conns {
			c.raw.Close()
		}
		s.mu.Unlock()
		<-done
	}
	return ctx.Err()
}

// SessionInfo describes one client connection, for pg_stat_activity.
type SessionInfo struct {
	PID             int32
	User            string
	Database        string
	ApplicationName string
	ClientAddr      string // IP address, "" if not TCP
	ClientPort      int
	TLS             bool
	// TLSVersion, TLSCipher and TLSBits describe a TLS session as
	// pg_stat_ssl does (OpenSSL's names): "TLSv1.3", "TLS_AES_128_GCM_SHA256", 128.
	TLSVersion   string
	TLSCipher    string
	TLSBits      int
	BackendStart time.Time
	XactStart    time.Time // zero outside a transaction block
	QueryStart   time.Time // start of the current or last statement
	StateChange  time.Time
	// State is "starting" (before authentication), "active", "idle",
	// "idle in transaction" or "idle in transaction (aborted)".
	State string
	// Query is the current or last query text.
	Query string
}

// Sessions lists the connections, ordered by PID.
func (s *Server) Sessions() []SessionInfo {
	s.init()
	s.mu.Lock()
	conns := make([]*conn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	out := make([]SessionInfo, 0, len(conns))
	for _, c := range conns {
		out = append(out, c.snapshot())
	}
	sortByPID(out)
	return out
}

func sortByPID(s []SessionInfo) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].PID < s[j-1].PID; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// acquireSlot counts a session against MaxConnections.
func (s *Server) acquireSlot() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.slots >= s.cfg.MaxConnections {
		return false
	}
	s.slots++
	return true
}

func (s *Server) releaseSlot() {
	s.mu.Lock()
	s.slots--
	s.mu.Unlock()
}

// acquireUserSlot counts an authenticated session against its user's
// limit (limit <= 0: none).
func (s *Server) acquireUserSlot(user string, limit int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if limit > 0 && s.userSlots[user] >= limit {
		return false
	}
	s.userSlots[user]++
	return true
}

func (s *Server) releaseUserSlot(user string) {
	s.mu.Lock()
	if s.userSlots[user]--; s.userSlots[user] <= 0 {
		delete(s.userSlots, user)
	}
	s.mu.Unlock()
}

// register makes a session reachable by CancelRequest.
func (s *Server) register(c *conn) {
	s.mu.Lock()
	s.byPID[c.pid] = c
	s.mu.Unlock()
}

// forget removes a finished connection.
func (s *Server) forget(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	if s.byPID[c.pid] == c {
		delete(s.byPID, c.pid)
	}
	s.mu.Unlock()
}

// newPID picks a process id no live session uses.
func (s *Server) newPID() int32 {
	for {
		pid := s.nextPID.Add(1)
		if pid <= 0 {
			s.nextPID.CompareAndSwap(pid, 1000)
			continue
		}
		s.mu.Lock()
		_, used := s.byPID[pid]
		s.mu.Unlock()
		if !used {
			return pid
		}
	}
}
