package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestAWSConfig_Validate(t *testing.T) {
	cases := []struct {
		name, json, err string
	}{
		{"the issue's example", `{"regions": ["all"], "accounts": [
			{"name": "network", "profile": "network-admin"},
			{"name": "prod", "role_arn": "arn:aws:iam::210987654321:role/vpnsql-read", "external_id": "x", "source_profile": "network-admin"},
			{"name": "dev", "role_arn": "arn:aws:iam::123123123123:role/vpnsql-read", "regions": ["eu-west-1"]}],
			"max_parallel_per_source": 8, "max_parallel": 64}`, ""},
		{"no name", `{"accounts": [{"profile": "p"}]}`, "aws.accounts[0]: name is required"},
		{"name twice", `{"accounts": [{"name": "a"}, {"name": "a"}]}`, `aws.accounts[1]: name "a" is used twice`},
		{"profile and role", `{"accounts": [{"name": "a", "profile": "p", "role_arn": "arn:aws:iam::1:role/r"}]}`, "give profile or role_arn"},
		{"external id without role", `{"accounts": [{"name": "a", "external_id": "x"}]}`, "external_id and source_profile go with role_arn"},
		{"negative bound", `{"max_parallel": -1}`, "must not be negative"},
		{"bad backoff", `{"retry_max_backoff": "soon"}`, `aws.retry_max_backoff: "soon"`},
		{"bad retry mode", `{"retry_mode": "eager"}`, `aws.retry_mode: "eager"`},
		{"empty region", `{"regions": [""]}`, "aws.regions: empty region name"},
		{"unknown key", `{"region": ["us-east-1"]}`, `unknown field "region"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "vpnsql.json")
			os.WriteFile(path, []byte(`{"auth": "trust", "aws": `+tc.json+`}`), 0o600)
			_, err := loadConfig(path)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v, want %q", err, tc.err)
			}
		})
	}
}

// A flag given on the command line or in the environment wins over the
// file; one not given leaves the file's value.
func TestAWSSettings_FlagsOverrideFile(t *testing.T) {
	file := &awsConfig{Regions: []string{"all"}, MaxParallel: 32, MaxParallelPerSource: 4, RetryMaxAttempts: 7,
		RetryMaxBackoff: "3s", RetryMode: "standard", Accounts: []awsAccountConfig{{Name: "net", Profile: "n", Regions: []string{"eu-west-1"}}}}
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want awsSetup
	}{
		{"file only", nil, nil, awsSetup{regions: []string{"all"}, parallel: 32, perSource: 4}},
		{"command line", []string{"--regions", "us-east-1,eu-west-1", "--max-parallel", "10"}, nil,
			awsSetup{regions: []string{"us-east-1", "eu-west-1"}, parallel: 10, perSource: 4}},
		{"environment", nil, map[string]string{"VPNSQL_MAX_PARALLEL_PER_SOURCE": "2", "VPNSQL_REGIONS": "ap-south-1"},
			awsSetup{regions: []string{"ap-south-1"}, parallel: 32, perSource: 2}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"VPNSQL_REGIONS", "VPNSQL_MAX_PARALLEL", "VPNSQL_MAX_PARALLEL_PER_SOURCE", "VPNSQL_RETRY_MAX_ATTEMPTS"} {
				t.Setenv(k, "")
				os.Unsetenv(k)
			}
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			fs, o := serveFlags()
			if err := fs.parse(tc.args); err != nil {
				t.Fatal(err)
			}
			got := awsSettings(file, o, fs.isGiven)
			if !slices.Equal(got.regions, tc.want.regions) || got.parallel != tc.want.parallel || got.perSource != tc.want.perSource {
				t.Errorf("regions %v parallel %d per source %d; want %v %d %d", got.regions, got.parallel, got.perSource,
					tc.want.regions, tc.want.parallel, tc.want.perSource)
			}
			if got.client.RetryMaxAttempts != 7 || got.client.RetryMaxBackoff != 3*time.Second || got.client.RetryMode != aws.RetryModeStandard {
				t.Errorf("retry settings %+v", got.client)
			}
			if len(got.accounts) != 1 || got.accounts[0].Name != "net" || !slices.Equal(got.accounts[0].Regions, []string{"eu-west-1"}) {
				t.Errorf("accounts %+v", got.accounts)
			}
		})
	}
	// Without a file: one account, the default credential chain.
	fs, o := serveFlags()
	fs.parse([]string{"--regions", "us-east-1"})
	if got := awsSettings(nil, o, fs.isGiven); len(got.accounts) != 1 || got.accounts[0].Name != "" || !slices.Equal(got.regions, []string{"us-east-1"}) {
		t.Errorf("without a file: %+v", got)
	}
}

// serve --help lists every key of the aws section and every AWS flag.
func TestServeHelp_AWSKeys(t *testing.T) {
	fs, _ := serveFlags()
	var b bytes.Buffer
	fs.usage(&b)
	for _, k := range []string{"regions", "accounts[]", "name", "profile", "role_arn", "external_id", "source_profile",
		"max_parallel_per_source", "max_parallel", "retry_max_attempts", "retry_max_backoff", "retry_mode",
		"--max-parallel-per-source", "--retry-mode", "--regions"} {
		if !strings.Contains(b.String(), "  "+k+" ") {
			t.Errorf("serve --help lacks %s", k)
		}
	}
}
