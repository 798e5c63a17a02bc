package containers

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"
	"github.com/testcontainers/testcontainers-go/network"
	"github.com/testcontainers/testcontainers-go/wait"
	"go.yaml.in/yaml/v3"
)

// The parts of deploy/compose.yaml the test reads.
type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Command     []string          `yaml:"command"`
		Environment map[string]string `yaml:"environment"`
		Volumes     []string          `yaml:"volumes"`
		ReadOnly    bool              `yaml:"read_only"`
		CapDrop     []string          `yaml:"cap_drop"`
	} `yaml:"services"`
}

type grafanaDatasources struct {
	Datasources []struct {
		Name, UID, Type, URL, User string
		JSONData                   struct{ Database, Sslmode string } `yaml:"jsonData"`
		SecureJSONData             struct{ Password string }          `yaml:"secureJsonData"`
	} `yaml:"datasources"`
}

type grafanaDashboard struct {
	Panels []struct {
		Title      string
		Datasource struct{ UID string }
		Targets    []struct{ RawSQL string }
	}
}

func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestCompose starts deploy/compose.yaml's services as compose would,
// without Grafana (no Grafana image can be fetched here): ec2sim and
// vpnsql from the test image with the file's command, environment,
// mounted config, read-only root and dropped capabilities, on one
// network under their service names. Grafana's provisioning is checked
// statically (it names vpnsql's service, port, database and a configured
// read-only user) and every dashboard panel's SQL runs, as Grafana's
// user, from a psql client container.
func TestCompose(t *testing.T) {
	const dir = "../../deploy"
	var compose composeFile
	readYAML(t, filepath.Join(dir, "compose.yaml"), &compose)
	var ds grafanaDatasources
	readYAML(t, filepath.Join(dir, "grafana/provisioning/datasources/vpnsql.yaml"), &ds)
	var provider struct {
		Providers []struct{ Options struct{ Path string } } `yaml:"providers"`
	}
	readYAML(t, filepath.Join(dir, "grafana/provisioning/dashboards/vpnsql.yaml"), &provider)
	var dash grafanaDashboard
	raw, err := os.ReadFile(filepath.Join(dir, "grafana/dashboards/vpn.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatalf("vpn.json: %v", err)
	}
	var config struct {
		Users map[string]struct{ Password, Role string }
	}
	raw, err = os.ReadFile(filepath.Join(dir, "vpnsql-config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &config); err != nil {
		t.Fatalf("vpnsql-config.json: %v", err)
	}

	// Static: Grafana's files agree with compose and vpnsql's config.
	if len(ds.Datasources) != 1 {
		t.Fatalf("want one data source, got %d", len(ds.Datasources))
	}
	src := ds.Datasources[0]
	host, port, err := net.SplitHostPort(src.URL)
	if err != nil {
		t.Fatalf("data source url %q: %v", src.URL, err)
	}
	if _, ok := compose.Services[host]; !ok || host != "vpnsql" || port != "5432" {
		t.Errorf("the data source points at %s, want the vpnsql service on 5432", src.URL)
	}
	if src.Type != "grafana-postgresql-datasource" || src.JSONData.Database != "aws" {
		t.Errorf("data source type %q database %q, want grafana-postgresql-datasource and aws", src.Type, src.JSONData.Database)
	}
	if u, ok := config.Users[src.User]; !ok || u.Password != src.SecureJSONData.Password || u.Role != "read" {
		t.Errorf("data source user %q is not a read-only user of vpnsql-config.json with that password", src.User)
	}
	grafana, ok := compose.Services["grafana"]
	if !ok {
		t.Fatal("compose.yaml has no grafana service")
	}
	if len(provider.Providers) != 1 || !mounts(grafana.Volumes, "./grafana/dashboards", provider.Providers[0].Options.Path) ||
		!mounts(grafana.Volumes, "./grafana/provisioning", "/etc/grafana/provisioning") {
		t.Errorf("grafana's volumes %v do not mount the provisioning and the dashboards where the provider (%+v) looks", grafana.Volumes, provider.Providers)
	}
	var script strings.Builder
	script.WriteString("\\set ON_ERROR_STOP on\n")
	for _, p := range dash.Panels {
		if p.Datasource.UID != src.UID || len(p.Targets) == 0 {
			t.Errorf("panel %q: data source %q and %d queries, want %q", p.Title, p.Datasource.UID, len(p.Targets), src.UID)
		}
		for _, q := range p.Targets {
			fmt.Fprintf(&script, "\\echo panel %s\n%s;\n", p.Title, q.RawSQL)
		}
	}
	script.WriteString("\\echo panels done\n")

	// Dynamic: the services, then the panels' SQL from a client.
	ctx := testContext(t, 3*time.Minute)
	nw := newNetwork(t, ctx)
	for _, name := range []string{"ec2sim", "vpnsql"} {
		svc := compose.Services[name]
		opts := []testcontainers.ContainerCustomizer{
			testcontainers.WithCmd(svc.Command...),
			testcontainers.WithEnv(svc.Environment),
			network.WithNetwork([]string{name}, nw),
			testcontainers.WithHostConfigModifier(func(hc *container.HostConfig) {
				hc.ReadonlyRootfs, hc.CapDrop = svc.ReadOnly, svc.CapDrop
			}),
		}
		for _, v := range svc.Volumes {
			hostPath, ctrPath, _ := strings.Cut(v, ":")
			ctrPath, _, _ = strings.Cut(ctrPath, ":")
			opts = append(opts, testcontainers.WithFiles(testcontainers.ContainerFile{
				HostFilePath: filepath.Join(dir, hostPath), ContainerFilePath: ctrPath, FileMode: 0o644}))
		}
		if name == "vpnsql" {
			opts = append(opts, testcontainers.WithExposedPorts("5432/tcp"), testcontainers.WithWaitStrategy(
				wait.ForExec([]string{"/usr/local/bin/vpnsql", "health"}).WithStartupTimeout(60*time.Second)))
		} else {
			opts = append(opts, testcontainers.WithExposedPorts("4510/tcp"),
				testcontainers.WithWaitStrategy(wait.ForListeningPort("4510/tcp")))
		}
		ctr, err := testcontainers.Run(ctx, vpnsqlImage, opts...)
		if ctr != nil {
			terminate(t, ctr)
		}
		if err != nil {
			t.Fatalf("service %s: %v", name, err)
		}
	}
	url := fmt.Sprintf("postgres://%s:%s@%s/%s?sslmode=%s", src.User, src.SecureJSONData.Password, src.URL, src.JSONData.Database, src.JSONData.Sslmode)
	out := runClient(t, ctx, nw, script.String(), url)
	if !strings.Contains(out, "panels done") {
		t.Errorf("the panels' SQL did not all run:\n%s", out)
	}
	// Every panel shows something on the demo data.
	rows := map[string]int{}
	current := ""
	for _, line := range strings.Split(out, "\n") {
		if title, ok := strings.CutPrefix(line, "panel "); ok {
			current = title
		} else if current != "" && line != "" && line != "panels done" {
			rows[current]++
		}
	}
	for _, p := range dash.Panels {
		if rows[p.Title] == 0 {
			t.Errorf("panel %q returned no rows", p.Title)
		}
	}
	t.Logf("panels:\n%s", out)
}

// mounts reports whether volumes mounts host on ctr.
func mounts(volumes []string, host, ctr string) bool {
	for _, v := range volumes {
		parts := strings.Split(v, ":")
		if len(parts) >= 2 && parts[0] == host && parts[1] == ctr {
			return true
		}
	}
	return false
}
