package server

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"reflect"
	"testing"
	"time"
	_ "time/tzdata" // TimeZone cases must not depend on the host's zoneinfo

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog/pgcatalog/pgtest"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

func mustJSON(s string) value.JSON {
	j, err := value.ParseJSON([]byte(s))
	if err != nil {
		panic(err)
	}
	return j
}

func num(s string) pgtype.Numeric {
	var n pgtype.Numeric
	if err := n.Scan(s); err != nil {
		panic(err)
	}
	return n
}

func ts(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
	return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
}

func iv(months, days int32, us int64) pgtype.Interval {
	return pgtype.Interval{Months: months, Days: days, Microseconds: us, Valid: true}
}

// valueCases are values in the executor's representation with the text
// PostgreSQL 15 prints for them (checked against a real server: see
// TestValues_AgainstPostgres). cast is the SQL type name for that check.
var valueCases = []struct {
	name string
	oid  uint32
	cast string
	v    any
	text string
	tz   string // session TimeZone, default UTC
}{
	{"bool true", pgtype.BoolOID, "bool", true, "t", ""},
	{"bool false", pgtype.BoolOID, "bool", false, "f", ""},
	{"int2 min", pgtype.Int2OID, "int2", int64(-32768), "-32768", ""},
	{"int4 max", pgtype.Int4OID, "int4", int64(2147483647), "2147483647", ""},
	{"int8 min", pgtype.Int8OID, "int8", int64(math.MinInt64), "-9223372036854775808", ""},
	{"oid max", pgtype.OIDOID, "oid", int64(4294967295), "4294967295", ""},
	{"regclass oid", oidRegclass, "", int64(1259), "1259", ""},
	{"xid", pgtype.XIDOID, "xid", int64(1234), "1234", ""},
	{"cid", pgtype.CIDOID, "cid", int64(7), "7", ""},
	{"xid8", oidXID8, "xid8", int64(5), "5", ""},
	{"regtype oid", oidRegtype, "", int64(25), "25", ""},
	{"regproc oid", oidRegproc, "", int64(1242), "1242", ""},
	{"float4", pgtype.Float4OID, "float4", float64(float32(1.5)), "1.5", ""},
	{"float4 tenth", pgtype.Float4OID, "float4", float64(float32(0.1)), "0.1", ""},
	{"float4 exp", pgtype.Float4OID, "float4", float64(1234567), "1.234567e+06", ""},
	{"float8 tenth", pgtype.Float8OID, "float8", 0.1, "0.1", ""},
	{"float8 third", pgtype.Float8OID, "float8", 1.0 / 3, "0.3333333333333333", ""},
	{"float8 1e20", pgtype.Float8OID, "float8", 1e20, "1e+20", ""},
	{"float8 1e14", pgtype.Float8OID, "float8", 1e14, "100000000000000", ""},
	{"float8 1e15", pgtype.Float8OID, "float8", 1e15, "1e+15", ""},
	{"float8 small", pgtype.Float8OID, "float8", 1e-5, "1e-05", ""},
	{"float8 big", pgtype.Float8OID, "float8", 123456789012345678.0, "1.2345678901234568e+17", ""},
	{"float8 -0", pgtype.Float8OID, "float8", math.Copysign(0, -1), "-0", ""},
	{"float8 inf", pgtype.Float8OID, "float8", math.Inf(-1), "-Infinity", ""},
	{"float8 nan", pgtype.Float8OID, "float8", math.NaN(), "NaN", ""},
	{"numeric", pgtype.NumericOID, "numeric", num("123.45"), "123.45", ""},
	{"numeric small", pgtype.NumericOID, "numeric", num("-0.001"), "-0.001", ""},
	{"numeric big", pgtype.NumericOID, "numeric", num("1000000000000000000000.5"), "1000000000000000000000.5", ""},
	{"numeric nan", pgtype.NumericOID, "numeric", pgtype.Numeric{NaN: true, Valid: true}, "NaN", ""},
	{"text", pgtype.TextOID, "text", "hello, \"world\" \\ ✓", "hello, \"world\" \\ ✓", ""},
	{"text empty", pgtype.TextOID, "text", "", "", ""},
	{"varchar", pgtype.VarcharOID, "varchar", "vpn-0123", "vpn-0123", ""},
	{"name", pgtype.NameOID, "name", "vpn_connections", "vpn_connections", ""},
	{"bpchar", pgtype.BPCharOID, "bpchar", "ab", "ab", ""},
	{"char", pgtype.QCharOID, `"char"`, "r", "r", ""},
	{"bytea", pgtype.ByteaOID, "bytea", []byte{0xde, 0xad, 0xbe, 0xef}, `\xdeadbeef`, ""},
	{"bytea empty", pgtype.ByteaOID, "bytea", []byte{}, `\x`, ""},
	{"json", pgtype.JSONOID, "", mustJSON(`{"bb": [true, null, "x"], "a": 1.50}`), `{"a": 1.50, "bb": [true, null, "x"]}`, ""},
	{"jsonb", pgtype.JSONBOID, "jsonb", mustJSON(`{"bb": [true, null, "x"], "a": 1}`), `{"a": 1, "bb": [true, null, "x"]}`, ""},
	{"jsonb scalar", pgtype.JSONBOID, "jsonb", mustJSON(`"x"`), `"x"`, ""},
	{"date", pgtype.DateOID, "date", ts(2024, 2, 3, 0, 0, 0, 0), "2024-02-03", ""},
	{"date bc", pgtype.DateOID, "date", ts(0, 12, 31, 0, 0, 0, 0), "0001-12-31 BC", ""},
	{"timestamp", pgtype.TimestampOID, "timestamp", ts(2024, 1, 2, 3, 4, 5, 120000000), "2024-01-02 03:04:05.12", ""},
	{"timestamp whole", pgtype.TimestampOID, "timestamp", ts(1999, 12, 31, 23, 59, 59, 0), "1999-12-31 23:59:59", ""},
	{"timestamptz utc", pgtype.TimestamptzOID, "timestamptz", ts(2024, 1, 2, 3, 4, 5, 500000000), "2024-01-02 03:04:05.5+00", ""},
	{"timestamptz kolkata", pgtype.TimestamptzOID, "timestamptz", ts(2024, 1, 2, 3, 4, 5, 500000000), "2024-01-02 08:34:05.5+05:30", "Asia/Kolkata"},
	{"timestamptz st johns", pgtype.TimestamptzOID, "timestamptz", ts(2024, 1, 2, 3, 4, 5, 500000000), "2024-01-01 23:34:05.5-03:30", "America/St_Johns"},
	{"interval full", pgtype.IntervalOID, "interval", iv(14, 3, 4*3600e6+5*60e6+6789000), "1 year 2 mons 3 days 04:05:06.789", ""},
	{"interval neg day", pgtype.IntervalOID, "interval", iv(0, -1, 2*3600e6), "-1 days +02:00:00", ""},
	{"interval neg time", pgtype.IntervalOID, "interval", iv(0, 1, -2*3600e6), "1 day -02:00:00", ""},
	{"interval months", pgtype.IntervalOID, "interval", iv(-3, 0, 0), "-3 mons", ""},
	{"interval zero", pgtype.IntervalOID, "interval", iv(0, 0, 0), "00:00:00", ""},
	{"interval hours", pgtype.IntervalOID, "interval", iv(0, 0, 100*3600e6), "100:00:00", ""},
	{"interval years", pgtype.IntervalOID, "interval", iv(-14, 0, 0), "-1 years -2 mons", ""},
	{"interval frac", pgtype.IntervalOID, "interval", iv(0, 0, -1500000), "-00:00:01.5", ""},
	{"uuid", pgtype.UUIDOID, "uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", ""},
	{"int2vector", oidInt2Vector, "int2vector", []any{int64(1), int64(2)}, "1 2", ""},
	{"int2vector empty", oidInt2Vector, "int2vector", []any{}, "", ""},
	{"oidvector", oidOIDVector, "oidvector", []any{int64(23), int64(25)}, "23 25", ""},
	{"int4[]", pgtype.Int4ArrayOID, "int4[]", []any{int64(1), int64(2), nil}, "{1,2,NULL}", ""},
	{"int4[] empty", pgtype.Int4ArrayOID, "int4[]", []any{}, "{}", ""},
	{"int2[]", pgtype.Int2ArrayOID, "int2[]", []any{int64(-1)}, "{-1}", ""},
	{"int8[][]", pgtype.Int8ArrayOID, "int8[]", []any{[]any{int64(1), int64(2)}, []any{int64(3), int64(4)}}, "{{1,2},{3,4}}", ""},
	{"text[]", pgtype.TextArrayOID, "text[]", []any{"a", "b c", "", "NULL", `q"`, `back\slash`, "a,b", "{x}"}, `{a,"b c","","NULL","q\"","back\\slash","a,b","{x}"}`, ""},
	{"varchar[]", pgtype.VarcharArrayOID, "varchar[]", []any{"x"}, "{x}", ""},
	{"name[]", pgtype.NameArrayOID, "name[]", []any{"pg_catalog", "ec2"}, "{pg_catalog,ec2}", ""},
	{"bpchar[]", pgtype.BPCharArrayOID, "bpchar[]", []any{"ab"}, "{ab}", ""},
	{"char[]", pgtype.QCharArrayOID, `"char"[]`, []any{"r", "p", "f"}, "{r,p,f}", ""},
	{"bool[]", pgtype.BoolArrayOID, "bool[]", []any{true, false}, "{t,f}", ""},
	{"float4[]", pgtype.Float4ArrayOID, "float4[]", []any{float64(float32(0.5))}, "{0.5}", ""},
	{"float8[]", pgtype.Float8ArrayOID, "float8[]", []any{1.5, math.Inf(1)}, "{1.5,Infinity}", ""},
	{"numeric[]", pgtype.NumericArrayOID, "numeric[]", []any{num("1.5"), num("100")}, "{1.5,100}", ""},
	{"oid[]", pgtype.OIDArrayOID, "oid[]", []any{int64(16384)}, "{16384}", ""},
	{"regclass[]", oidRegclassArray, "", []any{int64(1259)}, "{1259}", ""},
	{"regtype[]", oidRegtypeArray, "", []any{int64(25)}, "{25}", ""},
	{"regproc[]", oidRegprocArray, "", []any{int64(1242)}, "{1242}", ""},
	{"bytea[]", pgtype.ByteaArrayOID, "bytea[]", []any{[]byte{0xde, 0xad}}, `{"\\xdead"}`, ""},
	{"json[]", pgtype.JSONArrayOID, "", []any{mustJSON(`{"a": 1}`)}, `{"{\"a\": 1}"}`, ""},
	{"jsonb[]", pgtype.JSONBArrayOID, "jsonb[]", []any{mustJSON(`{"a": 1}`), nil}, `{"{\"a\": 1}",NULL}`, ""},
	{"date[]", pgtype.DateArrayOID, "date[]", []any{ts(2024, 1, 2, 0, 0, 0, 0)}, "{2024-01-02}", ""},
	{"timestamp[]", pgtype.TimestampArrayOID, "timestamp[]", []any{ts(2024, 1, 2, 3, 4, 5, 0)}, `{"2024-01-02 03:04:05"}`, ""},
	{"timestamptz[]", pgtype.TimestamptzArrayOID, "timestamptz[]", []any{ts(2024, 1, 2, 3, 4, 5, 0)}, `{"2024-01-02 03:04:05+00"}`, ""},
	{"interval[]", pgtype.IntervalArrayOID, "interval[]", []any{iv(0, 1, 0)}, `{"1 day"}`, ""},
	{"uuid[]", pgtype.UUIDArrayOID, "uuid[]", []any{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}, "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", ""},
	{"int2vector[]", oidInt2VectorArray, "int2vector[]", []any{[]any{int64(1), int64(2)}, []any{int64(3)}}, `{"1 2",3}`, ""},
	{"oidvector[]", oidOIDVectorArray, "oidvector[]", []any{[]any{int64(23), int64(25)}}, `{"23 25"}`, ""},
}

func testCodec(tz string) *codec {
	c := newCodec()
	c.configure(tz, "1")
	return c
}

// same compares decoded values: times by instant, JSON and the rest deeply,
// numerics by their text.
func same(t *testing.T, c *codec, oid uint32, got, want any) bool {
	t.Helper()
	if gt, ok := got.(time.Time); ok {
		wt, ok := want.(time.Time)
		return ok && gt.Equal(wt)
	}
	if reflect.DeepEqual(got, want) {
		return true
	}
	// Floats (NaN), numerics, nested times: equal if they print alike.
	g, err1 := c.encodeText(nil, oid, got)
	w, err2 := c.encodeText(nil, oid, want)
	return err1 == nil && err2 == nil && bytes.Equal(g, w)
}

func TestCodec_RoundTrip(t *testing.T) {
	for _, tc := range valueCases {
		t.Run(tc.name, func(t *testing.T) {
			c := testCodec(tc.tz)
			text, err := c.encode(nil, tc.oid, 0, tc.v)
			if err != nil {
				t.Fatalf("text encode: %v", err)
			}
			if string(text) != tc.text {
				t.Errorf("text = %q, want %q", text, tc.text)
			}
			back, err := c.decode(text, tc.oid, 0)
			if err != nil {
				t.Fatalf("text decode: %v", err)
			}
			if !same(t, c, tc.oid, back, tc.v) {
				t.Errorf("text round trip = %#v, want %#v", back, tc.v)
			}
			bin, err := c.encode(nil, tc.oid, 1, tc.v)
			if err != nil {
				t.Fatalf("binary encode: %v", err)
			}
			back, err = c.decode(bin, tc.oid, 1)
			if err != nil {
				t.Fatalf("binary decode of %x: %v", bin, err)
			}
			if !same(t, c, tc.oid, back, tc.v) {
				t.Errorf("binary round trip = %#v, want %#v", back, tc.v)
			}
		})
	}
}

// TestCodec_BinaryMatchesPgtype checks the binary forms against pgtype's
// own decoders into native Go types.
func TestCodec_BinaryMatchesPgtype(t *testing.T) {
	c := testCodec("UTC")
	m := pgtype.NewMap()
	cases := []struct {
		oid  uint32
		v    any
		into any
		want any
	}{
		{pgtype.Int2OID, int64(-7), new(int16), int16(-7)},
		{pgtype.Int4OID, int64(1 << 30), new(int32), int32(1 << 30)},
		{pgtype.Int8OID, int64(-1), new(int64), int64(-1)},
		{pgtype.OIDOID, int64(4294967295), new(uint32), uint32(4294967295)},
		{pgtype.Float4OID, 2.5, new(float32), float32(2.5)},
		{pgtype.Float8OID, 0.1, new(float64), 0.1},
		{pgtype.BoolOID, true, new(bool), true},
		{pgtype.TextOID, "x", new(string), "x"},
		{pgtype.TimestamptzOID, ts(2024, 1, 2, 3, 4, 5, 6000), new(time.Time), ts(2024, 1, 2, 3, 4, 5, 6000)},
		{pgtype.JSONBOID, mustJSON(`{"a": [1]}`), new(map[string]any), map[string]any{"a": []any{float64(1)}}},
		{pgtype.Int4ArrayOID, []any{int64(1), int64(2)}, new([]int32), []int32{1, 2}},
		{pgtype.TextArrayOID, []any{"a", "b c"}, new([]string), []string{"a", "b c"}},
		{pgtype.Int8ArrayOID, []any{[]any{int64(1), int64(2)}, []any{int64(3), int64(4)}}, new([][]int64), [][]int64{{1, 2}, {3, 4}}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %v", typeName(tc.oid), tc.v), func(t *testing.T) {
			bin, err := c.encode(nil, tc.oid, 1, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.Scan(tc.oid, 1, bin, tc.into); err != nil {
				t.Fatalf("pgtype scan of %x: %v", bin, err)
			}
			got := reflect.ValueOf(tc.into).Elem().Interface()
			if gt, ok := got.(time.Time); ok {
				if !gt.Equal(tc.want.(time.Time)) {
					t.Errorf("got %v, want %v", gt, tc.want)
				}
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

// TestCodec_DecodeText covers inputs clients send that are not the output
// form, and the errors for bad ones.
func TestCodec_DecodeText(t *testing.T) {
	c := testCodec("Europe/Berlin")
	cases := []struct {
		oid  uint32
		in   string
		want any
		code pgerr.Code
	}{
		{pgtype.BoolOID, " YES ", true, ""},
		{pgtype.BoolOID, "of", false, ""},
		{pgtype.BoolOID, "o", nil, pgerr.InvalidTextRepresentation},
		{pgtype.BoolOID, "off", false, ""},
		{pgtype.Int4OID, " 42 ", int64(42), ""},
		{pgtype.Int4OID, "abc", nil, pgerr.InvalidTextRepresentation},
		{pgtype.Int4OID, "2147483648", nil, pgerr.NumericValueOutOfRange},
		{pgtype.Int2OID, "40000", nil, pgerr.NumericValueOutOfRange},
		{pgtype.OIDOID, "-1", int64(4294967295), ""},
		{pgtype.Float8OID, "1e400", nil, pgerr.NumericValueOutOfRange},
		{pgtype.Float8OID, "-inf", math.Inf(-1), ""},
		{pgtype.NumericOID, "x1", nil, pgerr.InvalidTextRepresentation},
		{pgtype.NumericOID, " 1.5e3 ", num("1500"), ""},
		{pgtype.NumericOID, "-2E-2", num("-0.02"), ""},
		{pgtype.NumericOID, "Infinity", pgtype.Numeric{InfinityModifier: pgtype.Infinity, Valid: true}, ""},
		{pgtype.NumericOID, "1e200000", nil, pgerr.NumericValueOutOfRange},
		{pgtype.NumericOID, "1ex", nil, pgerr.InvalidTextRepresentation},
		{pgtype.Int4ArrayOID, "{{{{{{{1}}}}}}}", nil, pgerr.ProgramLimitExceeded},
		{pgtype.ByteaOID, `a\\b\001`, []byte{'a', '\\', 'b', 1}, ""},
		{pgtype.ByteaOID, `\xzz`, nil, pgerr.InvalidParameterValue}, // PostgreSQL 15's hex_decode: 22023 invalid hexadecimal digit: "z"
		{pgtype.JSONBOID, `{"a":`, nil, pgerr.InvalidTextRepresentation},
		{pgtype.DateOID, "2024-02-30", nil, pgerr.DatetimeFieldOverflow}, // as PostgreSQL 15: 22008 date/time field value out of range
		{pgtype.DateOID, "2024-02-3x", nil, pgerr.InvalidDatetimeFormat},
		{pgtype.DateOID, "0001-12-31 BC", ts(0, 12, 31, 0, 0, 0, 0), ""},
		{pgtype.TimestamptzOID, "2024-01-02 03:04:05", time.Date(2024, 1, 2, 2, 4, 5, 0, time.UTC), ""}, // Berlin is +01 in January
		{pgtype.TimestamptzOID, "2024-01-02T03:04:05Z", ts(2024, 1, 2, 3, 4, 5, 0), ""},
		{pgtype.TimestamptzOID, "2024-01-02 03:04:05.123456-03:30", ts(2024, 1, 2, 6, 34, 5, 123456000), ""},
		{pgtype.TimestampOID, "2024-01-02T03:04:05", ts(2024, 1, 2, 3, 4, 5, 0), ""},
		{pgtype.IntervalOID, "2 hours 30 minutes", iv(0, 0, 9000e6), ""},
		{pgtype.IntervalOID, "1 week ago", iv(0, -7, 0), ""},
		{pgtype.IntervalOID, "P1Y2M3DT4H", iv(14, 3, 4*3600e6), ""},
		{pgtype.IntervalOID, "500 ms", iv(0, 0, 500000), ""},
		{pgtype.IntervalOID, "soon", nil, pgerr.InvalidDatetimeFormat},
		{pgtype.UUIDOID, "{A0EEBC999C0B4EF8BB6D6BB9BD380A11}", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", ""},
		{pgtype.UUIDOID, "nope", nil, pgerr.InvalidTextRepresentation},
		{pgtype.TextArrayOID, `[1:2]={ a , "b" }`, []any{"a", "b"}, ""},
		{pgtype.Int4ArrayOID, `{1,2`, nil, pgerr.InvalidTextRepresentation},
		{pgtype.Int4ArrayOID, `{1,x}`, nil, pgerr.InvalidTextRepresentation},
		{pgtype.QCharArrayOID, `{r,p,f}`, []any{"r", "p", "f"}, ""},
		{pgtype.UnknownOID, "anything", "anything", ""},
		{0, "unspecified", "unspecified", ""},
		{oidRegclass, "pg_catalog.pg_class", "pg_catalog.pg_class", ""},
		{pgtype.NameOID, string(bytes.Repeat([]byte("n"), 70)), string(bytes.Repeat([]byte("n"), 63)), ""},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s %q", typeName(tc.oid), tc.in), func(t *testing.T) {
			got, err := c.decode([]byte(tc.in), tc.oid, 0)
			if tc.code != "" {
				if err == nil {
					t.Fatalf("decoded %#v, want error %s", got, tc.code)
				}
				if pe := pgerr.From(err); pe.Code != tc.code {
					t.Fatalf("error %s %q, want %s", pe.Code, pe.Message, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !same(t, c, tc.oid, got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestCodec_DecodeBinaryErrors(t *testing.T) {
	c := testCodec("UTC")
	cases := []struct {
		oid  uint32
		in   []byte
		code pgerr.Code
	}{
		{pgtype.Int4OID, []byte{0, 1}, pgerr.InvalidBinaryRepresentation},
		{pgtype.Int8OID, []byte{0, 0, 0, 1}, pgerr.InvalidBinaryRepresentation},
		{pgtype.JSONBOID, []byte{2, '{', '}'}, pgerr.InvalidBinaryRepresentation},
		{pgtype.Int4ArrayOID, []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 23}, pgerr.InvalidBinaryRepresentation},
		{pgtype.Int4ArrayOID, []byte{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 25, 0, 0, 0, 1, 0, 0, 0, 1}, pgerr.DatatypeMismatch},
		// 6 dimensions of 40 elements claimed in a few bytes: refused, not allocated.
		{pgtype.Int4ArrayOID, append([]byte{0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 23}, bytes.Repeat([]byte{0, 0, 0, 40, 0, 0, 0, 1}, 6)...), pgerr.InvalidBinaryRepresentation},
		{pgtype.PointOID, []byte{1}, pgerr.FeatureNotSupported},
	}
	for _, tc := range cases {
		if _, err := c.decode(tc.in, tc.oid, 1); err == nil || pgerr.From(err).Code != tc.code {
			t.Errorf("%s %x: error %v, want %s", typeName(tc.oid), tc.in, err, tc.code)
		}
	}
	if _, err := c.decode([]byte("1"), pgtype.Int4OID, 2); err == nil {
		t.Error("format code 2 accepted")
	}
}

func TestCodec_FloatDigits(t *testing.T) {
	cases := []struct {
		efd  int
		f    float64
		want string
	}{
		{0, 1.0 / 3, "0.333333333333333"},
		{0, 123456789012345678, "1.23456789012346e+17"},
		{3, 0.1, "0.1"},
		{-15, 12.5, "1e+01"},
	}
	for _, tc := range cases {
		if got := string(appendFloat(nil, tc.f, false, tc.efd)); got != tc.want {
			t.Errorf("extra_float_digits=%d %v: %q, want %q", tc.efd, tc.f, got, tc.want)
		}
	}
	if got := string(appendFloat(nil, float64(float32(1.0/3)), true, 0)); got != "0.333333" {
		t.Errorf("float4 with extra_float_digits=0: %q", got)
	}
}

func TestCodec_EncodeErrors(t *testing.T) {
	c := testCodec("UTC")
	for _, tc := range []struct {
		oid    uint32
		format int16
		v      any
	}{
		{pgtype.Int4OID, 0, "12"},
		{pgtype.Int2OID, 1, int64(70000)},
		{pgtype.BoolOID, 0, 1},
		{pgtype.TimestamptzOID, 1, "now"},
		{pgtype.PointOID, 1, "(1,2)"},
	} {
		if _, err := c.encode(nil, tc.oid, tc.format, tc.v); err == nil {
			t.Errorf("%s format %d %#v: no error", typeName(tc.oid), tc.format, tc.v)
		}
	}
}

// TestValues_AgainstPostgres compares the expected text forms and this
// package's binary encodings with what a real PostgreSQL 15 sends for the
// same text: the server VPNSQL_TEST_PGURL names, or a throwaway cluster.
func TestValues_AgainstPostgres(t *testing.T) {
	url := os.Getenv("VPNSQL_TEST_PGURL")
	if url == "" {
		if why := pgtest.Available(); why != "" {
			t.Fatalf("needs PostgreSQL 15: %s", why)
		}
		cluster, err := pgtest.Start()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(cluster.Stop)
		url = cluster.URL("postgres")
	}
	ctx := context.Background()
	pg, err := pgconn.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close(ctx)
	for _, tc := range valueCases {
		if tc.cast == "" {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			tz := tc.tz
			if tz == "" {
				tz = "UTC"
			}
			if _, err := pg.Exec(ctx, "SET TimeZone = '"+tz+"'").ReadAll(); err != nil {
				t.Fatal(err)
			}
			c := testCodec(tz)
			res := pg.ExecParams(ctx, "SELECT $1::text::"+tc.cast+", $1::text::"+tc.cast, [][]byte{[]byte(tc.text)}, nil, nil, []int16{0, 1}).Read()
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			if got := string(res.Rows[0][0]); got != tc.text {
				t.Errorf("PostgreSQL prints %q, the case says %q", got, tc.text)
			}
			bin, err := c.encode(nil, tc.oid, 1, tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(bin, res.Rows[0][1]) {
				t.Errorf("binary %x, PostgreSQL sends %x", bin, res.Rows[0][1])
			}
		})
	}
}

// fakeReg stands in for the executor's reg* conversion.
type fakeReg map[int64]string

func (f fakeReg) RegOut(_ uint32, oid int64) string {
	if name, ok := f[oid]; ok {
		return name
	}
	return fmt.Sprint(oid)
}

func (f fakeReg) RegIn(typ uint32, text string) (int64, error) {
	for oid, name := range f {
		if name == text {
			return oid, nil
		}
	}
	return 0, pgerr.New(pgerr.UndefinedTable, "relation \"%s\" does not exist", text)
}

func TestCodec_Reg(t *testing.T) {
	c := testCodec("UTC")
	// Without a converter: numbers print as numbers, names stay strings.
	if v, err := c.decode([]byte("pg_class"), oidRegclass, 0); err != nil || v != "pg_class" {
		t.Errorf("decode name without converter: %#v %v", v, err)
	}
	if v, err := c.decode([]byte("1259"), oidRegclass, 0); err != nil || v != int64(1259) {
		t.Errorf("decode number without converter: %#v %v", v, err)
	}
	if b, err := c.encode(nil, oidRegclass, 0, "pg_class"); err != nil || string(b) != "pg_class" {
		t.Errorf("encode name: %q %v", b, err)
	}
	c.reg = fakeReg{1259: "pg_class", 25: "text"}
	for _, tc := range []struct {
		oid  uint32
		v    any
		text string
	}{
		{oidRegclass, int64(1259), "pg_class"},
		{oidRegclass, int64(99999), "99999"},
		{oidRegtype, int64(25), "text"},
		{oidRegclassArray, []any{int64(1259), nil}, "{pg_class,NULL}"},
	} {
		b, err := c.encode(nil, tc.oid, 0, tc.v)
		if err != nil || string(b) != tc.text {
			t.Errorf("encode %v: %q %v, want %q", tc.v, b, err, tc.text)
		}
		back, err := c.decode(b, tc.oid, 0)
		if err != nil || !reflect.DeepEqual(back, tc.v) {
			t.Errorf("decode %q: %#v %v", b, back, err)
		}
		bin, err := c.encode(nil, tc.oid, 1, tc.v)
		if err != nil {
			t.Fatal(err)
		}
		if back, err := c.decode(bin, tc.oid, 1); err != nil || !reflect.DeepEqual(back, tc.v) {
			t.Errorf("binary %x: %#v %v", bin, back, err)
		}
	}
	if _, err := c.decode([]byte("nope"), oidRegclass, 0); pgerr.From(err).Code != pgerr.UndefinedTable {
		t.Errorf("unknown name: %v", err)
	}
}

func TestCodec_Record(t *testing.T) {
	c := testCodec("UTC")
	v := []any{int64(1), "a b", "", nil, "q\"\\", 1.5, true}
	want := `(1,"a b","",,"q""\\",1.5,t)` // as PostgreSQL 15 prints ROW(...)
	if b, err := c.encode(nil, oidRecord, 0, v); err != nil || string(b) != want {
		t.Errorf("record = %s %v, want %s", b, err, want)
	}
}

func TestCodec_ArrayShape(t *testing.T) {
	c := testCodec("UTC")
	for _, in := range []string{`{1,{2}}`, `{{1,2},{3}}`, `{{1},NULL}`, `{{},{}}`} {
		if v, err := c.decode([]byte(in), pgtype.Int4ArrayOID, 0); err == nil {
			t.Errorf("%s decoded to %#v; PostgreSQL refuses it", in, v)
		} else if pe := pgerr.From(err); pe.Code != pgerr.InvalidTextRepresentation {
			t.Errorf("%s: %s %s", in, pe.Code, pe.Message)
		}
	}
	for _, v := range [][]any{{int64(1), []any{int64(2)}}, {[]any{int64(1), int64(2)}, []any{int64(3)}}} {
		for _, f := range []int16{0, 1} {
			if _, err := c.encode(nil, pgtype.Int4ArrayOID, f, v); err == nil {
				t.Errorf("ragged %#v encoded in format %d", v, f)
			}
		}
	}
}
