package executor

import (
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

type settingDef struct {
	name   string // canonical spelling, as SHOW ALL and ParameterStatus print it
	value  string // default
	report bool   // GUC_REPORT: sent as ParameterStatus when it changes
	fixed  bool   // cannot be changed by SET
	// check refuses a value SET may not give (22023, as PostgreSQL words
	// it) and returns the value as SHOW gives it; nil takes any value.
	check func(d settingDef, v string) (string, error)
}

// settingDefs holds the settings clients read or set. Unknown names without
// a dot are refused as PostgreSQL does; dotted names are custom settings.
var settingDefs = func() map[string]settingDef {
	defs := []settingDef{
		{name: "application_name", report: true},
		{name: "client_encoding", value: "UTF8", report: true, check: checkClientEncoding},
		{name: "DateStyle", value: "ISO, MDY", report: true},
		{name: "default_transaction_read_only", value: "off", report: true, check: checkBool},
		{name: "in_hot_standby", value: "off", report: true, fixed: true},
		{name: "integer_datetimes", value: "on", report: true, fixed: true},
		{name: "IntervalStyle", value: "postgres", report: true},
		{name: "is_superuser", value: "off", report: true, fixed: true},
		{name: "server_encoding", value: "UTF8", report: true, fixed: true},
		{name: "server_version", value: catalog.ServerVersion, report: true, fixed: true},
		{name: "session_authorization", report: true, fixed: true},
		{name: "standard_conforming_strings", value: "on", report: true},
		{name: "TimeZone", value: "UTC", report: true},
		{name: "server_version_num", value: "150018", fixed: true},
		{name: "search_path", value: "ec2, public"},
		{name: "statement_timeout", value: "0", check: checkMilliseconds},
		{name: "idle_in_transaction_session_timeout", value: "0", check: checkMilliseconds},
		{name: "idle_session_timeout", value: "0", check: checkMilliseconds},
		{name: "lock_timeout", value: "0", check: checkMilliseconds},
		{name: "extra_float_digits", value: "1", check: checkIntRange(-15, 3)},
		{name: "max_identifier_length", value: "63", fixed: true},
		{name: "lc_collate", value: "C.UTF-8", fixed: true},
		{name: "lc_ctype", value: "C.UTF-8", fixed: true},
		{name: "lc_messages", value: "C.UTF-8"},
		{name: "lc_monetary", value: "C.UTF-8"},
		{name: "lc_numeric", value: "C.UTF-8"},
		{name: "lc_time", value: "C.UTF-8"},
		{name: "transaction_isolation", value: "read committed", check: checkIsolation},
		{name: "transaction_read_only", value: "off", check: checkBool},
		{name: "default_transaction_isolation", value: "read committed", check: checkIsolation},
		{name: "bytea_output", value: "hex"},
		{name: "client_min_messages", value: "notice"},
		{name: "max_connections", value: "100", fixed: true},
		{name: "block_size", value: "8192", fixed: true},
		{name: "vpnsql.writes_in_transaction", value: "refuse", check: checkEnum("refuse", "immediate")},
		{name: "vpnsql.allow_unqualified_writes", value: "off", check: checkBool},
		{name: "vpnsql.dry_run", value: "off", check: checkBool},
		{name: "vpnsql.cache_ttl", value: "30s", check: checkCacheTTL},
		{name: "vpnsql.skip_failed_sources", value: "off", check: checkBool},
		{name: "vpnsql.progress_notices", value: "off", check: checkBool},
		{name: "vpnsql.statement_mem", value: "1GB", check: checkMemory},
		{name: "vpnsql.max_result_rows", value: "0", check: checkCount},
		{name: "vpnsql.max_result_bytes", value: "0", check: checkMemory},
		{name: "vpnsql.max_api_calls", value: strconv.Itoa(DefaultMaxAPICalls), check: checkCount},
	}
	m := make(map[string]settingDef, len(defs))
	for _, d := range defs {
		m[strings.ToLower(d.name)] = d
	}
	return m
}()

// settings is a session's values, and the reported ones as last sent.
type settings struct {
	values map[string]string // keyed by lower-case name
	base   map[string]string // the server's defaults where they are not settingDefs' (RESET)
	sent   map[string]string // reported settings as last sent in ParameterStatus
	dirty  bool              // a value may differ from sent
	// version counts the changes: what a reader parsed from one version
	// holds until the next (statementSettings, the server's codec).
	version uint64
}

func newSettings() *settings {
	s := &settings{values: map[string]string{}, base: map[string]string{}, version: 1}
	for k, d := range settingDefs {
		s.values[k] = d.value
	}
	return s
}

func (s *settings) get(name string) (string, bool) {
	// The server reads its settings by their lower-case names at every
	// message: those need no lowering.
	if v, ok := s.values[name]; ok {
		return v, ok
	}
	v, ok := s.values[strings.ToLower(name)]
	return v, ok
}

// set changes a setting; value "" with reset restores the default.
func (s *settings) set(name, value string) error {
	key := strings.ToLower(name)
	d, known := settingDefs[key]
	if !known && !strings.Contains(key, ".") {
		return pgerr.New(pgerr.UndefinedObject, "unrecognized configuration parameter %q", name)
	}
	if d.fixed {
		return pgerr.New(pgerr.CantChangeRuntimeParam, "parameter %q cannot be changed", name)
	}
	if d.check != nil {
		v, err := d.check(d, value)
		if err != nil {
			return err
		}
		value = v
	}
	s.values[key] = value
	s.dirty = true
	s.version++
	return nil
}

// restore puts back the values saved before a rolled-back transaction; a
// custom setting made since stays, empty, as PostgreSQL leaves it.
func (s *settings) restore(saved map[string]string) {
	for k := range s.values {
		if _, ok := saved[k]; !ok {
			s.values[k] = ""
		}
	}
	maps.Copy(s.values, saved)
	s.dirty = true
	s.version++
}

// reset restores a setting's default.
func (s *settings) reset(name string) error {
	key := strings.ToLower(name)
	d, known := settingDefs[key]
	if !known {
		delete(s.values, key)
		s.version++
		return nil
	}
	if v, ok := s.base[key]; ok {
		return s.set(name, v)
	}
	return s.set(name, d.value)
}

// reported returns every GUC_REPORT setting by canonical name.
func (s *settings) reported() map[string]string {
	out := map[string]string{}
	for k, d := range settingDefs {
		if d.report {
			out[d.name] = s.values[k]
		}
	}
	return out
}

// SettingDuration reads a time setting such as statement_timeout: a bare
// number is milliseconds; the units are value.TimeUnits.
func SettingDuration(v string) time.Duration {
	v = strings.TrimSpace(strings.Trim(strings.TrimSpace(v), "'"))
	if v == "" || v == "0" {
		return 0
	}
	i := 0
	for i < len(v) && (v[i] >= '0' && v[i] <= '9' || v[i] == '.') {
		i++
	}
	n, err := strconv.ParseFloat(v[:i], 64)
	if err != nil || n <= 0 {
		return 0
	}
	ms := 1.0
	if unit := strings.TrimSpace(v[i:]); unit != "" {
		k := slices.IndexFunc(value.TimeUnits, func(u value.TimeUnit) bool { return u.Name == unit })
		if k < 0 {
			return 0
		}
		ms = value.TimeUnits[k].MS
	}
	return time.Duration(n * ms * float64(time.Millisecond))
}

// The functions clients call on the system catalogs: format_type,
// pg_get_*def, visibility, descriptions, privileges, sizes, and the reg*
// conversions the casts use. They answer from a pgcatalog.Snapshot of the
// session's catalog, so they agree with pg_class, pg_type and friends.

// ---- privileges ----

// ---- encodings ----

// SettingNames lists the settings SHOW knows, by canonical name, sorted;
// the generator dumps their pg_settings rows.
func SettingNames() []string {
	out := make([]string, 0, len(settingDefs))
	for _, d := range settingDefs {
		if !strings.Contains(d.name, ".") {
			out = append(out, d.name)
		}
	}
	sort.Strings(out)
	return out
}

// SetConfig is SET, RESET and set_config(name, value, is_local): SET name = value, or
// RESET name when reset, from inside a query; it returns the value in
// force afterwards, as SHOW gives it. is_local outside a transaction
// block lasts, in PostgreSQL, only to the end of the statement's own
// transaction: the value is returned and nothing stays changed.
func (s *Session) SetConfig(name, value string, reset, local bool) (string, error) {
	if err := s.checkSettingName(name); err != nil {
		return "", err
	}
	if local && s.tx == TxIdle {
		if reset {
			value = settingDefs[strings.ToLower(name)].value
		}
		return value, nil
	}
	s.saveSettings()
	key := strings.ToLower(name)
	if local {
		if _, saved := s.localRestore[key]; !saved {
			old, _ := s.settings.get(name)
			s.localRestore[key] = old
		}
	}
	var err error
	if reset {
		err = s.settings.reset(name)
	} else {
		err = s.settings.set(name, value)
	}
	if err != nil {
		return "", err
	}
	if s.tx == TxIdle && (key == "default_transaction_read_only" || key == "default_transaction_isolation") {
		s.startTransactionSettings() // the next transaction's
	}
	v, _ := s.settings.get(name)
	return v, nil
}
