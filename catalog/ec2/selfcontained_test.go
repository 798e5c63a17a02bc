package ec2

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestResourceFilesSelfContained (the resources issue, item 7): a resource
// table is its own file (and a _write.go sibling for its writes) plus its
// place in the list of resources. Nothing else in the package, framework
// included, names what those files declare, so adding or removing such a
// table touches no other file of vpnsql's own (ec2sim and the demo seed
// aside, which answer its calls).
func TestResourceFilesSelfContained(t *testing.T) {
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = f
	}
	for _, table := range []string{"transit_gateways", "customer_gateways", "vpn_gateways"} {
		own := []string{table + ".go", table + "_write.go"}
		declared := map[string]bool{}
		for _, p := range own {
			if f, ok := files[p]; ok {
				for name, obj := range f.Scope.Objects {
					if obj.Kind != ast.Bad {
						declared[name] = true
					}
				}
			}
		}
		if len(declared) == 0 {
			t.Fatalf("%s.go declares nothing", table)
		}
		for p, f := range files {
			if slices.Contains(own, p) || p == "resources.go" {
				continue
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && declared[id.Name] && id.Obj == nil {
					t.Errorf("%s names %s, declared by %s's files", fset.Position(id.Pos()), id.Name, table)
				}
				return true
			})
		}
	}
}
