package executor

import (
	"context"
	"strings"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/stmt"
	"github.com/vpnsql/vpnsql/value"
)

// CopyOut is a COPY ... TO STDOUT: the statement's cursor yields the rows,
// which the server sends in the COPY sub-protocol as lines Line writes.
// Only the text and CSV formats exist; COPY FROM and files are refused.
type CopyOut struct{ stmt.CopyFormat }

// Line appends one row to dst as a line of COPY output; fields are the
// Values' text forms, nil for NULL.
func (c *CopyOut) Line(dst []byte, fields [][]byte) []byte {
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, c.Delimiter)
		}
		switch {
		case f == nil:
			dst = append(dst, c.Null...)
		case c.CSV:
			dst = c.csvField(dst, f, c.ForceQuote[i], len(fields) == 1)
		default:
			dst = c.textField(dst, f)
		}
	}
	return append(dst, '\n')
}

// HeaderLine is the HEADER line: the column names, written as values
// but never forced into quotes (FORCE_QUOTE is the values', as in
// PostgreSQL).
func (c *CopyOut) HeaderLine(dst []byte) []byte {
	fields := make([][]byte, len(c.Names))
	for i, n := range c.Names {
		fields[i] = []byte(n)
	}
	unforced := *c
	unforced.ForceQuote = make([]bool, len(c.Names))
	return unforced.Line(dst, fields)
}

// textField escapes as PostgreSQL's text format does: backslash, the
// delimiter and the control characters with a letter form.
func (c *CopyOut) textField(dst, f []byte) []byte {
	for _, b := range f {
		switch {
		case b < 0x20 && textEscapes[b] != 0:
			dst = append(dst, '\\', textEscapes[b])
		case b == '\\' || b == c.Delimiter:
			dst = append(dst, '\\', b)
		default:
			dst = append(dst, b)
		}
	}
	return dst
}

var textEscapes = [0x20]byte{'\b': 'b', '\f': 'f', '\n': 'n', '\r': 'r', '\t': 't', '\v': 'v'}

// csvField quotes a value when it must be: forced, equal to the NULL
// string, holding a delimiter, quote, CR or LF, or the end-of-data marker
// \. alone in a one-column row.
func (c *CopyOut) csvField(dst, f []byte, force, single bool) []byte {
	s := string(f)
	quote := force || s == c.Null || strings.ContainsAny(s, string([]byte{c.Delimiter, c.Quote, '\n', '\r'})) ||
		(single && s == `\.`)
	if !quote {
		return append(dst, f...)
	}
	dst = append(dst, c.Quote)
	for _, b := range f {
		if b == c.Quote || b == c.Escape {
			dst = append(dst, c.Escape)
		}
		dst = append(dst, b)
	}
	return append(dst, c.Quote)
}

// copyStatement runs the query of a COPY TO STDOUT.
type copyStatement struct {
	q     exec.QueryPlan
	sites []*expr.WriteSite // write calls of a COPY (query), checked first
}

func (p *copyStatement) Open(ctx context.Context, s *Session, params []any) (Cursor, error) {
	c, err := (&queryStatement{q: p.q, sites: p.sites}).Open(ctx, s, params)
	if err != nil {
		return nil, err
	}
	c.(*iterCursor).verb = "COPY"
	return c, nil
}

// planCopy plans COPY (query) TO STDOUT and COPY table [(columns)] TO
// STDOUT.
func (s *stmtPlanner) planCopy(st *stmt.Statement, params *[]*value.Type) (statementPlan, *CopyOut, error) {
	q, format, err := stmt.PlanCopy(s.Planner, st, params)
	if err != nil {
		return nil, nil, err
	}
	return &copyStatement{q: q, sites: s.WriteSites}, &CopyOut{*format}, nil
}
