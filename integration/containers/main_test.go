package containers

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"github.com/testcontainers/testcontainers-go"
)

// The images every test uses, built once per run in TestMain. They are
// kept, so the next run reuses Podman's layer cache.
const (
	vpnsqlImage = "localhost/vpnsql:test"
	clientImage = "localhost/vpnsql-test-client:latest"
	debianImage = "localhost/debian:bookworm" // scripts/containers-setup.sh
)

// podmanSocket is where scripts/containers-setup.sh serves the Docker API.
const podmanSocket = "/run/podman/podman.sock"

func TestMain(m *testing.M) {
	if err := setEnv(); err != nil {
		fmt.Fprintln(os.Stderr, "container tests:", err)
		os.Exit(1)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	err := buildImages(ctx)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, "container tests:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// setEnv points testcontainers-go at Podman, as scripts/containers-setup.sh
// leaves it, unless the environment already says otherwise. A machine
// where no container engine answers fails here, saying so.
func setEnv() error {
	defaults := map[string]string{
		"DOCKER_HOST": "unix://" + podmanSocket,
		// /.dockerenv on the CI host makes testcontainers think it runs in
		// a container and dial the default network's gateway.
		"TESTCONTAINERS_HOST_OVERRIDE": "localhost",
		// The reaper image cannot be pulled here; every test terminates
		// its own containers.
		"TESTCONTAINERS_RYUK_DISABLED": "true",
	}
	for k, v := range defaults {
		if _, ok := os.LookupEnv(k); !ok {
			os.Setenv(k, v)
		}
	}
	host := os.Getenv("DOCKER_HOST")
	sock, ok := strings.CutPrefix(host, "unix://")
	if !ok {
		return nil
	}
	c := http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		}}}
	resp, err := c.Get("http://d/_ping")
	if err != nil {
		return fmt.Errorf("no container engine answers on %s (%v): make test-containers sets up Podman (scripts/containers-setup.sh, as root)", host, err)
	}
	resp.Body.Close()
	return nil
}

// buildImages builds vpnsql's Dockerfile from the working tree, offline:
// the builder is the local Go toolchain image and the modules come from
// this machine's module cache, sent in the build context as a file
// GOPROXY. Then the psql client image.
func buildImages(ctx context.Context) error {
	provider, err := testcontainers.NewDockerProvider()
	if err != nil {
		return err
	}
	defer provider.Close()
	goVersion, err := goEnv("GOVERSION")
	if err != nil {
		return err
	}
	buildCtx, err := sourceContext()
	if err != nil {
		return err
	}
	var log bytes.Buffer
	start := time.Now()
	_, err = provider.BuildImage(ctx, &testcontainers.ContainerRequest{FromDockerfile: testcontainers.FromDockerfile{
		ContextArchive: bytes.NewReader(buildCtx),
		Repo:           "localhost/vpnsql", Tag: "test", KeepImage: true,
		BuildArgs: map[string]*string{
			"BUILDER_IMAGE": ptr("localhost/vpnsql-builder:" + goVersion),
			"RUNTIME_IMAGE": ptr(debianImage),
			"GOPROXY":       ptr("file:///src/.modcache"),
			"VERSION":       ptr("test"),
		},
		BuildLogWriter: &log,
	}})
	if err != nil {
		return fmt.Errorf("building %s: %w\n%s", vpnsqlImage, err, tail(log.String(), 40))
	}
	fmt.Fprintf(os.Stderr, "built %s in %s\n", vpnsqlImage, time.Since(start).Round(time.Millisecond))
	log.Reset()
	_, err = provider.BuildImage(ctx, &testcontainers.ContainerRequest{FromDockerfile: testcontainers.FromDockerfile{
		Context: "testdata/client", Repo: "localhost/vpnsql-test-client", Tag: "latest", KeepImage: true,
		BuildArgs:      map[string]*string{"BASE_IMAGE": ptr(debianImage)},
		BuildLogWriter: &log,
	}})
	if err != nil {
		return fmt.Errorf("building %s: %w\n%s", clientImage, err, tail(log.String(), 40))
	}
	return nil
}

// sourceContext is the build context: the repository's files (tracked,
// or new and not ignored by git) less what .dockerignore leaves out, as
// docker build would, and under .modcache/ the module downloads the build
// needs, laid out as a GOPROXY.
func sourceContext() ([]byte, error) {
	root, err := filepath.Abs("../..")
	if err != nil {
		return nil, err
	}
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return nil, fmt.Errorf("git ls-files: %w", err)
	}
	ignore, err := os.Open(filepath.Join(root, ".dockerignore"))
	if err != nil {
		return nil, err
	}
	patterns, err := ignorefile.ReadAll(ignore)
	ignore.Close()
	if err != nil {
		return nil, err
	}
	ignored, err := patternmatcher.New(patterns)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if skip, err := ignored.MatchesOrParentMatches(name); err != nil || skip {
			continue
		}
		if err := addFile(tw, filepath.Join(root, name), name); err != nil && !os.IsNotExist(err) {
			return nil, err
		}
	}
	files, err := moduleFiles(root)
	if err != nil {
		return nil, err
	}
	for path, name := range files {
		if err := addFile(tw, path, ".modcache/"+name); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// moduleFiles maps the module cache's download files the image build
// needs to their names under a GOPROXY: every module's .info and .mod
// (the build reads the module graph) and the zips of the modules that
// provide the binary's packages.
func moduleFiles(root string) (map[string]string, error) {
	cache, err := goEnv("GOMODCACHE")
	if err != nil {
		return nil, err
	}
	download := filepath.Join(cache, "cache", "download")
	cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}}@{{.Version}}{{end}}{{end}}", "./cmd/vpnsql")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	var mods []string
	seen := map[string]bool{}
	for _, m := range strings.Fields(string(out)) {
		if !seen[m] {
			seen[m] = true
			mods = append(mods, m)
		}
	}
	// Download (from the cache, or the proxy when it lacks one) and list
	// where each module's files are.
	cmd = exec.Command("go", append([]string{"mod", "download", "-json"}, mods...)...)
	cmd.Dir = root
	out, err = cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go mod download: %w", err)
	}
	files := map[string]string{}
	add := func(path string) error {
		if path == "" {
			return nil
		}
		rel, err := filepath.Rel(download, path)
		if err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("%s is outside %s", path, download)
		}
		files[path] = filepath.ToSlash(rel)
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var m struct{ Info, GoMod, Zip, Error string }
		if err := dec.Decode(&m); err != nil {
			return nil, err
		}
		if m.Error != "" {
			return nil, fmt.Errorf("go mod download: %s", m.Error)
		}
		for _, p := range []string{m.Info, m.GoMod, m.Zip} {
			if err := add(p); err != nil {
				return nil, err
			}
		}
	}
	// The rest of the module graph: go.mod files only.
	cmd = exec.Command("go", "list", "-m", "-f", "{{if not .Main}}{{.GoMod}}{{end}}", "all")
	cmd.Dir = root
	out, err = cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m: %w", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if _, err := os.Stat(p); err == nil {
			if err := add(p); err != nil {
				return nil, err
			}
		}
		if info := strings.TrimSuffix(p, ".mod") + ".info"; fileExists(info) {
			if err := add(info); err != nil {
				return nil, err
			}
		}
	}
	return files, nil
}

func addFile(tw *tar.Writer, path, name string) error {
	st, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	hdr := &tar.Header{Name: name, Mode: int64(st.Mode().Perm()), Size: st.Size(), ModTime: st.ModTime(), Typeflag: tar.TypeReg}
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func goEnv(name string) (string, error) {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return "", fmt.Errorf("go env %s: %w", name, err)
	}
	return strings.TrimSpace(string(out)), nil
}

func ptr[T any](v T) *T { return &v }

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
