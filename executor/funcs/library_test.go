package funcs

import (
	"context"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// servedCatalog is the catalog vpnsql serves: the resource table and the
// system catalogs, whose pg_proc is PostgreSQL 15's.
func servedCatalog() *catalog.Catalog {
	c := catalog.New(ec2.NewVPNConnections(nil))
	c.Add(pgcatalog.Tables(c)...)
	return c
}

// TestLibraryDefinesEachNameOnce fails when two families define the same
// function name.
func TestLibraryDefinesEachNameOnce(t *testing.T) {
	if _, err := ComposeLibrary(Families()); err != nil {
		t.Fatal(err)
	}
}

// TestLibraryRefusesNamesDefinedTwice: the composition names both
// Families of a name defined twice.
func TestLibraryRefusesNamesDefinedTwice(t *testing.T) {
	a := Family{Name: "a", Scalars: map[string]ScalarFunc{"f": Builtin().Scalars["lower"]}}
	b := Family{Name: "b", Sets: map[string]SetFunc{"f": Builtin().Sets["unnest"]}}
	_, err := ComposeLibrary([]Family{a, b})
	if err == nil || !strings.Contains(err.Error(), "f: set-returning in family b, already defined in a (scalar)") {
		t.Fatalf("err = %v", err)
	}
	if _, err := ComposeLibrary([]Family{a, a}); err == nil {
		t.Fatal("a family listed twice composed")
	}
}

// TestFunctionSignaturesResolveOnce binds every scalar function with the
// argument types of each of PostgreSQL 15's signatures of that name
// (pg_proc), and fails when more than one definition accepts the same
// signature: an overload defined twice, of which the first silently wins.
func TestFunctionSignaturesResolveOnce(t *testing.T) {
	procs := servedCatalog().Lookup("pg_catalog", "pg_proc", nil)
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
		if _, ok := Builtin().Scalars[name]; !ok || r[col["pronamespace"]] != int64(11) { // 11: pg_catalog
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
			c := &CallSite{OverloadsAccepting: &n}
			if _, err := Builtin().Scalars[name](c, name, args, -1); err == nil {
				resolved++
				n = max(n, 1) // a function without overloads is one definition
			}
			if n > 1 {
				t.Errorf("%s: %d definitions accept %s", name, n, SignatureOf(name, args))
			}
		}
	}
	t.Logf("%d functions, %d signatures resolved", len(sigs), resolved)
}

// TestFunctionNamesHaveProcRows checks pg_proc lists every function the
// engine binds that PostgreSQL has; when this fails, regenerate with
// `go generate ./catalog/pgcatalog`.
func TestFunctionNamesHaveProcRows(t *testing.T) {
	procs := servedCatalog().Lookup("pg_catalog", "pg_proc", nil)
	rows, err := procs.Scan(context.Background(), catalog.ScanRequest{})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, r := range rows {
		have[r[1].(string)] = true
	}
	for _, n := range FunctionNames() {
		searched, inPG := pgcatalog.GeneratedFunction(n)
		switch {
		case !searched:
			t.Errorf("function %s is new to the catalog generator: run go generate ./catalog/pgcatalog", n)
		case inPG && !have[n]:
			t.Errorf("pg_proc has no row for %s", n)
		}
	}
}
