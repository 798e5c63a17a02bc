// Command ec2sim runs the EC2 VPN-connection simulator standalone, so that
// the AWS CLI, boto3 or any SDK can be pointed at it with --endpoint-url.
//
//	ec2sim --listen 127.0.0.1:4590 --seed demo
//	AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x aws ec2 describe-vpn-connections \
//	    --endpoint-url http://127.0.0.1:4590 --region us-east-1
//
// See docs/ec2sim.md.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/vpnsql/vpnsql/ec2sim"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "ec2sim:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("ec2sim", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:4590", "address to serve on (port 0 picks a free port)")
	delay := fs.Duration("provision-delay", 0, "pending -> available (and deleting -> deleted) delay")
	retention := fs.Duration("delete-retention", 0, "how long deleted connections stay listed (0 = 1h, negative = forever)")
	quota := fs.Int("quota", 0, "VPN connections per account and region (0 = 50, negative = unlimited)")
	noThrottle := fs.Bool("no-throttle", false, "turn EC2 request throttling off")
	throttleFile := fs.String("throttle", "", "JSON ThrottleConfig file adjusting the throttling buckets")
	keysFile := fs.String("keys", "", `JSON keys file: {"AKID": "111111111111", "AKID2": {"account": "...", "allow": ["Describe*"]}}; without it any key is account `+ec2sim.DefaultAccount)
	faultsFile := fs.String("faults", "", "JSON file with an array of fault rules")
	seed := fs.String("seed", "demo", `seed data: "demo", "none", or a JSON SeedConfig file`)
	regions := fs.String("regions", "", "comma-separated enabled regions (default: those a new AWS account has)")
	randSeed := fs.Int64("rand-seed", 0, "seed for ids and keys of resources created through the API (0 = random)")
	quiet := fs.Bool("quiet", false, "do not log requests")
	if err := fs.Parse(args); err != nil {
		return err
	}

	opts := ec2sim.Options{ProvisionDelay: *delay, DeleteRetention: *retention, VpnConnectionQuota: *quota, RandSeed: *randSeed}
	if *regions != "" {
		opts.Regions = strings.Split(*regions, ",")
	}
	if *noThrottle {
		opts.Throttle = &ec2sim.ThrottleConfig{Disabled: true}
	} else if *throttleFile != "" {
		opts.Throttle = &ec2sim.ThrottleConfig{}
		if err := readJSON(*throttleFile, opts.Throttle); err != nil {
			return err
		}
	}
	if *keysFile != "" {
		var err error
		if opts.Keys, opts.Allow, err = ec2sim.LoadKeys(*keysFile); err != nil {
			return err
		}
	}
	if *faultsFile != "" {
		if err := readJSON(*faultsFile, &opts.Faults); err != nil {
			return err
		}
	}
	logger := log.New(os.Stderr, "", log.LstdFlags|log.Lmicroseconds)
	if !*quiet {
		// Parameters are not logged: they can hold pre-shared keys.
		opts.OnRequest = func(r ec2sim.Request) {
			code := r.ErrorCode
			if r.Fault != "" {
				code += " fault=" + r.Fault
			}
			logger.Printf("%s %s %s %s %d %s %v", r.Service, r.Region, r.Account, r.Action, r.Status, code, r.Latency.Round(time.Microsecond))
		}
	}
	sim := ec2sim.New(opts)

	switch *seed {
	case "none":
	case "demo":
		if err := sim.Seed(ec2sim.DemoSeed()); err != nil {
			return err
		}
	default:
		var cfg ec2sim.SeedConfig
		if err := readJSON(*seed, &cfg); err != nil {
			return err
		}
		if err := sim.Seed(cfg); err != nil {
			return err
		}
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	logger.Printf("ec2sim serving EC2 and STS on http://%s (admin API under /_sim/)", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sim.Close() // release requests held by hang faults
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

func readJSON(file string, v any) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}
