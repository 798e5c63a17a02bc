package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/server"
)

// demoRegions are the regions the demo data lives in.
var demoRegions = []string{"us-east-1", "eu-west-1", "ap-southeast-2"}

// serveOptions are the flags of `vpnsql serve`.
type serveOptions struct {
	listen, regions, tlsCert, tlsKey, configFile       *string
	retryMode                                          *string
	demo, selfSigned, requireTLS, readOnly             *bool
	maxConns, maxUserConns, maxMessage                 *int
	idleTimeout, drain                                 *time.Duration
	statementTimeout, idleInTxTimeout, retryBackoff    *time.Duration
	statementMem, maxMemory, maxResultBytes, cacheSize *int64
	maxResultRows, maxAPICalls                         *int
	maxParallel, maxPerSource, retryAttempts           *int
	ops                                                *opsOptions
}

func serveFlags() (*flags, *serveOptions) {
	f := newFlags("serve", "Serve the PostgreSQL protocol: AWS through the SDK's credential chain, or with\n--demo the built-in EC2 simulator with sample data.")
	f.epilog = awsConfigKeys
	var o serveOptions
	g := f.group("Listen")
	o.listen = g.String("listen", "127.0.0.1:5432", "PostgreSQL listen `HOST:PORT`")
	o.drain = g.Duration("shutdown-drain", 10*time.Second, "on SIGTERM, how long running statements may finish before they are cancelled")
	g = f.group("TLS")
	o.tlsCert = g.String("tls-cert", "", "TLS certificate `file` (PEM)")
	o.tlsKey = g.String("tls-key", "", "TLS private key `file` (PEM)")
	o.selfSigned = g.Bool("tls-self-signed", false, "generate a self-signed TLS certificate at start")
	o.requireTLS = g.Bool("require-tls", false, "refuse connections that do not use TLS")
	g = f.group("Authentication and access")
	o.configFile = g.String("config", "", "config `file`: authentication method, users and roles (docs/configuration.md), AWS accounts and regions (docs/aws.md)")
	o.readOnly = g.Bool("read-only", false, "refuse INSERT, UPDATE, DELETE and the ec2 write functions (SQLSTATE 25006)")
	g = f.group("AWS")
	o.demo = g.Bool("demo", false, "serve the built-in EC2 simulator with sample data, trust authentication")
	o.regions = g.String("regions", "", "comma-separated `regions` to read, or all: every region enabled for each account (default: AWS_REGION, or the demo regions)")
	o.maxParallel = g.Int("max-parallel", 0, "concurrent API calls in total (0 = 64)")
	o.maxPerSource = g.Int("max-parallel-per-source", 0, "concurrent API calls per account and region (0 = 8)")
	o.retryAttempts = g.Int("retry-max-attempts", 0, "attempts per API call, adaptive retry mode (0 = 5)")
	o.retryBackoff = g.Duration("retry-max-backoff", 0, "longest wait between attempts (0 = 20s)")
	o.cacheSize = g.Memory("cache-size", ec2.DefaultCacheSize, "the AWS read cache's bound (`SIZE`, 256MB, 1GB); least recently used entries go first; its own budget, outside --max-memory")
	o.retryMode = g.String("retry-mode", "", "`adaptive` (the default: slows down after throttling) or standard")
	g = f.group("Limits")
	o.maxConns = g.Int("max-connections", 100, "maximum concurrent client connections")
	o.maxUserConns = g.Int("max-user-connections", 0, "maximum concurrent sessions of one user (0 = no limit; a user's connection_limit in --config overrides it)")
	o.maxMessage = g.Int("max-message-size", 0, "largest client message in `bytes` (0 = 16 MiB)")
	o.idleTimeout = g.Duration("idle-session-timeout", 0, "close sessions idle this long (0 = never); a session's idle_session_timeout may only shorten it")
	o.idleInTxTimeout = g.Duration("idle-in-transaction-session-timeout", 0, "idle_in_transaction_session_timeout's default: close sessions idle this long inside a transaction block (0 = never)")
	o.statementTimeout = g.Duration("statement-timeout", 0, "statement_timeout's default: cancel statements running this long (0 = never)")
	o.maxResultRows = g.Int("max-result-rows", 0, "vpnsql.max_result_rows' default: rows one statement may return, past it 54000 (0 = no limit)")
	o.maxResultBytes = g.Memory("max-result-bytes", 0, "vpnsql.max_result_bytes' default: the size of one statement's result, past it 54000 (`SIZE`; 0 = no limit)")
	o.maxAPICalls = g.Int("max-api-calls", executor.DefaultMaxAPICalls, "vpnsql.max_api_calls' default: AWS API calls one statement may make, past it 54000 (0 = no limit)")
	o.statementMem = g.Memory("statement-mem", expr.DefaultStatementMem, "vpnsql.statement_mem's default: the memory one statement may hold (`SIZE`, 10MB, 1GB; 0 = no limit)")
	o.maxMemory = g.Memory("max-memory", defaultMaxMemory(), "memory all statements may hold together; past it new statements get 53200 (`SIZE`; default half the machine's or cgroup's memory; 0 = no limit)")
	o.ops = opsFlags(f)
	return f, &o
}

func serve(ctx context.Context, logger *slog.Logger, args []string) error {
	fs, o := serveFlags()
	if err := fs.parse(args); err != nil {
		return err
	}
	var fileCfg *fileConfig
	if *o.configFile != "" {
		cfg, err := loadConfig(*o.configFile)
		if err != nil {
			return err
		}
		fileCfg = cfg
	}
	var fileAWS *awsConfig
	if fileCfg != nil {
		fileAWS = fileCfg.AWS
	}
	if m := *o.retryMode; m != "" && m != "adaptive" && m != "standard" {
		return fmt.Errorf("--retry-mode %q: adaptive or standard", m)
	}
	setup := awsSettings(fileAWS, o, fs.isGiven)
	if *o.demo {
		url, stopSim, err := startDemoSimulator(logger)
		if err != nil {
			return err
		}
		defer stopSim()
		os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
		setup.accounts = demoAccounts()
		setup.client.Load = demoLoad(url)
		if len(setup.regions) == 0 {
			setup.regions = demoRegions
		}
	}
	src, err := openSource(ctx, setup)
	if err != nil {
		return err
	}
	regionList := src.Regions

	src.CacheSize = *o.cacheSize
	ops, err := startOps(logger, o.ops, src)
	if err != nil {
		return err
	}
	defer ops.close()
	cat := catalog.New(ec2.Tables(src, logger)...)
	cat.Add(pgcatalog.Tables(cat)...)
	// After the catalog: its api_calls middleware must be in the accounts'
	// configurations before their first call.
	if err := src.Start(ctx, logger); err != nil {
		return err
	}
	if *o.maxMemory > 0 && os.Getenv("GOMEMLIMIT") == "" {
		// The runtime collects harder as the heap nears the server's
		// limit, rather than letting garbage double it (docs/design.md).
		debug.SetMemoryLimit(*o.maxMemory)
	}
	engine := &executor.Engine{Catalog: cat, ReadOnly: *o.readOnly,
		Memory: &expr.MemoryPool{Limit: *o.maxMemory}, StatementMem: *o.statementMem,
		Settings: limitSettings(o)}

	sighup := catchSIGHUP()
	rl := &reloader{logger: logger, configFile: *o.configFile}

	var tlsConfig *tls.Config
	switch {
	case *o.tlsCert != "" || *o.tlsKey != "":
		if rl.cert, err = loadCertFiles(*o.tlsCert, *o.tlsKey); err != nil {
			return err
		}
		tlsConfig = rl.cert.tlsConfig()
	case *o.selfSigned:
		if tlsConfig, err = server.SelfSignedTLS(); err != nil {
			return err
		}
	}
	if *o.requireTLS && tlsConfig == nil {
		return errors.New("--require-tls needs --tls-cert/--tls-key or --tls-self-signed")
	}

	auth, users := server.AuthTrust, server.UserStore(nil)
	var loginLimit server.LoginLimit
	if fileCfg != nil {
		auth, users, loginLimit = fileCfg.method(), fileCfg.users(), fileCfg.loginLimit()
		rl.method, rl.roles = auth, newRoleTable(fileCfg)
		engine.CanWrite, engine.Role, engine.Users = rl.roles.canWrite, rl.roles.role, rl.roles.list
		rl.roles.source = src
	}
	if auth == server.AuthPassword && !*o.requireTLS {
		return errors.New("the password method sends passwords in clear: use it with --require-tls")
	}

	ln, err := listenPostgres(*o.listen)
	if err != nil {
		return err
	}
	if auth == server.AuthTrust && !isLoopback(ln.Addr()) {
		if !*o.demo {
			ln.Close()
			return fmt.Errorf("refusing to serve trust authentication on non-loopback address %s: configure users (--config) first", ln.Addr())
		}
		logger.Warn("demo mode with trust authentication on a non-loopback address", "listen", ln.Addr().String())
	}
	srvCfg := server.Config{
		Engine:             engine,
		Auth:               auth,
		Users:              users,
		TLS:                tlsConfig,
		RequireTLS:         *o.requireTLS,
		MaxConnections:     *o.maxConns,
		MaxUserConnections: *o.maxUserConns,
		LoginLimit:         loginLimit,
		MaxMessageSize:     *o.maxMessage,
		IdleSessionTimeout: *o.idleTimeout,
		Logger:             logger,
	}
	ops.serverConfig(&srvCfg)
	srv := server.New(srvCfg)
	rl.srv, rl.audit = srv, ops.reopenAudit()
	reloadOnSignal(ctx, sighup, rl)
	engine.Activity = func() []catalog.Activity {
		var out []catalog.Activity
		waits := engine.AWSWaits()
		for _, si := range srv.Sessions() {
			a := catalog.Activity{PID: si.PID, User: si.User, Database: si.Database,
				ApplicationName: si.ApplicationName, ClientAddr: si.ClientAddr, ClientPort: si.ClientPort,
				BackendStart: si.BackendStart, XactStart: si.XactStart, QueryStart: si.QueryStart,
				StateChange: si.StateChange, State: si.State, Query: si.Query,
				SSL: si.TLS, SSLVersion: si.TLSVersion, SSLCipher: si.TLSCipher, SSLBits: si.TLSBits}
			if waits[si.PID] && si.State == "active" {
				a.WaitEventType, a.WaitEvent = "IO", "AwsApi"
			}
			out = append(out, a)
		}
		return out
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ops.attach(ctx, srv, src)
	logger.Info("vpnsql ready", "listen", ln.Addr().String(), "demo", *o.demo, "regions", strings.Join(regionList, ","))
	fmt.Printf("vpnsql is ready: psql \"postgres://localhost:%d/aws\"\n", port)

	logRuntimeOnSignal(ctx, logger)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "drain", o.drain.String())
	ops.draining()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), *o.drain)
	defer cancel()
	// Statements still running after the drain are cancelled: that is the
	// planned end of a fast shutdown, not a failure.
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// startDemoSimulator runs ec2sim on a loopback port, seeded with the demo
// data, and returns its URL.
func startDemoSimulator(logger *slog.Logger) (string, func(), error) {
	sim := ec2sim.New(ec2sim.Options{})
	seed := ec2sim.DemoSeed()
	seed.Accounts = append(seed.Accounts, demoRoleAccount) // the account behind demoRoleARN
	if err := sim.Seed(seed); err != nil {
		return "", nil, fmt.Errorf("seeding the simulator: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	hs := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("ec2sim stopped", "err", err)
		}
	}()
	url := "http://" + ln.Addr().String()
	logger.Info("ec2sim started", "url", url)
	return url, func() { hs.Close() }, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func isLoopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// listenPostgres listens on addr. A port already taken is the usual first
// failure (a local PostgreSQL on 5432), so its message says how to choose
// another.
func listenPostgres(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		host, port, _ := net.SplitHostPort(addr)
		return nil, fmt.Errorf("port %s on %s is already in use (a local PostgreSQL?): choose another with --listen %s:6543, "+
			"or VPNSQL_LISTEN=%s:6543 (make run ARGS=\"--listen %s:6543\")", port, host, host, host, host)
	}
	return ln, err
}

// limitSettings are the session settings whose defaults serve's Limits
// flags give; a session may SET them, as in PostgreSQL.
func limitSettings(o *serveOptions) map[string]string {
	bytes := "0"
	if *o.maxResultBytes > 0 {
		bytes = executor.FormatMemory(*o.maxResultBytes)
	}
	return map[string]string{
		"statement_timeout":                   strconv.FormatInt(o.statementTimeout.Milliseconds(), 10),
		"idle_in_transaction_session_timeout": strconv.FormatInt(o.idleInTxTimeout.Milliseconds(), 10),
		"vpnsql.max_result_rows":              strconv.Itoa(*o.maxResultRows),
		"vpnsql.max_result_bytes":             bytes,
		"vpnsql.max_api_calls":                strconv.Itoa(*o.maxAPICalls),
	}
}
