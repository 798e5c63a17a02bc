package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vpnsql/vpnsql/server"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// passwd reads a password from standard input and prints its
// SCRAM-SHA-256 verifier, the form the config file stores.
func passwd(args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("passwd takes no arguments; it reads the password from standard input")
	}
	fmt.Fprint(os.Stderr, "password: ")
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return errors.New("empty password")
	}
	v, err := server.SCRAMVerifier(pw)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr)
	fmt.Println(v)
	return nil
}

// checkConfig validates a config file and reports what it declares.
func checkConfig(args []string) error {
	if len(args) != 1 {
		return errors.New("usage: vpnsql check-config FILE")
	}
	cfg, err := loadConfig(args[0])
	if err != nil {
		return err
	}
	fmt.Print(configSummary(args[0], cfg))
	return nil
}

// configSummary is what check-config prints: the file's users and its
// aws section, without secrets.
func configSummary(path string, cfg *fileConfig) string {
	var b strings.Builder
	scoped := 0
	for _, u := range cfg.Users {
		if u.Accounts != nil || u.Regions != nil {
			scoped++
		}
	}
	fmt.Fprintf(&b, "%s: auth %s, %d user(s), %d read-only, %d scoped to accounts or regions\n", path, cfg.method(), len(cfg.Users), len(cfg.readOnlyUsers()), scoped)
	for _, l := range cfg.AWS.summary() {
		b.WriteString(l + "\n")
	}
	return b.String()
}
