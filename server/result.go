package server

import (
	"fmt"
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

	vals [][]byte
	buf  []byte
}

func (c *conn) newResult(formats []int16) *result {
	return &result{c: c, formats: formats}
}

// addRow encodes one row as a DataRow.
func (r *result) addRow(row []any) error {
	if len(row) != len(r.cols) {
		return pgerr.New(pgerr.InternalError, "row has %d values for %d columns", len(row), len(r.cols))
	}
	if r.buf == nil {
		// Not nil even while empty: a value encoded as no bytes (the
		// empty string, void) is an empty value, not NULL.
		r.buf = make([]byte, 0, 256)
	}
	r.buf = r.buf[:0]
	ends := make([]int, len(row))
	for i, v := range row {
		if v == nil {
			ends[i] = -1
			continue
		}
		var err error
		r.buf, err = r.c.codec.encode(r.buf, r.cols[i].TypeOID, r.format(i), v)
		if err != nil {
			return fmt.Errorf("column %q: %w", r.cols[i].Name, err)
		}
		ends[i] = len(r.buf)
	}
	r.vals = r.vals[:0]
	start := 0
	for _, end := range ends {
		if end < 0 {
			r.vals = append(r.vals, nil)
			continue
		}
		r.vals = append(r.vals, r.buf[start:end:end])
		start = end
	}
	r.c.be.Send(&pgproto3.DataRow{Values: r.vals})
	r.c.unflushed += len(r.buf) + 4*len(row) + 7
	if r.c.unflushed >= flushThreshold {
		return r.c.flush()
	}
	return nil
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

// resultFormats expands Bind's result format codes to one per column.
func resultFormats(codes []int16, ncols int) ([]int16, error) {
	out := make([]int16, ncols)
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
