package plan

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/value"
)

// render writes a FROM tree and its conditions in one line: a join as
// kind[cond](left,right), a FilterRel as filter[cond](rel), a PermuteRel
// as permute<perm>(rel), a leaf by name; column i reads as ci.
func render(r exec.Relation) string {
	switch r := r.(type) {
	case *exec.JoinRel:
		kind := r.Kind
		if r.Lateral {
			kind = "lateral " + kind
		}
		cond := ""
		if r.Cond != nil {
			cond = "[" + renderExpr(r.Cond) + "]"
		}
		return fmt.Sprintf("%s%s(%s,%s)", kind, cond, render(r.Left), render(r.Right))
	case *exec.FilterRel:
		return fmt.Sprintf("filter[%s](%s)", renderExpr(r.Cond), render(r.Rel))
	case *exec.PermuteRel:
		return fmt.Sprintf("permute%v(%s)", r.Perm, render(r.Rel))
	case *rowsRel:
		return r.name
	}
	return fmt.Sprintf("%T", r)
}

func renderExpr(x expr.Expr) string {
	all := func(xs []expr.Expr, sep string) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = renderExpr(x)
		}
		return strings.Join(s, sep)
	}
	switch x := x.(type) {
	case *expr.ColExpr:
		return fmt.Sprintf("c%d", x.Idx)
	case *expr.ConstExpr:
		return fmt.Sprint(x.V)
	case *expr.CmpOp:
		return renderExpr(x.L) + x.Op + renderExpr(x.R)
	case *expr.BoolExpr:
		return all(x.Args, " "+x.Op+" ")
	case *expr.InExpr:
		return renderExpr(x.X) + " in (" + all(x.List, ",") + ")"
	case *expr.NullTest:
		return renderExpr(x.X) + " is null"
	}
	return "?"
}

// run is SELECT * FROM rel WHERE where, as sorted text rows.
func run(t *testing.T, rel exec.Relation, where expr.Expr) []string {
	t.Helper()
	n := len(rel.Columns())
	project := make([]expr.Expr, n)
	for i := range project {
		project[i] = col(i, value.Int8)
	}
	it, err := (&exec.SelectPlan{From: rel, Where: where, Project: project, NOutput: n}).Open(testEnv())
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	var out []string
	for {
		r, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if r == nil {
			break
		}
		out = append(out, fmt.Sprint(r))
	}
	slices.Sort(out)
	return out
}

// TestPlaceConjuncts: where each WHERE conjunct goes in a FROM tree, and
// that the placed tree, under the same WHERE, answers as the written one
// (placement is an optimisation only). The rows hold NULLs and
// non-matches so a misplaced condition shows.
func TestPlaceConjuncts(t *testing.T) {
	i8 := value.Int8
	c := func(i int) expr.Expr { return col(i, i8) }
	n := func(v int64) expr.Expr { return lit(v, i8) }
	eq := func(l, r expr.Expr) expr.Expr { return cmp("=", l, r) }
	// Leaves of one column (a, b, c, d) or two (p); fresh for each use,
	// since placement edits the tree in place.
	a := func() *rowsRel { return newRel("a", 1, []any{int64(1)}, []any{int64(2)}, []any{int64(3)}, []any{nil}) }
	b := func() *rowsRel { return newRel("b", 1, []any{int64(2)}, []any{int64(3)}, []any{int64(4)}, []any{nil}) }
	cc := func() *rowsRel { return newRel("c", 1, []any{int64(1)}, []any{int64(2)}, []any{int64(3)}) }
	d := func() *rowsRel { return newRel("d", 1, []any{int64(2)}, []any{int64(9)}) }
	join := func(kind string, l, r exec.Relation, cond expr.Expr) *exec.JoinRel {
		return &exec.JoinRel{Left: l, Right: r, Kind: kind, Cond: cond}
	}
	cross3 := func() exec.Relation { return join("cross", join("cross", a(), b(), nil), cc(), nil) }
	tests := []struct {
		name  string
		from  func() exec.Relation
		where expr.Expr
		want  string
	}{
		{"FROM a, b, c: each condition joins the join that adds its last leaf",
			cross3, and(eq(c(0), c(1)), eq(c(1), c(2))),
			"inner[c1=c2](inner[c0=c1](a,b),c)"},
		{"a condition on one leaf filters that leaf, renumbered to its columns",
			cross3, and(eq(c(2), n(2)), eq(c(0), c(1)), eq(c(1), c(2))),
			"inner[c1=c2](inner[c0=c1](a,b),filter[c0=2](c))"},
		{"FROM a, b, c WHERE a = c AND b = c: reordered to a, c, b, columns permuted back",
			cross3, and(eq(c(0), c(2)), eq(c(1), c(2))),
			"permute[0 2 1](inner[c2=c1](inner[c0=c1](a,c),b))"},
		{"nothing connects b: the written order stands, crossing a with b",
			cross3, eq(c(0), c(2)),
			"inner[c0=c2](cross(a,b),c)"},
		{"a conjunct reading no column stays in WHERE",
			cross3, eq(n(1), n(1)),
			"cross(cross(a,b),c)"},
		{"a conjunct whose reads cannot be seen (a subquery) stays in WHERE",
			cross3, eq(c(0), &exec.SubqueryExpr{Kind: exec.ScalarSublink, Plan: &exec.SelectPlan{From: exec.OneRow{}, Project: []expr.Expr{n(1)}, NOutput: 1}, T: i8}),
			"cross(cross(a,b),c)"},
		{"LEFT JOIN: a condition on the preserved side filters it below the join",
			func() exec.Relation { return join("left", a(), b(), eq(c(0), c(1))) },
			and(eq(c(0), n(2)), &expr.NullTest{X: c(1), IsNull: true}),
			"left[c0=c1](filter[c0=2](a),b)"},
		{"LEFT JOIN: a condition on the NULL-extended side stays in WHERE",
			func() exec.Relation { return join("left", a(), b(), eq(c(0), c(1))) },
			&expr.NullTest{X: c(1), IsNull: true},
			"left[c0=c1](a,b)"},
		{"LEFT JOIN: a condition rejecting NULLs on the NULL-extended side makes it an inner join",
			func() exec.Relation { return join("left", a(), b(), eq(c(0), c(1))) },
			eq(c(1), n(3)),
			"inner[c0=c1](a,filter[c0=3](b))"},
		{"LEFT JOIN: an OR rejects NULLs when every arm does",
			func() exec.Relation { return join("left", a(), b(), eq(c(0), c(1))) },
			&expr.BoolExpr{Op: "or", Args: []expr.Expr{eq(c(1), n(3)), eq(c(1), n(2))}},
			"inner[c0=c1](a,filter[c0=3 or c0=2](b))"},
		{"LEFT JOIN: an OR with an arm on the preserved side keeps it outer",
			func() exec.Relation { return join("left", a(), b(), eq(c(0), c(1))) },
			&expr.BoolExpr{Op: "or", Args: []expr.Expr{eq(c(1), n(3)), eq(c(0), n(1))}},
			"left[c0=c1](a,b)"},
		{"psql's \\dt shape: the inner LEFT JOIN becomes inner, the outer one stays",
			func() exec.Relation {
				return join("left", join("left", a(), b(), eq(c(0), c(1))), cc(), eq(c(0), c(2)))
			},
			and(eq(c(1), n(3)), eq(c(0), n(3))),
			"left[c0=c2](filter[c1=3 and c0=3](inner[c0=c1](filter[c0=3](a),filter[c0=3](b))),c)"},
		{"RIGHT JOIN: the preserved side is the right one",
			func() exec.Relation { return join("right", a(), b(), eq(c(0), c(1))) },
			eq(c(1), n(3)),
			"right[c0=c1](a,filter[c0=3](b))"},
		{"LEFT JOIN over a comma join: the filter on the preserved side is placed again inside it",
			func() exec.Relation { return join("left", join("cross", a(), b(), nil), cc(), eq(c(0), c(2))) },
			eq(c(0), c(1)),
			"left[c0=c2](filter[c0=c1](inner[c0=c1](a,b)),c)"},
		{"FULL JOIN is not entered",
			func() exec.Relation { return join("full", a(), b(), eq(c(0), c(1))) },
			eq(c(0), n(2)),
			"full[c0=c1](a,b)"},
		{"LATERAL is not entered",
			func() exec.Relation { j := join("cross", a(), b(), nil); j.Lateral = true; return j },
			eq(c(0), c(1)),
			"lateral cross(a,b)"},
		// issue 16's crash: pgJDBC's ResultSetMetaData query, as DBeaver
		// sends it: pg_class JOIN pg_namespace JOIN pg_attribute JOIN
		// pg_type LEFT JOIN pg_attrdef JOIN (SELECT oid, attnum UNION ALL
		// ...) ON both columns WHERE c.oid IN (...). The inner chain's
		// first leaf is the LEFT JOIN; a condition on it alone goes to the
		// chain's first join (57efa2e; it indexed spine[-1] before).
		{"pgJDBC's ResultSetMetaData shape: a condition on an outer join at the chain's bottom",
			func() exec.Relation {
				inner := join("inner", join("inner", join("inner", a(), b(), eq(c(0), c(1))), cc(), eq(c(1), c(2))), d(), eq(c(2), c(3)))
				return join("inner", join("left", inner, newRel("e", 1, []any{int64(2)}), eq(c(0), c(4))), newRel("p", 2, []any{int64(2), int64(2)}, []any{int64(3), int64(3)}),
					and(eq(c(5), c(0)), eq(c(6), c(2))))
			},
			&expr.InExpr{X: c(0), List: []expr.Expr{n(2), n(3)}},
			"inner[c5=c0 and c6=c2 and c0 in (2,3)](left[c0=c4](inner[c2=c3](inner[c1=c2](inner[c0=c1](a,b),c),d),e),p)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := run(t, tt.from(), tt.where)
			placed := PlaceConjuncts(tt.from(), tt.where)
			if got := render(placed); got != tt.want {
				t.Errorf("placed\n got %s\nwant %s", got, tt.want)
			}
			if got := run(t, placed, tt.where); !slices.Equal(got, want) {
				t.Errorf("placed tree answers\n%v\nwritten tree answers\n%v", got, want)
			}
		})
	}
}
