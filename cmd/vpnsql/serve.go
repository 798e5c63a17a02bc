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
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

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
	listen, regions, tlsCert, tlsKey, configFile *string
	demo, selfSigned, requireTLS, readOnly       *bool
	maxConns, maxMessage                         *int
	idleTimeout, drain                           *time.Duration
	statementMem, maxMemory                      *int64
	ops                                          *opsOptions
}

func serveFlags() (*flags, *serveOptions) {
	f := newFlags("serve", "Serve the PostgreSQL protocol: AWS through the SDK's credential chain, or with\n--demo the built-in EC2 simulator with sample data.")
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
	o.configFile = g.String("config", "", "config `file`: authentication method, users and roles (docs/configuration.md)")
	o.readOnly = g.Bool("read-only", false, "refuse INSERT, UPDATE, DELETE and the ec2 write functions (SQLSTATE 25006)")
	g = f.group("AWS")
	o.demo = g.Bool("demo", false, "serve the built-in EC2 simulator with sample data, trust authentication")
	o.regions = g.String("regions", "", "comma-separated `regions` to read (default: AWS_REGION, or the demo regions)")
	g = f.group("Limits")
	o.maxConns = g.Int("max-connections", 100, "maximum concurrent client connections")
	o.maxMessage = g.Int("max-message-size", 0, "largest client message in `bytes` (0 = 16 MiB)")
	o.idleTimeout = g.Duration("idle-session-timeout", 0, "close sessions idle this long (0 = never)")
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
	var (
		awsCfg aws.Config
		err    error
	)
	regionList := splitList(*o.regions)
	if *o.demo {
		url, stopSim, err := startDemoSimulator(logger)
		if err != nil {
			return err
		}
		defer stopSim()
		awsCfg, err = demoAWSConfig(ctx, url)
		if err != nil {
			return err
		}
		if len(regionList) == 0 {
			regionList = demoRegions
		}
	} else {
		awsCfg, err = config.LoadDefaultConfig(ctx)
		if err != nil {
			return fmt.Errorf("loading AWS configuration: %w", err)
		}
		if len(regionList) == 0 && awsCfg.Region != "" {
			regionList = []string{awsCfg.Region}
		}
		if len(regionList) == 0 {
			return errors.New("no region: set --regions or AWS_REGION")
		}
	}

	src := &ec2.Source{Accounts: []*ec2.Account{ec2.NewAccount(awsCfg)}, Regions: regionList}
	ops, err := startOps(logger, o.ops, src)
	if err != nil {
		return err
	}
	defer ops.close()
	cat := catalog.New(ec2.NewVPNConnections(src), ec2.NewAPICalls(src, logger), catalog.NewProgress())
	cat.Add(pgcatalog.Tables(cat)...)
	if *o.maxMemory > 0 && os.Getenv("GOMEMLIMIT") == "" {
		// The runtime collects harder as the heap nears the server's
		// limit, rather than letting garbage double it (docs/design.md).
		debug.SetMemoryLimit(*o.maxMemory)
	}
	engine := &executor.Engine{Catalog: cat, ReadOnly: *o.readOnly,
		Memory: &expr.MemoryPool{Limit: *o.maxMemory}, StatementMem: *o.statementMem}

	var tlsConfig *tls.Config
	switch {
	case *o.tlsCert != "" || *o.tlsKey != "":
		cert, err := tls.LoadX509KeyPair(*o.tlsCert, *o.tlsKey)
		if err != nil {
			return fmt.Errorf("loading TLS certificate: %w", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	case *o.selfSigned:
		if tlsConfig, err = server.SelfSignedTLS(); err != nil {
			return err
		}
	}
	if *o.requireTLS && tlsConfig == nil {
		return errors.New("--require-tls needs --tls-cert/--tls-key or --tls-self-signed")
	}

	auth, users := server.AuthTrust, server.UserStore(nil)
	if *o.configFile != "" {
		cfg, err := loadConfig(*o.configFile)
		if err != nil {
			return err
		}
		auth, users = cfg.method(), cfg.users()
		readers := cfg.readOnlyUsers()
		engine.CanWrite = func(user string) bool { return !readers[user] }
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
		MaxMessageSize:     *o.maxMessage,
		IdleSessionTimeout: *o.idleTimeout,
		Logger:             logger,
	}
	ops.serverConfig(&srvCfg)
	srv := server.New(srvCfg)
	engine.Activity = func() []catalog.Activity {
		var out []catalog.Activity
		for _, si := range srv.Sessions() {
			out = append(out, catalog.Activity{PID: si.PID, User: si.User, Database: si.Database,
				ApplicationName: si.ApplicationName, ClientAddr: si.ClientAddr, ClientPort: si.ClientPort,
				BackendStart: si.BackendStart, XactStart: si.XactStart, QueryStart: si.QueryStart,
				StateChange: si.StateChange, State: si.State, Query: si.Query})
		}
		return out
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln = ops.attach(ctx, srv, ln, src)
	logger.Info("vpnsql ready", "listen", ln.Addr().String(), "demo", *o.demo, "regions", strings.Join(regionList, ","))
	fmt.Printf("vpnsql is ready: psql \"postgres://localhost:%d/aws\"\n", port)

	logRuntimeOnSignal(ctx, logger)
	onSIGHUP(ctx, logger, ops.reloads())
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
	if err := sim.Seed(ec2sim.DemoSeed()); err != nil {
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

// demoAWSConfig points the real SDK at the simulator with static
// credentials, and keeps it from probing the instance-metadata address.
func demoAWSConfig(ctx context.Context, endpoint string) (aws.Config, error) {
	os.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	return config.LoadDefaultConfig(ctx,
		config.WithRegion(demoRegions[0]),
		config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider("AKIDVPNSQLDEMO", "demo-secret", "")),
		config.WithBaseEndpoint(endpoint),
	)
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
