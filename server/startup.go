package server

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// Codes of the packets a connection may start with.
const (
	codeCancel     = 80877102
	codeSSL        = 80877103
	codeGSSENC     = 80877104
	protocolMajor3 = 3
	// maxStartupPacket is PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
	maxStartupPacket = 10000
)

// startupParams is what a StartupMessage asked for.
type startupParams struct {
	minor    uint16
	user     string
	database string
	appName  string
	params   map[string]string // the rest, and -c settings from options
	unknown  []string          // _pq_. options, reported by NegotiateProtocolVersion
}

// startup runs the connection from its first byte to the first
// ReadyForQuery: SSLRequest/GSSENCRequest, CancelRequest, StartupMessage,
// NegotiateProtocolVersion, authentication, ParameterStatus and
// BackendKeyData. False means the connection is done.
func (c *conn) startup() bool {
	c.nc.SetDeadline(time.Now().Add(startupTimeout))
	if c.srv.shutdown.Load() {
		return false // Shutdown's interrupt may have come before the deadline above
	}
	sslDone, gssDone := false, false
	for {
		pkt, err := readStartupPacket(c.nc)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				c.log.Info("bad startup packet", "err", err)
			}
			return false
		}
		code := binary.BigEndian.Uint32(pkt)
		switch {
		case code == codeSSL && !sslDone:
			sslDone = true
			if c.srv.cfg.TLS == nil || c.srv.shutdown.Load() {
				if _, err := c.nc.Write([]byte{'N'}); err != nil {
					return false
				}
				continue
			}
			if _, err := c.nc.Write([]byte{'S'}); err != nil {
				return false
			}
			if err := c.startTLS(); err != nil {
				c.log.Info("TLS handshake failed", "err", err)
				return false
			}
			continue
		case code == codeGSSENC && !gssDone:
			gssDone = true
			if _, err := c.nc.Write([]byte{'N'}); err != nil {
				return false
			}
			continue
		case code == codeCancel:
			if len(pkt) != 12 {
				c.log.Info("bad cancel request length", "len", len(pkt)+4)
				return false
			}
			c.srv.cancelRequest(binary.BigEndian.Uint32(pkt[4:]), pkt[8:12])
			return false
		}
		c.be = pgproto3.NewBackend(c.nc, c.nc)
		if code>>16 != protocolMajor3 {
			c.startupFailed(pgerr.New(pgerr.FeatureNotSupported, "unsupported frontend protocol %d.%d: server supports 3.0 to 3.0", code>>16, code&0xFFFF))
			return false
		}
		sp, perr := parseStartup(pkt)
		if perr != nil {
			c.startupFailed(perr)
			return false
		}
		return c.begin(sp)
	}
}

// readStartupPacket reads one length-prefixed packet (without the length).
// It reads exactly the packet, never beyond, so nothing sent after an
// SSLRequest can be mistaken for TLS or for plaintext.
func readStartupPacket(r io.Reader) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(int32(binary.BigEndian.Uint32(hdr[:])))
	if n < 8 || n > maxStartupPacket {
		return nil, fmt.Errorf("invalid length of startup packet: %d", n)
	}
	pkt := make([]byte, n-4)
	if _, err := io.ReadFull(r, pkt); err != nil {
		return nil, fmt.Errorf("incomplete startup packet: %w", err)
	}
	return pkt, nil
}

// parseStartup reads a v3 StartupMessage body as ProcessStartupPacket does.
func parseStartup(pkt []byte) (*startupParams, *pgerr.Error) {
	sp := &startupParams{minor: uint16(binary.BigEndian.Uint32(pkt)), params: map[string]string{}}
	body := pkt[4:]
	if len(body) == 0 || body[len(body)-1] != 0 {
		return nil, pgerr.New(pgerr.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
	}
	for {
		i := bytes.IndexByte(body, 0)
		name := string(body[:i])
		body = body[i+1:]
		if name == "" {
			break
		}
		j := bytes.IndexByte(body, 0)
		if j < 0 {
			return nil, pgerr.New(pgerr.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
		}
		val := string(body[:j])
		body = body[j+1:]
		switch {
		case name == "user":
			sp.user = val
		case name == "database":
			sp.database = val
		case name == "application_name":
			sp.appName = val
		case name == "options":
			if err := parseOptions(val, sp.params); err != nil {
				return nil, err
			}
		case name == "replication":
			if b, ok := value.ParseBool(val); !ok || b || strings.EqualFold(val, "database") {
				return nil, pgerr.New(pgerr.FeatureNotSupported, "replication connections are not supported")
			}
		case strings.HasPrefix(name, "_pq_."):
			sp.unknown = append(sp.unknown, name)
		default:
			sp.params[name] = val
		}
		if len(body) == 0 {
			return nil, pgerr.New(pgerr.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
		}
	}
	if len(body) != 0 {
		return nil, pgerr.New(pgerr.ProtocolViolation, "invalid startup packet layout: expected terminator as last byte")
	}
	if sp.user == "" {
		return nil, pgerr.New(pgerr.InvalidAuthorizationSpecification, "no PostgreSQL user name specified in startup packet")
	}
	if sp.database == "" {
		sp.database = sp.user
	}
	sp.user, sp.database = value.TruncateName(sp.user), value.TruncateName(sp.database)
	return sp, nil
}

// parseOptions reads the options parameter: words split at whitespace
// (backslash escapes the next character), each -c name=value,
// -cname=value or --name=value.
func parseOptions(s string, into map[string]string) *pgerr.Error {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(ch)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	for i := 0; i < len(words); i++ {
		w := words[i]
		var setting string
		switch {
		case w == "-c" && i+1 < len(words):
			i++
			setting = words[i]
		case strings.HasPrefix(w, "-c") && len(w) > 2:
			setting = w[2:]
		case strings.HasPrefix(w, "--") && len(w) > 2:
			setting = w[2:]
		default:
			return pgerr.New(pgerr.SyntaxError, "invalid command-line argument for server process: %s", w).
				WithHint("Only -c name=value and --name=value are supported in options.")
		}
		name, value, ok := strings.Cut(setting, "=")
		if !ok {
			if strings.HasPrefix(w, "--") {
				return pgerr.New(pgerr.SyntaxError, "--%s requires a value", setting)
			}
			return pgerr.New(pgerr.SyntaxError, "-c %s requires a value", setting)
		}
		into[strings.ReplaceAll(name, "-", "_")] = value
	}
	return nil
}

// startupFailed sends a FATAL error before the session exists.
func (c *conn) startupFailed(e *pgerr.Error) {
	c.log.Info("connection refused", "sqlstate", string(e.Code), "reason", e.Message)
	c.refusal = e
	c.be.Send(&pgproto3.ErrorResponse{
		Severity: pgerr.SeverityFatal, SeverityUnlocalized: pgerr.SeverityFatal,
		Code: string(e.Code), Message: e.Message, Detail: e.Detail, Hint: e.Hint,
	})
	c.be.Flush()
}

// begin takes a parsed StartupMessage through authentication to the first
// ReadyForQuery.
func (c *conn) begin(sp *startupParams) bool {
	if sp.minor > 0 || len(sp.unknown) > 0 {
		c.be.Send(&pgproto3.NegotiateProtocolVersion{NewestMinorProtocol: 0, UnrecognizedOptions: sp.unknown})
	}
	c.mu.Lock()
	c.info.User, c.info.Database, c.info.ApplicationName, c.info.TLS = sp.user, sp.database, sp.appName, c.tls
	c.mu.Unlock()
	if c.srv.cfg.RequireTLS && !c.tls {
		c.startupFailed(pgerr.New(pgerr.InvalidAuthorizationSpecification, "SSL connection is required").
			WithDetail("This server accepts only TLS-encrypted connections.").
			WithHint("Connect with sslmode=require."))
		return false
	}
	if c.srv.shutdown.Load() {
		c.startupFailed(pgerr.New(pgerr.CannotConnectNow, "the database system is shutting down"))
		return false
	}
	if !c.srv.acquireSlot() {
		c.startupFailed(pgerr.New(pgerr.TooManyConnections, "sorry, too many clients already"))
		return false
	}
	c.hasSlot = true
	if !c.authenticate(sp.user) || !c.takeUserSlot(sp.user) {
		return false
	}
	sess, err := c.srv.cfg.Engine.NewSession(executor.SessionInfo{
		User: sp.user, Database: sp.database, ApplicationName: sp.appName, PID: c.pid, Params: sp.params,
	})
	if err != nil {
		c.startupFailed(pgerr.From(err))
		return false
	}
	c.sess = sess
	// A scan's notices (a source finished, a failed source skipped) go
	// out as they happen, so psql shows a long fan-out's progress.
	sess.SetNoticeFlusher(func() {
		c.sendNotices()
		c.flush()
	})
	if rc, ok := any(sess).(regConverter); ok {
		c.codec.reg = rc
	}
	params := sess.ParameterStatus()
	for _, name := range sortedKeys(params) {
		c.be.Send(&pgproto3.ParameterStatus{Name: name, Value: params[name]})
	}
	sess.ChangedParameters() // already reported
	c.be.Send(&pgproto3.BackendKeyData{ProcessID: uint32(c.pid), SecretKey: c.secret[:]})
	c.srv.register(c)
	c.be.SetMaxBodyLen(c.srv.cfg.MaxMessageSize)
	c.nc.SetDeadline(time.Time{})
	c.log.Info("connection authorized", "user", sp.user, "database", sp.database, "application_name", sp.appName, "tls", c.tls)
	return c.readyForQuery()
}
