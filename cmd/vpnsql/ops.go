package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/vpnsql/vpnsql/admin"
	"github.com/vpnsql/vpnsql/audit"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/server"
)

// The operator's side of serve: the admin listener (metrics, health,
// pprof) and the audit log, wired to the server and the AWS sources
// through their hooks (docs/operations.md).

type opsOptions struct {
	adminListen, auditLog *string
	adminPprof            *bool
}

func opsFlags(f *flags) *opsOptions {
	var o opsOptions
	g := f.group("Admin")
	o.adminListen = g.String("admin-listen", "", "`HOST:PORT` of the admin HTTP listener: /metrics, /healthz, /readyz (off when empty; e.g. 127.0.0.1:9433)")
	o.adminPprof = g.Bool("admin-pprof", false, "also serve Go's /debug/pprof/ on the admin listener")
	g = f.group("Audit")
	o.auditLog = g.String("audit-log", "", "write a JSON line per login and per AWS write call to `FILE`, or stdout; reopened on SIGHUP")
	return &o
}

// ops is the admin listener and audit log of one serve.
type ops struct {
	log     *slog.Logger
	audit   *audit.Log // nil without --audit-log
	metrics *admin.Metrics
	health  *admin.Health
	admin   *admin.Server
	adminLn net.Listener
	srv     *server.Server // set by attach
}

// startOps opens the audit log and the admin listener, and hooks them to
// src's API calls: before any call is made.
func startOps(logger *slog.Logger, o *opsOptions, src *ec2.Source) (*ops, error) {
	p := &ops{log: logger}
	if *o.adminPprof && *o.adminListen == "" {
		return nil, errors.New("--admin-pprof needs --admin-listen")
	}
	if *o.auditLog != "" {
		l, err := audit.Open(*o.auditLog)
		if err != nil {
			return nil, err
		}
		p.audit = l
		src.Hook(l.Hooks(p.auditFailed))
	}
	if *o.adminListen == "" {
		return p, nil
	}
	ln, err := net.Listen("tcp", *o.adminListen)
	if err != nil {
		p.audit.Close()
		return nil, fmt.Errorf("admin listener: %w", err)
	}
	p.adminLn = ln
	p.health = &admin.Health{}
	p.metrics = admin.NewMetrics(admin.Sources{
		Version:  version,
		Sessions: p.sessions,
		Cache:    src.CacheStats,
		Ready:    func() bool { ok, _ := p.health.Ready(); return ok },
		Logins:   p.loginStats,
	})
	src.Hook(ec2.CallHooks{Done: func(c ec2.APICall) {
		p.metrics.APICall(c)
		p.health.APICall(c)
	}})
	p.admin = &admin.Server{Metrics: p.metrics, Health: p.health, Pprof: *o.adminPprof, Logger: logger}
	return p, nil
}

// serverConfig adds the login and statement hooks.
func (p *ops) serverConfig(cfg *server.Config) {
	if p.audit == nil && p.metrics == nil {
		return
	}
	cfg.OnLogin = func(ev server.LoginEvent) {
		if p.metrics != nil {
			p.metrics.Login(ev)
		}
		if err := p.audit.Login(ev); err != nil {
			p.auditFailed(err)
		}
	}
	if p.metrics != nil {
		cfg.OnStatement = p.metrics.Statement
		cfg.WrapConn = p.metrics.CountBytes
	}
}

// attach starts the admin listener for srv and the readiness probe.
func (p *ops) attach(ctx context.Context, srv *server.Server, src *ec2.Source) {
	p.srv = srv
	if p.admin == nil {
		return
	}
	go func() {
		if err := p.admin.Serve(p.adminLn); err != nil {
			p.log.Error("admin listener stopped", "err", err)
		}
	}()
	p.health.Listening()
	go p.health.Probe(ctx, src, 5*time.Second)
	p.log.Info("admin listener ready", "listen", p.adminLn.Addr().String(), "pprof", p.admin.Pprof)
	fmt.Printf("vpnsql admin listener: http://%s/metrics\n", p.adminLn.Addr())
}

// loginStats is the failed-login limiter's state (none before the server
// exists).
func (p *ops) loginStats() server.LoginStats {
	if p.srv == nil {
		return server.LoginStats{}
	}
	return p.srv.LoginStats()
}

// sessions counts the sessions past authentication.
func (p *ops) sessions() int {
	if p.srv == nil {
		return 0
	}
	n := 0
	for _, s := range p.srv.Sessions() {
		if s.State != "starting" {
			n++
		}
	}
	return n
}

// draining makes /readyz answer 503 from now on.
func (p *ops) draining() {
	if p.health != nil {
		p.health.Draining()
	}
}

// close stops the admin listener and closes the audit log, once the
// server has stopped.
func (p *ops) close() {
	if p.srv != nil && p.admin != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		p.admin.Shutdown(ctx)
		cancel()
	} else if p.adminLn != nil {
		p.adminLn.Close() // serve failed before attach
	}
	p.audit.Close()
}

// reloads are the SIGHUP hooks: the audit log's reopen, for rotation.
// reopenAudit reopens the audit log file (SIGHUP, for rotation); nil
// when there is none to reopen.
func (p *ops) reopenAudit() func() error {
	if p.audit == nil || p.audit.Path() == "" {
		return nil
	}
	return p.audit.Reopen
}

func (p *ops) auditFailed(err error) {
	p.log.Error("audit log write failed", "err", err)
	if p.metrics != nil {
		p.metrics.AuditFailure()
	}
}
