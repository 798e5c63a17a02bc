package stmt

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/bind"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/executor/parse"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// CopyFormat is how a COPY ... TO STDOUT writes its rows: the text or
// CSV format and their options. Only those formats exist; COPY FROM and
// files are refused.
type CopyFormat struct {
	CSV        bool
	Delimiter  byte
	Null       string
	Header     bool
	Quote      byte   // CSV
	Escape     byte   // CSV
	ForceQuote []bool // CSV, per column
	Names      []string
}

const copyHint = "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone."

// PlanCopy plans COPY (query) TO STDOUT and COPY table [(columns)] TO
// STDOUT with PostgreSQL's options and errors: the query whose rows it
// writes, and how it writes them.
func PlanCopy(s *bind.Planner, stmt *Statement, params *[]*value.Type) (exec.QueryPlan, *CopyFormat, error) {
	st := stmt.node.GetCopyStmt()
	switch {
	case st.IsProgram:
		return nil, nil, pgerr.New(pgerr.InsufficientPrivilege,
			"must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program").
			WithHint("%s", copyHint)
	case st.Filename != "" && st.IsFrom:
		return nil, nil, pgerr.New(pgerr.InsufficientPrivilege,
			"must be superuser or have privileges of the pg_read_server_files role to COPY from a file").WithHint("%s", copyHint)
	case st.Filename != "":
		return nil, nil, pgerr.New(pgerr.InsufficientPrivilege,
			"must be superuser or have privileges of the pg_write_server_files role to COPY to a file").WithHint("%s", copyHint)
	case st.IsFrom:
		return nil, nil, pgerr.New(pgerr.FeatureNotSupported, "COPY FROM is not supported").
			WithHint("Use INSERT: it creates VPN connections (docs/writes.md).")
	}
	spec, err := copyOptions(st.Options)
	if err != nil {
		return nil, nil, err
	}
	sel, err := copySelect(s, st)
	if err != nil {
		return nil, nil, err
	}
	q, _, err := s.PlanQuery(nil, params, nil, sel)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range q.OutputColumns() {
		spec.Names = append(spec.Names, c.Name)
	}
	if spec.ForceQuote, err = forceQuote(st.Options, spec.Names); err != nil {
		return nil, nil, err
	}
	return q, spec, nil
}

// copySelect is the query a COPY reads: its (query), or the table's
// Columns.
func copySelect(s *bind.Planner, st *pg_query.CopyStmt) (*pg_query.SelectStmt, error) {
	if st.Query != nil {
		sel := st.Query.GetSelectStmt()
		if sel == nil {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY (%s) TO is not supported", bind.NodeName(st.Query)).
				WithHint("COPY a SELECT; writes do not return rows here.")
		}
		return sel, nil
	}
	t, _, err := s.ResolveTable(st.Relation)
	if err != nil {
		return nil, err
	}
	cols := "*"
	if len(st.Attlist) > 0 {
		var names []string
		for _, n := range st.Attlist {
			name := n.GetString_().GetSval()
			if catalog.ColumnIndex(t, name) < 0 || t.Columns()[catalog.ColumnIndex(t, name)].Name != name {
				return nil, pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", name, t.Name())
			}
			names = append(names, pgcatalog.QuoteIdent(name))
		}
		cols = strings.Join(names, ", ")
	}
	res, err := parse.Parse(fmt.Sprintf("SELECT %s FROM %s.%s", cols, pgcatalog.QuoteIdent(t.Schema()), pgcatalog.QuoteIdent(t.Name())))
	if err != nil {
		return nil, err
	}
	return res.Stmts[0].Stmt.GetSelectStmt(), nil
}

// copyOptions reads COPY's options (both the WITH (...) list and the
// older keyword forms, which pg_query gives as the same list).
func copyOptions(opts []*pg_query.Node) (*CopyFormat, error) {
	c := &CopyFormat{Delimiter: '\t', Null: `\N`}
	seen := map[string]bool{}
	var delim, null, quote, escape *string
	for _, n := range opts {
		d := n.GetDefElem()
		if seen[d.Defname] {
			return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "conflicting or redundant options"), d.Location)
		}
		seen[d.Defname] = true
		str := func() (string, error) {
			if v, ok := defString(d.Arg); ok {
				return v, nil
			}
			return "", pgerr.New(pgerr.SyntaxError, "%s requires a string value", d.Defname)
		}
		switch d.Defname {
		case "format":
			f, err := str()
			if err != nil {
				return nil, err
			}
			switch f {
			case "text":
			case "csv":
				c.CSV = true
			case "binary":
				return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "COPY format \"binary\" is not supported"), d.Location)
			default:
				return nil, pgerr.At(pgerr.New(pgerr.InvalidParameterValue, "COPY format \"%s\" not recognized", f), d.Location)
			}
		case "delimiter", "null", "quote", "escape":
			v, err := str()
			if err != nil {
				return nil, err
			}
			*map[string]**string{"delimiter": &delim, "null": &null, "quote": &quote, "escape": &escape}[d.Defname] = &v
		case "header":
			b, err := defBool(d)
			if err != nil {
				return nil, err
			}
			c.Header = b
		case "force_quote", "encoding":
			// force_quote is read once the columns are known; encoding
			// must be the server's.
			if d.Defname == "encoding" {
				if v, _ := defString(d.Arg); funcs.CleanEncodingName(v) != "utf8" {
					return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "COPY encoding %q is not supported", v).
						WithDetail("vpnsql sends UTF8 only."), d.Location)
				}
			}
		case "freeze", "force_not_null", "force_null", "default":
			return nil, pgerr.At(pgerr.New(pgerr.FeatureNotSupported, "COPY %s is only for COPY FROM", d.Defname), d.Location)
		default:
			return nil, pgerr.At(pgerr.New(pgerr.SyntaxError, "option \"%s\" not recognized", d.Defname), d.Location)
		}
	}
	if c.CSV {
		c.Delimiter, c.Null, c.Quote = ',', "", '"'
	}
	if delim != nil {
		if len(*delim) != 1 {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY delimiter must be a single one-byte character")
		}
		if (*delim)[0] == '\n' || (*delim)[0] == '\r' {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "COPY delimiter cannot be newline or carriage return")
		}
		c.Delimiter = (*delim)[0]
	}
	if null != nil {
		if strings.ContainsAny(*null, "\r\n") {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "COPY null representation cannot use newline or carriage return")
		}
		c.Null = *null
	}
	for _, o := range []struct {
		v    *string
		name string
		dst  *byte
	}{{quote, "quote", &c.Quote}, {escape, "escape", &c.Escape}} {
		if o.v == nil {
			continue
		}
		if !c.CSV {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY %s available only in CSV mode", o.name)
		}
		if len(*o.v) != 1 {
			return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY %s must be a single one-byte character", o.name)
		}
		*o.dst = (*o.v)[0]
	}
	if c.CSV && c.Escape == 0 {
		c.Escape = c.Quote
	}
	if c.CSV && c.Delimiter == c.Quote {
		return nil, pgerr.New(pgerr.InvalidParameterValue, "COPY delimiter and quote must be different")
	}
	if seen["force_quote"] && !c.CSV {
		return nil, pgerr.New(pgerr.FeatureNotSupported, "COPY force quote available only in CSV mode")
	}
	return c, nil
}

// forceQuote reads FORCE_QUOTE (* or a column list) against the columns.
func forceQuote(opts []*pg_query.Node, names []string) ([]bool, error) {
	out := make([]bool, len(names))
	for _, n := range opts {
		d := n.GetDefElem()
		if d.Defname != "force_quote" {
			continue
		}
		if d.Arg.GetAStar() != nil {
			for i := range out {
				out[i] = true
			}
			continue
		}
		for _, item := range d.Arg.GetList().GetItems() {
			name := item.GetString_().GetSval()
			i := indexOf(names, name)
			if i < 0 {
				return nil, pgerr.New(pgerr.UndefinedColumn, "column %q does not exist", name)
			}
			out[i] = true
		}
	}
	return out, nil
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

// defString reads an option's string argument (a string or an identifier).
func defString(arg *pg_query.Node) (string, bool) {
	switch {
	case arg == nil:
		return "", false
	case arg.GetString_() != nil:
		return arg.GetString_().GetSval(), true
	case arg.GetTypeName() != nil:
		names := arg.GetTypeName().GetNames()
		return names[len(names)-1].GetString_().GetSval(), true
	}
	return "", false
}

// defBool reads a boolean option as PostgreSQL's defGetBoolean does.
func defBool(d *pg_query.DefElem) (bool, error) {
	switch {
	case d.Arg == nil:
		return true, nil
	case d.Arg.GetBoolean() != nil:
		return d.Arg.GetBoolean().GetBoolval(), nil
	case d.Arg.GetInteger() != nil:
		switch d.Arg.GetInteger().GetIval() {
		case 0:
			return false, nil
		case 1:
			return true, nil
		}
	default:
		if v, ok := defString(d.Arg); ok {
			switch strings.ToLower(v) {
			case "true", "on":
				return true, nil
			case "false", "off":
				return false, nil
			}
		}
	}
	return false, pgerr.New(pgerr.SyntaxError, "%s requires a Boolean value", d.Defname)
}
