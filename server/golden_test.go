package server

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog/pgtest"
)

// Golden protocol transcripts, in the spirit of CockroachDB's pgtest:
// testdata/*.txt are scripts of frontend messages, each followed by the
// backend messages it produced. Lines starting with
//
//	send <Type> <json>   send a frontend message (pgproto3's JSON fields)
//	raw <hex>            send bytes as they are
//	until <Type>         read backend messages up to one of that type
//	closed               expect the server to close the connection
//	#                    comment
//
// are the script; every other line is output, regenerated with
// go test -run Golden -update.
//
// Every script also runs against a real PostgreSQL 15 (a throwaway
// cluster from pgtest, holding the same test table), and its transcript
// there must be the file's too: the expectation is PostgreSQL's
// behaviour, not only vpnsql's. -update rewrites the files from vpnsql's
// output and still fails where PostgreSQL says otherwise. The reference
// table:
//
//	CREATE SCHEMA ec2;
//	CREATE TABLE ec2.things (id text NOT NULL PRIMARY KEY, n int8, data jsonb, at timestamptz);
//	INSERT INTO ec2.things SELECT 'vpn-' || i, i, jsonb_build_object('n', i),
//	    timestamptz '2024-01-02 03:04:05+00' + (i - 1) * interval '1 hour' FROM generate_series(1, 5) i;
var update = flag.Bool("update", false, "rewrite testdata/*.txt golden transcripts")

// goldenReference is the reference table of the scripts, made in the
// postgres database whose search_path finds it as vpnsql's catalog does.
const goldenReference = `CREATE SCHEMA ec2;
CREATE TABLE ec2.things (id text NOT NULL PRIMARY KEY, n int8, data jsonb, at timestamptz);
INSERT INTO ec2.things SELECT 'vpn-' || i, i, jsonb_build_object('n', i),
    timestamptz '2024-01-02 03:04:05+00' + (i - 1) * interval '1 hour' FROM generate_series(1, 5) i;
ALTER DATABASE postgres SET search_path = ec2, public`

func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	pg := startGoldenReference(t)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := runScript(t, startServer(t, Config{}).start(t, nil), string(want))
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				want = []byte(got)
			} else if got != string(want) {
				t.Errorf("vpnsql's transcript differs (go test -run Golden -update to accept):\n%s", diffLines(string(want), got))
			}
			if ref := runScript(t, startPG(t, pg), string(want)); ref != string(want) {
				t.Errorf("PostgreSQL 15's transcript differs from the file: the expectation is wrong\n%s\nPostgreSQL's transcript:\n%s", diffLines(string(want), ref), ref)
			}
		})
	}
}

// startGoldenReference starts a PostgreSQL 15 cluster holding the
// reference table and returns its address.
func startGoldenReference(t *testing.T) string {
	if why := pgtest.Available(); why != "" {
		t.Fatalf("the golden transcripts are checked against PostgreSQL 15: %s", why)
	}
	cluster, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cluster.Stop)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgconn.Connect(ctx, cluster.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, goldenReference).ReadAll(); err != nil {
		t.Fatalf("reference table: %v", err)
	}
	return fmt.Sprintf("127.0.0.1:%d", cluster.Port)
}

// startPG connects to the reference PostgreSQL as postgres.
func startPG(t *testing.T, addr string) *fe {
	nc, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	nc.SetDeadline(time.Now().Add(30 * time.Second))
	t.Cleanup(func() { nc.Close() })
	c := &fe{t: t, nc: nc, f: pgproto3.NewFrontend(nc, nc)}
	c.send(&pgproto3.StartupMessage{ProtocolVersion: pgproto3.ProtocolVersion30, Parameters: map[string]string{"user": "postgres", "database": "postgres"}})
	c.until("ReadyForQuery")
	return c
}

func isDirective(line string) bool {
	for _, p := range []string{"send ", "raw ", "until ", "closed", "#"} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	return strings.TrimSpace(line) == ""
}

// runScript runs the directives of script and returns the script with
// fresh output.
func runScript(t *testing.T, c *fe, script string) string {
	var out strings.Builder
	for _, line := range strings.Split(strings.TrimRight(script, "\n"), "\n") {
		if !isDirective(line) {
			continue // old output
		}
		out.WriteString(line + "\n")
		switch {
		case strings.HasPrefix(line, "send "):
			c.send(parseFrontend(t, strings.TrimPrefix(line, "send ")))
		case strings.HasPrefix(line, "raw "):
			b, err := hex.DecodeString(strings.ReplaceAll(strings.TrimPrefix(line, "raw "), " ", ""))
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			c.sendRaw(b)
		case strings.HasPrefix(line, "until "):
			name := strings.TrimSpace(strings.TrimPrefix(line, "until "))
			for {
				m, err := c.f.Receive()
				if err != nil {
					out.WriteString(fmt.Sprintf("(receive failed: %v)\n", err))
					t.Errorf("%s: %v", line, err)
					return out.String()
				}
				out.WriteString(render(m) + "\n")
				if msgName(m) == name {
					break
				}
			}
		case line == "closed":
			if !c.closed() {
				t.Errorf("connection still open")
			}
		}
	}
	return out.String()
}

func parseFrontend(t *testing.T, s string) pgproto3.FrontendMessage {
	name, body, _ := strings.Cut(s, " ")
	var m pgproto3.FrontendMessage
	switch name {
	case "Query":
		m = &pgproto3.Query{}
	case "Parse":
		m = &pgproto3.Parse{}
	case "Bind":
		m = &pgproto3.Bind{}
	case "Describe":
		m = &pgproto3.Describe{}
	case "Execute":
		m = &pgproto3.Execute{}
	case "Close":
		m = &pgproto3.Close{}
	case "Sync":
		return &pgproto3.Sync{}
	case "Flush":
		return &pgproto3.Flush{}
	case "Terminate":
		return &pgproto3.Terminate{}
	default:
		t.Fatalf("unknown frontend message %q", name)
	}
	if err := json.Unmarshal([]byte(body), m); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return m
}

// diffLines shows the first differing lines.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant: %s\n got: %s", i+1, wl, gl)
		}
	}
	return ""
}
