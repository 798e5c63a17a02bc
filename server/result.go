package server

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
)

// flushThreshold is how many bytes of rows may wait in the write buffer
// before they are flushed mid-result.
const flushThreshold = 64 << 10

// Result is the sink for one command's output: rows, then exactly one
// completion message (CommandComplete, PortalSuspended or
// EmptyQueryResponse) or one ErrorResponse. Whatever path a command takes,
// it ends in complete or fail, and a second ending is a bug.
type result struct {
	c       *conn
	cols    []expr.Column
	formats []int16 // per column; nil means text
	ended   bool
	failed  bool
	// The statement reported to Config.OnStatement (observe.go).
	kind     string
	start    time.Time
	reported bool

	wrote bool // rows were written to the socket directly (writeRows)
}

func (c *conn) newResult(formats []int16) *result {
	return &result{c: c, formats: formats}
}

// addRow encodes one row as a DataRow message, straight into the
// connection's row buffer: no copy of the values, no message struct.
func (r *result) addRow(row []any) error {
	if len(row) != len(r.cols) {
		return pgerr.New(pgerr.InternalError, "row has %d values for %d columns", len(row), len(r.cols))
	}
	c := r.c
	buf := c.rowBuf
	start := len(buf)
	buf = append(buf, 'D', 0, 0, 0, 0)
	buf = binary.BigEndian.AppendUint16(buf, uint16(len(row)))
	for i, v := range row {
		if v == nil {
			buf = binary.BigEndian.AppendUint32(buf, math.MaxUint32) // -1: NULL
			continue
		}
		at := len(buf)
		out, err := c.codec.encode(append(buf, 0, 0, 0, 0), r.cols[i].TypeOID, r.format(i), v)
		if err != nil {
			c.rowBuf = buf[:start] // the row is not sent
			return fmt.Errorf("column %q: %w", r.cols[i].Name, err)
		}
		buf = out
		binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	}
	binary.BigEndian.PutUint32(buf[start+1:], uint32(len(buf)-start-1))
	c.rowBuf = buf
	if len(buf) >= flushThreshold {
		return r.writeRows()
	}
	return nil
}

// writeRows writes the buffered rows to the socket itself, after what the
// backend holds (the RowDescription): passing through the backend's
// buffer would copy them, and its Flush drops a large buffer, so every
// 64 KiB of rows would grow a new one.
func (r *result) writeRows() error {
	c := r.c
	if !r.wrote {
		// Nothing goes to the backend while rows are written (sendRows).
		if err := c.flush(); err != nil {
			return err
		}
		r.wrote = true
	}
	_, err := c.nc.Write(c.rowBuf)
	c.rowBuf = c.rowBuf[:0]
	if err != nil {
		c.log.Debug("write failed", "err", err)
		return err
	}
	return nil
}

// sendRows hands the rows still buffered to the backend, ahead of the
// messages that follow them (CommandComplete, an error). A buffer grown
// past maxRowBuf by large rows is let go.
func (r *result) sendRows() {
	c := r.c
	if len(c.rowBuf) > 0 {
		c.be.Send((*rawMessages)(&c.rowBuf)) // a pointer: no copy of the slice header to the heap
		c.unflushed += len(c.rowBuf)
	}
	c.rowBuf = c.rowBuf[:0]
	if cap(c.rowBuf) > maxRowBuf {
		c.rowBuf = nil
	}
}

// maxRowBuf is the largest row buffer kept between statements.
const maxRowBuf = 1 << 20

// rawMessages is already encoded backend messages.
type rawMessages []byte

func (*rawMessages) Backend() {}

func (m *rawMessages) Encode(dst []byte) ([]byte, error) { return append(dst, *m...), nil }

func (*rawMessages) Decode([]byte) error {
	return fmt.Errorf("rawMessages is only encoded")
}

func (r *result) format(i int) int16 {
	if r.formats == nil {
		return 0
	}
	return r.formats[i]
}

// complete ends the command successfully.
func (r *result) complete(msg pgproto3.BackendMessage) {
	r.end()
	r.c.sendNotices()
	r.c.be.Send(msg)
	if _, suspended := msg.(*pgproto3.PortalSuspended); !suspended {
		r.report("")
	}
}

// completeTag ends the command with CommandComplete. The message is the
// connection's, reused: Send encodes it at once.
func (r *result) completeTag(tag string) {
	cc := &r.c.commandComplete
	cc.CommandTag = append(cc.CommandTag[:0], tag...)
	r.complete(cc)
}

// fail ends the command with an error, which also fails an open
// transaction block.
func (r *result) fail(e *pgerr.Error) {
	if !r.ended { // a panic after the completion still reports
		r.end()
	}
	r.failed = true
	r.report(e.Code)
	r.c.sendError(e)
	r.c.sess.Failed()
}

func (r *result) end() {
	if r.ended {
		panic("server: command ended twice")
	}
	r.ended = true
}

// rowDescription describes cols; formats as for result.
func rowDescription(cols []expr.Column, formats []int16) *pgproto3.RowDescription {
	fields := make([]pgproto3.FieldDescription, len(cols))
	for i, col := range cols {
		var f int16
		if formats != nil {
			f = formats[i]
		}
		fields[i] = pgproto3.FieldDescription{
			Name:                 []byte(col.Name),
			TableOID:             col.TableOID,
			TableAttributeNumber: uint16(col.AttNum),
			DataTypeOID:          col.TypeOID,
			DataTypeSize:         col.TypeLen,
			TypeModifier:         col.TypeMod,
			Format:               f,
		}
	}
	return &pgproto3.RowDescription{Fields: fields}
}

// resultFormats expands Bind's result format codes to one per column, in
// out's storage when it is large enough.
func resultFormats(out []int16, codes []int16, ncols int) ([]int16, error) {
	if cap(out) < ncols {
		out = make([]int16, ncols)
	}
	out = out[:ncols]
	clear(out)
	switch len(codes) {
	case 0:
	case 1:
		for i := range out {
			out[i] = codes[0]
		}
	case ncols:
		copy(out, codes)
	default:
		return nil, pgerr.New(pgerr.ProtocolViolation, "bind message has %d result formats but query has %d columns", len(codes), ncols)
	}
	for _, f := range out {
		if f != 0 && f != 1 {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unsupported format code: %d", f)
		}
	}
	return out, nil
}
