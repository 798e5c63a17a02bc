package bind

import (
	"fmt"
	"strconv"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Binder turns parse-tree expressions into typed exprs against a scope.
type Binder struct {
	S      *Planner
	Params *[]*value.Type // $n types, shared by nested binders; nil entries are still unknown
	Scope  *Scope
	agg    *aggBinding // non-nil while binding above an aggregation
	outer  *Binder     // the enclosing query level, for correlated references
	Ctes   *CteScope   // WITH names visible here
	Query  *QueryLevel // this SELECT's state: window calls, SRFs in the select list
	// Kind names the clause being bound, as PostgreSQL's messages do
	// ("aggregate functions are not allowed in WHERE"); "" is "here".
	kind  string
	inAgg bool // binding an aggregate's arguments
	// noFold > 0 binds without constant folding (fold.go): the parts of
	// CASE, COALESCE, AND and OR that PostgreSQL does not simplify.
	noFold int
	// collectSRFs, while set, gathers the set-returning calls of the
	// grouping items; srfColumns are those computed below the
	// aggregation (srf.go).
	collectSRFs *[]*pg_query.Node
	srfColumns  []srfColumn
}

// in binds with kind set to a clause name.
func (b *Binder) in(kind string, f func() (expr.Expr, error)) (expr.Expr, error) {
	saved := b.kind
	b.kind = kind
	defer func() { b.kind = saved }()
	return f()
}

// notAllowed is "<what> are not allowed in <clause>" (or "here").
func (b *Binder) notAllowed(what string) string {
	if b.kind == "" {
		return what + " are not allowed here"
	}
	return what + " are not allowed in " + b.kind
}

// QueryLevel is what the expressions of one SELECT level register with
// their plan: window function calls and set-returning calls.
type QueryLevel struct {
	correlated   bool // an expression referenced an enclosing query's column
	keepUnknown  bool // an arm of a set operation: untyped output columns stay unknown
	windows      *exec.WindowBinding
	namedWindows map[string]*pg_query.WindowDef // the WINDOW clause
	srfs         []*funcs.SRFCall               // nil slice and allowSRF false where SRFs are not allowed
	allowSRF     bool
}

// child returns a binder for a subquery nested in b's level.
func (b *Binder) child(sc *Scope) *Binder {
	return &Binder{S: b.S, Params: b.Params, Scope: sc, outer: b, Ctes: b.Ctes, Query: &QueryLevel{}}
}

func (b *Binder) Bind(n *pg_query.Node) (expr.Expr, error) {
	x, err := b.bindNode(n)
	if err != nil {
		return nil, err
	}
	return b.fold(x)
}

func (b *Binder) bindNode(n *pg_query.Node) (expr.Expr, error) {
	// A set-returning call in HAVING fails even when it is a grouping
	// item, as PostgreSQL checks where it stands first.
	if b.agg != nil && !(b.kind == "HAVING" && b.S.isSetCall(n)) {
		if x, ok := b.agg.groupExpression(n); ok {
			return x, nil
		}
	}
	switch {
	case n.GetColumnRef() != nil:
		return b.bindColumnRef(n.GetColumnRef())
	case n.GetAConst() != nil:
		return bindConst(n.GetAConst())
	case n.GetParamRef() != nil:
		return b.bindParam(n.GetParamRef())
	case n.GetAExpr() != nil:
		return b.bindAExpr(n.GetAExpr())
	case n.GetBoolExpr() != nil:
		return b.bindBoolExpr(n.GetBoolExpr())
	case n.GetNullTest() != nil:
		nt := n.GetNullTest()
		x, err := b.Bind(nt.Arg)
		if err != nil {
			return nil, err
		}
		return &expr.NullTest{X: x, IsNull: nt.Nulltesttype == pg_query.NullTestType_IS_NULL}, nil
	case n.GetTypeCast() != nil:
		tc := n.GetTypeCast()
		x, err := b.Bind(tc.Arg)
		if err != nil {
			return nil, err
		}
		to, err := resolveTypeName(tc.TypeName)
		if err != nil {
			return nil, err
		}
		mod, err := resolveTypmod(tc.TypeName, to)
		if err != nil {
			return nil, err
		}
		if k, ok := x.(*expr.ConstExpr); ok && value.IsRegType(to) && k.T == value.Unknown && k.V != nil {
			// A reg* literal is looked up while parsing, as
			// PostgreSQL does: an unknown name fails at the literal.
			oid, err := b.S.RegIn(to.OID, k.V.(string))
			if err != nil {
				return nil, pgerr.At(pgerr.From(err), k.Loc)
			}
			return &expr.ConstExpr{V: oid, T: to}, nil
		}
		loc := tc.Location
		if l := ExprLocation(tc.Arg); l >= 0 && tc.Arg.GetAConst() != nil {
			loc = l // PostgreSQL points bad literals at the literal
		}
		return expr.CastTypmod(x, to, mod, loc)
	case n.GetFuncCall() != nil:
		return b.bindFuncCall(n.GetFuncCall())
	case n.GetSqlvalueFunction() != nil:
		return b.bindSQLValueFunction(n.GetSqlvalueFunction())
	case n.GetCoalesceExpr() != nil:
		return b.bindCoalesce(n.GetCoalesceExpr())
	case n.GetSubLink() != nil:
		return b.bindSubLink(n.GetSubLink())
	case n.GetCaseExpr() != nil:
		return b.bindCase(n.GetCaseExpr())
	case n.GetRowExpr() != nil:
		return b.bindRowExpr(n.GetRowExpr())
	case n.GetAArrayExpr() != nil:
		return b.bindArray(n.GetAArrayExpr())
	case n.GetAIndirection() != nil:
		return b.bindIndirection(n.GetAIndirection())
	case n.GetCollateClause() != nil:
		// Text compares by code point (the C collation) whatever the clause.
		return b.Bind(n.GetCollateClause().Arg)
	case n.GetMinMaxExpr() != nil:
		return b.bindMinMax(n.GetMinMaxExpr())
	case n.GetBooleanTest() != nil:
		return b.bindBooleanTest(n.GetBooleanTest())
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "expression not supported: %s", NodeName(n))
}

func NodeName(n *pg_query.Node) string {
	name := fmt.Sprintf("%T", n.GetNode())
	name = strings.TrimPrefix(name, "*pg_query.Node_")
	return name
}

func (b *Binder) bindColumnRef(cr *pg_query.ColumnRef) (expr.Expr, error) {
	var parts []string
	for i, f := range cr.Fields {
		if f.GetAStar() != nil {
			// T.* outside a select list is the whole row of t.
			if i == 1 && len(cr.Fields) == 2 {
				if x, err := b.wholeRow(parts[0], cr.Location); x != nil || err != nil {
					return x, err
				}
				return nil, pgerr.At(pgerr.New(pgerr.UndefinedTable, "missing FROM-clause entry for table %q", parts[0]), cr.Location)
			}
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "* is only allowed in a select list"), cr.Location)
		}
		parts = append(parts, f.GetString_().GetSval())
	}
	name := parts[len(parts)-1]
	rel := ""
	if len(parts) > 1 {
		rel = parts[len(parts)-2]
	}
	if b.agg != nil {
		if x, err := b.agg.groupColumn(b, rel, name, cr.Location); err == nil || b.agg.input.lookup(rel, name) != -1 {
			return x, err
		}
		if x, err := b.outerColumn(rel, name, cr.Location); x != nil || err != nil {
			return x, err
		}
		if rel == "" {
			if x, err := b.wholeRow(name, cr.Location); x != nil || err != nil {
				return x, err
			}
		}
		return b.agg.groupColumn(b, rel, name, cr.Location)
	}
	idx := b.Scope.lookup(rel, name)
	if idx == -1 {
		if x, err := b.outerColumn(rel, name, cr.Location); x != nil || err != nil {
			return x, err
		}
		if rel == "" {
			// A name that is no column may name a whole row.
			if x, err := b.wholeRow(name, cr.Location); x != nil || err != nil {
				return x, err
			}
		}
	}
	if idx == -1 && name == "tableoid" {
		if oid, ok := b.Scope.tableOID(rel); ok {
			return &expr.ConstExpr{V: int64(oid), T: value.OIDType}, nil
		}
	}
	switch idx {
	case -1:
		if rel != "" && !b.Scope.hasRel(rel) {
			return nil, b.missingRel(rel, cr.Location)
		}
		var e *pgerr.Error
		if rel != "" {
			e = pgerr.New(pgerr.UndefinedColumn, "column %s.%s does not exist", rel, name)
		} else {
			e = pgerr.New(pgerr.UndefinedColumn, "column %q does not exist", name)
		}
		if hint := b.Scope.suggest(rel, name); hint != "" {
			e.Hint = hint
		}
		return nil, pgerr.At(e, cr.Location)
	case -2:
		return nil, pgerr.At(pgerr.New(pgerr.AmbiguousColumn, "column reference %q is ambiguous", name), cr.Location)
	}
	if b.Scope.Cols[idx].WriteResult {
		b.S.resultReads++
	}
	return &expr.ColExpr{Idx: idx, T: b.Scope.Cols[idx].T}, nil
}

// missingRel is the error for a qualifier that names no FROM item here:
// PostgreSQL says when the name is a table that was given an alias.
func (b *Binder) missingRel(rel string, loc int32) *pgerr.Error {
	for _, c := range b.Scope.Cols {
		if c.Table != "" && c.Table == rel && c.Rel != rel {
			return pgerr.At(pgerr.New(pgerr.UndefinedTable, "invalid reference to FROM-clause entry for table %q", rel).
				WithHint("Perhaps you meant to reference the table alias %q.", c.Rel), loc)
		}
	}
	if b.S.invisible != nil {
		for _, c := range b.S.invisible {
			if c.Rel == rel {
				return pgerr.At(pgerr.New(pgerr.UndefinedTable, "invalid reference to FROM-clause entry for table %q", rel).
					WithHint("There is an entry for table %q, but it cannot be referenced from this part of the query.", rel), loc)
			}
		}
	}
	return pgerr.At(pgerr.New(pgerr.UndefinedTable, "missing FROM-clause entry for table %q", rel), loc)
}

// outerColumn resolves a name in the enclosing query levels, marking every
// level in between as correlated.
func (b *Binder) outerColumn(rel, name string, loc int32) (expr.Expr, error) {
	depth := 1
	for ob := b.outer; ob != nil; ob = ob.outer {
		sc := ob.Scope
		if ob.agg != nil {
			sc = ob.agg.input
		}
		if idx := sc.lookup(rel, name); idx >= 0 {
			if sc.Cols[idx].WriteResult {
				b.S.resultReads++
			}
			for lb := b; lb != ob; lb = lb.outer {
				if lb.Query != nil {
					lb.Query.correlated = true
				}
			}
			if ob.agg != nil {
				// Above a GROUP BY the outer row is the group's: the
				// Column must be a grouping column.
				x, err := ob.agg.groupIndex(idx, loc)
				if err != nil {
					c := sc.Cols[idx]
					return nil, pgerr.At(pgerr.New(pgerr.GroupingError, "subquery uses ungrouped column \"%s.%s\" from outer query", c.Rel, c.Name), loc)
				}
				return &expr.OuterColExpr{Depth: depth, Idx: x.(*expr.ColExpr).Idx, T: x.Type()}, nil
			}
			return &expr.OuterColExpr{Depth: depth, Idx: idx, T: sc.Cols[idx].T}, nil
		}
		depth++
	}
	return nil, nil
}

func bindConst(c *pg_query.A_Const) (expr.Expr, error) {
	x, err := bindConstValue(c)
	if k, ok := x.(*expr.ConstExpr); ok {
		k.Loc, k.Located = c.Location, true
	}
	return x, err
}

func bindConstValue(c *pg_query.A_Const) (expr.Expr, error) {
	if c.Isnull {
		return &expr.ConstExpr{V: nil, T: value.Unknown}, nil
	}
	switch v := c.Val.(type) {
	case *pg_query.A_Const_Ival:
		return &expr.ConstExpr{V: int64(v.Ival.Ival), T: value.Int4}, nil
	case *pg_query.A_Const_Fval:
		// Integers too large for int4 arrive as Fval; a negated one may
		// fit after all (-2147483648), as make_const checks.
		if i, err := strconv.ParseInt(v.Fval.Fval, 10, 64); err == nil {
			if value.FitsInt(i, value.Int4) {
				return &expr.ConstExpr{V: i, T: value.Int4}, nil
			}
			return &expr.ConstExpr{V: i, T: value.Int8}, nil
		}
		n, err := value.ParseNumeric(v.Fval.Fval)
		if err != nil {
			return nil, err
		}
		return &expr.ConstExpr{V: n, T: value.Numeric}, nil
	case *pg_query.A_Const_Boolval:
		return &expr.ConstExpr{V: v.Boolval.Boolval, T: value.Bool}, nil
	case *pg_query.A_Const_Sval:
		return &expr.ConstExpr{V: v.Sval.Sval, T: value.Unknown}, nil
	case *pg_query.A_Const_Bsval:
		// B'101' and X'ff' are bit strings, kept as their 0/1 digits.
		return bitStringConst(v.Bsval.Bsval)
	}
	return nil, pgerr.New(pgerr.FeatureNotSupported, "constant not supported")
}

// MaxParams is the most parameters a statement may have: Bind and
// ParameterDescription count them in 16 bits.
const MaxParams = 65535

func (b *Binder) bindParam(p *pg_query.ParamRef) (expr.Expr, error) {
	n := int(p.Number)
	if n < 0 { // an expanded * column; see columnIndexNode
		idx := -1 - n
		if b.agg != nil {
			return b.agg.groupIndex(idx, p.Location)
		}
		return &expr.ColExpr{Idx: idx, T: b.Scope.Cols[idx].T}, nil
	}
	// Bind carries at most MaxParams values, so a higher number names no
	// parameter a client could send; the bound also keeps $99999999 from
	// growing the list of parameter types to its size.
	if n < 1 || n > MaxParams || b.S != nil && b.S.NoParams {
		return nil, pgerr.At(pgerr.New(pgerr.UndefinedParameter, "there is no parameter $%d", n), p.Location)
	}
	for len(*b.Params) < n {
		*b.Params = append(*b.Params, nil)
	}
	if (*b.Params)[n-1] == nil {
		(*b.Params)[n-1] = value.Unknown // referenced; its type may be inferred
	}
	return &expr.ParamExpr{N: n, Types: b.Params}, nil
}

func (b *Binder) bindBoolExpr(be *pg_query.BoolExpr) (expr.Expr, error) {
	op := map[pg_query.BoolExprType]string{
		pg_query.BoolExprType_AND_EXPR: "and",
		pg_query.BoolExprType_OR_EXPR:  "or",
		pg_query.BoolExprType_NOT_EXPR: "not",
	}[be.Boolop]
	out := &expr.BoolExpr{Op: op}
	for _, a := range be.Args {
		if len(out.Args) > 0 && constIs(out.Args[len(out.Args)-1], op == "or") {
			// false AND ..., true OR ...: PostgreSQL simplifies no further.
			b.noFold++
			defer func() { b.noFold-- }()
		}
		x, err := b.Bind(a)
		if err != nil {
			return nil, err
		}
		x, err = expr.CoerceTo(x, value.Bool, ExprLocation(a))
		if err != nil {
			return nil, err
		}
		if x.Type() != value.Bool {
			return nil, pgerr.At(pgerr.New(pgerr.DatatypeMismatch, "argument of %s must be type boolean, not type %s", strings.ToUpper(op), x.Type()), ExprLocation(a))
		}
		out.Args = append(out.Args, x)
	}
	return out, nil
}

func (b *Binder) bindAExpr(a *pg_query.A_Expr) (expr.Expr, error) {
	opName := ""
	if len(a.Name) > 0 {
		opName = a.Name[len(a.Name)-1].GetString_().GetSval()
	}
	switch a.Kind {
	case pg_query.A_Expr_Kind_AEXPR_OP:
		if a.Lexpr == nil {
			r, err := b.Bind(a.Rexpr)
			if err != nil {
				return nil, err
			}
			return funcs.UnaryOperator(opName, r, a.Location)
		}
		l, r, err := b.bindOperands(a)
		if err != nil {
			return nil, err
		}
		return funcs.BinaryOperator(opName, l, r, a.Location)
	case pg_query.A_Expr_Kind_AEXPR_IN:
		x, err := b.Bind(a.Lexpr)
		if err != nil {
			return nil, err
		}
		in := &expr.InExpr{X: x, Not: opName == "<>"}
		items, err := b.bindInList(x, a.Rexpr.GetList().GetItems(), a.Location)
		if err != nil {
			return nil, err
		}
		for _, v := range items {
			l, r, err := expr.Unify(in.X, v, a.Location)
			if err != nil {
				return nil, err
			}
			in.X = l
			in.List = append(in.List, r)
		}
		return in, nil
	case pg_query.A_Expr_Kind_AEXPR_LIKE, pg_query.A_Expr_Kind_AEXPR_ILIKE:
		return b.bindLike(a, opName)
	case pg_query.A_Expr_Kind_AEXPR_SIMILAR:
		l, err := b.Bind(a.Lexpr)
		if err != nil {
			return nil, err
		}
		// The grammar wraps the pattern in similar_to_escape(pattern[, escape]).
		fc := a.Rexpr.GetFuncCall()
		if fc == nil || len(fc.Args) == 0 {
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "SIMILAR TO form not supported"), a.Location)
		}
		pat, err := b.Bind(fc.Args[0])
		if err != nil {
			return nil, err
		}
		if l, err = expr.CoerceTo(l, value.Text, a.Location); err != nil {
			return nil, err
		}
		if pat, err = expr.CoerceTo(pat, value.Text, a.Location); err != nil {
			return nil, err
		}
		var esc expr.Expr
		if len(fc.Args) > 1 {
			if esc, err = b.Bind(fc.Args[1]); err != nil {
				return nil, err
			}
			if esc, err = expr.CoerceTo(esc, value.Text, a.Location); err != nil {
				return nil, err
			}
		}
		return expr.SimilarExpr(expr.TrimBPChar(l), pat, esc, opName == "!~"), nil
	case pg_query.A_Expr_Kind_AEXPR_OP_ANY, pg_query.A_Expr_Kind_AEXPR_OP_ALL:
		l, r, err := b.bindOperands(a)
		if err != nil {
			return nil, err
		}
		return funcs.AnyAllOperator(opName, l, r, a.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL, a.Location)
	case pg_query.A_Expr_Kind_AEXPR_BETWEEN, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN,
		pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM, pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM:
		x, err := b.Bind(a.Lexpr)
		if err != nil {
			return nil, err
		}
		bounds := a.Rexpr.GetList().GetItems()
		lo, err := b.Bind(bounds[0])
		if err != nil {
			return nil, err
		}
		hi, err := b.Bind(bounds[1])
		if err != nil {
			return nil, err
		}
		ge, err := funcs.BinaryOperator(">=", x, lo, a.Location)
		if err != nil {
			return nil, err
		}
		le, err := funcs.BinaryOperator("<=", x, hi, a.Location)
		if err != nil {
			return nil, err
		}
		var out expr.Expr = &expr.BoolExpr{Op: "and", Args: []expr.Expr{ge, le}}
		if a.Kind == pg_query.A_Expr_Kind_AEXPR_BETWEEN_SYM || a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM {
			// SYMMETRIC: either bound may be the lower one.
			ge2, err := funcs.BinaryOperator(">=", x, hi, a.Location)
			if err != nil {
				return nil, err
			}
			le2, err := funcs.BinaryOperator("<=", x, lo, a.Location)
			if err != nil {
				return nil, err
			}
			out = &expr.BoolExpr{Op: "or", Args: []expr.Expr{out, &expr.BoolExpr{Op: "and", Args: []expr.Expr{ge2, le2}}}}
		}
		if a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN || a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_BETWEEN_SYM {
			out = &expr.BoolExpr{Op: "not", Args: []expr.Expr{out}}
		}
		return out, nil
	case pg_query.A_Expr_Kind_AEXPR_DISTINCT, pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT:
		l, r, err := b.bindOperands(a)
		if err != nil {
			return nil, err
		}
		return expr.DistinctFrom(l, r, a.Kind == pg_query.A_Expr_Kind_AEXPR_NOT_DISTINCT, a.Location)
	case pg_query.A_Expr_Kind_AEXPR_NULLIF:
		l, r, err := b.bindOperands(a)
		if err != nil {
			return nil, err
		}
		return funcs.NullIf(l, r, a.Location)
	}
	return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "operator form %s is not supported", a.Kind), a.Location)
}

// bindOperands binds both sides of a binary operator form.
func (b *Binder) bindOperands(a *pg_query.A_Expr) (expr.Expr, expr.Expr, error) {
	l, err := b.Bind(a.Lexpr)
	if err != nil {
		return nil, nil, err
	}
	r, err := b.Bind(a.Rexpr)
	return l, r, err
}

func bitStringConst(lit string) (expr.Expr, error) {
	if lit == "" {
		return &expr.ConstExpr{V: "", T: value.Bit}, nil
	}
	digits := lit[1:]
	if lit[0] == 'x' || lit[0] == 'X' {
		var sb strings.Builder
		for _, c := range digits {
			n, err := strconv.ParseUint(string(c), 16, 8)
			if err != nil {
				return nil, pgerr.New(pgerr.InvalidTextRepresentation, "%q is not a valid hexadecimal digit", string(c))
			}
			fmt.Fprintf(&sb, "%04b", n)
		}
		digits = sb.String()
	}
	for _, c := range digits {
		if c != '0' && c != '1' {
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, "%q is not a valid binary digit", string(c))
		}
	}
	return &expr.ConstExpr{V: digits, T: value.Bit}, nil
}

// UnsupportedType is the error for a PostgreSQL built-in type the engine
// does not implement: it is listed in pg_type, so "does not exist" would
// be wrong.
func UnsupportedType(name string) *pgerr.Error {
	return pgerr.New(pgerr.FeatureNotSupported, "type %s is not supported", name).
		WithHint("vpnsql implements a subset of PostgreSQL's built-in types; docs/sql.md lists them.")
}

// resolveTypeName maps a parse-tree type name to a catalog type.
func resolveTypeName(tn *pg_query.TypeName) (*value.Type, error) {
	var names []string
	for _, n := range tn.Names {
		names = append(names, n.GetString_().GetSval())
	}
	name := names[len(names)-1]
	t := typeByName(name)
	if t == nil {
		if _, builtin := pgcatalog.BuiltinType(name, 0); builtin {
			return nil, pgerr.At(UnsupportedType(name), tn.Location)
		}
		return nil, pgerr.At(pgerr.New(pgerr.UndefinedObject, "type %q does not exist", name), tn.Location)
	}
	if len(tn.ArrayBounds) > 0 {
		arr := expr.ArrayOf(t)
		if arr == nil {
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "arrays of type %s are not supported", t), tn.Location)
		}
		return arr, nil
	}
	return t, nil
}

var typeNames = map[string]*value.Type{
	"bool": value.Bool, "boolean": value.Bool,
	"int2": value.Int2, "smallint": value.Int2,
	"int4": value.Int4, "int": value.Int4, "integer": value.Int4,
	"int8": value.Int8, "bigint": value.Int8,
	"float4": value.Float4, "real": value.Float4,
	"float8": value.Float8, "double precision": value.Float8,
	"numeric": value.Numeric, "decimal": value.Numeric,
	"text": value.Text, "varchar": value.Varchar, "character varying": value.Varchar,
	"name": value.Name, "bytea": value.Bytea, "json": value.JSONType, "jsonb": value.JSONB,
	"timestamptz": value.Timestamptz, "date": value.Date, "oid": value.OIDType,
}

func typeByName(name string) *value.Type {
	if t := value.TypeByName(name); t != nil {
		return t
	}
	return typeNames[strings.ToLower(name)]
}
