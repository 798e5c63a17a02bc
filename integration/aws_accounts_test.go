package integration

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// With no account reachable, serve refuses to start and names each
// account with its reason.
func TestServe_RefusesWhenNoAccountAnswers(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close() // nothing listens there: every call is refused
	dir := t.TempDir()
	awsConfig := filepath.Join(dir, "aws-config")
	os.WriteFile(awsConfig, []byte("[profile central]\naws_access_key_id = AKIDCENTRAL\naws_secret_access_key = x\nregion = us-east-1\n"), 0o600)
	cfg := filepath.Join(dir, "vpnsql.json")
	os.WriteFile(cfg, []byte(`{"auth": "trust", "aws": {"regions": ["us-east-1"], "accounts": [
		{"name": "network", "profile": "central"},
		{"name": "prod", "role_arn": "arn:aws:iam::210987654321:role/vpnsql-read", "source_profile": "central"}]}}`), 0o600)
	cmd := exec.Command(binary, "serve", "--listen", "127.0.0.1:0", "--config", cfg, "--retry-max-attempts", "1")
	cmd.Env = append(os.Environ(), "AWS_ENDPOINT_URL="+dead, "AWS_CONFIG_FILE="+awsConfig, "AWS_SHARED_CREDENTIALS_FILE=/dev/null",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_PROFILE=", "AWS_REGION=")
	out, err := cmd.CombinedOutput()
	if err == nil || cmd.ProcessState.ExitCode() != 1 {
		t.Fatalf("serve started or exited %v:\n%s", err, out)
	}
	for _, want := range []string{"no AWS account could be reached", "account network: sts GetCallerIdentity", "account prod (210987654321): assuming the role"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// The demo plays two accounts, one reached through AssumeRole.
func TestDemo_TwoAccounts(t *testing.T) {
	ctx := testContext(t)
	conn, err := pgx.Connect(ctx, startDemo(t))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(context.Background(), `SELECT s.account, s."accountId", count(DISTINCT v.region)
		FROM vpnsql.sources s JOIN vpn_connections v ON v."accountId" = s."accountId" AND v.region = s.region GROUP BY 1, 2 ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]any
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0][0] != "demo" || got[1][0] != "demo-role" || got[1][1] != "210987654321" || got[1][2] != int64(3) {
		t.Errorf("accounts: %v", got)
	}
}

// STS calls are listed in vpnsql.api_calls and counted in the metrics
// like EC2 calls: a server reading two accounts, the default chain's
// (GetCallerIdentity) and one through a role (AssumeRole). The readiness
// probe (admin) makes GetCallerIdentity calls of its own: they are listed
// too, so the test asks for at least one of each.
func TestServe_STSCallsListedAndCounted(t *testing.T) {
	simURL := start(t, nil, simReady, "sim", "--listen", "127.0.0.1:0")
	cfg := filepath.Join(t.TempDir(), "vpnsql.json")
	os.WriteFile(cfg, []byte(`{"auth": "trust", "users": {"ops": {"password": "ops-pw", "role": "read"}}, "aws": {"accounts": [
		{"name": "main"}, {"name": "member", "role_arn": "arn:aws:iam::210987654321:role/vpnsql-read"}]}}`), 0o600)
	s := startOpsServer(t, simURL, "--config", cfg, "--admin-listen", "127.0.0.1:0")
	ctx := testContext(t)
	conn, err := pgx.Connect(ctx, s.url("ops", "ops-pw"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var listed []string
	if err := conn.QueryRow(ctx, `SELECT array_agg(DISTINCT action || ' ' || "accountId" || ' ' || result || ' ' || region ORDER BY 1)
		FROM vpnsql.api_calls WHERE service = 'STS'`).Scan(&listed); err != nil {
		t.Fatal(err)
	}
	want := []string{"AssumeRole 210987654321 ok us-east-1", "GetCallerIdentity 123456789012 ok us-east-1"}
	if !slices.Equal(listed, want) {
		t.Errorf("STS calls in vpnsql.api_calls: %q, want %q", listed, want)
	}
	m := s.scrape(t)
	for _, series := range []string{
		`vpnsql_api_calls_total{account="210987654321",action="AssumeRole",outcome="ok",region="us-east-1",service="STS"}`,
		`vpnsql_api_calls_total{account="123456789012",action="GetCallerIdentity",outcome="ok",region="us-east-1",service="STS"}`,
	} {
		if m[series] < 1 {
			t.Errorf("%s = %v, want at least 1", series, m[series])
		}
	}
}
