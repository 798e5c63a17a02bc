package server

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// prepStmt is a statement made by Parse. prep is nil for an empty query.
type prepStmt struct {
	sql       string
	prep      *executor.Prepared
	declare   *declareStmt // a DECLARE (cursor_sql.go); prep is then nil
	cmd       *cursorCmd   // a FETCH, MOVE or CLOSE (cursor_sql.go); prep is then nil
	paramOIDs []uint32
	// desc are its RowDescriptions with every column in text and in
	// binary, made at the first Describe that asks for one: libpq
	// describes the portal at every execution of a prepared statement.
	desc [2]*pgproto3.RowDescription
}

// rowDescription is the statement's RowDescription for a portal's result
// formats.
func (ps *prepStmt) rowDescription(formats []int16) *pgproto3.RowDescription {
	cols := ps.columns()
	f := int16(0)
	if len(formats) > 0 {
		f = formats[0]
	}
	for _, g := range formats {
		if g != f {
			return rowDescription(cols, formats) // mixed: not kept
		}
	}
	if ps.desc[f] == nil {
		ps.desc[f] = rowDescription(cols, formats)
	}
	return ps.desc[f]
}

func (ps *prepStmt) columns() []expr.Column {
	if ps.prep == nil {
		return nil
	}
	return ps.prep.Columns
}

// portal is a bound statement made by Bind. The executor runs it at the
// first Execute; later Executes continue the same cursor.
type portal struct {
	name      string
	stmt      *prepStmt
	params    []any
	formats   []int16
	ctx       context.Context // lives as long as the portal
	cancel    context.CancelCauseFunc
	cursor    executor.Cursor
	done      bool
	suspended bool // an Execute stopped at its row limit
	hold      bool // a cursor declared WITH HOLD: its transaction's end leaves it
	tag       string
	// Storage for the params and formats of a statement with few, which
	// then cost a Bind no allocation of their own.
	paramBuf  [2]any
	formatBuf [8]int16
}

// extended runs one extended-protocol message unless an earlier error
// skips it. An error is sent, fails an open transaction block and skips
// everything up to Sync. False ends the session.
func (c *conn) extended(run func() error) bool {
	if c.skipToSync {
		return true
	}
	if err := contain(run); err != nil {
		if errors.Is(err, errEndSession) {
			return false
		}
		pe := pgerr.From(err)
		c.sendError(pe)
		c.sess.Failed()
		c.skipToSync = true
		if pe.Severity == pgerr.SeverityFatal {
			c.flush()
			return false
		}
	}
	return true
}

// statementCtx gives one message a cancellable context: CancelRequest,
// statement_timeout and shutdown end it.
func (c *conn) statementCtx() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(c.ctx)
	c.arm(cancel)
	return ctx, func() {
		c.disarm()
		cancel(nil)
	}
}

func (c *conn) parse(m *pgproto3.Parse) error {
	c.setActive(m.Query)
	if m.Name == "" {
		delete(c.stmts, "")
	} else if _, ok := c.stmts[m.Name]; ok {
		return pgerr.New(pgerr.DuplicatePstatement, "prepared statement \"%s\" already exists", m.Name)
	}
	if err := value.CheckEncoding(m.Query); err != nil {
		return err
	}
	stmts, err := c.sess.Parse(m.Query)
	if err != nil {
		c.statementFailed("invalid", err)
		return err
	}
	if len(stmts) > 1 {
		return pgerr.New(pgerr.SyntaxError, "cannot insert multiple commands into a prepared statement")
	}
	ps := &prepStmt{sql: m.Query, paramOIDs: append([]uint32{}, m.ParameterOIDs...)}
	if len(stmts) == 1 {
		ctx, done := c.statementCtx()
		err := c.planStatement(ctx, ps, stmts[0], m.ParameterOIDs)
		if err != nil {
			err = statementError(ctx, err)
		}
		done()
		if err != nil {
			c.statementFailed(stmts[0].Kind(), err)
			return err
		}
	}
	c.stmts[m.Name] = ps
	c.be.Send(&pgproto3.ParseComplete{})
	return nil
}

// planStatement makes ps of st: planned by the executor, or, for a
// cursor's statements, planned here (DECLARE's query) or left to Execute,
// which runs FETCH, MOVE and CLOSE on the portals there are then.
func (c *conn) planStatement(ctx context.Context, ps *prepStmt, st *executor.Statement, oids []uint32) error {
	if ps.cmd = cursorCommand(st); ps.cmd != nil {
		return nil
	}
	d, ok, err := st.Declare()
	switch {
	case !ok:
		return ps.plan(ctx, c.sess, st, oids)
	case err != nil:
		return err
	}
	if ps.declare, err = c.planDeclare(ctx, st, d, oids); err != nil {
		return err
	}
	ps.paramOIDs = ps.declare.query.paramOIDs
	return nil
}

// plan prepares st as the statement, its parameters' types declared by
// oids (0 or missing: inferred from the statement).
func (ps *prepStmt) plan(ctx context.Context, sess *executor.Session, st *executor.Statement, oids []uint32) error {
	prep, err := sess.Prepare(ctx, st, oids)
	if err != nil {
		return err
	}
	ps.prep, ps.paramOIDs = prep, prep.ParamOIDs
	// Types declared for parameters the query does not use still count,
	// as in PostgreSQL; Bind must supply them and they are ignored.
	if len(oids) > len(ps.paramOIDs) {
		ps.paramOIDs = append(append([]uint32{}, prep.ParamOIDs...), oids[len(prep.ParamOIDs):]...)
	}
	for i, oid := range ps.paramOIDs {
		if oid == 0 {
			return pgerr.New(pgerr.IndeterminateDatatype, "could not determine data type of parameter $%d", i+1)
		}
	}
	return nil
}

func (c *conn) lookupStmt(name string) (*prepStmt, error) {
	ps, ok := c.stmts[name]
	if !ok {
		if name == "" {
			return nil, pgerr.New(pgerr.InvalidSqlStatementName, "unnamed prepared statement does not exist")
		}
		return nil, pgerr.New(pgerr.InvalidSqlStatementName, "prepared statement \"%s\" does not exist", name)
	}
	return ps, nil
}

func (c *conn) lookupPortal(name string) (*portal, error) {
	p, ok := c.portals[name]
	if !ok {
		return nil, pgerr.New(pgerr.InvalidCursorName, "portal \"%s\" does not exist", name)
	}
	return p, nil
}

func (c *conn) bind(m *pgproto3.Bind) error {
	ps, err := c.lookupStmt(m.PreparedStatement)
	if err != nil {
		return err
	}
	if ps.prep != nil {
		if err := c.sess.CheckAborted(ps.prep.Statement); err != nil {
			return err
		}
	}
	if m.DestinationPortal == "" {
		c.closePortal("")
	} else if _, ok := c.portals[m.DestinationPortal]; ok {
		return pgerr.New(pgerr.DuplicateCursor, "cursor \"%s\" already exists", m.DestinationPortal)
	}
	nf, np := len(m.ParameterFormatCodes), len(m.Parameters)
	if nf > 1 && nf != np {
		return pgerr.New(pgerr.ProtocolViolation, "bind message has %d parameter formats but %d parameters", nf, np)
	}
	if np != len(ps.paramOIDs) {
		return pgerr.New(pgerr.ProtocolViolation, "bind message supplies %d parameters, but prepared statement \"%s\" requires %d", np, m.PreparedStatement, len(ps.paramOIDs))
	}
	c.configureCodec()
	p := &portal{name: m.DestinationPortal, stmt: ps}
	var params []any
	if np <= len(p.paramBuf) {
		params = p.paramBuf[:np]
	} else {
		params = make([]any, np)
	}
	for i, raw := range m.Parameters {
		if raw == nil {
			continue
		}
		var format int16
		switch nf {
		case 0:
		case 1:
			format = m.ParameterFormatCodes[0]
		default:
			format = m.ParameterFormatCodes[i]
		}
		v, err := c.codec.decode(raw, ps.paramOIDs[i], format)
		if err != nil {
			pe := pgerr.From(err)
			if format == 1 && pe.Code == pgerr.InvalidBinaryRepresentation {
				pe = pgerr.New(pgerr.InvalidBinaryRepresentation, "incorrect binary data format in bind parameter %d", i+1)
			}
			return pe
		}
		params[i] = v
	}
	formats, err := resultFormats(p.formatBuf[:0], m.ResultFormatCodes, len(c.columnsOf(ps)))
	if err != nil {
		return err
	}
	p.params, p.formats = params, formats
	p.ctx, p.cancel = context.WithCancelCause(c.ctx)
	c.portals[p.name] = p
	c.be.Send(&pgproto3.BindComplete{})
	return nil
}

func (c *conn) describe(m *pgproto3.Describe) error {
	switch m.ObjectType {
	case 'S':
		ps, err := c.lookupStmt(m.Name)
		if err != nil {
			return err
		}
		if err := c.sess.CheckDescribe(ps.prep); err != nil {
			return err
		}
		c.be.Send(&pgproto3.ParameterDescription{ParameterOIDs: ps.paramOIDs})
		switch cols := c.columnsOf(ps); {
		case ps.cmd != nil && cols != nil:
			c.be.Send(rowDescription(cols, nil))
		case cols != nil:
			c.be.Send(ps.rowDescription(nil))
		default:
			c.be.Send(&pgproto3.NoData{})
		}
	case 'P':
		p, err := c.lookupPortal(m.Name)
		if err != nil {
			return err
		}
		if err := c.sess.CheckDescribe(p.stmt.prep); err != nil {
			return err
		}
		switch cols := c.columnsOf(p.stmt); {
		case p.stmt.cmd != nil && cols != nil:
			c.be.Send(rowDescription(cols, p.formats))
		case cols != nil:
			c.be.Send(p.stmt.rowDescription(p.formats))
		default:
			c.be.Send(&pgproto3.NoData{})
		}
	default:
		return pgerr.New(pgerr.ProtocolViolation, "invalid DESCRIBE message subtype %d", m.ObjectType)
	}
	return nil
}

func (c *conn) execute(m *pgproto3.Execute) (err error) {
	p, err := c.lookupPortal(m.Portal)
	if err != nil {
		return err
	}
	c.setActive(p.stmt.sql)
	res := c.newResult(p.formats)
	res.cols = p.stmt.columns()
	switch {
	case p.stmt.declare != nil:
		return c.executeDeclare(p, res)
	case p.stmt.cmd != nil:
		res.cols = c.columnsOf(p.stmt)
		return c.executeCursorCmd(p, res)
	}
	if p.stmt.prep == nil {
		res.complete(&pgproto3.EmptyQueryResponse{})
		return nil
	}
	if p.done {
		// A finished portal yields no more rows.
		res.completeTag(zeroTag(p.tag))
		return nil
	}
	res.observe(p.stmt.prep.Statement)
	before := c.sess.TxStatus()
	if err := c.sess.CheckAborted(p.stmt.prep.Statement); err != nil {
		return err
	}
	defer func() {
		// A panic while the portal runs fails it like any error.
		if r := recover(); r != nil {
			err = c.portalFailed(p, res, before, pgerr.FromPanic(r))
		}
	}()
	if name, all, ok := p.stmt.prep.Statement.Deallocate(); ok && p.cursor == nil {
		tag, err := c.deallocate(name, all)
		if err != nil {
			return c.portalFailed(p, res, before, err)
		}
		p.done, p.tag = true, tag
		res.completeTag(tag)
		return nil
	}
	if p.cursor == nil {
		if err := p.stmt.prep.CheckRowLimit(m.MaxRows); err != nil {
			return c.portalFailed(p, res, before, err)
		}
	}
	c.arm(p.cancel)
	defer c.disarm()
	c.sess.BeginImplicit()
	if p.cursor == nil {
		if p.stmt.prep.Copy != nil {
			c.be.Send(copyOutResponse(p.stmt.prep.Copy))
		}
		cur, err := c.sess.Execute(p.ctx, p.stmt.prep, p.params[:min(len(p.params), len(p.stmt.prep.ParamOIDs))])
		if err != nil {
			return c.portalFailed(p, res, before, err)
		}
		p.cursor = cur
	}
	var sent int64
	var suspended bool
	if p.stmt.prep.Copy != nil {
		err = c.copyOut(p.ctx, p.cursor, p.stmt.prep.Copy) // a row limit does not apply to COPY
	} else {
		sent, suspended, err = c.drain(p.ctx, p.cursor, res, int64(max(m.MaxRows, 0)))
	}
	if err != nil {
		return c.portalFailed(p, res, before, err)
	}
	if suspended {
		p.suspended = true
		res.complete(&pgproto3.PortalSuspended{})
		return nil
	}
	p.done, p.tag = true, p.cursor.Tag()
	p.cursor.Close()
	tag := p.tag
	if p.suspended && strings.HasPrefix(tag, "SELECT ") {
		// Like PostgreSQL: a SELECT fetched in steps counts the rows of
		// the last step.
		tag = "SELECT " + strconv.FormatInt(sent, 10)
	}
	res.completeTag(tag)
	c.afterCommand(p.tag, p.name)
	c.afterStatement(before)
	return nil
}

// portalFailed reports an Execute error; the portal cannot be run again.
func (c *conn) portalFailed(p *portal, res *result, before executor.TxStatus, err error) error {
	pe := statementError(p.ctx, err)
	c.closePortal(p.name)
	res.fail(pe)
	c.afterStatement(before)
	c.skipToSync = true
	if pe.Severity == pgerr.SeverityFatal {
		c.flush()
		return errEndSession
	}
	return nil
}

// errEndSession tells extended that the error was sent and the session
// must end.
var errEndSession = errors.New("server: session ends")

var tagCount = regexp.MustCompile(`\d+$`)

// zeroTag is the tag of an Execute on a finished portal: the same command
// with a count of zero ("SELECT 0").
func zeroTag(tag string) string {
	return tagCount.ReplaceAllString(tag, "0")
}

func (c *conn) closeMessage(m *pgproto3.Close) error {
	switch m.ObjectType {
	case 'S':
		delete(c.stmts, m.Name)
	case 'P':
		c.closePortal(m.Name)
	default:
		return pgerr.New(pgerr.ProtocolViolation, "invalid CLOSE message subtype %d", m.ObjectType)
	}
	c.be.Send(&pgproto3.CloseComplete{})
	return nil
}

func (c *conn) closePortal(name string) {
	p, ok := c.portals[name]
	if !ok {
		return
	}
	delete(c.portals, name)
	if p.cursor != nil && !p.done {
		p.cursor.Close()
	}
	p.cancel(nil)
}

// sync ends an extended-protocol batch: outside a transaction block the
// implicit transaction ends and takes every portal with it.
func (c *conn) sync() bool {
	c.sess.EndImplicit(c.skipToSync)
	c.skipToSync = false
	if c.sess.TxStatus() == executor.TxIdle {
		c.endTransactionPortals()
	}
	return c.readyForQuery()
}
