package funcs

import (
	"math"
	"math/big"
	"strings"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// More of PostgreSQL's system information functions that clients reach
// (DBeaver's and pgAdmin's schema lists, psql's \db): answered as a
// PostgreSQL 15 server with no temporary schemas, triggers, row security,
// transaction IDs assigned or JIT would answer.
func sysinfoFamily() Family {
	oid := []*value.Type{value.OIDType}
	constant := func(v any) func(*expr.Env, []any) (any, error) {
		return func(*expr.Env, []any) (any, error) { return v, nil }
	}
	return Family{Name: "sysinfo", Scalars: map[string]ScalarFunc{
		"pg_my_temp_schema":              strictFunc(value.OIDType, nil, constant(int64(0))),
		"pg_is_other_temp_schema":        strictFunc(value.Bool, oid, constant(false)),
		"pg_jit_available":               strictFunc(value.Bool, nil, constant(false)),
		"pg_trigger_depth":               strictFunc(value.Int4, nil, constant(int64(0))),
		"txid_current_if_assigned":       strictFunc(value.Int8, nil, constant(nil)),
		"pg_current_xact_id_if_assigned": strictFunc(value.XID8, nil, constant(nil)),
		// pg_default and pg_global live in the data directory: "".
		"pg_tablespace_location": strictFunc(value.Text, oid, constant("")),
		"row_security_active":    strictFunc(value.Bool, []*value.Type{value.Regclass}, constant(false)),
		// The configuration was loaded when the server started.
		"pg_conf_load_time": strictFunc(value.Timestamptz, nil, func(*expr.Env, []any) (any, error) { return postmasterStart, nil }),
		"pg_size_bytes":     strictFunc(value.Int8, []*value.Type{value.Text}, func(_ *expr.Env, a []any) (any, error) { return sizeBytes(a[0].(string)) }),
		// Sizes on disk: vpnsql stores nothing (as pg_relation_size).
		"pg_database_size": catalogFunc(value.Int8, true, func(_ *expr.Env, a []any, _ []*value.Type) (any, error) {
			if name, ok := a[0].(string); ok {
				if name != catalog.Database {
					return nil, pgerr.New(pgerr.InvalidCatalogName, "database %q does not exist", name)
				}
				return int64(0), nil
			}
			if o := oidArg(a[0]); o != catalog.OIDDatabase {
				// The privilege check finds no database (no role is a superuser).
				return nil, pgerr.New(pgerr.InvalidCatalogName, "database with OID %d does not exist", o)
			}
			return int64(0), nil
		}, sig(argObj)),
		"pg_tablespace_size": catalogFunc(value.Int8, true, func(_ *expr.Env, a []any, _ []*value.Type) (any, error) {
			if name, ok := a[0].(string); ok {
				if name != "pg_default" && name != "pg_global" {
					return nil, pgerr.New(pgerr.UndefinedObject, "tablespace %q does not exist", name)
				}
				return int64(0), nil
			}
			if o := oidArg(a[0]); o != 1663 && o != 1664 {
				return nil, pgerr.New(pgerr.UndefinedObject, "tablespace with OID %d does not exist", o)
			}
			return int64(0), nil
		}, sig(argObj)),
	}}
}

// sizeUnits are pg_size_bytes' units, case-insensitive.
var sizeUnits = map[string]int64{"bytes": 1, "kb": 1 << 10, "mb": 1 << 20, "gb": 1 << 30, "tb": 1 << 40, "pb": 1 << 50}

// sizeBytes is pg_size_bytes: a number (a decimal, with an exponent if
// wanted), then optionally a unit; the bytes rounded to an integer.
func sizeBytes(s string) (any, error) {
	invalid := func() error {
		return pgerr.New(pgerr.InvalidParameterValue, "invalid size: %q", s)
	}
	t := strings.TrimSpace(s)
	end := 0
	for end < len(t) && strings.ContainsRune("+-0123456789.", rune(t[end])) {
		end++
	}
	if end < len(t) && (t[end] == 'e' || t[end] == 'E') {
		if e := end + 1; e < len(t) && strings.ContainsRune("+-0123456789", rune(t[e])) {
			end = e + 1
			for end < len(t) && t[end] >= '0' && t[end] <= '9' {
				end++
			}
		}
	}
	num, ok := new(big.Float).SetPrec(200).SetString(t[:end])
	if !ok || end == 0 {
		return nil, invalid()
	}
	unit := strings.TrimSpace(t[end:])
	mult := int64(1)
	if unit != "" {
		m, ok := sizeUnits[strings.ToLower(unit)]
		if !ok {
			return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid size: %q", s).
				WithDetail("Invalid size unit: %q.", unit).
				WithHint(`Valid units are "bytes", "kB", "MB", "GB", "TB", and "PB".`)
		}
		mult = m
	}
	num.Mul(num, new(big.Float).SetInt64(mult))
	// Round half away from zero, as numeric's conversion to bigint does.
	half := big.NewFloat(0.5)
	if num.Sign() < 0 {
		half.Neg(half)
	}
	num.Add(num, half)
	n, acc := num.Int64()
	if (acc != big.Exact && (n == math.MaxInt64 || n == math.MinInt64)) || num.IsInf() {
		return nil, pgerr.New(pgerr.NumericValueOutOfRange, "bigint out of range")
	}
	return n, nil
}
