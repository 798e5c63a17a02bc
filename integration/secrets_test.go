package integration

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awsec2 "github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/jackc/pgx/v5"

	"github.com/vpnsql/vpnsql/ec2sim"
)

// serverLogs holds the stderr and stdout of every process the suite
// started (each helper that starts one registers them), for
// checkLogsForSecrets at the end.
var serverLogs struct {
	sync.Mutex
	bufs []*lockedBuffer
	cmds []string
}

func registerLog(name string, b *lockedBuffer) {
	serverLogs.Lock()
	serverLogs.bufs = append(serverLogs.bufs, b)
	serverLogs.cmds = append(serverLogs.cmds, name)
	serverLogs.Unlock()
}

// scannedStdout registers a buffer for a process's stdout and returns
// stdout with every byte read from it also written there, so the lines a
// helper reads (the ready line) and those it discards after are both
// scanned: with --audit-log stdout the audit log is on stdout.
func scannedStdout(name string, stdout io.Reader) (io.Reader, *lockedBuffer) {
	b := &lockedBuffer{}
	registerLog(name+" (stdout)", b)
	return io.TeeReader(stdout, b), b
}

// testSecrets are secrets the tests themselves hand to vpnsql: passwords
// of config files, pre-shared keys they write and the static AWS keys. Each is distinctive enough
// that finding it in a log is a leak, not a coincidence.
var testSecrets = []string{
	"s3cret-pw", "view-pw", // auth_test.go
	"alice-reload-pw", "bob-reload-pw", "carol-reload-pw", // reload_test.go
	"leak-test-pw", psk, // TestSecretsNeverLeave
	"ops-limit-pw",            // TestLoginLimitConfig
	"ops-pw",                  // TestServe_STSCallsListedAndCounted
	"admin-secret", opsSecret, // ops_test.go: writeConfig's password, TestOpsMetricsAndAudit's pre-shared key
	"noc-scope-pw", "ops-scope-pw", "admin-scope-pw", "audit-scope-pw", // TestScopedRoles

	"vpnsql-integration-secret-key", // pushdown_test.go's AWS_SECRET_ACCESS_KEY
	"vpnsql-integration-session-token",
	"demo-secret", // the demo's static AWS secret key (cmd/vpnsql/serve.go)
}

// psk is a pre-shared key TestSecretsNeverLeave writes.
const psk = "LeakTestPsk_0123456789abcdef"

// demoPSKs are the pre-shared keys of the demo's seeded tunnels, read
// from the simulator through the SDK as vpnsql reads them.
func demoPSKs(ctx context.Context) ([]string, error) {
	sim := ec2sim.New(ec2sim.Options{Throttle: &ec2sim.ThrottleConfig{Disabled: true}})
	seed := ec2sim.DemoSeed()
	if err := sim.Seed(seed); err != nil {
		return nil, err
	}
	hs := httptest.NewServer(sim)
	defer hs.Close()
	var out []string
	for _, region := range seed.Regions {
		client := awsec2.New(awsec2.Options{Region: region, BaseEndpoint: aws.String(hs.URL),
			Credentials: credentials.NewStaticCredentialsProvider("AKIDSECRETSCAN", "scan", "")})
		res, err := client.DescribeVpnConnections(ctx, &awsec2.DescribeVpnConnectionsInput{})
		if err != nil {
			return nil, err
		}
		for _, v := range res.VpnConnections {
			if v.Options == nil {
				continue
			}
			for _, tu := range v.Options.TunnelOptions {
				if k := aws.ToString(tu.PreSharedKey); k != "" {
					out = append(out, k)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("the demo seed has no pre-shared keys: the scan would prove nothing")
	}
	return out, nil
}

// checkLogsForSecrets greps every log the suite's processes wrote for the
// known secrets; TestMain fails the run if one is found.
func checkLogsForSecrets() error {
	psks, err := demoPSKs(context.Background())
	if err != nil {
		return fmt.Errorf("listing the demo's pre-shared keys: %w", err)
	}
	secrets := append(append([]string(nil), testSecrets...), psks...)
	serverLogs.Lock()
	defer serverLogs.Unlock()
	var leaks []string
	total := 0
	for i, b := range serverLogs.bufs {
		log := b.String()
		total += len(log)
		for _, l := range leaksIn(log, secrets) {
			leaks = append(leaks, "vpnsql "+serverLogs.cmds[i]+": "+l)
		}
	}
	if len(leaks) > 0 {
		return fmt.Errorf("secrets in the logs:\n%s", strings.Join(leaks, "\n"))
	}
	if os.Getenv("VPNSQL_SECRETS_VERBOSE") != "" {
		fmt.Printf("secret scan: %d logs, %d bytes, %d secrets: none found\n", len(serverLogs.bufs), total, len(secrets))
	}
	return nil
}

// leaksIn lists each secret found in log, with the line holding it.
func leaksIn(log string, secrets []string) []string {
	var out []string
	for _, s := range secrets {
		if j := strings.Index(log, s); j >= 0 {
			line := log[strings.LastIndexByte(log[:j], '\n')+1:]
			if k := strings.IndexByte(line, '\n'); k >= 0 {
				line = line[:k]
			}
			out = append(out, fmt.Sprintf("secret %q in: %s", s, line))
		}
	}
	return out
}

// TestSecretScan: the end-of-suite scan finds a demo pre-shared key
// where a log line would hold one, so its silence means something.
func TestSecretScan(t *testing.T) {
	psks, err := demoPSKs(testContext(t))
	if err != nil {
		t.Fatal(err)
	}
	log := "level=INFO msg=ok\nlevel=INFO msg=audit parameters={\"Options\":{\"TunnelOptions\":[{\"PreSharedKey\":\"" + psks[3] + "\"}]}}\n"
	if got := leaksIn(log, psks); len(got) != 1 || !strings.Contains(got[0], "msg=audit") {
		t.Errorf("leaksIn found %q", got)
	}
	if got := leaksIn("level=INFO msg=ok\n", append(psks, testSecrets...)); len(got) != 0 {
		t.Errorf("leaksIn found %q in a clean log", got)
	}
}

// TestSecretsNeverLeave writes a pre-shared key and logs in with a wrong
// and a right password, then looks where a secret could surface inside
// the server: pg_stat_activity.query, vpnsql.api_calls (parameters and
// statement) and error messages. The logs are checked at the end of the
// suite (checkLogsForSecrets).
func TestSecretsNeverLeave(t *testing.T) {
	t.Parallel()
	cfg := t.TempDir() + "/vpnsql.json"
	if err := os.WriteFile(cfg, []byte(`{"auth": "scram-sha-256", "users": {"writer": {"password": "leak-test-pw"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	url := start(t, nil, serveReady, "serve", "--demo", "--listen", "127.0.0.1:0", "--config", cfg)
	base := strings.TrimPrefix(url, "postgres://")
	ctx := testContext(t)
	if _, err := pgx.Connect(ctx, "postgres://writer:leak-test-pw-wrong@"+base); sqlstate(err) != "28P01" {
		t.Fatalf("wrong password: %v", err)
	}
	w, err := pgx.Connect(ctx, "postgres://writer:leak-test-pw@"+base)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close(ctx)
	other, err := pgx.Connect(ctx, "postgres://writer:leak-test-pw@"+base)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)

	// A malformed literal around the key: the error must not quote it.
	_, err = w.Exec(ctx, `SELECT '{"preSharedKey": "`+psk+`"'::jsonb`)
	if err == nil || strings.Contains(err.Error(), psk) {
		t.Errorf("malformed jsonb with a key: %v", err)
	}
	// A customer gateway and a VPN gateway of one region that no
	// connection pairs yet, so the INSERT reaches the API.
	var cgw, vgw, region string
	if err := w.QueryRow(ctx, `SELECT a."customerGatewayId", b."vpnGatewayId", a.region FROM vpn_connections a, vpn_connections b
		WHERE a.region = b.region AND b."vpnGatewayId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM vpn_connections v
			WHERE v."customerGatewayId" = a."customerGatewayId" AND v."vpnGatewayId" = b."vpnGatewayId")
		ORDER BY 1, 2 LIMIT 1`).Scan(&cgw, &vgw, &region); err != nil {
		t.Fatal(err)
	}
	opts := `{"staticRoutesOnly": true, "tunnelOptions": [{"preSharedKey": "` + psk + `"}, {"preSharedKey": "` + psk + `"}]}`
	insert := fmt.Sprintf(`INSERT INTO vpn_connections (region, "customerGatewayId", "vpnGatewayId", type, options) VALUES ('%s', '%s', '%s', 'ipsec.1', '%s') RETURNING "vpnConnectionId"`, region, cgw, vgw, opts)
	var id string
	if err := w.QueryRow(ctx, insert).Scan(&id); err != nil {
		t.Fatalf("INSERT: %v", err)
	}
	var leaks []string
	rows, err := other.Query(ctx, `SELECT coalesce(query, '') FROM pg_stat_activity
		UNION ALL SELECT coalesce(parameters::text, '') || ' ' || coalesce(statement, '') || ' ' || coalesce("errorMessage", '') FROM vpnsql.api_calls`)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		n++
		if strings.Contains(s, psk) || strings.Contains(s, "leak-test-pw") {
			leaks = append(leaks, s)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(leaks) > 0 {
		t.Errorf("secrets in pg_stat_activity or vpnsql.api_calls:\n%s", strings.Join(leaks, "\n"))
	}
	var created string
	if err := other.QueryRow(ctx, `SELECT coalesce(string_agg(parameters::text, ' '), '') FROM vpnsql.api_calls WHERE action = 'CreateVpnConnection'`).Scan(&created); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(created, "<redacted>") {
		t.Errorf("no CreateVpnConnection with a redacted key in vpnsql.api_calls: %q", created)
	}
	var shown string
	if err := other.QueryRow(ctx, `SELECT query FROM pg_stat_activity WHERE query LIKE 'INSERT%'`).Scan(&shown); err != nil {
		t.Errorf("the writer's last statement is not in pg_stat_activity: %v", err)
	}
	t.Logf("%d rows of pg_stat_activity and vpnsql.api_calls checked; the writer's statement shows as %q", n, shown)
}
