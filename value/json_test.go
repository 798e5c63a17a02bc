package value

import (
	"encoding/json"
	"testing"
)

// jsonb's text output, as PostgreSQL 15 prints it (SELECT '...'::jsonb).
func TestJSONText(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		want string
	}{
		{"null", nil, `null`},
		{"booleans", []any{true, false}, `[true, false]`},
		{"number kept exact", json.Number("1.50"), `1.50`},
		{"Go number", int64(7), `7`},
		{"keys by length then bytes", map[string]any{"bb": 1.5, "a": "x", "B": nil, "ccc": []any{}},
			`{"B": null, "a": "x", "bb": 1.5, "ccc": []}`},
		{"many keys", map[string]any{"k01": 1, "k02": 2, "k03": 3, "k04": 4, "k05": 5, "k06": 6, "k07": 7, "k08": 8, "k09": 9,
			"k10": 10, "k11": 11, "k12": 12, "k13": 13, "k14": 14, "k15": 15, "k16": 16, "k17": 17, "k0": 0},
			`{"k0": 0, "k01": 1, "k02": 2, "k03": 3, "k04": 4, "k05": 5, "k06": 6, "k07": 7, "k08": 8, "k09": 9, "k10": 10, "k11": 11, "k12": 12, "k13": 13, "k14": 14, "k15": 15, "k16": 16, "k17": 17}`},
		{"nested", map[string]any{"a": []any{map[string]any{"x": "y"}, "z"}}, `{"a": [{"x": "y"}, "z"]}`},
		{"escapes", "q\"b\\s/\b\f\n\r\t\x01\x1f\x7f", `"q\"b\\s/\b\f\n\r\t\u0001\u001f` + "\x7f" + `"`},
		{"multi-byte text unchanged", "héllo → 世界 🙂", `"héllo → 世界 🙂"`},
		{"invalid UTF-8 byte by byte", "a\xff\xfeb", `"a` + "\uFFFD\uFFFD" + `b"`},
		{"escaped key", map[string]any{"a\nb": ""}, `{"a\nb": ""}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := JSON{V: tc.v}
			if got := j.String(); got != tc.want {
				t.Errorf("String() = %s, want %s", got, tc.want)
			}
			if got := string(j.AppendText([]byte("prefix:"))); got != "prefix:"+tc.want {
				t.Errorf("AppendText = %s, want prefix:%s", got, tc.want)
			}
		})
	}
	// A json value keeps its own text.
	j := JSON{V: map[string]any{"a": 1}, Text: `{ "a" : 1 }`}
	if got := string(j.AppendText(nil)); got != `{ "a" : 1 }` {
		t.Errorf("json AppendText = %s", got)
	}
}

func BenchmarkJSONText(b *testing.B) {
	doc := map[string]any{"tunnelOptions": []any{
		map[string]any{"outsideIpAddress": "203.0.113.10", "tunnelInsideCidr": "169.254.10.0/30", "preSharedKey": "abc.def_ghi", "phase1EncryptionAlgorithms": []any{map[string]any{"value": "AES128"}, map[string]any{"value": "AES256"}}},
		map[string]any{"outsideIpAddress": "203.0.113.11", "tunnelInsideCidr": "169.254.11.0/30", "preSharedKey": "jkl.mno_pqr", "phase1EncryptionAlgorithms": []any{map[string]any{"value": "AES128"}}},
	}, "staticRoutesOnly": false, "localIpv4NetworkCidr": "0.0.0.0/0"}
	j := JSON{V: doc}
	var buf []byte
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		buf = j.AppendText(buf[:0])
	}
}
