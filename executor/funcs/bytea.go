package funcs

import (
	"crypto/md5"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// byteaFamily is the binary-string functions.
func byteaFamily() Family {
	return Family{Name: "bytea", Scalars: map[string]ScalarFunc{
		"convert_from": strictFunc(value.Text, []*value.Type{value.Bytea, value.Text}, func(_ *expr.Env, a []any) (any, error) {
			b := a[0].([]byte)
			if err := value.CheckEncoding(b); err != nil {
				return nil, err
			}
			return string(b), nil
		}),
		"convert_to": strictFunc(value.Bytea, text2, func(_ *expr.Env, a []any) (any, error) {
			enc := strings.ToUpper(strings.ReplaceAll(str(a[1]), "-", ""))
			if enc != "UTF8" && enc != "SQLASCII" {
				return nil, pgerr.New(pgerr.UndefinedObject, "conversion from UTF8 to %s is not supported", str(a[1]))
			}
			return []byte(str(a[0])), nil
		}),
		"decode": strictFunc(value.Bytea, []*value.Type{value.Text, value.Text}, func(_ *expr.Env, a []any) (any, error) {
			s := str(a[0])
			switch strings.ToLower(str(a[1])) {
			case "hex":
				b, err := hex.DecodeString(s)
				if err != nil {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid hexadecimal data: odd number of digits")
				}
				return b, nil
			case "base64":
				b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
				if err != nil {
					return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid base64 end sequence").WithHint("Input data is missing padding, is truncated, or is otherwise corrupted.")
				}
				return b, nil
			case "escape":
				return value.ParseByteaEscape(s)
			}
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unrecognized encoding: %q", str(a[1]))
		}),
		"encode": strictFunc(value.Text, []*value.Type{value.Bytea, value.Text}, func(_ *expr.Env, a []any) (any, error) {
			b := a[0].([]byte)
			switch strings.ToLower(str(a[1])) {
			case "hex":
				return hex.EncodeToString(b), nil
			case "base64":
				return wrapBase64(base64.StdEncoding.EncodeToString(b)), nil
			case "escape":
				return byteaEscape(b), nil
			}
			return nil, pgerr.New(pgerr.InvalidParameterValue, "unrecognized encoding: %q", str(a[1]))
		}),
		"md5": overloads(
			strictFunc(value.Text, text1, func(_ *expr.Env, a []any) (any, error) {
				sum := md5.Sum([]byte(str(a[0])))
				return hex.EncodeToString(sum[:]), nil
			}),
			strictFunc(value.Text, []*value.Type{value.Bytea}, func(_ *expr.Env, a []any) (any, error) {
				sum := md5.Sum(a[0].([]byte))
				return hex.EncodeToString(sum[:]), nil
			})),
		"sha224": hashFunc(func(b []byte) []byte { s := sha256.Sum224(b); return s[:] }),
		"sha256": hashFunc(func(b []byte) []byte { s := sha256.Sum256(b); return s[:] }),
		"sha384": hashFunc(func(b []byte) []byte { s := sha512.Sum384(b); return s[:] }),
		"sha512": hashFunc(func(b []byte) []byte { s := sha512.Sum512(b); return s[:] }),
	}}
}

func hashFunc(h func([]byte) []byte) ScalarFunc {
	return strictFunc(value.Bytea, []*value.Type{value.Bytea}, func(_ *expr.Env, a []any) (any, error) {
		return h(a[0].([]byte)), nil
	})
}

// wrapBase64 breaks base64 text into lines of 76 characters, as encode does.
func wrapBase64(s string) string {
	var lines []string
	for len(s) > 76 {
		lines = append(lines, s[:76])
		s = s[76:]
	}
	return strings.Join(append(lines, s), "\n")
}

// byteaEscape is bytea's escape format: printable ASCII as is, backslash
// doubled, other bytes as \ooo.
func byteaEscape(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c == '\\':
			sb.WriteString(`\\`)
		case c < 0x20 || c > 0x7e:
			fmt.Fprintf(&sb, `\%03o`, c)
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}
