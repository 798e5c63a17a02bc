package server

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgproto3"
	"github.com/xdg-go/scram"

	"github.com/vpnsql/vpnsql/pgerr"
)

// Credential is what the server knows about one user's password. Any of
// the fields may be set; each method uses what it can:
//
//	method     needs
//	password   Password, SCRAM or MD5 (the cleartext is checked against each)
//	md5        MD5 or Password; a user with only SCRAM gets SCRAM-SHA-256
//	scram      SCRAM or Password
type Credential struct {
	// Password is the cleartext password.
	Password string
	// MD5 is "md5" followed by hex(md5(password + user)), as PostgreSQL
	// stores it (see MD5Password).
	MD5 string
	// SCRAM is a SCRAM-SHA-256 verifier as PostgreSQL stores it:
	// "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>" (see
	// SCRAMVerifier).
	SCRAM string
	// Networks, when set, are the only client networks the user may
	// connect from (authnet.go).
	Networks []NetworkRule
	// ConnectionLimit bounds the user's concurrent sessions: 0 is the
	// server's MaxUserConnections, negative is no limit.
	ConnectionLimit int
}

// UserStore finds users' credentials.
type UserStore interface {
	Lookup(user string) (Credential, bool)
}

// StaticUsers is a UserStore held in memory.
type StaticUsers map[string]Credential

// Lookup implements UserStore.
func (u StaticUsers) Lookup(user string) (Credential, bool) {
	c, ok := u[user]
	return c, ok
}

// scramIterations is PostgreSQL's default scram_iterations.
const scramIterations = 4096

// SCRAMVerifier makes a SCRAM-SHA-256 verifier for password, in
// PostgreSQL's format, with a random salt. Store it instead of the
// password (vpnsql passwd).
func SCRAMVerifier(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	return scramVerifier(password, salt, scramIterations)
}

func scramVerifier(password string, salt []byte, iters int) (string, error) {
	client, err := scram.SHA256.NewClient("", password, "")
	if err != nil {
		// SASLprep failed; PostgreSQL then uses the raw password.
		client, err = scram.SHA256.NewClientUnprepped("", password, "")
		if err != nil {
			return "", err
		}
	}
	sc := client.GetStoredCredentials(scram.KeyFactors{Salt: string(salt), Iters: iters})
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iters,
		base64.StdEncoding.EncodeToString(salt),
		base64.StdEncoding.EncodeToString(sc.StoredKey),
		base64.StdEncoding.EncodeToString(sc.ServerKey)), nil
}

// parseSCRAMVerifier reads PostgreSQL's verifier format.
func parseSCRAMVerifier(v string) (scram.StoredCredentials, error) {
	bad := errors.New("invalid SCRAM-SHA-256 verifier")
	rest, ok := strings.CutPrefix(v, "SCRAM-SHA-256$")
	if !ok {
		return scram.StoredCredentials{}, bad
	}
	iterSalt, keys, ok := strings.Cut(rest, "$")
	if !ok {
		return scram.StoredCredentials{}, bad
	}
	iterStr, saltB64, ok1 := strings.Cut(iterSalt, ":")
	storedB64, serverB64, ok2 := strings.Cut(keys, ":")
	iters, err := strconv.Atoi(iterStr)
	if !ok1 || !ok2 || err != nil || iters <= 0 {
		return scram.StoredCredentials{}, bad
	}
	salt, e1 := base64.StdEncoding.DecodeString(saltB64)
	stored, e2 := base64.StdEncoding.DecodeString(storedB64)
	server, e3 := base64.StdEncoding.DecodeString(serverB64)
	if e1 != nil || e2 != nil || e3 != nil || len(stored) != sha256.Size || len(server) != sha256.Size {
		return scram.StoredCredentials{}, bad
	}
	return scram.StoredCredentials{KeyFactors: scram.KeyFactors{Salt: string(salt), Iters: iters}, StoredKey: stored, ServerKey: server}, nil
}

// MD5Password is PostgreSQL's stored MD5 form: "md5" + hex(md5(password+user)).
func MD5Password(user, password string) string {
	sum := md5.Sum([]byte(password + user))
	return "md5" + hex.EncodeToString(sum[:])
}

// authenticate runs the configured method. False means the connection is
// done (an error was sent, or the client went away).
//
// A failure waits as the login limiter says before its error is sent, and
// a (user, address) pair the limiter has locked fails after the same
// exchange with the same error as a wrong password (authlimit.go).
func (c *conn) authenticate(user string) bool {
	c.be.SetMaxBodyLen(65535) // PG_MAX_AUTH_TOKEN_LENGTH
	users := c.srv.userStore()
	var cred Credential
	known := false
	if users != nil {
		cred, known = users.Lookup(user)
	}
	if known {
		if pe := c.checkNetworks(user, cred); pe != nil {
			c.log.Warn("connection refused by the user's networks", "user", user, "tls", c.tls)
			c.startupFailed(pe)
			return false
		}
	}
	addr := c.info.ClientAddr
	locked := c.srv.cfg.Auth != AuthTrust && c.srv.logins.locked(user, addr)
	var err error
	method := c.srv.cfg.Auth
	switch method {
	case AuthTrust:
		if users != nil && !known {
			c.startupFailed(pgerr.New(pgerr.InvalidAuthorizationSpecification, "role \"%s\" does not exist", user))
			return false
		}
	case AuthPassword:
		err = c.authCleartext(user, cred, known)
	case AuthMD5:
		if known && cred.MD5 == "" && cred.Password == "" && cred.SCRAM != "" {
			method = AuthSCRAM
			err = c.authSCRAM(user, cred, known && !locked)
		} else {
			err = c.authMD5(user, cred, known)
		}
	case AuthSCRAM:
		// A locked pair runs SCRAM against the made-up verifier, so it
		// fails where a wrong password would, and no AuthenticationSASLFinal
		// proves the password right.
		err = c.authSCRAM(user, cred, known && !locked)
	default:
		err = fmt.Errorf("unknown authentication method %d", method)
	}
	if err == nil && locked {
		err = errLocked
	}
	if err != nil {
		var pe *pgerr.Error
		switch {
		case errors.Is(err, errClientGone):
			c.log.Debug("client closed the connection during authentication", "user", user)
			return false
		case errors.As(err, &pe) && pe.Code != pgerr.InvalidPassword:
			// A protocol error: the client never offered a password.
			c.log.Warn("authentication failed", "user", user, "method", method.String(), "reason", pe.Message)
			c.startupFailed(pe)
			return false
		}
		delay := c.srv.logins.failed(user, addr)
		c.log.Warn("authentication failed", "user", user, "method", method.String(), "reason", err.Error(), "locked", locked, "delay", delay)
		sleepCtx(c.srv.baseCtx, delay)
		c.startupFailed(authFailed(user))
		return false
	}
	if method != AuthTrust {
		c.srv.logins.succeeded(user, addr)
	}
	c.be.Send(&pgproto3.AuthenticationOk{})
	return true
}

// errLocked is a login whose (user, address) pair is locked out; the
// client sees a wrong password.
var errLocked = errors.New("locked out after repeated failures")

var errClientGone = errors.New("client closed the connection")

func authFailed(user string) *pgerr.Error {
	return pgerr.New(pgerr.InvalidPassword, "password authentication failed for user \"%s\"", user)
}

// receiveAuth sends an authentication request and reads the reply.
func (c *conn) receiveAuth(req pgproto3.BackendMessage, authType uint32, want string) (pgproto3.FrontendMessage, error) {
	c.be.Send(req)
	if err := c.be.Flush(); err != nil {
		return nil, errClientGone
	}
	if err := c.be.SetAuthType(authType); err != nil {
		return nil, err
	}
	msg, err := c.be.Receive()
	if err != nil {
		if strings.HasPrefix(err.Error(), "unknown message type") {
			return nil, pgerr.New(pgerr.ProtocolViolation, "expected %s response, got message type %s", want, strings.TrimPrefix(err.Error(), "unknown message type: "))
		}
		return nil, errClientGone
	}
	return msg, nil
}

func (c *conn) authCleartext(user string, cred Credential, known bool) error {
	msg, err := c.receiveAuth(&pgproto3.AuthenticationCleartextPassword{}, pgproto3.AuthTypeCleartextPassword, "password")
	if err != nil {
		return err
	}
	pm, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return pgerr.New(pgerr.ProtocolViolation, "expected password response, got message type %d", msgType(msg))
	}
	if !known || !checkCleartext(user, pm.Password, cred) {
		return authFailed(user)
	}
	return nil
}

// checkCleartext checks a cleartext password against whatever is stored.
func checkCleartext(user, password string, cred Credential) bool {
	switch {
	case cred.Password != "":
		return subtle.ConstantTimeCompare([]byte(password), []byte(cred.Password)) == 1
	case cred.SCRAM != "":
		sc, err := parseSCRAMVerifier(cred.SCRAM)
		if err != nil {
			return false
		}
		v, err := scramVerifier(password, []byte(sc.Salt), sc.Iters)
		return err == nil && subtle.ConstantTimeCompare([]byte(v), []byte(cred.SCRAM)) == 1
	case cred.MD5 != "":
		return subtle.ConstantTimeCompare([]byte(MD5Password(user, password)), []byte(cred.MD5)) == 1
	}
	return false
}

func (c *conn) authMD5(user string, cred Credential, known bool) error {
	var salt [4]byte
	rand.Read(salt[:])
	msg, err := c.receiveAuth(&pgproto3.AuthenticationMD5Password{Salt: salt}, pgproto3.AuthTypeMD5Password, "password")
	if err != nil {
		return err
	}
	pm, ok := msg.(*pgproto3.PasswordMessage)
	if !ok {
		return pgerr.New(pgerr.ProtocolViolation, "expected password response, got message type %d", msgType(msg))
	}
	stored := cred.MD5
	if stored == "" && cred.Password != "" {
		stored = MD5Password(user, cred.Password)
	}
	if !known || stored == "" {
		return authFailed(user)
	}
	sum := md5.Sum(append([]byte(strings.TrimPrefix(stored, "md5")), salt[:]...))
	want := "md5" + hex.EncodeToString(sum[:])
	if subtle.ConstantTimeCompare([]byte(pm.Password), []byte(want)) != 1 {
		return authFailed(user)
	}
	return nil
}

const (
	mechSCRAM     = "SCRAM-SHA-256"
	mechSCRAMPlus = "SCRAM-SHA-256-PLUS"
)

// authSCRAM runs SCRAM-SHA-256, offering channel binding over TLS. The
// user name inside the SCRAM messages is ignored (clients send "" or "*");
// the startup user is the one authenticated, as in PostgreSQL. An unknown
// user goes through the whole exchange against a made-up verifier and
// fails at the end, so the reply does not tell which users exist: its salt
// is derived from the user name, so it is the same on every attempt, like
// a real user's.
func (c *conn) authSCRAM(user string, cred Credential, known bool) error {
	salt := c.srv.userSalt(user)
	stored, ok := scramCredentials(cred, salt)
	if !known || !ok {
		stored = mockSCRAM(salt)
		known = false
	}
	server, err := scram.SHA256.NewServer(func(string) (scram.StoredCredentials, error) { return stored, nil })
	if err != nil {
		return err
	}
	mechs := []string{mechSCRAM}
	conv := server.NewConversation()
	if c.tls && c.cert != nil {
		mechs = []string{mechSCRAMPlus, mechSCRAM}
		conv = server.NewConversationWithChannelBinding(scram.ChannelBinding{Type: scram.ChannelBindingTLSServerEndpoint, Data: c.cert})
	}
	msg, err := c.receiveAuth(&pgproto3.AuthenticationSASL{AuthMechanisms: mechs}, pgproto3.AuthTypeSASL, "SASL")
	if err != nil {
		return err
	}
	first, ok := msg.(*pgproto3.SASLInitialResponse)
	if !ok {
		return pgerr.New(pgerr.ProtocolViolation, "expected SASL response, got message type %d", msgType(msg))
	}
	if first.AuthMechanism != mechs[0] && first.AuthMechanism != mechSCRAM {
		return pgerr.New(pgerr.ProtocolViolation, "client selected an invalid SASL authentication mechanism")
	}
	data := string(first.Data)
	switch {
	case first.AuthMechanism == mechSCRAMPlus && !strings.HasPrefix(data, "p="):
		return pgerr.New(pgerr.ProtocolViolation, "malformed SCRAM message").WithDetail("The client selected SCRAM-SHA-256-PLUS, but the SCRAM message does not include channel binding data.")
	case first.AuthMechanism == mechSCRAM && strings.HasPrefix(data, "p="):
		return pgerr.New(pgerr.ProtocolViolation, "malformed SCRAM message").WithDetail("The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.")
	}
	serverFirst, err := conv.Step(data)
	if err != nil {
		return pgerr.New(pgerr.ProtocolViolation, "malformed SCRAM message").WithDetail("%s", err.Error())
	}
	msg, err = c.receiveAuth(&pgproto3.AuthenticationSASLContinue{Data: []byte(serverFirst)}, pgproto3.AuthTypeSASLContinue, "SASL")
	if err != nil {
		return err
	}
	final, ok := msg.(*pgproto3.SASLResponse)
	if !ok {
		return pgerr.New(pgerr.ProtocolViolation, "expected SASL response, got message type %d", msgType(msg))
	}
	serverFinal, err := conv.Step(string(final.Data))
	if serverFinal == scram.ErrChannelBindingsDontMatch {
		return pgerr.New(pgerr.ProtocolViolation, "SCRAM channel binding check failed")
	}
	if err != nil || !conv.Valid() || !known {
		return fmt.Errorf("SCRAM proof rejected: %v", err)
	}
	c.be.Send(&pgproto3.AuthenticationSASLFinal{Data: []byte(serverFinal)})
	return nil
}

// scramCredentials gets a SCRAM verifier from what is stored; one made
// from a plaintext password uses salt.
func scramCredentials(cred Credential, salt []byte) (scram.StoredCredentials, bool) {
	if cred.SCRAM != "" {
		sc, err := parseSCRAMVerifier(cred.SCRAM)
		return sc, err == nil
	}
	if cred.Password != "" {
		v, err := scramVerifier(cred.Password, salt, scramIterations)
		if err != nil {
			return scram.StoredCredentials{}, false
		}
		sc, err := parseSCRAMVerifier(v)
		return sc, err == nil
	}
	return scram.StoredCredentials{}, false
}

// mockSCRAM is a verifier no password matches.
func mockSCRAM(salt []byte) scram.StoredCredentials {
	key := make([]byte, sha256.Size)
	rand.Read(key)
	return scram.StoredCredentials{KeyFactors: scram.KeyFactors{Salt: string(salt), Iters: scramIterations}, StoredKey: key, ServerKey: hmac.New(sha256.New, key).Sum(nil)}
}

// userSalt is a salt that depends only on the user name and a secret made
// when the server starts (PostgreSQL's scram_mock_salt).
func (s *Server) userSalt(user string) []byte {
	mac := hmac.New(sha256.New, s.saltKey[:])
	mac.Write([]byte(user))
	return mac.Sum(nil)[:16]
}
