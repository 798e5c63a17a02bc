package integration

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// generatedSources are tracked files allowed past the size limit: sources
// generated from PostgreSQL 15 itself (go generate), reviewed as code.
var generatedSources = map[string]bool{
	"catalog/pgcatalog/generated.go": true, // pg_catalog rows dumped from PostgreSQL 15
}

const maxTrackedFile = 5 << 20

// TestRepositoryHoldsNoBuildOutput: no tracked file is a compiled binary
// (ELF) or larger than 5 MB, unless it is a listed generated source. Test
// binaries and profiles were committed once; .gitignore keeps them out and
// this test keeps it so.
func TestRepositoryHoldsNoBuildOutput(t *testing.T) {
	t.Parallel()
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Fatalf("git rev-parse (the test reads the tracked files through git): %v", err)
	}
	root := strings.TrimSpace(string(top))
	list, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range strings.Split(strings.TrimRight(string(list), "\x00"), "\x00") {
		path := filepath.Join(root, name)
		info, err := os.Lstat(path)
		if err != nil || !info.Mode().IsRegular() {
			continue // deleted in the work tree, or a symlink
		}
		if info.Size() > maxTrackedFile && !generatedSources[name] {
			t.Errorf("%s is tracked and %d bytes (limit %d): build output or data that belongs elsewhere?", name, info.Size(), maxTrackedFile)
		}
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		head := make([]byte, 4)
		n, _ := f.Read(head)
		f.Close()
		if bytes.Equal(head[:n], []byte("\x7fELF")) {
			t.Errorf("%s is a tracked ELF binary: remove it (git rm --cached) and keep it ignored", name)
		}
	}
}
