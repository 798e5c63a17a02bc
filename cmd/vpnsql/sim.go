package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/vpnsql/vpnsql/ec2sim"
)

// simOptions are the flags of `vpnsql sim`.
type simOptions struct {
	listen, seedRegions *string
	demo, noThrottle    *bool
	perRegion           *int
	delay               *time.Duration
}

func simFlags() (*flags, *simOptions) {
	f := newFlags("sim", "Run the EC2 Query-API simulator alone, for the AWS CLI, boto3 and tests\n(--endpoint-url http://HOST:PORT).")
	var o simOptions
	g := f.group("Listen")
	o.listen = g.String("listen", "127.0.0.1:4510", "HTTP listen `HOST:PORT`")
	g = f.group("Data")
	o.demo = g.Bool("demo-data", true, "seed the demo connections and their gateways")
	o.perRegion = g.Int("seed-per-region", 0, "also seed this many generated connections per region (benchmarks)")
	o.seedRegions = g.String("seed-regions", "us-east-1", "comma-separated `regions` for --seed-per-region")
	g = f.group("Behaviour")
	o.delay = g.Duration("provision-delay", 0, "time a new connection stays pending")
	o.noThrottle = g.Bool("no-throttle", false, "turn EC2's request throttling off")
	return f, &o
}

// sim runs the EC2 simulator alone, for the AWS CLI, boto3 and tests:
//
//	aws ec2 describe-vpn-connections --endpoint-url http://127.0.0.1:4510
func sim(ctx context.Context, logger *slog.Logger, args []string) error {
	fs, o := simFlags()
	if err := fs.parse(args); err != nil {
		return err
	}
	opts := ec2sim.Options{ProvisionDelay: *o.delay}
	if *o.perRegion > 0 {
		opts.VpnConnectionQuota = -1 // generated data may exceed the default quota of 50
	}
	if *o.noThrottle {
		opts.Throttle = &ec2sim.ThrottleConfig{Disabled: true}
	}
	s := ec2sim.New(opts)
	if *o.demo {
		if err := s.Seed(ec2sim.DemoSeed()); err != nil {
			return err
		}
	}
	if *o.perRegion > 0 {
		if err := s.Seed(ec2sim.SeedConfig{Regions: splitList(*o.seedRegions), PerRegion: *o.perRegion, Seed: 1}); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *o.listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("ec2sim is ready: --endpoint-url http://%s\n", ln.Addr())
	logger.Info("ec2sim listening", "addr", ln.Addr().String())
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(shutdownCtx)
	}()
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
