package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// psql runs the psql binary against url with the given arguments and
// returns its output, unaligned with | separators and no footer.
func psql(t *testing.T, url string, args ...string) string {
	t.Helper()
	bin := requireTool(t, "psql")
	full := append([]string{url, "-X", "-A", "-F", "|", "-v", "ON_ERROR_STOP=1"}, args...)
	cmd := exec.Command(bin, full...)
	cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("psql %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func TestPsqlReadsDemoRows(t *testing.T) {
	t.Parallel()
	url := startDemo(t)
	out := psql(t, url, "-c", `SELECT "vpnConnectionId", state, region FROM vpn_connections ORDER BY region, 1`)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "vpnConnectionId|state|region" {
		t.Fatalf("header = %q", lines[0])
	}
	rows := lines[1 : len(lines)-1]
	want := "(" + strconv.Itoa(len(rows)) + " rows)"
	if len(rows) == 1 {
		want = "(1 row)"
	}
	if footer := lines[len(lines)-1]; footer != want {
		t.Errorf("footer = %q for %d rows", footer, len(rows))
	}
	regions := map[string]int{}
	for _, r := range rows {
		f := strings.Split(r, "|")
		if len(f) != 3 || !strings.HasPrefix(f[0], "vpn-") || f[1] == "" {
			t.Fatalf("bad row %q", r)
		}
		regions[f[2]]++
	}
	for _, want := range []string{"ap-southeast-2", "eu-west-1", "us-east-1"} {
		if regions[want] == 0 {
			t.Errorf("no demo rows in %s (got %v)", want, regions)
		}
	}
	if !sort.SliceIsSorted(rows, func(i, j int) bool {
		a, b := strings.Split(rows[i], "|"), strings.Split(rows[j], "|")
		return a[2] < b[2] || (a[2] == b[2] && a[0] < b[0])
	}) {
		t.Errorf("rows not in ORDER BY order:\n%s", strings.Join(rows, "\n"))
	}
}

func TestPsqlFileWithSeveralStatements(t *testing.T) {
	t.Parallel()
	url := startDemo(t)
	file := filepath.Join(t.TempDir(), "q.sql")
	sql := `-- names match ignoring case and underscores; three-part names work
SELECT count(*) AS n FROM aws.ec2.vpn_connections WHERE region = 'eu-west-1';
SELECT vpn_connection_id FROM vpn_connections WHERE vpnconnectionid = 'vpn-does-not-exist';
SELECT nosuchcolumn FROM vpn_connections;
`
	if err := os.WriteFile(file, []byte(sql), 0o600); err != nil {
		t.Fatal(err)
	}
	bin := requireTool(t, "psql")
	out, err := exec.Command(bin, url, "-X", "-A", "-F", "|", "-f", file).CombinedOutput()
	if err != nil {
		t.Fatalf("psql -f: %v\n%s", err, out)
	}
	got := string(out)
	for _, want := range []string{
		"n\n",
		"vpnConnectionId\n(0 rows)",
		`ERROR:  column "nosuchcolumn" does not exist`,
		"LINE 1: SELECT nosuchcolumn FROM vpn_connections;",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
}

func TestPgxSimpleAndExtended(t *testing.T) {
	t.Parallel()
	url := startDemo(t)
	for _, mode := range []pgx.QueryExecMode{pgx.QueryExecModeCacheStatement, pgx.QueryExecModeExec, pgx.QueryExecModeSimpleProtocol} {
		t.Run(mode.String(), func(t *testing.T) {
			ctx := testContext(t)
			cfg, err := pgx.ParseConfig(url)
			if err != nil {
				t.Fatal(err)
			}
			cfg.DefaultQueryExecMode = mode
			conn, err := pgx.ConnectConfig(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(ctx)

			rows, err := conn.Query(ctx, `SELECT "vpnConnectionId", region, options, "vgwTelemetry" FROM vpn_connections WHERE region = $1 ORDER BY 1`, "us-east-1")
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, fd := range rows.FieldDescriptions() {
				names = append(names, fd.Name)
			}
			if strings.Join(names, ",") != "vpnConnectionId,region,options,vgwTelemetry" {
				t.Errorf("columns = %v", names)
			}
			n := 0
			for rows.Next() {
				var id, region string
				var options map[string]any
				var telemetry []map[string]any
				if err := rows.Scan(&id, &region, &options, &telemetry); err != nil {
					t.Fatal(err)
				}
				n++
				if region != "us-east-1" || !strings.HasPrefix(id, "vpn-") {
					t.Errorf("row %s %s", id, region)
				}
				if tunnels, _ := options["tunnelOptionSet"].([]any); len(tunnels) != 2 {
					t.Errorf("%s: tunnelOptionSet = %v", id, options["tunnelOptionSet"])
				}
				if len(telemetry) != 2 {
					t.Errorf("%s: vgwTelemetry = %v", id, telemetry)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Fatal("no rows in us-east-1")
			}

			// An error leaves the session usable.
			if _, err := conn.Exec(ctx, `SELECT "noSuchColumn" FROM vpn_connections`); err == nil || !strings.Contains(err.Error(), "42703") {
				t.Errorf("unknown column: %v", err)
			}
			var count int64
			if err := conn.QueryRow(ctx, `SELECT count(*) FROM vpn_connections WHERE state = 'available'`).Scan(&count); err != nil || count == 0 {
				t.Errorf("count after error = %d, %v", count, err)
			}
		})
	}
}

// TestStatActivityListsSessions: pg_stat_activity shows every live
// session with its application_name and running query.
func TestStatActivityListsSessions(t *testing.T) {
	t.Parallel()
	url := startDemo(t)
	ctx := testContext(t)
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["application_name"] = "sleeper"
	sleeper, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer sleeper.Close(ctx)
	done := make(chan error, 1)
	go func() { _, err := sleeper.Exec(ctx, "SELECT pg_sleep(2)"); done <- err }()

	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	deadline := time.Now().Add(5 * time.Second)
	for {
		var query, state string
		err := conn.QueryRow(ctx, "SELECT query, state FROM pg_stat_activity WHERE application_name = 'sleeper'").Scan(&query, &state)
		if err == nil && query == "SELECT pg_sleep(2)" && state == "active" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("sleeper never seen active: %q %q %v", query, state, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
