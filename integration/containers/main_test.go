package containers

import (
	"archive/tar"
	"bufio"
	"bytes"
	"cmp"
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

	"github.com/moby/moby/client"
	"github.com/moby/patternmatcher"
	"github.com/moby/patternmatcher/ignorefile"
	"github.com/testcontainers/testcontainers-go"
)

// The images every test uses, built once per run in TestMain. They are
// kept, so the next run reuses Podman's layer cache. VPNSQL_TEST_IMAGES
// (default localhost/) names them apart, with scripts/containers-setup.sh's
// base images, to measure a cold build beside the machine's own.
var (
	images      = cmp.Or(os.Getenv("VPNSQL_TEST_IMAGES"), "localhost/")
	vpnsqlImage = images + "vpnsql:test"
	clientImage = images + "vpnsql-test-client:latest"
	debianImage = images + "debian:bookworm" // scripts/containers-setup.sh
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
// the builder is the local Go toolchain image, the modules come from this
// machine's module cache, sent in the build context as a file GOPROXY, and
// the compiled packages from the host's Go build cache (goCacheFiles).
// The psql client image, which needs only apt, is built meanwhile.
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
	root, err := filepath.Abs("../..")
	if err != nil {
		return err
	}
	clientBuilt := make(chan error, 1)
	go func() {
		var log bytes.Buffer
		start := time.Now()
		_, err := provider.BuildImage(ctx, &testcontainers.ContainerRequest{FromDockerfile: testcontainers.FromDockerfile{
			Context: "testdata/client", Repo: strings.TrimSuffix(clientImage, ":latest"), Tag: "latest", KeepImage: true,
			BuildArgs:      map[string]*string{"BASE_IMAGE": ptr(debianImage)},
			BuildLogWriter: &log,
		}})
		if err != nil {
			err = fmt.Errorf("building %s: %w\n%s", clientImage, err, tail(log.String(), 40))
		} else {
			fmt.Fprintf(os.Stderr, "built %s in %s\n", clientImage, time.Since(start).Round(time.Millisecond))
		}
		clientBuilt <- err
	}()
	start := time.Now()
	buildCtx, host, err := sourceContext(root)
	if err != nil {
		return err
	}
	defer os.Remove(buildCtx.Name())
	defer buildCtx.Close()
	fmt.Fprintf(os.Stderr, "build context in %s, with %d compiled packages from the host's Go cache\n",
		time.Since(start).Round(time.Millisecond), len(host.files)/2)
	var log bytes.Buffer
	start = time.Now()
	_, err = provider.BuildImage(ctx, &testcontainers.ContainerRequest{FromDockerfile: testcontainers.FromDockerfile{
		ContextArchive: buildCtx,
		Repo:           strings.TrimSuffix(vpnsqlImage, ":test"), Tag: "test", KeepImage: true,
		BuildArgs: map[string]*string{
			"BUILDER_IMAGE": ptr(images + "vpnsql-builder:" + goVersion),
			"RUNTIME_IMAGE": ptr(debianImage),
			"GOPROXY":       ptr("file://" + root + "/.modcache"),
			"GOCACHE":       ptr("/context/.gocache"),
			"SRCDIR":        ptr(root),
			"BUILDFLAGS":    ptr("-v"),
			"VERSION":       ptr("test"),
		},
		BuildLogWriter: &log,
	}})
	if err != nil {
		return fmt.Errorf("building %s: %w\n%s", vpnsqlImage, err, tail(log.String(), 40))
	}
	// A layer-cache hit runs no go build, so names nothing.
	fmt.Fprintf(os.Stderr, "built %s in %s; the builder compiled %d of its %d packages\n", vpnsqlImage,
		time.Since(start).Round(time.Millisecond), host.compiledIn(log.String()), len(host.packages))
	if err := <-clientBuilt; err != nil {
		return err
	}
	pruneOldBuilds(ctx, provider)
	return nil
}

// pruneOldBuilds removes what earlier runs' builds left untagged: each
// run leaves the builder stage's result and the image it superseded
// (about 100 MB of its own each). Only images on the base images
// scripts/containers-setup.sh labels, and only those over an hour old: a
// newer one may be the layer cache of a rerun, or part of a build that
// another checkout is running now. A failure is reported, not fatal:
// the tests do not depend on it.
func pruneOldBuilds(ctx context.Context, provider *testcontainers.DockerProvider) {
	filters := client.Filters{}.Add("dangling", "true").Add("label", "org.vpnsql.base").Add("until", "1h")
	res, err := provider.Client().ImagePrune(ctx, client.ImagePruneOptions{Filters: filters})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pruning untagged images of earlier builds: %v\n", err)
		return
	}
	if n := len(res.Report.ImagesDeleted); n > 0 {
		fmt.Fprintf(os.Stderr, "pruned %d untagged images of earlier builds (%d MB)\n", n, res.Report.SpaceReclaimed>>20)
	}
}

// sourceContext writes the build context to a temporary file: the
// repository's files (tracked, or new and not ignored by git) less what
// .dockerignore leaves out, as docker build would; under .modcache/ the
// module downloads the build needs, laid out as a GOPROXY; and under
// .gocache/ the host's compiled packages (goCacheFiles).
func sourceContext(root string) (*os.File, *hostCache, error) {
	out, err := exec.Command("git", "-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return nil, nil, fmt.Errorf("git ls-files: %w", err)
	}
	ignore, err := os.Open(filepath.Join(root, ".dockerignore"))
	if err != nil {
		return nil, nil, err
	}
	patterns, err := ignorefile.ReadAll(ignore)
	ignore.Close()
	if err != nil {
		return nil, nil, err
	}
	ignored, err := patternmatcher.New(patterns)
	if err != nil {
		return nil, nil, err
	}
	modules, err := moduleFiles(root)
	if err != nil {
		return nil, nil, err
	}
	host, err := goCacheFiles(root)
	if err != nil {
		return nil, nil, err
	}
	if host.missing > 0 {
		fmt.Fprintf(os.Stderr, "%d packages not found in the host's Go cache: the image build compiles them\n", host.missing)
	}
	f, err := os.CreateTemp("", "vpnsql-context-*.tar")
	if err != nil {
		return nil, nil, err
	}
	fail := func(err error) (*os.File, *hostCache, error) {
		f.Close()
		os.Remove(f.Name())
		return nil, nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	tw := tar.NewWriter(bw)
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if skip, err := ignored.MatchesOrParentMatches(name); err != nil || skip {
			continue
		}
		if err := addFile(tw, filepath.Join(root, name), name); err != nil && !os.IsNotExist(err) {
			return fail(err)
		}
	}
	for dir, files := range map[string]map[string]string{".modcache/": modules, ".gocache/": host.files} {
		for path, name := range files {
			if err := addFile(tw, path, dir+name); err != nil {
				return fail(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		return fail(err)
	}
	if err := bw.Flush(); err != nil {
		return fail(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fail(err)
	}
	return f, host, nil
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
