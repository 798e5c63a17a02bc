// Package pgtest starts a throwaway PostgreSQL 15 cluster: the oracle that
// the catalog generator reads its facts from and that differential tests
// compare vpnsql against.
//
// The cluster is made as DESIGN.md's reference says: initdb -E UTF8
// --locale=C.UTF-8, trust authentication, autovacuum off (so statistics
// stay as created), listening on 127.0.0.1 on a free port. initdb refuses
// to run as root, so as root every server command runs as the postgres
// user (runuser -u postgres) on a directory that user owns. The plpgsql
// extension is dropped, as vpnsql has no procedural language.
package pgtest

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
)

// DefaultBinDir is where Debian installs PostgreSQL 15; PG_BINDIR overrides it.
const DefaultBinDir = "/usr/lib/postgresql/15/bin"

// Cluster is a running PostgreSQL server in a temporary directory.
type Cluster struct {
	Dir  string // temporary directory holding data/ and the log
	Port int
	bin  string
	asPG bool // commands run through runuser -u postgres
}

// BinDir returns the directory of the PostgreSQL 15 server binaries.
func BinDir() string {
	if d := os.Getenv("PG_BINDIR"); d != "" {
		return d
	}
	return DefaultBinDir
}

// Available reports why a cluster cannot be started here ("" if it can).
func Available() string {
	if _, err := os.Stat(filepath.Join(BinDir(), "initdb")); err != nil {
		return "PostgreSQL 15 server binaries not found in " + BinDir() + " (apt-get install postgresql-15)"
	}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			return "running as root and there is no postgres user to run initdb as"
		}
		if _, err := exec.LookPath("runuser"); err != nil {
			return "running as root and runuser is missing"
		}
	}
	return ""
}

// Start initialises and starts a cluster. Call Stop when done.
func Start() (*Cluster, error) {
	if why := Available(); why != "" {
		return nil, fmt.Errorf("pgtest: %s", why)
	}
	dir, err := os.MkdirTemp("", "vpnsql-pg15-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: dir, bin: BinDir(), asPG: os.Geteuid() == 0}
	if c.asPG {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := c.run("initdb", "-D", data, "-E", "UTF8", "--locale=C.UTF-8", "-A", "trust", "-U", "postgres", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: initdb: %v\n%s", err, out)
	}
	// Another process may take the port between probing and binding it;
	// try a few.
	for attempt := 0; attempt < 5; attempt++ {
		if c.Port, err = freePort(); err != nil {
			break
		}
		opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c autovacuum=off -c fsync=off", c.Port, dir)
		var out string
		out, err = c.run("pg_ctl", "-D", data, "-l", filepath.Join(dir, "log"), "-w", "-t", "60", "-o", opts, "start")
		if err == nil {
			if err = c.dropPLpgSQL(); err != nil {
				c.Stop()
				return nil, err
			}
			return c, nil
		}
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		err = fmt.Errorf("pgtest: pg_ctl start: %v\n%s\n%s", err, out, log)
		if !strings.Contains(string(log), "already in use") {
			break
		}
	}
	os.RemoveAll(dir)
	return nil, err
}

// dropPLpgSQL removes the plpgsql extension (and so its language) from
// template1, which later databases copy, and from postgres: vpnsql has
// no procedural language, and a client asking pg_language whether it may
// send a DO block must learn the same from both (docs/catalog.md).
func (c *Cluster) dropPLpgSQL() error {
	for _, db := range []string{"template1", "postgres"} {
		out, err := c.run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", c.Dir, "-p", strconv.Itoa(c.Port),
			"-U", "postgres", "-d", db, "-c", "DROP EXTENSION plpgsql")
		if err != nil {
			return fmt.Errorf("pgtest: DROP EXTENSION plpgsql in %s: %v\n%s", db, err, out)
		}
	}
	return nil
}

// URL is a connection string for a database of the cluster, as user postgres.
func (c *Cluster) URL(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.Port, db)
}

// Stop shuts the server down and removes its files.
func (c *Cluster) Stop() {
	c.run("pg_ctl", "-D", filepath.Join(c.Dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(c.Dir)
}

func (c *Cluster) run(name string, args ...string) (string, error) {
	path := filepath.Join(c.bin, name)
	var cmd *exec.Cmd
	if c.asPG {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.Dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
