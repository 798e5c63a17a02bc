// Command vpnsql serves AWS EC2 VPN connections as a PostgreSQL table.
//
//	vpnsql serve --demo       built-in EC2 simulator with sample data
//	vpnsql serve              against AWS (or AWS_ENDPOINT_URL_EC2)
//	vpnsql sim                the EC2 simulator alone
//	vpnsql passwd             print a SCRAM-SHA-256 verifier for the config file
//	vpnsql check-config FILE  validate a config file
//	vpnsql version
//
// Every flag can also be set as VPNSQL_<FLAG> in the environment
// (VPNSQL_LISTEN, VPNSQL_TLS_CERT, ...).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // TimeZone settings and pg_timezone_names work where the system has no zoneinfo
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	if err := run(os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "vpnsql:", err)
		}
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		usage()
		return flag.ErrHelp
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	switch args[0] {
	case "serve":
		return serve(ctx, logger, args[1:])
	case "sim":
		return sim(ctx, logger, args[1:])
	case "version":
		fmt.Println("vpnsql", version)
		return nil
	case "passwd":
		return passwd(args[1:])
	case "check-config":
		return checkConfig(args[1:])
	case "help", "-h", "--help":
		usage()
		return nil
	}
	usage()
	return fmt.Errorf("unknown command %q", args[0])
}

func usage() {
	fmt.Fprint(os.Stderr, `usage: vpnsql <command> [flags]

commands:
  serve         serve the PostgreSQL protocol (--demo for the built-in simulator)
  sim           run the EC2 simulator alone
  passwd        read a password on stdin, print its SCRAM-SHA-256 verifier
  check-config  validate a --config file
  version       print the version
`)
}

// parseFlags parses args, then fills every flag not given on the command
// line from VPNSQL_<NAME> (dashes become underscores).
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil {
			return
		}
		env := "VPNSQL_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok {
			if e := f.Value.Set(v); e != nil {
				err = fmt.Errorf("%s: %w", env, e)
			}
		}
	})
	if err == nil && fs.NArg() > 0 {
		err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return err
}
