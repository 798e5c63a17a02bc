package server

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// conn is one client connection. Its goroutine owns everything but mu's
// fields, which CancelRequest, Shutdown and Sessions touch from outside.
type conn struct {
	srv    *Server
	raw    net.Conn // the accepted socket: deadlines and Close from any goroutine
	nc     net.Conn // what the session reads and writes: raw, or *tls.Conn over it
	be     *pgproto3.Backend
	log    *slog.Logger
	pid    int32
	secret [4]byte
	tls    bool
	cert   []byte // DER of the certificate served, for channel binding

	// ctx is the session's, the parent of its statements': a child of the
	// server's, so creating and ending a statement's context locks this
	// session's, not one every session shares.
	ctx     context.Context
	sess    *executor.Session
	set     sessionSettings // parsed from sess (settings.go)
	codec   *codec
	stmts   map[string]*prepStmt
	portals map[string]*portal
	// skipToSync is set by an error in the extended protocol: messages are
	// ignored until Sync.
	skipToSync bool
	// inQueryBlock: a Query message of several statements is running, one
	// implicit transaction block, in which a cursor may be declared.
	inQueryBlock bool
	// idleDeadline says setIdleDeadline armed a read deadline; without
	// one, the next read needs no call to clear it.
	idleDeadline bool
	// redacted is the last statement text setActive redacted.
	redacted struct{ query, text string }
	// deferred holds a write's Execute, and the Describe and Close
	// messages after it, until the message that decides whether it runs
	// alone (pipeline.go).
	deferred  []pgproto3.FrontendMessage
	unflushed int    // bytes sent since the last flush, roughly
	rowBuf    []byte // DataRow messages not yet sent (result.addRow)
	// commandComplete is reused by every command (result.completeTag).
	commandComplete pgproto3.CommandComplete
	hasSlot         bool
	refusal         *pgerr.Error // the FATAL error that ended the startup, if any
	userSlot        string       // the user whose limit the session counts against; set under srv.mu
	killed          atomic.Bool  // SetUsers removed the session's user (authusers.go)
	timeout         *time.Timer  // the armed statement's statement_timeout (arm)

	mu      sync.Mutex
	running context.CancelCauseFunc // the statement in flight
	info    SessionInfo
}

func newConn(s *Server, nc net.Conn) *conn {
	c := &conn{
		srv:     s,
		raw:     nc,
		nc:      nc,
		pid:     s.newPID(),
		codec:   newCodec(),
		stmts:   map[string]*prepStmt{},
		portals: map[string]*portal{},
	}
	rand.Read(c.secret[:])
	c.info = SessionInfo{PID: c.pid, BackendStart: time.Now(), State: "starting"}
	if a, ok := nc.RemoteAddr().(*net.TCPAddr); ok {
		c.info.ClientAddr, c.info.ClientPort = a.IP.String(), a.Port
	}
	c.log = s.log.With("pid", c.pid, "remote", nc.RemoteAddr().String())
	return c
}

func (c *conn) serve() {
	defer c.srv.wg.Done()
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("panic in session; closing it", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			if c.be != nil {
				c.sendError(fatal(pgerr.New(pgerr.InternalError, "internal error: %v", r)))
				c.flush()
			}
		}
		c.close()
	}()
	ok := c.startup()
	c.loginDone()
	if !ok {
		return
	}
	ctx, cancel := context.WithCancel(c.srv.baseCtx)
	defer cancel()
	c.ctx = ctx
	c.loop()
}

func (c *conn) close() {
	for name := range c.portals {
		c.closePortal(name)
	}
	c.raw.Close()
	if c.sess != nil {
		c.sess.Close() // its advisory locks go with it
	}
	if c.hasSlot {
		c.srv.releaseSlot()
	}
	if c.userSlot != "" {
		c.srv.releaseUserSlot(c.userSlot)
	}
	c.srv.forget(c)
}

// interrupt makes a blocked read return at once; the loop then sees the
// shutdown flag. A session running a statement finishes it first.
func (c *conn) interrupt() {
	c.raw.SetReadDeadline(time.Now())
}

// loop reads and dispatches messages until the session ends.
func (c *conn) loop() {
	for {
		c.setIdleDeadline()
		var msg pgproto3.FrontendMessage
		var err error
		if !c.ending() {
			msg, err = c.be.Receive()
		}
		switch {
		case err != nil:
			c.receiveFailed(err)
			return
		case c.ending():
			// Checked again after the read: one the interrupt races with
			// may return data rather than the timeout, and a killed
			// session must not run it.
			c.terminate(pgerr.New(pgerr.AdminShutdown, "terminating connection due to administrator command"))
			return
		}
		if !c.dispatch(msg) {
			return
		}
	}
}

// dispatch handles one message; false ends the session.
func (c *conn) dispatch(msg pgproto3.FrontendMessage) bool {
	if len(c.deferred) > 0 {
		held, ok := c.decideDeferred(msg)
		if held || !ok {
			return ok
		}
	}
	switch m := msg.(type) {
	case *pgproto3.Query:
		return c.simpleQuery(m.String)
	case *pgproto3.Parse:
		return c.extended(func() error { return c.parse(m) })
	case *pgproto3.Bind:
		return c.extended(func() error { return c.bind(m) })
	case *pgproto3.Describe:
		return c.extended(func() error { return c.describe(m) })
	case *pgproto3.Execute:
		if c.mustDefer(m) {
			d := *m // Receive reuses its messages
			c.deferred = []pgproto3.FrontendMessage{&d}
			return true
		}
		return c.extended(func() error { return c.execute(m) })
	case *pgproto3.Close:
		return c.extended(func() error { return c.closeMessage(m) })
	case *pgproto3.Sync:
		return c.sync()
	case *pgproto3.Flush:
		return c.flush() == nil
	case *pgproto3.Terminate:
		return false
	case *pgproto3.FunctionCall:
		c.sendError(pgerr.New(pgerr.FeatureNotSupported, "fastpath function calls are not supported"))
		c.sess.Failed()
		return c.readyForQuery()
	case *pgproto3.CopyData, *pgproto3.CopyDone, *pgproto3.CopyFail:
		// Ignored outside COPY, as PostgreSQL does: the client may still
		// be sending data for a COPY that failed.
		return true
	}
	c.terminate(pgerr.New(pgerr.ProtocolViolation, "invalid frontend message type %d", msgType(msg)))
	return false
}

func msgType(msg pgproto3.FrontendMessage) byte {
	b, err := msg.Encode(nil)
	if err != nil || len(b) == 0 {
		return 0
	}
	return b[0]
}

// receiveFailed ends the session after a failed read.
func (c *conn) receiveFailed(err error) {
	var ne net.Error
	var tooBig *pgproto3.ExceededMaxBodyLenErr
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		switch {
		case c.ending():
			c.terminate(pgerr.New(pgerr.AdminShutdown, "terminating connection due to administrator command"))
		case c.sess.TxStatus() == executor.TxIdle:
			c.log.Info("idle session timeout")
			c.terminate(pgerr.New(pgerr.IdleSessionTimeout, "terminating connection due to idle-session timeout"))
		default:
			c.log.Info("idle-in-transaction timeout")
			c.terminate(pgerr.New(pgerr.IdleInTransactionSessionTimeout, "terminating connection due to idle-in-transaction timeout"))
		}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed):
		if c.sess.TxStatus() != executor.TxIdle {
			c.log.Info("unexpected EOF on client connection with an open transaction")
		} else {
			c.log.Debug("client closed the connection")
		}
	case errors.As(err, &tooBig):
		c.log.Warn("message too long; closing session", "size", tooBig.ActualBodyLen, "limit", tooBig.MaxExpectedBodyLen)
		c.terminate(pgerr.New(pgerr.ProtocolViolation, "invalid message length").
			WithDetail("The message has %d bytes; the limit is %d.", tooBig.ActualBodyLen, tooBig.MaxExpectedBodyLen))
	case strings.HasPrefix(err.Error(), "unknown message type: "):
		r, _ := utf8.DecodeRuneInString(strings.TrimPrefix(err.Error(), "unknown message type: "))
		c.log.Warn("invalid frontend message type; closing session", "type", int(r))
		c.terminate(pgerr.New(pgerr.ProtocolViolation, "invalid frontend message type %d", int(r)))
	default:
		var oe *net.OpError
		if errors.As(err, &oe) {
			c.log.Debug("read failed", "err", err)
			return
		}
		c.log.Warn("malformed message; closing session", "err", err)
		c.terminate(pgerr.New(pgerr.ProtocolViolation, "invalid message format").WithDetail("%s", err.Error()))
	}
}

// terminate sends a FATAL error; the caller then ends the session.
func (c *conn) terminate(e *pgerr.Error) {
	c.sendError(fatal(e))
	c.flush()
}

// setIdleDeadline arms the idle timeouts for the next read.
func (c *conn) setIdleDeadline() {
	var d time.Duration
	if c.sess.TxStatus() == executor.TxIdle {
		// The session's idle_session_timeout, within the server's
		// --idle-session-timeout: a session may shorten it, not lift it.
		d = c.settings().idleSession
		if srv := c.srv.cfg.IdleSessionTimeout; srv > 0 && (d == 0 || d > srv) {
			d = srv
		}
	} else {
		d = c.settings().idleInTx
	}
	switch {
	case d > 0:
		c.nc.SetReadDeadline(time.Now().Add(d))
	case c.idleDeadline:
		c.nc.SetReadDeadline(time.Time{})
	}
	c.idleDeadline = d > 0
}

// simpleQuery runs a Query message: every statement in turn, each with its
// own result, stopping at the first error. False ends the session.
func (c *conn) simpleQuery(sql string) bool {
	c.setActive(sql)
	// A simple Query replaces the unnamed statement and portal.
	delete(c.stmts, "")
	c.closePortal("")
	var stmts []*executor.Statement
	err := contain(func() (err error) {
		if err := value.CheckEncoding(sql); err != nil {
			return err
		}
		stmts, err = c.sess.Parse(sql)
		return err
	})
	switch {
	case err != nil:
		c.statementFailed("invalid", err)
		c.sendError(pgerr.From(err))
		c.sess.Failed()
	case len(stmts) == 0:
		c.be.Send(&pgproto3.EmptyQueryResponse{})
	default:
		c.sess.BeginImplicit()
		if len(stmts) > 1 {
			// One transaction in PostgreSQL: a write in it is refused, or
			// warned about (executor's transaction rule); a cursor may be
			// declared in it.
			c.sess.SetBatch(executor.BatchQuery)
			c.inQueryBlock = true
			defer func() {
				c.sess.SetBatch(executor.BatchNone)
				c.inQueryBlock = false
				if c.sess.TxStatus() == executor.TxIdle {
					c.endTransactionPortals() // the implicit block's cursors
				}
			}()
		}
		failed := false
		for _, st := range stmts {
			ok, end := c.runSimple(st)
			if end {
				c.flush()
				return false
			}
			if !ok {
				failed = true
				break
			}
		}
		c.sess.EndImplicit(failed)
	}
	return c.readyForQuery()
}

// runSimple runs one statement of a Query message. ok is false after an
// error; end is true when the session must end.
func (c *conn) runSimple(st *executor.Statement) (ok, end bool) {
	ctx, cancel := context.WithCancelCause(c.ctx)
	defer cancel(nil)
	c.arm(cancel)
	defer c.disarm()
	before := c.sess.TxStatus()
	res := c.newResult(nil)
	res.observe(st)
	err := contain(func() error {
		if done, err := c.cursorStatement(ctx, st, res); done {
			return err
		}
		if p, ok, err := st.Prepare(); ok {
			if err == nil {
				err = c.prepareSQL(ctx, p)
			}
			if err == nil {
				res.completeTag("PREPARE")
			}
			return err
		}
		var prep *executor.Prepared
		var params []any
		e, isExecute, err := st.Execute()
		switch {
		case err != nil:
			return err
		case isExecute:
			// The prepared statement's rows, tag and errors are EXECUTE's.
			prep, params, err = c.executeArgs(ctx, e)
		default:
			prep, err = c.sess.PrepareQuery(ctx, st)
		}
		if err != nil {
			return err
		}
		if prep == nil { // an empty statement made by Parse
			res.complete(&pgproto3.EmptyQueryResponse{})
			return nil
		}
		if name, all, ok := prep.Statement.Deallocate(); ok {
			tag, err := c.deallocate(name, all)
			if err == nil {
				res.completeTag(tag)
			}
			return err
		}
		// A query's RowDescription goes out when it starts to run, after
		// planning, as in PostgreSQL: an error while it runs (a cancel, a
		// timeout, an API error) comes after it. (PostgreSQL checks
		// writes, such as a read-only transaction's refusal, before it
		// describes their RETURNING rows; vpnsql's write checks run with
		// the write, so writes are described when they have run.)
		described := prep.Columns != nil && prep.Statement.Query()
		if described {
			c.be.Send(rowDescription(prep.Columns, nil))
		}
		if prep.Copy != nil {
			c.be.Send(copyOutResponse(prep.Copy)) // before the query runs, as in PostgreSQL
		}
		cur, err := c.sess.Execute(ctx, prep, params)
		if err != nil {
			return err
		}
		defer cur.Close()
		cols := cur.Columns()
		if cols != nil && !described && prep.Copy == nil {
			c.be.Send(rowDescription(cols, nil))
		}
		res.cols = cols
		if prep.Copy != nil {
			err = c.copyOut(ctx, cur, prep.Copy)
		} else {
			_, _, err = c.drain(ctx, cur, res, 0)
		}
		if err != nil {
			return err
		}
		res.completeTag(cur.Tag())
		c.afterCommand(cur.Tag(), "")
		return nil
	})
	if err != nil {
		pe := statementError(ctx, err)
		res.fail(pe)
		c.afterStatement(before)
		return false, pe.Severity == pgerr.SeverityFatal
	}
	c.afterStatement(before)
	return true, false
}

// afterStatement closes the portals when a transaction block ended:
// portals belong to their transaction, but for cursors declared WITH
// HOLD. (In an aborted block they stay, but Execute refuses them with
// 25P02.)
func (c *conn) afterStatement(before executor.TxStatus) {
	if before != executor.TxIdle && c.sess.TxStatus() == executor.TxIdle {
		c.endTransactionPortals()
	}
}

// drain sends up to limit rows (0 = all) from cur: sent rows, and
// whether the limit stopped it before the end.
func (c *conn) drain(ctx context.Context, cur executor.Cursor, res *result, limit int64) (sent int64, suspended bool, err error) {
	c.configureCodec()
	defer res.sendRows()
	for limit == 0 || sent < limit {
		if err := ctx.Err(); err != nil {
			return sent, false, err
		}
		row, err := cur.Next(ctx)
		if err != nil {
			return sent, false, err
		}
		if row == nil {
			return sent, false, nil
		}
		if err := res.addRow(row); err != nil {
			return sent, false, err
		}
		sent++
	}
	return sent, true, nil
}

// copyOutResponse starts a COPY ... TO STDOUT: text format.
func copyOutResponse(spec *executor.CopyOut) *pgproto3.CopyOutResponse {
	return &pgproto3.CopyOutResponse{OverallFormat: 0, ColumnFormatCodes: make([]uint16, len(spec.Names))}
}

// copyOut sends a COPY ... TO STDOUT's rows, after copyOutResponse: one
// CopyData per line, then CopyDone. An error while the rows are read ends
// it with the ErrorResponse alone.
func (c *conn) copyOut(ctx context.Context, cur executor.Cursor, spec *executor.CopyOut) error {
	c.configureCodec()
	cols := cur.Columns()
	var line []byte
	send := func() error {
		c.be.Send(&pgproto3.CopyData{Data: line})
		if c.unflushed += len(line) + 5; c.unflushed >= flushThreshold {
			return c.flush()
		}
		return nil
	}
	if spec.Header {
		line = spec.HeaderLine(line[:0])
		if err := send(); err != nil {
			return err
		}
	}
	fields := make([][]byte, len(cols))
	// Not nil even while empty: an empty value is not NULL.
	buf := make([]byte, 0, 256)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		row, err := cur.Next(ctx)
		if err != nil {
			return err
		}
		if row == nil {
			break
		}
		buf = buf[:0]
		for i, v := range row {
			fields[i] = nil
			if v != nil {
				start := len(buf)
				if buf, err = c.codec.encode(buf, cols[i].TypeOID, 0, v); err != nil {
					return fmt.Errorf("column %q: %w", cols[i].Name, err)
				}
				fields[i] = buf[start:len(buf):len(buf)]
			}
		}
		line = spec.Line(line[:0], fields)
		if err := send(); err != nil {
			return err
		}
	}
	c.be.Send(&pgproto3.CopyDone{})
	return nil
}

// readyForQuery reports changed settings and the transaction status, and
// flushes. False ends the session.
func (c *conn) readyForQuery() bool {
	changed := c.sess.ChangedParameters()
	for _, name := range sortedKeys(changed) {
		c.be.Send(&pgproto3.ParameterStatus{Name: name, Value: changed[name]})
	}
	tx := c.sess.TxStatus()
	c.setIdle(tx)
	c.be.Send(&pgproto3.ReadyForQuery{TxStatus: byte(tx)})
	return c.flush() == nil
}

func (c *conn) flush() error {
	c.unflushed = 0
	if err := c.be.Flush(); err != nil {
		c.log.Debug("write failed", "err", err)
		return err
	}
	return nil
}

// sendError writes an ErrorResponse (after any pending notices).
func (c *conn) sendError(e *pgerr.Error) {
	c.sendNotices()
	sev := e.Severity
	if sev == "" {
		sev = pgerr.SeverityError
	}
	c.be.Send(&pgproto3.ErrorResponse{
		Severity:            sev,
		SeverityUnlocalized: sev,
		Code:                string(e.Code),
		Message:             e.Message,
		Detail:              e.Detail,
		Hint:                e.Hint,
		Position:            e.Position,
		SchemaName:          e.SchemaName,
		TableName:           e.TableName,
		ConstraintName:      e.ConstraintName,
	})
	if sev == pgerr.SeverityFatal {
		c.log.Info("session terminated", "sqlstate", string(e.Code), "reason", e.Message)
	} else {
		c.log.Debug("statement failed", "sqlstate", string(e.Code))
	}
	var p *pgerr.Panic
	if errors.As(e, &p) {
		c.log.Error("panic in statement; the statement fails, the session goes on",
			"panic", fmt.Sprint(p.Value), "stack", string(p.Stack))
	}
}

// contain runs part of a statement; a panic in it (a bug) becomes the
// statement's XX000 error, so the session goes on.
func contain(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = pgerr.FromPanic(r)
		}
	}()
	return f()
}

// notice levels in the order client_min_messages compares them.
var noticeLevel = map[string]int{
	"debug5": 0, "debug4": 0, "debug3": 0, "debug2": 0, "debug1": 0, "debug": 0,
	"log": 1, "info": 2, "notice": 3, "warning": 4, "error": 5,
}

// sendNotices forwards the executor's notices that client_min_messages
// lets through.
func (c *conn) sendNotices() {
	if c.sess == nil {
		return
	}
	min := c.settings().minMessages
	for _, n := range c.sess.Notices() {
		code := string(n.Code)
		switch {
		case code != "":
		case n.Severity == pgerr.SeverityWarning:
			code = "01000"
		default:
			code = "00000"
		}
		if noticeLevel[strings.ToLower(n.Severity)] < min {
			continue
		}
		c.be.Send(&pgproto3.NoticeResponse{
			Severity:            n.Severity,
			SeverityUnlocalized: n.Severity,
			Code:                code,
			Message:             n.Message,
			Detail:              n.Detail,
			Hint:                n.Hint,
		})
	}
}

func (c *conn) setActive(query string) {
	// pg_stat_activity must not show a pre-shared key. A prepared
	// statement runs its text again and again: redacted once.
	if query != c.redacted.query {
		c.redacted.query, c.redacted.text = query, executor.RedactStatement(query)
	}
	query = c.redacted.text
	now := time.Now()
	c.mu.Lock()
	c.info.State, c.info.Query, c.info.QueryStart, c.info.StateChange = "active", query, now, now
	c.mu.Unlock()
}

func (c *conn) setIdle(tx executor.TxStatus) {
	var state string
	switch tx {
	case executor.TxIdle:
		state = "idle"
	case executor.TxActive:
		state = "idle in transaction"
	case executor.TxFailed:
		state = "idle in transaction (aborted)"
	}
	app := c.settings().applicationName
	now := time.Now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.info.ApplicationName = app
	if c.info.State != state {
		c.info.State, c.info.StateChange = state, now
	}
	switch {
	case tx == executor.TxIdle:
		c.info.XactStart = time.Time{}
	case c.info.XactStart.IsZero():
		c.info.XactStart = c.info.QueryStart
	}
}

func (c *conn) snapshot() SessionInfo {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.info
}

// settingDuration reads a time setting such as statement_timeout.
func settingDuration(v string) time.Duration { return executor.SettingDuration(v) }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Case-insensitive, as PostgreSQL orders its settings.
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && strings.ToLower(keys[j]) < strings.ToLower(keys[j-1]); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}
