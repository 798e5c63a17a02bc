package sqlgen

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestShape_Generate(t *testing.T) {
	names := map[string]bool{}
	for _, table := range [][]Shape{Hostile, KnownCrashers} {
		for _, s := range table {
			if names[s.Name] {
				t.Errorf("two shapes named %s", s.Name)
			}
			names[s.Name] = true
			for seed := uint64(0); seed < 20; seed++ {
				a, b := s.Generate(seed), s.Generate(seed)
				if a.SQL != b.SQL || strings.Join(a.Params, "\x01") != strings.Join(b.Params, "\x01") {
					t.Fatalf("%s seed %d: two different statements", s.Name, seed)
				}
				if a.Shape != s.Name || strings.TrimSpace(a.SQL) == "" {
					t.Fatalf("%s seed %d: %+v", s.Name, seed, a)
				}
			}
		}
	}
}

func TestSize(t *testing.T) {
	for _, tc := range []struct{ lo, hi int }{{1, 1}, {0, 10}, {2, 100000}, {300, 2147483647}} {
		seen := map[bool]bool{}
		for seed := uint64(0); seed < 200; seed++ {
			s := Shape{Name: "size", Gen: func(r *rand.Rand) Statement {
				n := Size(r, tc.lo, tc.hi)
				if n < tc.lo || n > tc.hi {
					t.Fatalf("Size(%d, %d) = %d", tc.lo, tc.hi, n)
				}
				seen[n < tc.lo+(tc.hi-tc.lo)/1000+1] = true
				return Statement{SQL: "x"}
			}}
			s.Generate(seed)
		}
		if tc.hi-tc.lo > 1000 && len(seen) != 2 {
			t.Errorf("Size(%d, %d) drew only small or only large sizes", tc.lo, tc.hi)
		}
	}
}

// testGrammar is a grammar with a little of everything, for tests that
// need no database.
var testGrammar = &Grammar{
	Tables: []Relation{{From: "ec2.vpn_connections", Columns: []Column{{"vpnConnectionId", "text"}, {"customerGatewayId", "text"}, {"state", "text"}, {"tags", "jsonb"}}, Resource: true},
		{From: "ec2.customer_gateways", Columns: []Column{{"customerGatewayId", "text"}, {"state", "text"}}, Resource: true},
		{From: "(SELECT oid, typname, typlen FROM pg_type WHERE oid < 100)", Columns: []Column{{"oid", "oid"}, {"typname", "name"}, {"typlen", "int2"}}}},
	Funcs: []Func{{"length", []string{"text"}, "int4"}, {"abs", []string{"numeric"}, "numeric"}, {"upper", []string{"text"}, "text"}},
	Ops: []Func{{"+", []string{"int4", "int4"}, "int4"}, {"=", []string{"text", "text"}, "bool"}, {"<", []string{"int8", "int8"}, "bool"},
		{"->>", []string{"jsonb", "text"}, "text"}, {"-", []string{"numeric"}, "numeric"}},
	Casts: []Cast{{"int4", "text"}, {"text", "int4"}, {"int4", "int8"}, {"int8", "numeric"}},
	Texts: []string{"available", "us-east-1", "Name"},
	Keys:  []string{"customerGatewayId"},
}

func TestGrammar_Statement(t *testing.T) {
	shapes := map[string]int{}
	keyJoins := 0
	for i := 0; i < 2000; i++ {
		a, b := testGrammar.Statement(7, i), testGrammar.Statement(7, i)
		if a.SQL != b.SQL {
			t.Fatalf("statement %d: two different statements for one seed", i)
		}
		if !strings.HasPrefix(a.SQL, "SELECT ") && !strings.HasPrefix(a.SQL, "WITH ") && !strings.HasPrefix(a.SQL, "(") {
			t.Fatalf("statement %d: %s", i, a.SQL)
		}
		shapes[a.Shape]++
		if strings.Contains(a.SQL, `."customerGatewayId" = t`) {
			keyJoins++
		}
	}
	if len(shapes) != len(testGrammar.Shapes()) {
		t.Errorf("shapes drawn: %v", shapes)
	}
	if keyJoins == 0 {
		t.Error("no statement joins on a key")
	}
	if testGrammar.Statement(7, 1).SQL == testGrammar.Statement(8, 1).SQL && testGrammar.Statement(7, 2).SQL == testGrammar.Statement(8, 2).SQL {
		t.Error("seeds 7 and 8 give the same statements")
	}
}

func TestGrammar_TLP(t *testing.T) {
	for i := 0; i < 500; i++ {
		c := testGrammar.TLP(3, i)
		if c != testGrammar.TLP(3, i) {
			t.Fatalf("check %d: two different checks for one seed", i)
		}
		qs := c.Queries()
		for _, q := range qs[1:] {
			if !strings.HasPrefix(q, qs[0]) && c.Base == "" || !strings.Contains(q, c.Pred) {
				t.Fatalf("check %d: partition %q is not of %q", i, q, qs[0])
			}
		}
	}
}
