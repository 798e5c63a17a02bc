package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	"github.com/vpnsql/vpnsql/server"
)

// reloader is what SIGHUP re-reads, as PostgreSQL's SIGHUP re-reads
// pg_hba.conf and its certificate: the config file's users (credentials,
// roles, networks, connection limits) and the TLS certificate and key; and
// it reopens the audit log, for rotation.
// A file that fails to load or validate changes nothing: the error is
// logged and the server goes on with what it had. The authentication
// method and login_limit are read at start only.
type reloader struct {
	logger     *slog.Logger
	configFile string            // "" without --config
	method     server.AuthMethod // the method the server started with
	srv        *server.Server    // set before the first reload
	roles      *roleTable        // nil without --config
	cert       *certFiles        // nil without --tls-cert
	audit      func() error      // reopens --audit-log; nil without it
}

// certFiles serves the certificate last loaded from its files: new
// handshakes use a reloaded one, established sessions keep theirs.
type certFiles struct {
	certFile, keyFile string
	cert              atomic.Pointer[tls.Certificate]
}

func loadCertFiles(certFile, keyFile string) (*certFiles, error) {
	c := &certFiles{certFile: certFile, keyFile: keyFile}
	return c, c.load()
}

func (c *certFiles) load() error {
	cert, err := tls.LoadX509KeyPair(c.certFile, c.keyFile)
	if err != nil {
		return fmt.Errorf("loading TLS certificate: %w", err)
	}
	c.cert.Store(&cert)
	return nil
}

// tlsConfig is a configuration whose certificate is always the current one.
func (c *certFiles) tlsConfig() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS12,
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) { return c.cert.Load(), nil }}
}

// reload re-reads everything; each part that fails keeps its old state.
func (r *reloader) reload() error {
	var errs []error
	if r.configFile != "" {
		if err := r.reloadUsers(); err != nil {
			errs = append(errs, err)
		}
	}
	if r.cert != nil {
		if err := r.cert.load(); err != nil {
			errs = append(errs, err)
		} else {
			r.logger.Info("reloaded the TLS certificate", "cert", r.cert.certFile)
		}
	}
	if r.audit != nil {
		if err := r.audit(); err != nil {
			errs = append(errs, fmt.Errorf("reopening the audit log: %w", err))
		} else {
			r.logger.Info("reopened the audit log")
		}
	}
	return errors.Join(errs...)
}

func (r *reloader) reloadUsers() error {
	cfg, err := loadConfig(r.configFile)
	if err != nil {
		return err
	}
	if m := cfg.method(); m != r.method {
		return fmt.Errorf("%s: auth changed from %s to %s: the method is read at start only; restart to change it", r.configFile, r.method, m)
	}
	r.roles.set(cfg)
	n := r.srv.SetUsers(cfg.users())
	r.logger.Info("reloaded the users", "config", r.configFile, "users", len(cfg.Users), "sessions_terminated", n)
	return nil
}

// catchSIGHUP starts catching SIGHUP, whose default action would end
// the process, before the server exists; reloadOnSignal then acts on it.
func catchSIGHUP() chan os.Signal {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP)
	return ch
}

// reloadOnSignal runs reload at each SIGHUP on ch until ctx ends. r must
// be complete: the goroutine reads it without locks.
func reloadOnSignal(ctx context.Context, ch chan os.Signal, r *reloader) {
	go func() {
		defer signal.Stop(ch)
		for {
			select {
			case <-ctx.Done():
				return
			case <-ch:
				if err := r.reload(); err != nil {
					r.logger.Error("reload failed; keeping the previous configuration", "err", err)
				}
			}
		}
	}()
}
