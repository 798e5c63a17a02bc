package stmt

import "testing"

func TestPrepareExecute_Parts(t *testing.T) {
	sts, err := Split(nil, `PREPARE p(text, int[], jsonb) AS SELECT $1 || 'x', $2, $3->>'k'; EXECUTE p('a', ARRAY[1, 2], '{"k": 1}'); EXECUTE q; PREPARE r AS SELECT 1`)
	if err != nil {
		t.Fatal(err)
	}
	p, ok, err := sts[0].Prepare()
	if !ok || err != nil || p.Name != "p" || p.Types != "SELECT NULL::text, NULL::int[], NULL::jsonb" || p.Query != "SELECT $1 || 'x', $2, $3 ->> 'k'" {
		t.Errorf("PREPARE: %+v %v %v", p, ok, err)
	}
	e, ok, err := sts[1].Execute()
	if !ok || err != nil || e.Name != "p" || e.N != 3 || e.Args != `SELECT 'a', ARRAY[1, 2], '{"k": 1}'` {
		t.Errorf("EXECUTE: %+v %v %v", e, ok, err)
	}
	if e, ok, err := sts[2].Execute(); !ok || err != nil || e.Name != "q" || e.N != 0 || e.Args != "" {
		t.Errorf("EXECUTE without arguments: %+v %v %v", e, ok, err)
	}
	if p, ok, err := sts[3].Prepare(); !ok || err != nil || p.Types != "" || p.Query != "SELECT 1" {
		t.Errorf("PREPARE without types: %+v %v %v", p, ok, err)
	}
	if _, ok, _ := sts[3].Execute(); ok {
		t.Error("PREPARE is not EXECUTE")
	}
}
