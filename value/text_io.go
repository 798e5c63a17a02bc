package value

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
)

// OutputText is a value's output-function text; character(n) keeps its
// padding only as character(n).
func OutputText(v any, t *Type) string {
	if s, ok := v.(string); ok {
		if t == BPChar {
			return strings.TrimRight(s, " ")
		}
		return s
	}
	return FormatTyped(v, t)
}

// ParseBool accepts what boolin accepts: true/false, yes/no, on/off, 1/0
// and unique prefixes, in any case, with surrounding spaces.
func ParseBool(s string) (bool, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return false, false
	}
	for _, w := range []struct {
		word string
		min  int
		v    bool
	}{{"true", 1, true}, {"false", 1, false}, {"yes", 1, true}, {"no", 1, false}, {"on", 2, true}, {"off", 2, false}, {"1", 1, true}, {"0", 1, false}} {
		if len(t) >= w.min && strings.HasPrefix(w.word, t) {
			return w.v, true
		}
	}
	return false, false
}

// ParseDateTime reads date, timestamp or timestamptz input; a timestamptz
// without a zone is in loc, the session's TimeZone.
func ParseDateTime(s string, t *Type, loc *time.Location) (time.Time, error) {
	return parseTimeIn(s, t, loc)
}

// ParseBytea reads bytea input: \x followed by hex digits, or the escape
// format.
func ParseBytea(s string) ([]byte, error) {
	if strings.HasPrefix(s, `\x`) {
		return parseByteaHex(s[2:])
	}
	return ParseByteaEscape(s)
}

// parseByteaHex reads hex digit pairs, skipping white space before a pair,
// with hex_decode's errors.
func parseByteaHex(s string) ([]byte, error) {
	out := make([]byte, 0, len(s)/2)
	for i := 0; i < len(s); {
		switch s[i] {
		case ' ', '\n', '\t', '\r':
			i++
			continue
		}
		hi, ok := hexDigit(s[i])
		if !ok {
			return nil, badHexDigit(s[i:])
		}
		if i+1 >= len(s) {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
		}
		lo, ok := hexDigit(s[i+1])
		if !ok {
			return nil, badHexDigit(s[i+1:])
		}
		out = append(out, hi<<4|lo)
		i += 2
	}
	return out, nil
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// badHexDigit names the character (not byte) that is not a hex digit.
func badHexDigit(rest string) error {
	r, _ := utf8.DecodeRuneInString(rest)
	return pgerr.New(pgerr.InvalidParameterValue, "invalid hexadecimal digit: \"%s\"", string(r))
}

func ParseByteaEscape(s string) ([]byte, error) {
	var out []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			out = append(out, '\\')
			i++
		case i+3 < len(s) && isOctal(s[i+1]) && isOctal(s[i+2]) && isOctal(s[i+3]) && s[i+1] <= '3':
			out = append(out, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 3
		default:
			return nil, pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type bytea")
		}
	}
	if out == nil {
		out = []byte{}
	}
	return out, nil
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// AppendNumeric writes numeric output as numeric_out does: NaN, Infinity,
// -Infinity, or the digits with the value's scale.
func AppendNumeric(buf []byte, n pgtype.Numeric) []byte {
	switch {
	case n.NaN:
		return append(buf, "NaN"...)
	case n.InfinityModifier == pgtype.Infinity:
		return append(buf, "Infinity"...)
	case n.InfinityModifier == pgtype.NegativeInfinity:
		return append(buf, "-Infinity"...)
	}
	b, _ := n.MarshalJSON() // the digits, as a JSON number
	return append(buf, b...)
}

// AppendBytea writes bytea output in hex format (bytea_output = hex).
func AppendBytea(buf, b []byte) []byte {
	buf = append(buf, `\x`...)
	return hex.AppendEncode(buf, b)
}

// AppendInterval writes an interval in IntervalStyle postgres, e.g.
// "1 year 2 mons -3 days +04:05:06.5": a field after a negative one
// carries its sign, as EncodeInterval writes it.
func AppendInterval(buf []byte, iv pgtype.Interval) []byte {
	zero, before := true, false
	part := func(v int64, unit string) {
		if v == 0 {
			return
		}
		if !zero {
			buf = append(buf, ' ')
		}
		if before && v > 0 {
			buf = append(buf, '+')
		}
		buf = strconv.AppendInt(buf, v, 10)
		buf = append(buf, ' ')
		buf = append(buf, unit...)
		if v != 1 {
			buf = append(buf, 's')
		}
		before, zero = v < 0, false
	}
	part(int64(iv.Months/12), "year")
	part(int64(iv.Months%12), "mon")
	part(int64(iv.Days), "day")
	us := iv.Microseconds
	hour, min, sec, frac := us/3_600_000_000, us/60_000_000%60, us/1_000_000%60, us%1_000_000
	if zero || us != 0 {
		if !zero {
			buf = append(buf, ' ')
		}
		switch {
		case us < 0:
			buf = append(buf, '-')
		case before:
			buf = append(buf, '+')
		}
		buf = appendPadded(buf, abs64(hour), 2)
		buf = append(buf, ':')
		buf = appendPadded(buf, abs64(min), 2)
		buf = append(buf, ':')
		buf = appendSeconds(buf, abs64(sec), abs64(frac))
	}
	return buf
}

// AppendDateTime writes a date, timestamp or timestamptz (the type's OID)
// in DateStyle ISO: "2024-01-02 03:04:05.5+00", years before 1 as
// "... BC". A timestamptz is shown in loc, the others as their wall clock.
func AppendDateTime(buf []byte, oid uint32, t time.Time, loc *time.Location) []byte {
	t = t.Round(time.Microsecond)
	if oid == Timestamptz.OID {
		t = t.In(loc)
	}
	year := t.Year()
	bc := year <= 0
	if bc {
		year = 1 - year
	}
	buf = appendPadded(buf, int64(year), 4)
	buf = append(buf, '-')
	buf = appendPadded(buf, int64(t.Month()), 2)
	buf = append(buf, '-')
	buf = appendPadded(buf, int64(t.Day()), 2)
	if oid != Date.OID {
		buf = append(buf, ' ')
		buf = appendPadded(buf, int64(t.Hour()), 2)
		buf = append(buf, ':')
		buf = appendPadded(buf, int64(t.Minute()), 2)
		buf = append(buf, ':')
		buf = appendSeconds(buf, int64(t.Second()), int64(t.Nanosecond()/1000))
		if oid == Timestamptz.OID {
			_, off := t.Zone()
			buf = appendOffset(buf, off)
		}
	}
	if bc {
		buf = append(buf, " BC"...)
	}
	return buf
}

// appendOffset writes a UTC offset the way PostgreSQL does: +HH, +HH:MM or
// +HH:MM:SS.
func appendOffset(buf []byte, off int) []byte {
	if off < 0 {
		buf = append(buf, '-')
		off = -off
	} else {
		buf = append(buf, '+')
	}
	buf = appendPadded(buf, int64(off/3600), 2)
	if m, s := off/60%60, off%60; m != 0 || s != 0 {
		buf = append(buf, ':')
		buf = appendPadded(buf, int64(m), 2)
		if s != 0 {
			buf = append(buf, ':')
			buf = appendPadded(buf, int64(s), 2)
		}
	}
	return buf
}

// appendPadded writes n with leading zeros to width digits.
func appendPadded(buf []byte, n int64, width int) []byte {
	s := strconv.FormatInt(n, 10)
	for i := len(s); i < width; i++ {
		buf = append(buf, '0')
	}
	return append(buf, s...)
}

// appendSeconds writes two-digit seconds and the fraction without trailing
// zeros.
func appendSeconds(buf []byte, sec, usec int64) []byte {
	buf = appendPadded(buf, sec, 2)
	if usec != 0 {
		frac := strconv.FormatInt(usec+1_000_000, 10)[1:]
		buf = append(buf, '.')
		buf = append(buf, strings.TrimRight(frac, "0")...)
	}
	return buf
}

// CheckEncoding is PostgreSQL's check of text arriving in the server
// encoding, UTF8 (pg_verify_mbstr): valid UTF-8 (no surrogates, overlong
// forms or code points past U+10FFFF, as Go's utf8 package also holds)
// and no NUL byte. The error names the bytes of the first bad character
// as PostgreSQL does (22021).
func CheckEncoding[T string | []byte](s T) error {
	for i := 0; i < len(s); {
		c := s[i]
		if c != 0 && c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(len(s), i+utf8.UTFMax)]))
		if c != 0 && (r != utf8.RuneError || size > 1) {
			i += size
			continue
		}
		return invalidSequence(s[i:])
	}
	return nil
}

// invalidSequence reports the character at the start of bad: as many
// bytes as its first byte announces (pg_utf_mblen), at most those left.
func invalidSequence[T string | []byte](bad T) error {
	n := 1
	switch c := bad[0]; {
	case c&0xe0 == 0xc0:
		n = 2
	case c&0xf0 == 0xe0:
		n = 3
	case c&0xf8 == 0xf0:
		n = 4
	}
	n = min(n, len(bad))
	hex := make([]string, n)
	for i := range n {
		hex[i] = fmt.Sprintf("0x%02x", bad[i])
	}
	return pgerr.New(pgerr.CharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\": %s", strings.Join(hex, " "))
}

// TimeUnits are a time setting's units in milliseconds, largest first:
// the order SHOW picks the unit in (guc.c's time units).
var TimeUnits = []TimeUnit{{"d", 86400000}, {"h", 3600000}, {"min", 60000}, {"s", 1000}, {"ms", 1}, {"us", 0.001}}

// TimeUnit is one unit of a time setting.
type TimeUnit struct {
	Name string
	MS   float64
}

// FormatMilliseconds is a time setting kept in milliseconds as SHOW gives
// it: in the largest unit that divides it ("0", "90s", "1500ms").
func FormatMilliseconds(ms int64) string {
	if ms == 0 {
		return "0"
	}
	for _, u := range TimeUnits[:5] {
		if ms%int64(u.MS) == 0 {
			return strconv.FormatInt(ms/int64(u.MS), 10) + u.Name
		}
	}
	return strconv.FormatInt(ms, 10) + "ms"
}

// ShownMilliseconds reads FormatMilliseconds' form back.
func ShownMilliseconds(v string) (int64, bool) {
	i := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if i < 0 {
		i = len(v)
	}
	n, err := strconv.ParseInt(v[:i], 10, 64)
	if err != nil {
		return 0, false
	}
	if i == len(v) {
		return n, true // a bare number is milliseconds
	}
	for _, u := range TimeUnits[:5] {
		if u.Name == v[i:] {
			return n * int64(u.MS), true
		}
	}
	return 0, false
}
