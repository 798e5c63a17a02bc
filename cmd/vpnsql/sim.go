package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/vpnsql/vpnsql/ec2sim"
)

// sim runs the EC2 simulator alone, for the AWS CLI, boto3 and tests:
//
//	aws ec2 describe-vpn-connections --endpoint-url http://127.0.0.1:4510
func sim(ctx context.Context, logger *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:4510", "HTTP listen address HOST:PORT")
	demo := fs.Bool("demo-data", true, "seed the demo connections")
	delay := fs.Duration("provision-delay", 0, "time a new connection stays pending")
	perRegion := fs.Int("seed-per-region", 0, "also seed this many generated connections per region (benchmarks)")
	seedRegions := fs.String("seed-regions", "us-east-1", "regions for --seed-per-region, comma-separated")
	noThrottle := fs.Bool("no-throttle", false, "turn EC2's request throttling off")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opts := ec2sim.Options{ProvisionDelay: *delay}
	if *perRegion > 0 {
		opts.VpnConnectionQuota = -1 // generated data may exceed the default quota of 50
	}
	if *noThrottle {
		opts.Throttle = &ec2sim.ThrottleConfig{Disabled: true}
	}
	s := ec2sim.New(opts)
	if *demo {
		if err := s.Seed(ec2sim.DemoSeed()); err != nil {
			return err
		}
	}
	if *perRegion > 0 {
		if err := s.Seed(ec2sim.SeedConfig{Regions: splitList(*seedRegions), PerRegion: *perRegion, Seed: 1}); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", *listen)
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
