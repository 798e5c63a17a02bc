package integration

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// psqlCommands are the meta-commands and queries run through psql -X -f
// against both servers, then \d and \d+ of every resource table; each is
// preceded by an \echo of its section name.
var psqlCommands = []string{
	`\l`,
	`\dn`,
	`\dn+`,
	`\dt`,
	`\dt ec2.*`,
	`\d`,
	`\d vpn_connections_pkey`,
	`\d vpn_connections_gateway_pair_key`,
	`\dv vpnsql.*`,
	`\d vpnsql.api_calls`,
	`\d+ vpnsql.api_calls`,
	`\df ec2.*`,
	`\df+ ec2.*`,
	`\sf ec2.vpn_connection_modify`,
	`\sf+ ec2.vpn_tunnel_options_modify(text,text,jsonb,boolean)`,
	`\sf vpnsql.cache_clear`,
	`\sf lower(text)`,
	`\dv`,
	`\di`,
	`\ds`,
	`\df`,
	`\dT`,
	`\dD`,
	`\du`,
	`\dg`,
	`\dp vpn_connections`,
	`\dd`,
	`\conninfo`,
	`\x`,
	`SELECT "vpnConnectionId", state, region, tags->>'Name' AS name, options->'tunnelOptionSet'->0->>'outsideIpAddress' AS ip FROM vpn_connections ORDER BY 1 LIMIT 3;`,
	`\x`,
	`SELECT count(*), region FROM aws.ec2.vpn_connections GROUP BY region ORDER BY region;`,
	`SELECT * FROM nonexistent_table;`,
	`\copy (SELECT "vpnConnectionId", region, state, tags->>'Name' FROM vpn_connections ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER)`,
	`COPY (SELECT "vpnConnectionId", options FROM vpn_connections ORDER BY 1 LIMIT 2) TO STDOUT;`,
}

// psqlKnown are psql's known differences.
var psqlKnown = knownDiff{}

func testPsqlClient(t *testing.T, p *clientPair) {
	bin := requireTool(t, "psql")
	var script strings.Builder
	commands := psqlCommands
	for _, tbl := range resourceTables() {
		commands = append(commands, `\d `+tbl.Name(), `\d+ ec2.`+tbl.Name())
	}
	for _, c := range commands {
		name := strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(c)
		fmt.Fprintf(&script, "\\echo '## %s'\n%s\n", name, c)
	}
	file := filepath.Join(t.TempDir(), "commands.sql")
	if err := os.WriteFile(file, []byte(script.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(host string) string {
		cmd := exec.Command(bin, "-X", "-f", file, p.url(host))
		cmd.Env = append(os.Environ(), "PGCONNECT_TIMEOUT=10", "PAGER=", "PSQL_PAGER=", "COLUMNS=200")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("psql: %v\n%s", err, out)
		}
		return string(out)
	}
	ref, vpn := run(p.refHost), run(p.vpnHost)
	compareOutputs(t, p, ref, vpn, psqlKnown)
}

// psqlCompletions are typed into an interactive psql, each followed by
// two TABs; the screen is compared after psql has completed.
var psqlCompletions = []string{
	`SELECT * FROM vpn`,
	`SELECT * FROM ec2.`,
	`SELECT * FROM vpn_connections WHERE st`,
	`SELECT * FROM vpn_connections WHERE "vpnC`,
	`SELECT * FROM `,
	`\d vpn`,
	`\d cust`,
	`\dt ec2.`,
	`SELECT * FROM customer_gateways c JOIN `,
	`SELECT * FROM transit_gateways WHERE tr`,
	`ALTER TABLE vpn_connections VALIDATE CONSTRAINT `,
	`INSERT INTO vpn_connections (`,
	`UPDATE vpn_connections SET cust`,
	`SELECT * FROM information_schema.tab`,
	`SET search_`,
	`\c `,
}

var psqlTabKnown = knownDiff{}

// testPsqlTabCompletion drives psql under tmux, as a person would: each
// case starts psql in a fresh tmux session, types the text, presses TAB
// twice and captures the screen once it has stopped changing. readline
// is told to list every candidate without asking.
func testPsqlTabCompletion(t *testing.T, p *clientPair) {
	tmux := requireTool(t, "tmux")
	psqlBin := requireTool(t, "psql")
	dir := t.TempDir()
	inputrc := filepath.Join(dir, "inputrc")
	if err := os.WriteFile(inputrc, []byte("set completion-query-items 10000\nset page-completions off\nset bell-style none\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "INPUTRC="+inputrc, "PSQL_HISTORY=/dev/null", "TERM=xterm", "PAGER=")

	screen := func(host, text string, n int) string {
		// A tmux server per case: the server exits with its last session.
		session := fmt.Sprintf("c%d", n)
		socket := filepath.Join(dir, session+".sock")
		defer exec.Command(tmux, "-S", socket, "kill-server").Run()
		tm := func(args ...string) string {
			cmd := exec.Command(tmux, append([]string{"-S", socket}, args...)...)
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("tmux %v: %v\n%s", args, err, out)
			}
			return string(out)
		}
		tm("new-session", "-d", "-s", session, "-x", "160", "-y", "50",
			psqlBin+" -X '"+p.url(host)+"'")
		capture := func() string { return tm("capture-pane", "-p", "-t", session) }
		waitStable := func(what string) string {
			deadline := time.Now().Add(20 * time.Second)
			last, same := "", 0
			for time.Now().Before(deadline) {
				time.Sleep(100 * time.Millisecond)
				s := capture()
				if s == last && strings.Contains(s, "aws=>") {
					if same++; same >= 6 {
						return s
					}
				} else {
					last, same = s, 0
				}
			}
			t.Fatalf("psql's screen did not settle %s:\n%s", what, last)
			return ""
		}
		waitStable("at start")
		tm("send-keys", "-t", session, "-l", text)
		tm("send-keys", "-t", session, "Tab")
		waitStable("after the first TAB")
		tm("send-keys", "-t", session, "Tab")
		s := waitStable("after the second TAB")
		// Only the lines from the typed text on: the banner names versions.
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "aws=> ") {
				return strings.Join(lines[i:], "\n") + "\n"
			}
		}
		return s
	}
	var ref, vpn strings.Builder
	for i, text := range psqlCompletions {
		fmt.Fprintf(&ref, "## %s<TAB><TAB>\n%s", text, screen(p.refHost, text, 2*i))
		fmt.Fprintf(&vpn, "## %s<TAB><TAB>\n%s", text, screen(p.vpnHost, text, 2*i+1))
	}
	compareOutputs(t, p, ref.String(), vpn.String(), psqlTabKnown)
}
