package executor

import (
	"strconv"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Row values: ROW(a, b) and (a, b), whole-row references (t, t.*) and
// row comparisons. A record is a []any of its fields; its type lists the
// field names and types (catalog.RecordOf).

// recordExpr builds a record from field expressions. nullIfEmpty makes
// it NULL when every field is NULL: a whole-row reference to the
// null-extended side of an outer join is NULL, not a row of NULLs.
type recordExpr struct {
	fields      []expr
	t           *value.Type
	nullIfEmpty bool
}

func (r *recordExpr) typ() *value.Type { return r.t }

func (r *recordExpr) eval(e *env) (any, error) {
	out := make([]any, len(r.fields))
	allNull := true
	for i, f := range r.fields {
		v, err := f.eval(e)
		if err != nil {
			return nil, err
		}
		out[i] = v
		allNull = allNull && v == nil
	}
	if allNull && r.nullIfEmpty && len(out) > 0 {
		return nil, nil
	}
	return out, nil
}

func newRecord(fields []expr, names []string, nullIfEmpty bool) *recordExpr {
	fs := make([]value.Field, len(fields))
	for i, f := range fields {
		fs[i] = value.Field{Name: names[i], Type: f.typ()}
	}
	return &recordExpr{fields: fields, t: value.RecordOf(fs), nullIfEmpty: nullIfEmpty}
}

func (b *binder) bindRowExpr(r *pg_query.RowExpr) (expr, error) {
	var fields []expr
	var names []string
	for i, a := range r.Args {
		x, err := b.bind(a)
		if err != nil {
			return nil, err
		}
		if x.typ() == value.Unknown {
			if x, err = coerceTo(x, value.Text, exprLocation(a)); err != nil {
				return nil, err
			}
		}
		fields = append(fields, x)
		names = append(names, "f"+strconv.Itoa(i+1))
	}
	return newRecord(fields, names, false), nil
}

// wholeRow binds a reference to a whole range-table entry: t or t.*. A
// function returning a single base-type column stands for that value
// itself, as in PostgreSQL (FROM generate_series(1, 3) g lets g be the
// number). It returns nil when no relation has that name.
func (b *binder) wholeRow(rel string, loc int32) (expr, error) {
	sc := b.scope
	if b.agg != nil {
		sc = b.agg.input
	}
	var idx []int
	for i, c := range sc.cols {
		if c.rel != "" && c.rel == rel {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil, nil
	}
	if sc.cols[idx[0]].writeResult {
		b.s.resultReads++
	}
	col := func(i int) (expr, error) {
		if b.agg != nil {
			return b.agg.groupIndex(i, loc)
		}
		return &colExpr{idx: i, t: sc.cols[i].t}, nil
	}
	if len(idx) == 1 && sc.cols[idx[0]].scalarFunc {
		return col(idx[0])
	}
	var fields []expr
	var names []string
	for _, i := range idx {
		x, err := col(i)
		if err != nil {
			return nil, err
		}
		fields = append(fields, x)
		names = append(names, sc.cols[i].name)
	}
	return newRecord(fields, names, true), nil
}

// rowComparison compares two row values field by field: = and <> as the
// conjunction (disjunction) of the fields' comparisons, < <= > >= by the
// first unequal field; NULL where a NULL field decides.
func rowComparison(op string, l, r *recordExpr, loc int32) (expr, error) {
	if len(l.fields) != len(r.fields) {
		return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "unequal number of entries in row expressions"), loc)
	}
	test, ok := comparisons[op]
	if !ok {
		return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "operator %s is not supported for row expressions", op), loc)
	}
	var pairs []*cmpOp
	for i := range l.fields {
		c, err := binaryOperator("=", l.fields[i], r.fields[i], loc)
		if err != nil {
			return nil, err
		}
		cmp, ok := c.(*cmpOp)
		if !ok {
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "row comparison of these types is not supported"), loc)
		}
		pairs = append(pairs, cmp)
	}
	return &funcExpr{name: "row" + op, t: value.Bool, fn: func(e *env, _ []any) (any, error) {
		sawNull := false
		for _, p := range pairs {
			a, err := p.l.eval(e)
			if err != nil {
				return nil, err
			}
			b, err := p.r.eval(e)
			if err != nil {
				return nil, err
			}
			if a == nil || b == nil {
				if op != "=" && op != "<>" {
					return nil, nil
				}
				sawNull = true
				continue
			}
			c, err := compareValues(a, b)
			if err != nil {
				return nil, err
			}
			if c != 0 {
				if op == "=" || op == "<>" {
					return op == "<>", nil
				}
				return test(c), nil
			}
		}
		if sawNull {
			return nil, nil
		}
		return test(0), nil
	}}, nil
}
