package value

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// JSON is a json or jsonb value: a tree of map[string]any, []any, string,
// json.Number, bool and nil (JSON null). Wrapping the tree keeps JSON null
// apart from SQL NULL, which is a nil interface.
type JSON struct {
	V any
	// Text, when set, is a json (not jsonb) value's own text: json keeps
	// its input verbatim (spacing, key order, duplicate keys) and the
	// functions that build json values format it their own way.
	Text string
}

// ParseJSON decodes JSON text, keeping numbers exact.
func ParseJSON(text []byte) (JSON, error) {
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return JSON{}, err
	}
	if dec.More() {
		return JSON{}, fmt.Errorf("trailing data after JSON value")
	}
	return JSON{V: v}, nil
}

// JSONNumbers converts the float64 numbers of a tree decoded without
// UseNumber (a struct marshalled and read back, say) into json.Number,
// the form JSON keeps numbers in.
func JSONNumbers(v any) any {
	switch v := v.(type) {
	case float64:
		b, _ := json.Marshal(v)
		return json.Number(b)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = JSONNumbers(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = JSONNumbers(x)
		}
		return out
	}
	return v
}

// String formats the value as PostgreSQL's jsonb output does (object keys
// ordered by length then bytes, ", " and ": " separators), or returns a
// json value's Text.
func (j JSON) String() string {
	if j.Text != "" {
		return j.Text
	}
	return string(appendJSONB(nil, j.V))
}

// AppendText appends the value's text form (String) to dst, without the
// intermediate string: the server writes result rows this way.
func (j JSON) AppendText(dst []byte) []byte {
	if j.Text != "" {
		return append(dst, j.Text...)
	}
	return appendJSONB(dst, j.V)
}

func appendJSONB(dst []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		if v {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case json.Number:
		return append(dst, v...)
	case string:
		return appendJSONString(dst, v)
	case []any:
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = appendJSONB(dst, e)
		}
		return append(dst, ']')
	case map[string]any:
		// Most objects are small: their keys sort in a buffer on the stack.
		var buf [16]string
		keys := buf[:0]
		for k := range v {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareJSONBKeys)
		dst = append(dst, '{')
		for i, k := range keys {
			if i > 0 {
				dst = append(dst, ", "...)
			}
			dst = appendJSONString(dst, k)
			dst = append(dst, ": "...)
			dst = appendJSONB(dst, v[k])
		}
		return append(dst, '}')
	}
	// Numbers built in Go code rather than parsed.
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("catalog: unsupported JSON value %T", v))
	}
	return append(dst, b...)
}

// compareJSONBKeys orders object keys as jsonb stores them: by length,
// then bytes.
func compareJSONBKeys(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

// appendJSONString escapes as PostgreSQL's escape_json does: only quotes,
// backslashes and control characters; other text passes through unchanged
// (invalid UTF-8 as U+FFFD, which is all a Go string can carry of it here).
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	if !utf8.ValidString(s) {
		// Each invalid byte becomes U+FFFD, as ranging over s gives it.
		var valid []byte
		for _, r := range s {
			valid = utf8.AppendRune(valid, r)
		}
		s = string(valid)
	}
	// Runs of bytes that need no escape are copied at once; every byte
	// that does is ASCII, so multi-byte characters pass through whole.
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		dst = append(dst, s[run:i]...)
		run = i + 1
		switch c {
		case '"':
			dst = append(dst, `\"`...)
		case '\\':
			dst = append(dst, `\\`...)
		case '\b':
			dst = append(dst, `\b`...)
		case '\f':
			dst = append(dst, `\f`...)
		case '\n':
			dst = append(dst, `\n`...)
		case '\r':
			dst = append(dst, `\r`...)
		case '\t':
			dst = append(dst, `\t`...)
		default:
			dst = append(dst, `\u00`...)
			dst = append(dst, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		}
	}
	dst = append(dst, s[run:]...)
	return append(dst, '"')
}
