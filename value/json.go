package value

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
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
	var sb strings.Builder
	writeJSONB(&sb, j.V)
	return sb.String()
}

func writeJSONB(sb *strings.Builder, v any) {
	switch v := v.(type) {
	case nil:
		sb.WriteString("null")
	case bool:
		if v {
			sb.WriteString("true")
		} else {
			sb.WriteString("false")
		}
	case json.Number:
		sb.WriteString(v.String())
	case string:
		writeJSONString(sb, v)
	case []any:
		sb.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				sb.WriteString(", ")
			}
			writeJSONB(sb, e)
		}
		sb.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(a, b int) bool {
			if len(keys[a]) != len(keys[b]) {
				return len(keys[a]) < len(keys[b])
			}
			return keys[a] < keys[b]
		})
		sb.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				sb.WriteString(", ")
			}
			writeJSONString(sb, k)
			sb.WriteString(": ")
			writeJSONB(sb, v[k])
		}
		sb.WriteByte('}')
	default:
		// Numbers built in Go code rather than parsed.
		b, err := json.Marshal(v)
		if err != nil {
			panic(fmt.Sprintf("catalog: unsupported JSON value %T", v))
		}
		sb.Write(b)
	}
}

// writeJSONString escapes as PostgreSQL's escape_json does: only quotes,
// backslashes and control characters; other text passes through unchanged.
func writeJSONString(sb *strings.Builder, s string) {
	sb.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			sb.WriteString(`\"`)
		case '\\':
			sb.WriteString(`\\`)
		case '\b':
			sb.WriteString(`\b`)
		case '\f':
			sb.WriteString(`\f`)
		case '\n':
			sb.WriteString(`\n`)
		case '\r':
			sb.WriteString(`\r`)
		case '\t':
			sb.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(sb, `\u%04x`, r)
			} else {
				sb.WriteRune(r)
			}
		}
	}
	sb.WriteByte('"')
}
