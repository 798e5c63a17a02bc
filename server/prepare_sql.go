package server

import (
	"context"

	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// SQL-level PREPARE and EXECUTE, in a simple Query: the prepared
// statements are the protocol's (Parse makes them, DEALLOCATE and DISCARD
// ALL drop them), one namespace as in PostgreSQL. Through the extended
// protocol the executor refuses both, with a hint to Parse and Bind.

// prepareSQL runs PREPARE name [(types)] AS statement.
func (c *conn) prepareSQL(ctx context.Context, p executor.SQLPrepare) error {
	if _, ok := c.stmts[p.Name]; ok {
		return pgerr.New(pgerr.DuplicatePstatement, "prepared statement \"%s\" already exists", p.Name)
	}
	var oids []uint32
	if p.Types != "" {
		// The declared types, resolved as a cast resolves them.
		prep, err := c.prepareOne(ctx, p.Types)
		if err != nil {
			return err
		}
		for _, col := range prep.Columns {
			oids = append(oids, col.TypeOID)
		}
	}
	stmts, err := c.sess.Parse(p.Query)
	if err != nil {
		return unplaced(err)
	}
	ps := &prepStmt{sql: p.Query}
	if err := ps.plan(ctx, c.sess, stmts[0], oids); err != nil {
		return unplaced(err)
	}
	c.stmts[p.Name] = ps
	return nil
}

// executeArgs finds an EXECUTE's prepared statement and evaluates its
// arguments, each cast to its parameter's type.
func (c *conn) executeArgs(ctx context.Context, e executor.SQLExecute) (*executor.Prepared, []any, error) {
	ps, err := c.lookupStmt(e.Name)
	if err != nil {
		return nil, nil, err
	}
	if e.N != len(ps.paramOIDs) {
		return nil, nil, pgerr.New(pgerr.SyntaxError, "wrong number of parameters for prepared statement \"%s\"", e.Name).
			WithDetail("Expected %d parameters but got %d.", len(ps.paramOIDs), e.N)
	}
	if e.N == 0 {
		return ps.prep, nil, nil
	}
	prep, err := c.prepareOne(ctx, e.Args)
	if err != nil {
		return nil, nil, err
	}
	cur, err := c.sess.Execute(ctx, prep, nil)
	if err != nil {
		return nil, nil, err
	}
	defer cur.Close()
	row, err := cur.Next(ctx)
	if err != nil {
		return nil, nil, err
	}
	params := make([]any, e.N)
	for i, v := range row {
		from, to := value.TypeByOID(prep.Columns[i].TypeOID), value.TypeByOID(ps.paramOIDs[i])
		if v != nil && from != to {
			if from == nil || to == nil || !value.CanCast(from, to) {
				return nil, nil, pgerr.New(pgerr.DatatypeMismatch, "parameter $%d of type %s cannot be coerced to the expected type %s",
					i+1, typeName(prep.Columns[i].TypeOID), typeName(ps.paramOIDs[i])).
					WithHint("You will need to rewrite or cast the expression.")
			}
			if v, err = value.CastValue(v, from, to); err != nil {
				return nil, nil, err
			}
		}
		params[i] = v
	}
	return ps.prep, params, nil
}

// prepareOne parses and plans a statement the server made of a simple
// Query's (PREPARE's types, EXECUTE's arguments, DECLARE's query), which
// has no parameters.
func (c *conn) prepareOne(ctx context.Context, sql string) (*executor.Prepared, error) {
	stmts, err := c.sess.Parse(sql)
	if err != nil {
		return nil, unplaced(err)
	}
	prep, err := c.sess.PrepareQuery(ctx, stmts[0])
	return prep, unplaced(err)
}

// unplaced drops an error's position: it is in text the server made from
// the client's (pg_query deparses the parts), not in what the client sent.
func unplaced(err error) error {
	if err == nil {
		return nil
	}
	pe := *pgerr.From(err) // a copy: the parse cache may hand the same error again
	pe.Position = 0
	return &pe
}
