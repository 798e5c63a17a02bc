package value

import (
	"encoding/hex"
	"strings"
)

// NameMaxLen is NAMEDATALEN-1: the bytes a name keeps.
const NameMaxLen = 63

// TruncateName cuts a name to NameMaxLen bytes on a character boundary,
// as PostgreSQL's name input and identifier truncation do.
func TruncateName(s string) string {
	return TruncateUTF8(s, NameMaxLen)
}

// TruncateUTF8 cuts s to at most n bytes without splitting a character.
func TruncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// ParseUUID reads a uuid as uuid_in does: 32 hex digits, optionally in
// braces, with a hyphen allowed after any group of four; the value is the
// canonical lower-case 8-4-4-4-12 text.
func ParseUUID(s string) (string, error) {
	in := s
	if strings.HasPrefix(in, "{") {
		if !strings.HasSuffix(in, "}") {
			return "", invalidInput(UUID, s)
		}
		in = in[1 : len(in)-1]
	}
	digits := make([]byte, 0, 32)
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c == '-' && len(digits) > 0 && len(digits)%4 == 0 && i+1 < len(in) && in[i-1] != '-':
		case isHex(c) && len(digits) < 32:
			digits = append(digits, c|0x20) // lower case
		default:
			return "", invalidInput(UUID, s)
		}
	}
	if len(digits) != 32 {
		return "", invalidInput(UUID, s)
	}
	d := string(digits)
	return d[0:8] + "-" + d[8:12] + "-" + d[12:16] + "-" + d[16:20] + "-" + d[20:32], nil
}

// FormatUUID is the text form of a uuid's 16 bytes.
func FormatUUID(b [16]byte) string {
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func isHex(c byte) bool {
	_, ok := hexDigit(c)
	return ok
}
