package main

import (
	"bufio"
	"bytes"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLinkerDeadCodeElimination guards the binary size. If any reachable
// function calls reflect's Method or MethodByName with a non-constant
// argument, the linker keeps every exported method of every type stored in
// an interface: the EC2 client alone then links all its ~2400 methods
// (+40 MB). The linker's -dumpdep graph marks such functions <ReflectMethod>.
//
// Go 1.26 made this easier to hit: a constant MethodByName("Methods")
// anywhere keeps reflect.Value.Methods, whose iterator calls Method(i)
// (protobuf before v1.36.12 did exactly that).
func TestLinkerDeadCodeElimination(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "vpnsql")
	out, err := exec.Command("go", "build", "-ldflags=-dumpdep", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, tail(out))
	}
	parent := map[string]string{} // symbol -> the symbol that first reached it
	var culprits []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		from, to, ok := strings.Cut(sc.Text(), " -> ")
		if !ok {
			continue
		}
		from, to = symbol(from), symbol(to)
		if _, seen := parent[to]; !seen {
			parent[to] = from
		}
		if strings.HasSuffix(sc.Text(), "<ReflectMethod>") && !slices.Contains(culprits, to) {
			culprits = append(culprits, to)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(parent) == 0 {
		t.Fatalf("go build -ldflags=-dumpdep printed no dependency graph:\n%s", tail(out))
	}
	for _, c := range culprits {
		chain := []string{c}
		for s := parent[c]; s != "" && s != "_" && len(chain) < 40; s = parent[s] {
			chain = append(chain, s)
		}
		// A method is kept when its type is reachable and some call site
		// names it; `go build -ldflags=-v=2` lists the names ("reached
		// generic iface method") kept by constant MethodByName calls.
		t.Errorf("%s calls reflect Method/MethodByName, so linker dead-code elimination is off; reached through:\n\t%s",
			c, strings.Join(chain[1:], "\n\t"))
	}
}

// symbol strips the flags -dumpdep appends to a name (" <UsedInIface>").
func symbol(s string) string {
	name, _, _ := strings.Cut(s, " <")
	return name
}

func tail(b []byte) []byte {
	if len(b) > 4000 {
		return b[len(b)-4000:]
	}
	return b
}
