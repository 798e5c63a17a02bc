package pgcatalog

import (
	"fmt"
	"strings"
)

// Text forms PostgreSQL's ruleutils/format_type produce.

var keywordCategory = func() map[string]string {
	m := make(map[string]string, len(keywordRows))
	for _, k := range keywordRows {
		m[k[0].(string)] = k[1].(string)
	}
	return m
}()

// Keywords returns pg_get_keywords()'s rows: word, catcode, barelabel,
// catdesc, baredesc.
func Keywords() [][]any {
	out := make([][]any, len(keywordRows))
	for i, k := range keywordRows {
		out[i] = append([]any(nil), k...)
	}
	return out
}

// QuoteIdent quotes an identifier as quote_ident does: unless it is all
// lower-case letters, digits and underscores, starts with a letter or
// underscore, and is not a reserved or type/function-name keyword.
func QuoteIdent(s string) string {
	safe := s != "" && (s[0] >= 'a' && s[0] <= 'z' || s[0] == '_')
	for i := 0; i < len(s) && safe; i++ {
		c := s[i]
		safe = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_'
	}
	if safe {
		if cat, ok := keywordCategory[s]; ok && cat != "U" {
			safe = false
		}
	}
	if safe {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// qualified joins a schema and a name, quoting each part.
func qualified(schema, name string) string { return QuoteIdent(schema) + "." + QuoteIdent(name) }

// formatType is format_type(oid, typmod): withMod false is a NULL typmod.
func (m *model) formatType(o uint32, typmod int64, withMod bool, path []string) string {
	t, ok := m.typeRowOf(o)
	if !ok {
		return "???"
	}
	name := t[typName].(string)
	ns := oid(t[typNamespace])
	// A true array type (not int2vector/oidvector, which are plain) prints
	// as its element type with [].
	if elem := oid(t[typElem]); elem != 0 && t[typeCols["typsubscript"]] == I(oidArraySubscript) && t[typStorage] != "p" {
		return m.formatType(elem, typmod, withMod, path) + "[]"
	}
	mod := ""
	if withMod && typmod >= 0 {
		mod = typmodText(o, typmod)
	}
	if ns == oidPgCatalog {
		switch o {
		case 16:
			return "boolean"
		case 18:
			return `"char"`
		case 20:
			return "bigint"
		case 21:
			return "smallint"
		case 23:
			return "integer"
		case 700:
			return "real"
		case 701:
			return "double precision"
		case 1042:
			if withMod && typmod < 0 {
				return "bpchar" // format_type(1042, -1), unlike (1042, NULL)
			}
			return "character" + mod
		case 1043:
			return "character varying" + mod
		case 1186:
			return "interval" + mod
		case 1560:
			return "bit" + mod
		case 1700:
			return "numeric" + mod
		case 1083:
			return "time" + mod + " without time zone"
		case 1114:
			return "timestamp" + mod + " without time zone"
		case 1184:
			return "timestamp" + mod + " with time zone"
		case 1266:
			return "time" + mod + " with time zone"
		case 1562:
			return "bit varying" + mod
		case 2276:
			return `"any"`
		}
		return QuoteIdent(name) + mod
	}
	if m.typeVisible(o, path) {
		return QuoteIdent(name) + mod
	}
	return qualified(m.nsByOID[ns].name, name) + mod
}

// typmodText is a type's modifier as its typmodout writes it.
func typmodText(o uint32, typmod int64) string {
	switch o {
	case 1042, 1043: // bpchar, varchar
		if typmod >= 4 {
			return fmt.Sprintf("(%d)", typmod-4)
		}
	case 1700: // numeric
		if typmod >= 4 {
			t := typmod - 4
			return fmt.Sprintf("(%d,%d)", (t>>16)&0xffff, int64(int16(t&0xffff)))
		}
	case 1083, 1114, 1184, 1266: // time, timestamp, timestamptz, timetz
		return fmt.Sprintf("(%d)", typmod)
	case 1560, 1562: // bit, varbit
		return fmt.Sprintf("(%d)", typmod)
	}
	return ""
}

// indexDef is pg_get_indexdef(oid, column, pretty): the CREATE INDEX
// statement, or (column > 0) the column's name. pretty drops the
// predicate's redundant parentheses.
func indexDef(idx *rel, column int, qualify, pretty bool) string {
	if column > 0 {
		if column > len(idx.key) {
			return ""
		}
		return QuoteIdent(idx.indexOf.columnName(idx.key[column-1]))
	}
	table := qualified(idx.indexOf.schema, idx.indexOf.name)
	if idx.def != nil {
		// PostgreSQL's own text, schema-qualified.
		if qualify {
			return idx.def.IndexDef
		}
		return strings.Replace(idx.def.IndexDef, " ON "+table+" ", " ON "+QuoteIdent(idx.indexOf.name)+" ", 1)
	}
	if !qualify {
		table = QuoteIdent(idx.indexOf.name)
	}
	def := fmt.Sprintf("CREATE UNIQUE INDEX %s ON %s USING btree (%s)", QuoteIdent(idx.name), table, keyColumns(idx))
	if u := idx.unique; u != nil {
		if u.NullsNotDistinct {
			def += " NULLS NOT DISTINCT"
		}
		switch {
		case u.Predicate != "" && pretty:
			def += " WHERE " + u.PredicatePretty
		case u.Predicate != "":
			def += " WHERE " + u.Predicate
		}
	}
	return def
}

func keyColumns(idx *rel) string {
	names := make([]string, len(idx.key))
	for i, k := range idx.key {
		names[i] = QuoteIdent(idx.indexOf.columnName(k))
	}
	return strings.Join(names, ", ")
}

// columnName is the name of the column with attnum n.
func (r *rel) columnName(n int64) string {
	for _, a := range r.attrs {
		if a[attNum].(int64) == n {
			return a[attName].(string)
		}
	}
	return ""
}

// constraintDef is pg_get_constraintdef of a primary key constraint.
func constraintDef(idx *rel) string {
	return "PRIMARY KEY (" + keyColumns(idx) + ")"
}

// functionArguments is pg_get_function_arguments / identity arguments.
func (m *model) functionArguments(p A, path []string) string {
	types, _ := p[procCols["proargtypes"]].([]any)
	all, _ := p[procCols["proallargtypes"]].([]any)
	modes, _ := p[procCols["proargmodes"]].([]any)
	names, _ := p[procCols["proargnames"]].([]any)
	variadic := oid(p[procCols["provariadic"]])
	if all == nil {
		all = types
	}
	var parts []string
	for i, t := range all {
		mode := "i"
		if modes != nil {
			mode = modes[i].(string)
		}
		if mode == "t" {
			continue
		}
		s := ""
		switch mode {
		case "o":
			s = "OUT "
		case "b":
			s = "INOUT "
		case "v":
			s = "VARIADIC "
		}
		if mode == "i" && variadic != 0 && i == len(all)-1 && modes == nil {
			s = "VARIADIC "
		}
		if names != nil && i < len(names) && names[i] != nil && names[i] != "" {
			s += QuoteIdent(names[i].(string)) + " "
		}
		parts = append(parts, s+m.formatType(oid(t), -1, false, path))
	}
	return strings.Join(parts, ", ")
}

// functionResult is pg_get_function_result.
func (m *model) functionResult(p A, path []string) string {
	ret := m.formatType(oid(p[procCols["prorettype"]]), -1, false, path)
	modes, _ := p[procCols["proargmodes"]].([]any)
	if p[procCols["proretset"]].(bool) {
		if modes != nil {
			all := p[procCols["proallargtypes"]].([]any)
			names, _ := p[procCols["proargnames"]].([]any)
			var cols []string
			for i, md := range modes {
				if md == "t" {
					n := ""
					if names != nil && names[i] != nil {
						n = QuoteIdent(names[i].(string)) + " "
					}
					cols = append(cols, n+m.formatType(oid(all[i]), -1, false, path))
				}
			}
			if len(cols) > 0 {
				return "TABLE(" + strings.Join(cols, ", ") + ")"
			}
		}
		return "SETOF " + ret
	}
	return ret
}
