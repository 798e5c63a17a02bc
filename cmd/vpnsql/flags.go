package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"
)

// errUsage is a command line that could not be parsed: the usage has been
// printed and the process exits 2, as flag.ExitOnError would.
var errUsage = errors.New("usage")

// flags is a command's flag set whose flags are declared in titled groups,
// so --help lists them by purpose (listen, TLS, auth, AWS, limits, ...).
// A flag is declared through its group, so none is left out of --help.
type flags struct {
	*flag.FlagSet
	command string // "serve"
	summary string // one line for the top of --help
	epilog  string // after the flags in --help (the config file's keys)
	groups  []*flagGroup
	given   map[string]bool // set on the command line or in the environment
}

type flagGroup struct {
	title string
	fs    *flag.FlagSet
	names []string
}

func newFlags(command, summary string) *flags {
	fs := flag.NewFlagSet(command, flag.ContinueOnError)
	f := &flags{FlagSet: fs, command: command, summary: summary}
	fs.SetOutput(io.Discard) // parse errors are reported once, by parse
	return f
}

// group starts a titled section of --help; flags declared on it join it.
func (f *flags) group(title string) *flagGroup {
	g := &flagGroup{title: title, fs: f.FlagSet}
	f.groups = append(f.groups, g)
	return g
}

func (g *flagGroup) String(name, value, usage string) *string {
	g.names = append(g.names, name)
	return g.fs.String(name, value, usage)
}

func (g *flagGroup) Bool(name string, value bool, usage string) *bool {
	g.names = append(g.names, name)
	return g.fs.Bool(name, value, usage)
}

func (g *flagGroup) Int(name string, value int, usage string) *int {
	g.names = append(g.names, name)
	return g.fs.Int(name, value, usage)
}

func (g *flagGroup) Duration(name string, value time.Duration, usage string) *time.Duration {
	g.names = append(g.names, name)
	return g.fs.Duration(name, value, usage)
}

// envName is the environment variable that sets a flag: VPNSQL_ and the
// name in capitals, dashes as underscores.
func envName(flagName string) string {
	return "VPNSQL_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parse parses args, then fills every flag not given on the command line
// from its environment variable. --help prints the usage on stdout and
// returns flag.ErrHelp (exit 0); a bad command line prints the error and
// the usage on stderr and returns errUsage (exit 2).
func (f *flags) parse(args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			f.usage(os.Stdout)
			return flag.ErrHelp
		}
		fmt.Fprintln(os.Stderr, "vpnsql "+f.command+":", err)
		f.usage(os.Stderr)
		return errUsage
	}
	if f.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "vpnsql %s: unexpected argument %q\n", f.command, f.Arg(0))
		f.usage(os.Stderr)
		return errUsage
	}
	set := map[string]bool{}
	f.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	var err error
	f.VisitAll(func(fl *flag.Flag) {
		if set[fl.Name] || err != nil {
			return
		}
		env := envName(fl.Name)
		if v, ok := os.LookupEnv(env); ok {
			if e := fl.Value.Set(v); e != nil {
				err = fmt.Errorf("%s=%q: %w", env, v, e)
			}
			set[fl.Name] = true
		}
	})
	f.given = set
	return err
}

// isGiven reports whether a flag was set on the command line or in the
// environment, so that it wins over the config file.
func (f *flags) isGiven(name string) bool { return f.given[name] }

// usage writes the command's --help: every flag by group, with its
// argument, meaning, environment variable and default.
func (f *flags) usage(w io.Writer) {
	fmt.Fprintf(w, "usage: vpnsql %s [flags]\n\n%s\n", f.command, f.summary)
	f.writeFlags(w)
	fmt.Fprint(w, f.epilog)
}

func (f *flags) writeFlags(w io.Writer) {
	for _, g := range f.groups {
		fmt.Fprintf(w, "\n%s:\n", g.title)
		tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
		for _, name := range g.names {
			fl := f.Lookup(name)
			arg, usage := flag.UnquoteUsage(fl)
			left := "  --" + name
			if arg != "" {
				left += " " + arg
			}
			def := ""
			if fl.DefValue != "" && fl.DefValue != "false" && fl.DefValue != "0" && fl.DefValue != "0s" {
				def = ", default " + fl.DefValue
			}
			fmt.Fprintf(tw, "%s\t%s (%s%s)\n", left, usage, envName(name), def)
		}
		tw.Flush()
	}
}
