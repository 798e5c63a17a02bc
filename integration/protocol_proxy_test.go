package integration

import (
	endian "encoding/binary"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"
)

// protoProxy sits between a client and a server and records, per session,
// the frontend and the backend messages in a compact text form: the
// clients' own protocol traffic, to assert which flow they really used
// (Execute with a row limit, a named statement parsed once and bound
// often, binary formats, a CancelRequest) and to compare the traffic of
// vpnsql with PostgreSQL's for the same client program.
//
// It answers SSLRequest and GSSENCRequest itself with 'N', so every
// client talks plaintext to the server behind it. A CancelRequest is
// forwarded on a connection of its own and counted.
type protoProxy struct {
	t      *testing.T
	ln     net.Listener
	target string

	mu       sync.Mutex
	sessions []*protoSession
	cancels  int
	wg       sync.WaitGroup
}

// protoSession is the traffic of one session, each direction on its own
// (their interleaving depends on timing).
type protoSession struct {
	mu       sync.Mutex
	frontend []string
	backend  []string
	done     chan struct{} // closed when both directions ended
}

func (s *protoSession) add(dir *[]string, line string) {
	s.mu.Lock()
	*dir = append(*dir, line)
	s.mu.Unlock()
}

// startProtoProxy forwards a local port to target (host:port).
func startProtoProxy(t *testing.T, target string) *protoProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &protoProxy{t: t, ln: ln, target: target}
	p.wg.Add(1)
	go p.accept()
	t.Cleanup(func() {
		ln.Close()
		p.wg.Wait()
	})
	return p
}

func (p *protoProxy) addr() string { return p.ln.Addr().String() }

func (p *protoProxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.serve(c)
		}()
	}
}

// Startup-phase codes.
const (
	protoSSLCode    = 80877103
	protoGSSENCCode = 80877104
	protoCancelCode = 80877102
)

func (p *protoProxy) serve(client net.Conn) {
	defer client.Close()
	var pkt []byte
	for {
		var err error
		if pkt, err = protoReadPacket(client); err != nil {
			return
		}
		code := endian.BigEndian.Uint32(pkt[4:8])
		if code != protoSSLCode && code != protoGSSENCCode {
			break
		}
		if _, err := client.Write([]byte{'N'}); err != nil {
			return
		}
	}
	server, err := net.Dial("tcp", p.target)
	if err != nil {
		return
	}
	defer server.Close()
	if _, err := server.Write(pkt); err != nil {
		return
	}
	if endian.BigEndian.Uint32(pkt[4:8]) == protoCancelCode {
		p.mu.Lock()
		p.cancels++
		p.mu.Unlock()
		io.Copy(io.Discard, server) // the server closes it
		return
	}
	s := &protoSession{done: make(chan struct{})}
	defer close(s.done)
	p.mu.Lock()
	p.sessions = append(p.sessions, s)
	p.mu.Unlock()
	done := make(chan struct{})
	go func() {
		protoRelay(server, client, func(typ byte, body []byte) { s.add(&s.frontend, protoRenderFrontend(typ, body)) })
		server.(*net.TCPConn).CloseWrite()
		close(done)
	}()
	protoRelay(client, server, func(typ byte, body []byte) { s.add(&s.backend, protoRenderBackend(typ, body)) })
	client.(*net.TCPConn).CloseWrite()
	<-done
}

// protoReadPacket reads a startup-phase packet (length included).
func protoReadPacket(r io.Reader) ([]byte, error) {
	hdr := make([]byte, 4)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, err
	}
	n := int(endian.BigEndian.Uint32(hdr))
	if n < 8 || n > 10000 {
		return nil, fmt.Errorf("bad startup packet length %d", n)
	}
	pkt := make([]byte, n)
	copy(pkt, hdr)
	_, err := io.ReadFull(r, pkt[4:])
	return pkt, err
}

// protoRelay copies typed messages from src to dst, reporting each.
func protoRelay(dst io.Writer, src io.Reader, seen func(typ byte, body []byte)) {
	hdr := make([]byte, 5)
	for {
		if _, err := io.ReadFull(src, hdr); err != nil {
			return
		}
		n := int(endian.BigEndian.Uint32(hdr[1:]))
		if n < 4 {
			dst.Write(hdr)
			return
		}
		body := make([]byte, n-4)
		if _, err := io.ReadFull(src, body); err != nil {
			return
		}
		seen(hdr[0], body)
		if _, err := dst.Write(append(hdr[:5:5], body...)); err != nil {
			return
		}
	}
}

// traces returns a copy of every session's traffic, in the order the
// sessions started, once they have ended (the client closed them; a
// session still open after a few seconds is returned as it is).
func (p *protoProxy) traces() []*protoSession {
	p.mu.Lock()
	sessions := append([]*protoSession(nil), p.sessions...)
	p.mu.Unlock()
	deadline := time.After(5 * time.Second)
	out := make([]*protoSession, len(sessions))
	for i, s := range sessions {
		select {
		case <-s.done:
		case <-deadline:
		}
		s.mu.Lock()
		out[i] = &protoSession{frontend: append([]string(nil), s.frontend...), backend: append([]string(nil), s.backend...)}
		s.mu.Unlock()
	}
	return out
}

func (p *protoProxy) cancelCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cancels
}

func protoRenderFrontend(typ byte, body []byte) string {
	var m pgproto3.FrontendMessage
	switch typ {
	case 'Q':
		m = &pgproto3.Query{}
	case 'P':
		m = &pgproto3.Parse{}
	case 'B':
		m = &pgproto3.Bind{}
	case 'D':
		m = &pgproto3.Describe{}
	case 'E':
		m = &pgproto3.Execute{}
	case 'C':
		m = &pgproto3.Close{}
	case 'S':
		return "Sync"
	case 'H':
		return "Flush"
	case 'X':
		return "Terminate"
	default:
		return fmt.Sprintf("message %q", typ)
	}
	if err := m.Decode(body); err != nil {
		return fmt.Sprintf("bad %q: %v", typ, err)
	}
	switch m := m.(type) {
	case *pgproto3.Query:
		return fmt.Sprintf("Query %q", m.String)
	case *pgproto3.Parse:
		return fmt.Sprintf("Parse %q %q %v", m.Name, m.Query, m.ParameterOIDs)
	case *pgproto3.Bind:
		return fmt.Sprintf("Bind %q %q params=%v %s results=%v", m.DestinationPortal, m.PreparedStatement,
			m.ParameterFormatCodes, protoRenderValues(m.Parameters), m.ResultFormatCodes)
	case *pgproto3.Describe:
		return fmt.Sprintf("Describe %c %q", m.ObjectType, m.Name)
	case *pgproto3.Execute:
		return fmt.Sprintf("Execute %q %d", m.Portal, m.MaxRows)
	case *pgproto3.Close:
		return fmt.Sprintf("Close %c %q", m.ObjectType, m.Name)
	}
	return ""
}

func protoRenderBackend(typ byte, body []byte) string {
	var m pgproto3.BackendMessage
	switch typ {
	case '1':
		return "ParseComplete"
	case '2':
		return "BindComplete"
	case '3':
		return "CloseComplete"
	case 'I':
		return "EmptyQueryResponse"
	case 'n':
		return "NoData"
	case 's':
		return "PortalSuspended"
	case 'K':
		return "BackendKeyData"
	case 'R':
		return "Authentication"
	case 'C':
		m = &pgproto3.CommandComplete{}
	case 'D':
		m = &pgproto3.DataRow{}
	case 'E':
		m = &pgproto3.ErrorResponse{}
	case 'N':
		m = &pgproto3.NoticeResponse{}
	case 'S':
		m = &pgproto3.ParameterStatus{}
	case 'T':
		m = &pgproto3.RowDescription{}
	case 'Z':
		m = &pgproto3.ReadyForQuery{}
	case 't':
		m = &pgproto3.ParameterDescription{}
	default:
		return fmt.Sprintf("message %q", typ)
	}
	if err := m.Decode(body); err != nil {
		return fmt.Sprintf("bad %q: %v", typ, err)
	}
	switch m := m.(type) {
	case *pgproto3.CommandComplete:
		return fmt.Sprintf("CommandComplete %q", m.CommandTag)
	case *pgproto3.DataRow:
		return "DataRow " + protoRenderValues(m.Values)
	case *pgproto3.ErrorResponse:
		return fmt.Sprintf("ErrorResponse %s %s %q", m.Severity, m.Code, m.Message)
	case *pgproto3.NoticeResponse:
		return fmt.Sprintf("NoticeResponse %s %s %q", m.Severity, m.Code, m.Message)
	case *pgproto3.ParameterStatus:
		return fmt.Sprintf("ParameterStatus %s=%q", m.Name, m.Value)
	case *pgproto3.RowDescription:
		var f []string
		for _, d := range m.Fields {
			f = append(f, fmt.Sprintf("%s:%d/%d/%d/%d", d.Name, d.DataTypeOID, d.DataTypeSize, d.TypeModifier, d.Format))
		}
		return "RowDescription " + strings.Join(f, " ")
	case *pgproto3.ReadyForQuery:
		return "ReadyForQuery " + string(m.TxStatus)
	case *pgproto3.ParameterDescription:
		return fmt.Sprintf("ParameterDescription %v", m.ParameterOIDs)
	}
	return ""
}

// protoRenderValues shows values as Go-quoted strings (binary ones readable
// enough to compare), NULL as NULL.
func protoRenderValues(vals [][]byte) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		if v == nil {
			parts[i] = "NULL"
		} else {
			parts[i] = fmt.Sprintf("%q", v)
		}
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// count returns how many lines of a direction start with prefix.
func protoCount(lines []string, prefix string) int {
	n := 0
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			n++
		}
	}
	return n
}
