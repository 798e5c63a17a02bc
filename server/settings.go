package server

import (
	"strings"
	"time"
)

// sessionSettings are the settings the server reads at every message,
// parsed once per version of the session's settings
// (executor.Session.SettingsVersion) rather than at every message.
type sessionSettings struct {
	version          uint64
	idleSession      time.Duration // idle_session_timeout
	idleInTx         time.Duration // idle_in_transaction_session_timeout
	statementTimeout time.Duration
	minMessages      int // client_min_messages, as a noticeLevel
	applicationName  string
	codec            bool // the codec has this version's TimeZone and extra_float_digits
}

func (c *conn) settings() *sessionSettings {
	set := &c.set
	if v := c.sess.SettingsVersion(); set.version != v {
		min, ok := noticeLevel[strings.ToLower(c.sess.Setting("client_min_messages"))]
		if !ok {
			min = noticeLevel["notice"]
		}
		*set = sessionSettings{version: v, minMessages: min, applicationName: c.sess.Setting("application_name"),
			idleSession:      settingDuration(c.sess.Setting("idle_session_timeout")),
			idleInTx:         settingDuration(c.sess.Setting("idle_in_transaction_session_timeout")),
			statementTimeout: settingDuration(c.sess.Setting("statement_timeout"))}
	}
	return set
}

// configureCodec gives the codec the session's TimeZone and
// extra_float_digits.
func (c *conn) configureCodec() {
	if set := c.settings(); !set.codec {
		c.codec.configure(c.sess.Setting("TimeZone"), c.sess.Setting("extra_float_digits"))
		set.codec = true
	}
}
