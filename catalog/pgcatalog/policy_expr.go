package pgcatalog

import (
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
)

// A policy's USING expression, three ways: the CREATE POLICY statement
// that makes it in PostgreSQL 15, the node tree PostgreSQL stores in
// pg_policy.polqual for that statement (locations are byte offsets into
// it), and what pg_get_expr prints (plain and pretty). The integration
// test TestScopedRoles_PolicyMatchesPostgres runs the statement in a
// PostgreSQL 15 and compares all three.

// policyExpr is a policy's polqual and its pg_get_expr text.
type policyExpr struct {
	tree, text, pretty string
}

// Operators of text, PostgreSQL 15's: texteq (=) and textlike (~~).
const (
	opTextEq, opTextEqFunc     = 98, 67
	opTextLike, opTextLikeFunc = 1209, 850
	oidTextArray               = 1009
)

// policyBuilder writes the statement while recording where each node
// starts in it.
type policyBuilder struct {
	sql strings.Builder
}

func (b *policyBuilder) at() int        { return b.sql.Len() }
func (b *policyBuilder) write(s string) { b.sql.WriteString(s) }

// clause writes `col op ANY (ARRAY['v', ...])` and returns its node tree
// and text.
func (b *policyBuilder) clause(col string, attnum int, sqlOp, shownOp string, opno, opfunc int, vals []string) (tree, text string) {
	varAt := b.at()
	b.write(QuoteIdent(col))
	b.write(" ")
	opAt := b.at()
	b.write(sqlOp + " ANY (")
	arrAt := b.at()
	b.write("ARRAY[")
	var consts, shown []string
	for i, v := range vals {
		if i > 0 {
			b.write(", ")
		}
		consts = append(consts, fmt.Sprintf("{CONST :consttype 25 :consttypmod -1 :constcollid 100 :constlen -1 :constbyval false :constisnull false :location %d :constvalue %s}",
			b.at(), textDatum(v)))
		b.write(sqlLiteral(v))
		shown = append(shown, sqlLiteral(v)+"::text")
	}
	b.write("])")
	tree = fmt.Sprintf("{SCALARARRAYOPEXPR :opno %d :opfuncid %d :hashfuncid 0 :negfuncid 0 :useOr true :inputcollid 100 :args ("+
		"{VAR :varno 1 :varattno %d :vartype 25 :vartypmod -1 :varcollid 100 :varlevelsup 0 :varnosyn 1 :varattnosyn %d :location %d} "+
		"{ARRAYEXPR :array_typeid %d :array_collid 100 :element_typeid 25 :elements (%s) :multidims false :location %d}) :location %d}",
		opno, opfunc, attnum, attnum, varAt, oidTextArray, strings.Join(consts, " "), arrAt, opAt)
	text = QuoteIdent(col) + " " + shownOp + " ANY (ARRAY[" + strings.Join(shown, ", ") + "])"
	return tree, text
}

// buildPolicy makes the policy of user's scope on a table with columns
// cols; false if the table lacks accountId or region.
func buildPolicy(schema, table, user string, cols []catalog.Column, sc *catalog.Scope) (string, policyExpr, bool) {
	account, region := -1, -1
	for i, c := range cols {
		switch c.Name {
		case "accountId":
			account = i + 1
		case "region":
			region = i + 1
		}
	}
	if account < 0 || region < 0 {
		return "", policyExpr{}, false
	}
	var b policyBuilder
	b.write("CREATE POLICY " + QuoteIdent(user) + " ON " + QuoteIdent(schema) + "." + QuoteIdent(table) + " TO " + QuoteIdent(user) + " USING (")
	var trees, texts []string
	andAt := -1
	if sc.Accounts != nil {
		t, x := b.clause("accountId", account, "=", "=", opTextEq, opTextEqFunc, sc.Accounts)
		trees, texts = append(trees, t), append(texts, x)
	}
	if sc.Regions != nil {
		if len(trees) > 0 {
			b.write(" ")
			andAt = b.at()
			b.write("AND ")
		}
		likes := make([]string, len(sc.Regions))
		for i, g := range sc.Regions {
			likes[i] = globToLike(g)
		}
		t, x := b.clause("region", region, "LIKE", "~~", opTextLike, opTextLikeFunc, likes)
		trees, texts = append(trees, t), append(texts, x)
	}
	b.write(")")
	var e policyExpr
	if len(trees) == 1 {
		e = policyExpr{tree: trees[0], text: "(" + texts[0] + ")", pretty: texts[0]}
	} else {
		e = policyExpr{tree: fmt.Sprintf("{BOOLEXPR :boolop and :args (%s %s) :location %d}", trees[0], trees[1], andAt),
			text:   "((" + texts[0] + ") AND (" + texts[1] + "))",
			pretty: "(" + texts[0] + ") AND (" + texts[1] + ")"}
	}
	return b.sql.String(), e, true
}

// globToLike turns a scope's region glob (letters, digits, '-', '*', '?':
// catalog.ValidRegionGlob) into the LIKE pattern that matches the same.
func globToLike(g string) string {
	return strings.NewReplacer("*", "%", "?", "_").Replace(g)
}

// sqlLiteral quotes a string as PostgreSQL prints a constant
// (standard_conforming_strings on).
func sqlLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// textDatum is outDatum of a text constant: its length and bytes as
// signed chars, the varlena's 4-byte header first (length << 2, little
// endian, as PostgreSQL on x86 and arm64 stores it).
func textDatum(s string) string {
	n := len(s) + 4
	h := uint32(n) << 2
	var b strings.Builder
	fmt.Fprintf(&b, "%d [ ", n)
	for _, c := range []byte{byte(h), byte(h >> 8), byte(h >> 16), byte(h >> 24)} {
		fmt.Fprintf(&b, "%d ", int8(c))
	}
	for i := 0; i < len(s); i++ {
		fmt.Fprintf(&b, "%d ", int8(s[i]))
	}
	b.WriteString("]")
	return b.String()
}
