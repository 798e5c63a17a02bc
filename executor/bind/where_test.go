package bind_test

import (
	"testing"

	"github.com/vpnsql/vpnsql/executor/exec"
)

// pgJDBCMetaData is pgJDBC's ResultSetMetaData query as DBeaver sends it
// (issue 16's crash): an inner-join chain whose first item is a LEFT
// JOIN, joined to a derived table on two columns, with a WHERE on the
// LEFT JOIN's columns alone.
const pgJDBCMetaData = `SELECT c.relname, a.attname, t.typname, d.adbin IS NOT NULL AS hasdef, vals.attnum
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON (c.relnamespace = n.oid)
JOIN pg_catalog.pg_attribute a ON (c.oid = a.attrelid)
JOIN pg_catalog.pg_type t ON (a.atttypid = t.oid)
LEFT JOIN pg_catalog.pg_attrdef d ON (d.adrelid = a.attrelid AND d.adnum = a.attnum)
JOIN (SELECT 'pg_namespace'::regclass::oid AS oid, 1 AS attnum UNION ALL SELECT 'pg_namespace'::regclass::oid, 3
  UNION ALL SELECT 'pg_class'::regclass::oid, 2) vals
  ON (c.oid = vals.oid AND a.attnum = vals.attnum)
WHERE c.oid IN ('pg_namespace'::regclass::oid, 'pg_class'::regclass::oid)
ORDER BY 1, 5`

// TestBind_WherePlacement: binding places a level's WHERE conjuncts in its
// FROM tree (executor/plan) and keeps the WHERE itself. pgJDBC's
// ResultSetMetaData shape binds (it panicked in placement before
// 57efa2e) with PostgreSQL 15's column types, its IN condition in the
// ON of the join above the LEFT JOIN, and pg_class's scan handed the IN
// list.
func TestBind_WherePlacement(t *testing.T) {
	s := newSession(t)
	q, _, err := bindSelect(t, s, pgJDBCMetaData)
	if err != nil {
		t.Fatal(err)
	}
	if got := typeNames(q.OutputTypes()); got != "name, name, name, bool, int4" {
		t.Errorf("types %s", got)
	}
	p := q.(*exec.SelectPlan)
	if p.Where == nil {
		t.Fatal("WHERE dropped from the level")
	}
	top, ok := p.From.(*exec.JoinRel)
	if !ok {
		t.Fatalf("FROM is %T", p.From)
	}
	if _, ok := top.Left.(*exec.JoinRel); !ok || top.Left.(*exec.JoinRel).Kind != "left" {
		t.Fatalf("the top join's left side is %T, want the LEFT JOIN", top.Left)
	}
	if n := len(exec.Conjuncts(top.Cond)); n != 3 {
		t.Errorf("top join has %d conjuncts, want ON's 2 and WHERE's IN", n)
	}
	var pgClass *exec.TableScan
	var find func(r exec.Relation)
	find = func(r exec.Relation) {
		switch r := r.(type) {
		case *exec.JoinRel:
			find(r.Left)
			find(r.Right)
		case *exec.FilterRel:
			find(r.Rel)
		case *exec.TableScan:
			if r.Table.Name() == "pg_class" {
				pgClass = r
			}
		}
	}
	find(p.From)
	if pgClass == nil || len(pgClass.Pushed) != 1 || len(pgClass.Pushed[0].Values) != 2 {
		t.Errorf("pg_class scan: %+v", pgClass)
	}
}
