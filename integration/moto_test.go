package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// moto's EC2 server is the second opinion on EC2 behaviour: the read and
// write scenarios below run against it and against ec2sim, and vpnsql's
// answers must equal boto3's against the same server. moto 5.2.1 is
// installed for the pyenv Python 3.11 on these machines, not for
// /usr/bin/python3 (no package registry here serves it).

// motoPython finds the Python with moto: VPNSQL_MOTO_PYTHON, else pyenv's
// 3.11. A machine without it fails the test, saying where it looked.
func motoPython(t *testing.T) string {
	t.Helper()
	var candidates []string
	if p := os.Getenv("VPNSQL_MOTO_PYTHON"); p != "" {
		candidates = append(candidates, p)
	}
	root := os.Getenv("PYENV_ROOT")
	if root == "" {
		home, _ := os.UserHomeDir()
		root = filepath.Join(home, ".pyenv")
	}
	found, _ := filepath.Glob(filepath.Join(root, "versions", "3.11*", "bin", "python3"))
	slices.Sort(found)
	slices.Reverse(found)
	candidates = append(candidates, found...)
	for _, py := range candidates {
		out, err := exec.Command(py, "-c", "import moto, boto3; print(moto.__version__)").Output()
		if err == nil && strings.TrimSpace(string(out)) == "5.2.1" {
			return py
		}
	}
	t.Fatalf("moto 5.2.1 is not installed for a pyenv Python 3.11 (looked at %v, and VPNSQL_MOTO_PYTHON): "+
		"install it with $(pyenv root)/versions/3.11.x/bin/pip install 'moto[server]==5.2.1' boto3, or set VPNSQL_MOTO_PYTHON", candidates)
	return ""
}

// startMoto runs `python -m moto.server` on a free loopback port and
// returns its URL; it is stopped when the test ends.
func startMoto(t *testing.T, py string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(py, "-m", "moto.server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	cmd.Env = append(os.Environ(), "AWS_EC2_METADATA_DISABLED=true")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url + "/moto-api/"); err == nil {
			resp.Body.Close()
			return url
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("moto did not start on %s", url)
	return ""
}

type walkedVPN struct {
	Region string `json:"region"`
	ID     string `json:"id"`
	State  string `json:"state"`
	CGW    string `json:"cgw"`
	Name   string `json:"name"`
}

type seeded map[string]struct{ VPN, CGW, VGW string }

// boto3 runs testdata/moto/ec2.py against url and decodes its JSON.
func boto3(t *testing.T, py, url string, out any, args ...string) {
	t.Helper()
	cmd := exec.Command(py, append([]string{"testdata/moto/ec2.py", args[0], url}, args[1:]...)...)
	cmd.Env = append(os.Environ(), "AWS_EC2_METADATA_DISABLED=true", "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null")
	b, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("ec2.py %s: %v\n%s", args[0], err, ee.Stderr)
		}
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("ec2.py %s: %v: %s", args[0], err, b)
	}
}

// vpnsqlVPNs runs a query returning region, id, state, customer gateway
// and Name tag.
func vpnsqlVPNs(t *testing.T, conn *pgx.Conn, where string, args ...any) []walkedVPN {
	t.Helper()
	rows, err := conn.Query(context.Background(), `SELECT region, "vpnConnectionId", state, coalesce("customerGatewayId", ''), coalesce(tags->>'Name', '')
		FROM vpn_connections `+where+` ORDER BY 1, 2`, args...)
	if err != nil {
		t.Fatal(err)
	}
	var out []walkedVPN
	for rows.Next() {
		var v walkedVPN
		if err := rows.Scan(&v.Region, &v.ID, &v.State, &v.CGW, &v.Name); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The same read and write scenarios against moto and ec2sim: a full scan
// and a pinned id lookup equal boto3's describe against the same server
// (moto fails on the vpn-connection-id filter, so a lookup that used it
// would fail there), and an INSERT and DELETE through vpnsql are what
// boto3 then sees.
func TestSecondOpinion_Moto(t *testing.T) {
	py := motoPython(t)
	backends := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"moto", func(t *testing.T) string { return startMoto(t, py) }},
		{"ec2sim", func(t *testing.T) string {
			return start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0", "--demo-data=false")
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			url := b.url(t)
			var ids seeded
			boto3(t, py, url, &ids, "seed")
			pgURL := start(t, simEnv(url), serveReady, "serve", "--listen", "127.0.0.1:0", "--regions", "us-east-1,eu-west-1")
			ctx := testContext(t)
			conn, err := pgx.Connect(ctx, pgURL+"?options=-c%20vpnsql.cache_ttl%3D0")
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)

			var all []walkedVPN
			boto3(t, py, url, &all, "walk")
			if got := vpnsqlVPNs(t, conn, ""); !slices.Equal(got, all) || len(all) != 2 {
				t.Errorf("full scan:\nvpnsql %v\nboto3  %v", got, all)
			}
			id := ids["eu-west-1"].VPN
			var one []walkedVPN
			boto3(t, py, url, &one, "walk", id)
			if got := vpnsqlVPNs(t, conn, `WHERE "vpnConnectionId" = $1`, id); !slices.Equal(got, one) || len(one) != 1 {
				t.Errorf("pinned id lookup:\nvpnsql %v\nboto3  %v", got, one)
			}
			if got := vpnsqlVPNs(t, conn, `WHERE "vpnConnectionId" IN ($1, 'vpn-0123456789abcdef0')`, id); !slices.Equal(got, one) {
				t.Errorf("ids with an unknown one:\nvpnsql %v\nboto3  %v", got, one)
			}
			if got := vpnsqlVPNs(t, conn, `WHERE tags->>'Name' = 'second-us-east-1' AND state = 'available'`); len(got) != 1 || got[0].Region != "us-east-1" {
				t.Errorf("tag and state filters: %v", got)
			}

			// Write: INSERT, then DELETE, each seen by boto3.
			spare := ids["us-east-1"]
			var created string
			if err := conn.QueryRow(ctx, `INSERT INTO vpn_connections ("customerGatewayId", "vpnGatewayId", type, region, tags)
				VALUES ($1, $2, 'ipsec.1', 'us-east-1', '{"Name": "written"}') RETURNING "vpnConnectionId"`, spare.CGW, spare.VGW).Scan(&created); err != nil {
				t.Fatalf("INSERT: %v", err)
			}
			var after []walkedVPN
			boto3(t, py, url, &after, "walk", created)
			if len(after) != 1 || after[0].Name != "written" || after[0].CGW != spare.CGW {
				t.Errorf("boto3 after INSERT: %v", after)
			}
			if _, err := conn.Exec(ctx, `DELETE FROM vpn_connections WHERE "vpnConnectionId" = $1`, created); err != nil {
				t.Fatalf("DELETE: %v", err)
			}
			boto3(t, py, url, &after, "walk", created)
			if len(after) == 1 && after[0].State != "deleting" && after[0].State != "deleted" {
				t.Errorf("boto3 after DELETE: %v", after)
			}
			if got := vpnsqlVPNs(t, conn, `WHERE "vpnConnectionId" = $1`, created); !slices.Equal(got, after) {
				t.Errorf("after DELETE:\nvpnsql %v\nboto3  %v", got, after)
			}
		})
	}
}
