package executor

import (
	"context"
	"strconv"

	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
)

// rowsCursor returns materialised rows.
type rowsCursor struct {
	columns []expr.Column
	rows    [][]any
	next    int
	verb    string // "SELECT", or a fixed tag when rows is nil
	fixed   bool
}

func newRowsCursor(cols []expr.Column, rows [][]any, verb string) *rowsCursor {
	return &rowsCursor{columns: cols, rows: rows, verb: verb}
}

// tagCursor is a statement with no rows and a fixed command tag.
func tagCursor(tag string) *rowsCursor { return &rowsCursor{verb: tag, fixed: true} }

func (c *rowsCursor) Columns() []expr.Column { return c.columns }

func (c *rowsCursor) Next(ctx context.Context) ([]any, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c.next >= len(c.rows) {
		return nil, nil
	}
	r := c.rows[c.next]
	c.next++
	return r, nil
}

// Tag counts the rows returned so far, as PostgreSQL's tag counts the rows
// a portal actually sent.
func (c *rowsCursor) Tag() string {
	if c.fixed {
		return c.verb
	}
	return c.verb + " " + strconv.Itoa(c.next)
}

func (c *rowsCursor) Close() {}

// iterCursor pulls a query's rows as the client reads them; Close stops
// the query (and cancels its API calls still in flight) when the client
// needs no more, such as a portal closed before its last row.
type iterCursor struct {
	columns []expr.Column
	it      exec.RowIter
	sent    int
	verb    string // "SELECT", or "COPY" for COPY ... TO STDOUT
}

func (c *iterCursor) Columns() []expr.Column { return c.columns }

func (c *iterCursor) Next(ctx context.Context) ([]any, error) {
	if err := ctx.Err(); err != nil {
		c.it.Close()
		return nil, err
	}
	r, err := c.it.Next()
	if err != nil {
		c.it.Close()
		return nil, err
	}
	if r != nil {
		c.sent++
	}
	return r, nil
}

// Tag counts the rows returned so far, as PostgreSQL's tag counts the rows
// a portal actually sent.
func (c *iterCursor) Tag() string { return c.verb + " " + strconv.Itoa(c.sent) }

func (c *iterCursor) Close() { c.it.Close() }
