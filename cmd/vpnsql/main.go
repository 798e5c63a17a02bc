// Command vpnsql serves AWS EC2 VPN connections as a PostgreSQL table.
//
//	vpnsql serve --demo       built-in EC2 simulator with sample data
//	vpnsql serve              against AWS (or AWS_ENDPOINT_URL_EC2)
//	vpnsql sim                the EC2 simulator alone
//	vpnsql passwd             print a SCRAM-SHA-256 verifier for the config file
//	vpnsql check-config FILE  validate a config file
//	vpnsql health             check that the local server answers (container HEALTHCHECK)
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
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"text/tabwriter"
	_ "time/tzdata" // TimeZone settings and pg_timezone_names work where the system has no zoneinfo
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	err := run(os.Args[1:])
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "vpnsql:", err)
		os.Exit(1)
	}
}

// commands are vpnsql's subcommands, in the order --help lists them.
var commands = []struct {
	name, args, summary string
	flags               func() *flags // nil: the command takes no flags
}{
	{"serve", "[flags]", "serve the PostgreSQL protocol (--demo: the built-in EC2 simulator)", func() *flags { f, _ := serveFlags(); return f }},
	{"sim", "[flags]", "run the EC2 simulator alone, for the AWS CLI and boto3", func() *flags { f, _ := simFlags(); return f }},
	{"passwd", "", "read a password on stdin, print its SCRAM-SHA-256 verifier", nil},
	{"check-config", "FILE", "validate a --config file", nil},
	{"health", "[flags]", "check that the local server answers a query (the container HEALTHCHECK)", func() *flags { f, _ := healthFlags(); return f }},
	{"version", "", "print the version", nil},
}

func run(args []string) error {
	if len(args) == 0 {
		usage(os.Stderr)
		return errUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	switch args[0] {
	case "serve":
		return serve(ctx, logger, args[1:])
	case "sim":
		return sim(ctx, logger, args[1:])
	case "health":
		return health(ctx, args[1:])
	case "version", "--version":
		fmt.Println("vpnsql", version)
		return nil
	case "passwd":
		return passwd(args[1:])
	case "check-config":
		return checkConfig(args[1:])
	case "help", "-h", "-help", "--help":
		usage(os.Stdout)
		return nil
	}
	fmt.Fprintf(os.Stderr, "vpnsql: unknown command %q\n\n", args[0])
	usage(os.Stderr)
	return errUsage
}

// usage is `vpnsql --help`: the commands, then every command's flags.
func usage(w io.Writer) {
	fmt.Fprint(w, "usage: vpnsql <command> [flags]\n\ncommands:\n")
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s %s\t%s\n", c.name, c.args, c.summary)
	}
	tw.Flush()
	fmt.Fprint(w, "\nEvery flag can also be set in the environment as VPNSQL_<FLAG> (shown beside it);\na flag on the command line wins.\n")
	for _, c := range commands {
		if c.flags == nil {
			continue
		}
		fmt.Fprintf(w, "\n== vpnsql %s ==\n", c.name)
		c.flags().writeFlags(w)
	}
}
