package executor

import (
	"encoding/json"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestLayout keeps the engine's layout as docs/design.md describes it:
// only the binding packages read parse trees, nothing under catalog/
// reaches the executor, no package grows past about 25 files, and no file
// is named for overflow rather than for an idea.
func TestLayout(t *testing.T) {
	const module = "github.com/vpnsql/vpnsql/"
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	parsers := []string{"executor/bind", "executor/parse", "executor/stmt"}
	overflow := regexp.MustCompile(`(_more|\d|misc|_extra|util)\.go$`)
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p struct {
			ImportPath string
			Dir        string
			GoFiles    []string
			Deps       []string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(p.ImportPath, module)
		if slices.Contains(p.Imports, "github.com/pganalyze/pg_query_go/v6") && !slices.Contains(parsers, rel) {
			t.Errorf("%s imports pg_query; only %v read parse trees", rel, parsers)
		}
		if strings.HasPrefix(rel, "catalog") {
			for _, d := range p.Deps {
				if strings.HasPrefix(d, module+"executor") {
					t.Errorf("%s depends on %s: catalog/ must not reach the executor", rel, d)
				}
			}
		}
		if (rel == "value" || strings.HasPrefix(rel, "executor")) && len(p.GoFiles) > 27 {
			t.Errorf("%s has %d files; split it along a seam (about 25 at most)", rel, len(p.GoFiles))
		}
		for _, f := range p.GoFiles {
			if overflow.MatchString(f) {
				t.Errorf("%s: %s is named for overflow, not for its idea", rel, filepath.Join(rel, f))
			}
		}
	}
}
