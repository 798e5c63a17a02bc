package containers

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// goCacheFiles compiles the image's packages on the host (a no-op when
// the host's Go build cache has them, as after go vet or the integration
// tests) and maps the cache entries the image build needs to their names
// under a GOCACHE directory. The Dockerfile's builder uses them instead
// of compiling again: the cold image build is then a link (docs/
// development.md). The builder must have the same Go, gcc, module cache
// path and source path for the entries to apply, and builds without
// -trimpath, as go list does here; a package whose entry is missing is
// just compiled in the builder.
//
// Each package's compile is two entries: <action ID>-a, naming the output,
// and the output <output ID>-d, the package archive (go list's Export).
// go list gives the action ID only as the first 20 characters of the
// build ID, the base64 of its first 15 bytes, so the -a entry is found by
// that prefix.
func goCacheFiles(root string) (*hostCache, error) {
	cache, err := goEnv("GOCACHE")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("go", "list", "-export", "-deps", "-json=ImportPath,Export,BuildID", "./cmd/vpnsql")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %w\n%s", err, stderr.String())
	}
	h := &hostCache{files: map[string]string{}, packages: map[string]bool{}}
	add := func(path string) error {
		rel, err := filepath.Rel(cache, path)
		if err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("%s is outside GOCACHE %s", path, cache)
		}
		h.files[path] = filepath.ToSlash(rel)
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p struct{ ImportPath, Export, BuildID string }
		if err := dec.Decode(&p); err != nil {
			return nil, err
		}
		if p.Export == "" {
			continue // unsafe and the like: nothing compiled
		}
		h.packages[p.ImportPath] = true
		action, err := actionEntry(cache, p.BuildID)
		if err != nil {
			h.missing++
			continue
		}
		if err := add(p.Export); err != nil {
			return nil, err
		}
		if err := add(action); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// hostCache is what goCacheFiles found.
type hostCache struct {
	files    map[string]string // cache file → its name under GOCACHE
	packages map[string]bool   // the import paths the image compiles
	missing  int               // packages whose entries were not found
}

// compiledIn counts the packages a go build -v log names, that is the
// ones the builder compiled rather than found in the cache it was sent.
func (h *hostCache) compiledIn(log string) int {
	n := 0
	for _, line := range strings.Split(log, "\n") {
		if h.packages[strings.TrimSpace(line)] {
			n++
		}
	}
	return n
}

// actionEntry finds the -a entry of the action whose ID a build ID starts with.
func actionEntry(cache, buildID string) (string, error) {
	prefix, _, _ := strings.Cut(buildID, "/")
	id, err := base64.RawURLEncoding.DecodeString(prefix)
	if err != nil || len(id) != 15 {
		return "", fmt.Errorf("build ID %q: not an action ID", buildID)
	}
	h := hex.EncodeToString(id)
	matches, err := filepath.Glob(filepath.Join(cache, h[:2], h+"*-a"))
	if err != nil || len(matches) != 1 {
		return "", fmt.Errorf("build ID %q: %d cache entries", buildID, len(matches))
	}
	return matches[0], nil
}
