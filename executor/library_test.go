package executor

import (
	"context"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/value"
)

// TestLibraryDefinesEachNameOnce fails when two families define the same
// function name.
func TestLibraryDefinesEachNameOnce(t *testing.T) {
	if _, err := composeLibrary(families()); err != nil {
		t.Fatal(err)
	}
}

// TestLibraryRefusesNamesDefinedTwice: the composition names both
// families of a name defined twice.
func TestLibraryRefusesNamesDefinedTwice(t *testing.T) {
	a := family{name: "a", scalars: map[string]scalarFunc{"f": lib().scalars["lower"]}}
	b := family{name: "b", sets: map[string]setFunc{"f": lib().sets["unnest"]}}
	_, err := composeLibrary([]family{a, b})
	if err == nil || !strings.Contains(err.Error(), "f: set-returning in family b, already defined in a (scalar)") {
		t.Fatalf("err = %v", err)
	}
	if _, err := composeLibrary([]family{a, a}); err == nil {
		t.Fatal("a family listed twice composed")
	}
}

// TestFunctionSignaturesResolveOnce binds every scalar function with the
// argument types of each of PostgreSQL 15's signatures of that name
// (pg_proc), and fails when more than one definition accepts the same
// signature: an overload defined twice, of which the first silently wins.
func TestFunctionSignaturesResolveOnce(t *testing.T) {
	s := catalogTestSession(t)
	procs := s.engine.Catalog.Lookup("pg_catalog", "pg_proc", nil)
	col := map[string]int{}
	for i, c := range procs.Columns() {
		col[c.Name] = i
	}
	rows, err := procs.Scan(context.Background(), catalog.ScanRequest{})
	if err != nil {
		t.Fatal(err)
	}
	sigs := map[string][][]*value.Type{}
next:
	for _, r := range rows {
		name := r[col["proname"]].(string)
		if _, ok := lib().scalars[name]; !ok || r[col["pronamespace"]] != int64(11) { // 11: pg_catalog
			continue
		}
		var types []*value.Type
		argOIDs, _ := r[col["proargtypes"]].([]any)
		for _, o := range argOIDs {
			typ := value.TypeByOID(uint32(o.(int64)))
			if typ == nil || typ.Category == 'P' {
				continue next // polymorphic: no one concrete type to probe with
			}
			types = append(types, typ)
		}
		sigs[name] = append(sigs[name], types)
	}
	if len(sigs) < 100 {
		t.Fatalf("only %d functions have signatures in pg_proc", len(sigs))
	}
	resolved := 0
	for name, list := range sigs {
		for _, types := range list {
			args := make([]expr, len(types))
			for i, typ := range types {
				args[i] = &constExpr{t: typ}
			}
			n := 0
			c := &callSite{overloadsAccepting: &n}
			if _, err := lib().scalars[name](c, name, args, -1); err == nil {
				resolved++
				n = max(n, 1) // a function without overloads is one definition
			}
			if n > 1 {
				t.Errorf("%s: %d definitions accept %s", name, n, signatureOf(name, args))
			}
		}
	}
	t.Logf("%d functions, %d signatures resolved", len(sigs), resolved)
}
