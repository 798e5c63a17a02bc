package executor

import (
	"context"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/value"
)

// TestLibraryDefinesEachNameOnce fails when two families define the same
// function name.
func TestLibraryDefinesEachNameOnce(t *testing.T) {
	if _, err := funcs.ComposeLibrary(funcs.Families()); err != nil {
		t.Fatal(err)
	}
}

// TestLibraryRefusesNamesDefinedTwice: the composition names both
// Families of a name defined twice.
func TestLibraryRefusesNamesDefinedTwice(t *testing.T) {
	a := funcs.Family{Name: "a", Scalars: map[string]funcs.ScalarFunc{"f": funcs.Library().Scalars["lower"]}}
	b := funcs.Family{Name: "b", Sets: map[string]funcs.SetFunc{"f": funcs.Library().Sets["unnest"]}}
	_, err := funcs.ComposeLibrary([]funcs.Family{a, b})
	if err == nil || !strings.Contains(err.Error(), "f: set-returning in family b, already defined in a (scalar)") {
		t.Fatalf("err = %v", err)
	}
	if _, err := funcs.ComposeLibrary([]funcs.Family{a, a}); err == nil {
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
		if _, ok := funcs.Library().Scalars[name]; !ok || r[col["pronamespace"]] != int64(11) { // 11: pg_catalog
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
			args := make([]expr.Expr, len(types))
			for i, typ := range types {
				args[i] = &expr.ConstExpr{T: typ}
			}
			n := 0
			c := &funcs.CallSite{OverloadsAccepting: &n}
			if _, err := funcs.Library().Scalars[name](c, name, args, -1); err == nil {
				resolved++
				n = max(n, 1) // a function without overloads is one definition
			}
			if n > 1 {
				t.Errorf("%s: %d definitions accept %s", name, n, funcs.SignatureOf(name, args))
			}
		}
	}
	t.Logf("%d functions, %d signatures resolved", len(sigs), resolved)
}
