package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/ec2sim"
	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/server"
)

// demoRegions are the regions the demo data lives in.
var demoRegions = []string{"us-east-1", "eu-west-1", "ap-southeast-2"}

func serve(ctx context.Context, logger *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:5432", "PostgreSQL listen address HOST:PORT")
	demo := fs.Bool("demo", false, "serve the built-in EC2 simulator with sample data")
	regions := fs.String("regions", "", "comma-separated regions to read (default: AWS_REGION, or the demo regions)")
	tlsCert := fs.String("tls-cert", "", "TLS certificate file (PEM)")
	tlsKey := fs.String("tls-key", "", "TLS private key file (PEM)")
	selfSigned := fs.Bool("tls-self-signed", false, "generate a self-signed TLS certificate at start")
	requireTLS := fs.Bool("require-tls", false, "refuse connections that do not use TLS")
	maxConns := fs.Int("max-connections", 100, "maximum concurrent client connections")
	readOnly := fs.Bool("read-only", false, "refuse INSERT, UPDATE, DELETE and the ec2 write functions (SQLSTATE 25006)")
	configFile := fs.String("config", "", "config file: authentication method and users (see docs/configuration.md)")
	idleTimeout := fs.Duration("idle-session-timeout", 0, "close sessions idle this long (0 = never)")
	maxMessage := fs.Int("max-message-size", 0, "largest client message in bytes (0 = 16 MiB)")
	drain := fs.Duration("shutdown-drain", 10*time.Second, "on SIGTERM, how long running statements may finish before they are cancelled")
	if err := parseFlags(fs, args); err != nil {
		return err
	}

	var (
		awsCfg aws.Config
		err    error
	)
	regionList := splitList(*regions)
	if *demo {
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
	cat := catalog.New(ec2.NewVPNConnections(src), ec2.NewAPICalls(src, logger))
	cat.Add(pgcatalog.Tables(cat)...)
	engine := &executor.Engine{Catalog: cat, ReadOnly: *readOnly}

	var tlsConfig *tls.Config
	switch {
	case *tlsCert != "" || *tlsKey != "":
		cert, err := tls.LoadX509KeyPair(*tlsCert, *tlsKey)
		if err != nil {
			return fmt.Errorf("loading TLS certificate: %w", err)
		}
		tlsConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	case *selfSigned:
		if tlsConfig, err = server.SelfSignedTLS(); err != nil {
			return err
		}
	}
	if *requireTLS && tlsConfig == nil {
		return errors.New("--require-tls needs --tls-cert/--tls-key or --tls-self-signed")
	}

	auth, users := server.AuthTrust, server.UserStore(nil)
	if *configFile != "" {
		cfg, err := loadConfig(*configFile)
		if err != nil {
			return err
		}
		auth, users = cfg.method(), cfg.users()
		readers := cfg.readOnlyUsers()
		engine.CanWrite = func(user string) bool { return !readers[user] }
	}
	if auth == server.AuthPassword && !*requireTLS {
		return errors.New("the password method sends passwords in clear: use it with --require-tls")
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	if auth == server.AuthTrust && !isLoopback(ln.Addr()) {
		if !*demo {
			ln.Close()
			return fmt.Errorf("refusing to serve trust authentication on non-loopback address %s: configure users (--config) first", ln.Addr())
		}
		logger.Warn("demo mode with trust authentication on a non-loopback address", "listen", ln.Addr().String())
	}
	srv := server.New(server.Config{
		Engine:             engine,
		Auth:               auth,
		Users:              users,
		TLS:                tlsConfig,
		RequireTLS:         *requireTLS,
		MaxConnections:     *maxConns,
		MaxMessageSize:     *maxMessage,
		IdleSessionTimeout: *idleTimeout,
		Logger:             logger,
	})
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
	logger.Info("vpnsql ready", "listen", ln.Addr().String(), "demo", *demo, "regions", strings.Join(regionList, ","))
	fmt.Printf("vpnsql is ready: psql \"postgres://localhost:%d/aws\"\n", port)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "drain", drain.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), *drain)
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
