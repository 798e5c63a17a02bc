package server

import (
	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/executor"
)

// A write in the extended protocol is decided on the message after its
// Execute. PostgreSQL runs the messages up to Sync as one transaction, and
// EC2 has none: a write followed by another statement before Sync would
// stay made when that statement fails and the client believes the batch
// rolled back. So the Execute of a write (outside a transaction block,
// whose own rule applies at once) is held until the next message:
//
//	Sync or Flush                         run it alone (then the message)
//	Describe, Close, Execute of its portal  hold them too, in order
//	CopyData, CopyDone, CopyFail          ignored, as outside COPY
//	Parse, Bind, Execute of another portal,
//	Query, FunctionCall                   run it as part of a pipeline: the
//	                                      transaction rule refuses it with
//	                                      25001 before any call (or, with
//	                                      writes_in_transaction = immediate,
//	                                      runs it with a WARNING); an error
//	                                      skips the rest up to Sync
//	Terminate, or the connection closing  drop it: the transaction is
//	                                      abandoned, as PostgreSQL would
//
// Nothing waits for more input than the protocol already requires: a
// client that wants the Execute's results must send Sync or Flush, and
// pipelining clients have the next message in the socket already.

// mustDefer reports whether an Execute starts a write that must wait for
// the next message.
func (c *conn) mustDefer(m *pgproto3.Execute) bool {
	if c.skipToSync || c.sess.TxStatus() != executor.TxIdle {
		return false
	}
	p, ok := c.portals[m.Portal]
	return ok && p.cursor == nil && !p.done && p.stmt.prep != nil && p.stmt.prep.Writes()
}

// decideDeferred handles a message that arrives while a write's Execute
// is held: held is true when the message joined the held ones; otherwise
// the held messages have run (or been dropped) and the caller handles msg
// as usual. ok false ends the session.
func (c *conn) decideDeferred(msg pgproto3.FrontendMessage) (held, ok bool) {
	switch m := msg.(type) {
	case *pgproto3.Describe:
		d := *m
		c.deferred = append(c.deferred, &d)
		return true, true
	case *pgproto3.Close:
		d := *m
		c.deferred = append(c.deferred, &d)
		return true, true
	case *pgproto3.Execute:
		if m.Portal == c.deferred[0].(*pgproto3.Execute).Portal {
			d := *m
			c.deferred = append(c.deferred, &d)
			return true, true
		}
		return false, c.runDeferred(executor.BatchPipeline)
	case *pgproto3.Sync, *pgproto3.Flush:
		return false, c.runDeferred(executor.BatchNone)
	case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
		return true, true // ignored outside COPY: they decide nothing
	case *pgproto3.Terminate:
		c.deferred = nil
		return false, true
	}
	return false, c.runDeferred(executor.BatchPipeline)
}

// runDeferred runs the held messages, the write's Execute first with
// batch telling the executor what follows it.
func (c *conn) runDeferred(batch executor.Batch) bool {
	msgs := c.deferred
	c.deferred = nil
	first := msgs[0].(*pgproto3.Execute)
	c.sess.SetBatch(batch)
	ok := c.extended(func() error { return c.execute(first) })
	c.sess.SetBatch(executor.BatchNone)
	for _, m := range msgs[1:] {
		if !ok {
			break
		}
		ok = c.dispatch(m)
	}
	return ok
}
