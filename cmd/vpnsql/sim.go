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
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	s := ec2sim.New(ec2sim.Options{ProvisionDelay: *delay})
	if *demo {
		if err := s.Seed(ec2sim.DemoSeed()); err != nil {
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
