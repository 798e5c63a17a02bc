package funcs

import (
	"fmt"
	"math/big"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// argKind is what a catalog function takes in one argument position.
type argKind int

const (
	argOID   argKind = iota // oid, a reg* type or an integer; an unknown literal is read as oid
	argInt                  // an integer type; an unknown literal is read as int4
	argText                 // a string type (text, name, pg_node_tree, ...); unknown is text
	argBool                 // boolean
	argObj                  // an object named by text or given by OID: the function looks at the value
	argArray                // an array, int2vector or oidvector
	argAny                  // any value; unknown is text
)

func (k argKind) accepts(t *value.Type) bool {
	switch k {
	case argOID, argInt:
		return t.IsNumeric()
	case argText:
		return t.IsString() || t == value.PGNodeTree || t == value.ACLItem
	case argBool:
		return t == value.Bool
	case argObj:
		return t.IsString() || t.IsNumeric()
	case argArray:
		return t.ElementType() != nil
	}
	return true
}

func (k argKind) unknownAs() *value.Type {
	switch k {
	case argOID:
		return value.OIDType
	case argInt:
		return value.Int4
	case argBool:
		return value.Bool
	}
	return value.Text
}

// catalogFn is a catalog function's body: the evaluated arguments and
// their bound types.
type catalogFn func(e *expr.Env, a []any, types []*value.Type) (any, error)

// catalogFunc makes a scalarFunc choosing among signatures by argument
// count and kind. A strict function returns NULL when any argument is NULL.
func catalogFunc(ret *value.Type, strict bool, fn catalogFn, sigs ...[]argKind) ScalarFunc {
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
	next:
		for _, sig := range sigs {
			if len(sig) != len(args) {
				continue
			}
			bound := make([]expr.Expr, len(args))
			types := make([]*value.Type, len(args))
			for i, a := range args {
				if a.Type() == value.Unknown {
					x, err := expr.CoerceTo(a, sig[i].unknownAs(), loc)
					if err != nil {
						return nil, err
					}
					a = x
				}
				if !sig[i].accepts(a.Type()) {
					continue next
				}
				bound[i], types[i] = a, a.Type()
			}
			return &expr.FuncExpr{Name: name, Args: bound, T: ret, Strict: strict, Fn: func(e *expr.Env, a []any) (any, error) {
				return fn(e, a, types)
			}}, nil
		}
		return nil, ErrNoFunction(name, args, loc)
	}
}

func sig(kinds ...argKind) []argKind { return kinds }

func textOrNull(s string, ok bool) (any, error) {
	if !ok {
		return nil, nil
	}
	return s, nil
}

func oidArg(v any) uint32 {
	n, _ := v.(int64)
	return uint32(n)
}

// postmasterStart is pg_postmaster_start_time: when this process started.
var postmasterStart = time.Now().UTC()

// xidCounter counts the transaction ids txid_current hands out, after
// xidBase (a young cluster's next xid).
var xidCounter atomic.Int64

const xidBase = 740

// catalogFamily is the functions that describe the database and the
// session: the system-catalog functions below, version() and friends.
func catalogFamily() Family {
	return Family{Name: "catalog", Scalars: catalogFuncs(), Sets: map[string]SetFunc{
		// pg_get_keywords(): the parser's keyword list, which pgJDBC's
		// getSQLKeywords filters.
		"pg_get_keywords": {
			Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
				if len(args) != 0 {
					return nil, ErrArgs
				}
				return []expr.ScopeCol{{Name: "word", T: value.Text}, {Name: "catcode", T: value.Char},
					{Name: "barelabel", T: value.Bool}, {Name: "catdesc", T: value.Text}, {Name: "baredesc", T: value.Text}}, nil
			},
			Rows: func(*expr.Env, []any, []*value.Type) ([][]any, error) { return pgcatalog.Keywords(), nil },
		},
		// pg_partition_ancestors(regclass): a partition and its ancestors;
		// no rows for any other relation, and vpnsql has no partitions.
		// psql's \d asks it for the tables a foreign key references.
		"pg_partition_ancestors": {
			Resolve: func(args []expr.Expr) ([]expr.ScopeCol, error) {
				if len(args) != 1 {
					return nil, ErrArgs
				}
				if t := args[0].Type(); t != value.Unknown && !t.IsOIDAlias() && t != value.OIDType {
					return nil, ErrArgs
				}
				return []expr.ScopeCol{{Name: "relid", T: value.Regclass}}, nil
			},
			Rows: func(*expr.Env, []any, []*value.Type) ([][]any, error) { return nil, nil },
		},
	}}
}

// catalogFuncs are the catalog family's scalar functions.
func catalogFuncs() map[string]ScalarFunc {
	return map[string]ScalarFunc{
		"version": strictFunc(value.Text, nil, func(*expr.Env, []any) (any, error) {
			return "PostgreSQL " + catalog.ServerVersion + " (vpnsql) on x86_64-pc-linux-gnu, compiled by Go, 64-bit", nil
		}),
		"current_database": strictFunc(value.Name, nil, func(*expr.Env, []any) (any, error) { return catalog.Database, nil }),
		"current_schema": strictFunc(value.Name, nil, func(e *expr.Env, _ []any) (any, error) {
			return e.Session.CurrentSchema(), nil
		}),
		// vpnsql.cache_clear() empties the AWS read cache and returns how
		// many entries it held.
		"cache_clear": strictFunc(value.Int8, nil, func(e *expr.Env, _ []any) (any, error) {
			for _, t := range e.Session.CatalogTables() {
				if c, ok := t.(catalog.Clearer); ok && t.Schema() == "vpnsql" && t.Name() == "cache" {
					return c.Clear(), nil
				}
			}
			return int64(0), nil
		}),
		"pg_backend_pid": strictFunc(value.Int4, nil, func(e *expr.Env, _ []any) (any, error) { return int64(e.Session.BackendPID()), nil }),
		// pg_typeof is the argument's type as bound, never coerced: an
		// untyped literal is unknown. It is not strict: pg_typeof(NULL) has
		// a type too.
		"pg_typeof": func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
			if len(args) != 1 {
				return nil, ErrNoFunction(name, args, loc)
			}
			return &expr.ConstExpr{V: int64(args[0].Type().OID), T: value.Regtype}, nil
		},
		// current_setting(name [, missing_ok]): the session's value, as SHOW
		// gives it; Grafana reads server_version_num and search_path with it.
		"current_setting": catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			name := a[0].(string)
			if v, ok := e.Session.SettingValue(name); ok {
				return v, nil
			}
			if len(a) > 1 && a[1].(bool) {
				return nil, nil
			}
			return nil, pgerr.New(pgerr.UndefinedObject, "unrecognized configuration parameter %q", name)
		}, sig(argText), sig(argText, argBool)),
		// set_config(name, value, is_local): SET from a query (pgJDBC's
		// and psqlODBC's connection setup, pg_dump); value NULL resets.
		// It returns the value now in force.
		"set_config": catalogFunc(value.Text, false, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			name, ok := a[0].(string)
			if !ok {
				return nil, pgerr.New(pgerr.NullValueNotAllowed, "SET requires parameter name")
			}
			v, reset := a[1].(string)
			return e.Session.SetConfig(name, v, !reset, a[2] == true)
		}, sig(argText, argText, argBool)),
		"format_type": catalogFunc(value.Text, false, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			mod, withMod := a[1].(int64)
			return e.Snapshot().FormatType(oidArg(a[0]), mod, withMod), nil
		}, sig(argOID, argInt)),
		"pg_get_expr": catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			// The one expression tree vpnsql stores is a unique index's
			// predicate (pg_index.indpred, PostgreSQL's own tree); any other
			// text a catalog holds is already the expression's source.
			pretty := len(a) > 2 && a[2] == true
			if tree, ok := a[0].(string); ok {
				if src, ok := e.Snapshot().Expr(tree, oidArg(a[1]), pretty); ok {
					return src, nil
				}
			}
			return a[0], nil
		}, sig(argText, argOID), sig(argText, argOID, argBool)),
		"pg_get_constraintdef": catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			return textOrNull(e.Snapshot().ConstraintDef(oidArg(a[0])))
		}, sig(argOID), sig(argOID, argBool)),
		"pg_get_triggerdef": catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			return textOrNull(e.Snapshot().TriggerDef(oidArg(a[0]), len(a) > 1 && a[1] == true))
		}, sig(argOID), sig(argOID, argBool)),
		"pg_get_indexdef": catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			col, pretty := 0, false
			if len(a) > 1 {
				col, pretty = int(a[1].(int64)), a[2].(bool)
			}
			return textOrNull(e.Snapshot().IndexDef(oidArg(a[0]), col, pretty))
		}, sig(argOID), sig(argOID, argInt, argBool)),
		"pg_get_viewdef": catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			s := e.Snapshot()
			o, err := objectOID(a[0], s.RegclassIn)
			if err != nil || o == 0 {
				return nil, err
			}
			return textOrNull(s.ViewDef(o))
		}, sig(argObj), sig(argObj, argBool), sig(argObj, argInt)),
		"pg_get_userbyid": catalogFunc(value.Name, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			if name, ok := e.Snapshot().RoleName(oidArg(a[0])); ok {
				return name, nil
			}
			return fmt.Sprintf("unknown (OID=%d)", oidArg(a[0])), nil
		}, sig(argOID)),
		"pg_table_is_visible": visibility(func(s *pgcatalog.Snapshot, o uint32) (bool, bool) { return s.RelationVisible(o) }),
		"pg_type_is_visible":  visibility(func(s *pgcatalog.Snapshot, o uint32) (bool, bool) { return s.TypeVisible(o) }),
		"pg_function_is_visible": visibility(func(s *pgcatalog.Snapshot, o uint32) (bool, bool) {
			return s.FunctionVisible(o)
		}),
		"pg_operator_is_visible":       builtinVisibility("pg_operator"),
		"pg_opclass_is_visible":        builtinVisibility("pg_opclass"),
		"pg_opfamily_is_visible":       builtinVisibility("pg_opfamily"),
		"pg_collation_is_visible":      builtinVisibility("pg_collation"),
		"pg_conversion_is_visible":     builtinVisibility("pg_conversion"),
		"pg_ts_config_is_visible":      builtinVisibility("pg_ts_config"),
		"pg_ts_dict_is_visible":        builtinVisibility("pg_ts_dict"),
		"pg_ts_parser_is_visible":      builtinVisibility("pg_ts_parser"),
		"pg_ts_template_is_visible":    builtinVisibility("pg_ts_template"),
		"pg_statistics_obj_is_visible": builtinVisibility("pg_statistic_ext"),
		"obj_description": catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			s := e.Snapshot()
			class := uint32(0)
			if len(a) > 1 {
				c, ok := s.ClassOID(a[1].(string))
				if !ok {
					return nil, nil
				}
				class = c
			}
			return textOrNull(s.Description(oidArg(a[0]), class, 0))
		}, sig(argOID), sig(argOID, argText)),
		"col_description": catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			return textOrNull(e.Snapshot().Description(oidArg(a[0]), 1259, a[1].(int64)))
		}, sig(argOID, argInt)),
		"shobj_description": catalogFunc(value.Text, true, func(*expr.Env, []any, []*value.Type) (any, error) {
			return nil, nil // no shared object has a comment
		}, sig(argOID, argText)),

		"has_table_privilege":      privilegeFunc('t', checkTable, tablePrivileges),
		"has_any_column_privilege": privilegeFunc('c', checkTable, columnPrivileges),
		"has_schema_privilege":     privilegeFunc('n', checkSchema, []string{"CREATE", "USAGE"}),
		"has_database_privilege":   privilegeFunc('d', checkDatabase, []string{"CREATE", "CONNECT", "TEMPORARY", "TEMP"}),
		"has_function_privilege":   privilegeFunc('f', checkFunction, []string{"EXECUTE"}),
		"pg_has_role":              privilegeFunc('R', checkRole, []string{"MEMBER", "USAGE"}),
		"has_type_privilege":       privilegeFunc('T', checkType, []string{"USAGE"}),
		"has_language_privilege":   privilegeFunc('l', checkLanguage, []string{"USAGE"}),
		"has_sequence_privilege":   privilegeFunc('S', checkSequence, []string{"USAGE", "SELECT", "UPDATE"}),
		"has_column_privilege": catalogFunc(value.Bool, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			s := e.Snapshot()
			user := s.CurrentUserOID()
			if len(a) == 4 {
				u, ok, err := checkRole(s, a[0])
				if !ok || err != nil {
					return nil, err
				}
				user, a = u, a[1:]
			}
			rel, ok, err := checkTable(s, a[0])
			if !ok || err != nil {
				return nil, err
			}
			var attnum int64
			switch col := a[1].(type) {
			case string:
				n, ok := s.ColumnNumber(rel, col)
				if !ok {
					name, _ := a[0].(string)
					return nil, pgerr.New(pgerr.UndefinedColumn, "column %q of relation %q does not exist", col, name)
				}
				attnum = n
			case int64:
				if _, ok := s.Column(rel, col); !ok {
					return nil, nil
				}
				attnum = col
			}
			if err := checkPrivilegeList(a[2].(string), columnPrivileges); err != nil {
				return nil, err
			}
			for _, p := range strings.Split(a[2].(string), ",") {
				if s.Privilege('c', user, rel, attnum, p) {
					return true, nil
				}
			}
			return false, nil
		}, sig(argObj, argObj, argText), sig(argObj, argObj, argObj, argText)),

		"pg_encoding_to_char": catalogFunc(value.Name, true, func(_ *expr.Env, a []any, _ []*value.Type) (any, error) {
			n := a[0].(int64)
			if n < 0 || n >= int64(len(encodingNames)) {
				return "", nil
			}
			return encodingNames[n], nil
		}, sig(argInt)),
		"pg_char_to_encoding": catalogFunc(value.Int4, true, func(_ *expr.Env, a []any, _ []*value.Type) (any, error) {
			want := CleanEncodingName(a[0].(string))
			for i, n := range encodingNames {
				if CleanEncodingName(n) == want {
					return int64(i), nil
				}
			}
			return int64(-1), nil
		}, sig(argText)),
		"pg_is_in_recovery": catalogFunc(value.Bool, true, func(*expr.Env, []any, []*value.Type) (any, error) { return false, nil }, sig()),
		"txid_current": catalogFunc(value.Int8, true, func(*expr.Env, []any, []*value.Type) (any, error) {
			return xidBase + xidCounter.Add(1), nil
		}, sig()),
		"pg_postmaster_start_time": catalogFunc(value.Timestamptz, true, func(*expr.Env, []any, []*value.Type) (any, error) {
			return postmasterStart, nil
		}, sig()),
		"inet_server_addr": catalogFunc(value.Inet, true, func(*expr.Env, []any, []*value.Type) (any, error) { return nil, nil }, sig()),
		"inet_server_port": catalogFunc(value.Int4, true, func(*expr.Env, []any, []*value.Type) (any, error) { return nil, nil }, sig()),
		"inet_client_addr": catalogFunc(value.Inet, true, func(*expr.Env, []any, []*value.Type) (any, error) { return nil, nil }, sig()),
		"inet_client_port": catalogFunc(value.Int4, true, func(*expr.Env, []any, []*value.Type) (any, error) { return nil, nil }, sig()),

		"pg_total_relation_size": relationSize,
		"pg_table_size":          relationSize,
		"pg_indexes_size":        relationSize,
		"pg_relation_size":       catalogFunc(value.Int8, true, sizeOf, sig(argOID), sig(argOID, argText)),
		"pg_size_pretty":         sizePrettyFunc(catalogFunc(value.Text, true, func(_ *expr.Env, a []any, _ []*value.Type) (any, error) { return sizePretty(a[0].(int64)), nil }, sig(argInt))),

		"current_schemas": catalogFunc(value.NameArray, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			path := e.Snapshot().SearchPath()
			out := []any{}
			for i, sch := range path {
				// pg_catalog is implicit unless the setting lists it.
				if i == 0 && sch == "pg_catalog" && !a[0].(bool) && !listed(e.Session.SearchPath(), sch) {
					continue
				}
				out = append(out, sch)
			}
			return out, nil
		}, sig(argBool)),
		"array_to_string": catalogFunc(value.Text, false, func(_ *expr.Env, a []any, _ []*value.Type) (any, error) {
			if a[0] == nil || a[1] == nil {
				return nil, nil
			}
			var parts []string
			for _, el := range a[0].([]any) {
				switch {
				case el != nil:
					parts = append(parts, value.FormatText(el))
				case len(a) > 2 && a[2] != nil:
					parts = append(parts, a[2].(string))
				}
			}
			return strings.Join(parts, a[1].(string)), nil
		}, sig(argArray, argText), sig(argArray, argText, argText)),
		"array_upper": arrayBound(true),
		"array_lower": arrayBound(false),

		"pg_get_function_arguments": functionText(func(s *pgcatalog.Snapshot, o uint32) (string, bool) { return s.FunctionArguments(o, false) }),
		"pg_get_function_identity_arguments": functionText(func(s *pgcatalog.Snapshot, o uint32) (string, bool) {
			return s.FunctionArguments(o, true)
		}),
		"pg_get_function_result": functionText(func(s *pgcatalog.Snapshot, o uint32) (string, bool) { return s.FunctionResult(o) }),
		// Only built-in functions have a SQL-standard body (vpnsql's own
		// have prosrc): psql's \df+ shows prosrc when this is NULL.
		// vpnsql has no rewrite rules (pg_rewrite is empty, its views are
		// computed): psql's \d+ of a view asks for the rules besides _RETURN.
		"pg_get_ruledef": catalogFunc(value.Text, true, func(_ *expr.Env, _ []any, _ []*value.Type) (any, error) {
			return nil, nil
		}, sig(argOID), sig(argOID, argBool)),
		"pg_get_function_sqlbody": functionText((*pgcatalog.Snapshot).FunctionSQLBody),
		"pg_get_partkeydef": catalogFunc(value.Text, true, func(*expr.Env, []any, []*value.Type) (any, error) {
			return nil, nil // no partitioned tables
		}, sig(argOID)),
		"pg_get_statisticsobjdef_columns": catalogFunc(value.Text, true, func(*expr.Env, []any, []*value.Type) (any, error) {
			return nil, nil // no extended statistics
		}, sig(argOID)),
		"pg_get_serial_sequence": catalogFunc(value.Text, true, func(*expr.Env, []any, []*value.Type) (any, error) {
			return nil, nil // no sequences
		}, sig(argText, argText)),
		"pg_relation_is_publishable": catalogFunc(value.Bool, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
			o := oidArg(a[0])
			if !e.Snapshot().RelationExists(o) {
				return nil, nil
			}
			return isUserTable(e, o), nil // resource tables are ordinary tables
		}, sig(argOID)),

		"to_regclass":     toReg(value.Regclass, (*pgcatalog.Snapshot).RegclassIn),
		"to_regtype":      toReg(value.Regtype, (*pgcatalog.Snapshot).RegtypeIn),
		"to_regproc":      toReg(value.Regproc, (*pgcatalog.Snapshot).RegprocIn),
		"to_regprocedure": toReg(value.Regprocedure, (*pgcatalog.Snapshot).RegprocedureIn),
		"to_regnamespace": toReg(value.Regnamespace, (*pgcatalog.Snapshot).RegnamespaceIn),
		"to_regrole":      toReg(value.Regrole, (*pgcatalog.Snapshot).RegroleIn),
	}
}

func listed(path []string, s string) bool {
	for _, p := range path {
		if p == s {
			return true
		}
	}
	return false
}

func isUserTable(e *expr.Env, o uint32) bool {
	for _, t := range e.Session.CatalogTables() {
		if t.OID() == o {
			_, known := pgcatalog.SchemaOIDs[t.Schema()]
			return known
		}
	}
	return false
}

func visibility(f func(*pgcatalog.Snapshot, uint32) (bool, bool)) ScalarFunc {
	return catalogFunc(value.Bool, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
		vis, exists := f(e.Snapshot(), oidArg(a[0]))
		if !exists {
			return nil, nil
		}
		return vis, nil
	}, sig(argOID))
}

// builtinVisibility is pg_opclass_is_visible and its siblings over a
// catalog that holds only built-in objects.
func builtinVisibility(relation string) ScalarFunc {
	return visibility(func(s *pgcatalog.Snapshot, o uint32) (bool, bool) { return s.BuiltinVisible(relation, o) })
}

func functionText(f func(*pgcatalog.Snapshot, uint32) (string, bool)) ScalarFunc {
	return catalogFunc(value.Text, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
		return textOrNull(f(e.Snapshot(), oidArg(a[0])))
	}, sig(argOID))
}

func toReg(t *value.Type, in func(*pgcatalog.Snapshot, string) (uint32, error)) ScalarFunc {
	return catalogFunc(t, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
		o, err := in(e.Snapshot(), a[0].(string))
		if err != nil {
			return nil, nil // to_reg* returns NULL instead of failing
		}
		return int64(o), nil
	}, sig(argText))
}

var relationSize = catalogFunc(value.Int8, true, sizeOf, sig(argOID))

// sizeOf is every relation's size: vpnsql stores nothing.
func sizeOf(e *expr.Env, a []any, _ []*value.Type) (any, error) {
	if !e.Snapshot().RelationExists(oidArg(a[0])) {
		return nil, nil
	}
	return int64(0), nil
}

// sizePretty is pg_size_pretty(bigint).
func sizePretty(size int64) string {
	const limit = 10 * 1024
	abs := func(n int64) int64 {
		if n < 0 {
			return -n
		}
		return n
	}
	half := func(n int64) int64 {
		if n < 0 {
			return (n - 1) / 2
		}
		return (n + 1) / 2
	}
	if abs(size) < limit {
		return fmt.Sprintf("%d bytes", size)
	}
	size >>= 9 // one extra bit for rounding
	for _, unit := range []string{"kB", "MB", "GB", "TB"} {
		if abs(size) < 2*limit-1 {
			return fmt.Sprintf("%d %s", half(size), unit)
		}
		size >>= 10
	}
	return fmt.Sprintf("%d PB", half(size))
}

// sizePrettyFunc binds pg_size_pretty(numeric) for a numeric argument,
// else the bigint one.
func sizePrettyFunc(bigint ScalarFunc) ScalarFunc {
	numeric := strictFunc(value.Text, []*value.Type{value.Numeric}, func(_ *expr.Env, a []any) (any, error) {
		return sizePrettyNumeric(a[0].(pgtype.Numeric))
	})
	return func(c *CallSite, name string, args []expr.Expr, loc int32) (expr.Expr, error) {
		if len(args) == 1 && args[0].Type() == value.Numeric {
			return numeric(c, name, args, loc)
		}
		return bigint(c, name, args, loc)
	}
}

// sizePrettyNumeric is pg_size_pretty(numeric), in numeric arithmetic as
// PostgreSQL's is, so NaN and the infinities come out as "NaN PB".
func sizePrettyNumeric(size pgtype.Numeric) (string, error) {
	num := func(n int64) pgtype.Numeric { return pgtype.Numeric{Int: big.NewInt(n), Valid: true} }
	below := func(n pgtype.Numeric, limit int64) bool { return value.NumericCmp(value.NumericAbs(n), num(limit)) < 0 }
	half := func(n pgtype.Numeric) (pgtype.Numeric, error) {
		op := "+"
		if value.NumericCmp(n, num(0)) < 0 {
			op = "-"
		}
		n, err := value.NumericArith(op, n, num(1))
		if err != nil {
			return n, err
		}
		return value.NumericDivTrunc(n, num(2))
	}
	const limit = 10 * 1024
	if below(size, limit) {
		return value.FormatText(size) + " bytes", nil
	}
	size, err := value.NumericDivTrunc(size, num(1<<9)) // one extra bit for rounding
	if err != nil {
		return "", err
	}
	for _, unit := range []string{"kB", "MB", "GB", "TB"} {
		if below(size, 2*limit-1) {
			h, err := half(size)
			return value.FormatText(h) + " " + unit, err
		}
		if size, err = value.NumericDivTrunc(size, num(1<<10)); err != nil {
			return "", err
		}
	}
	h, err := half(size)
	return value.FormatText(h) + " PB", err
}

func arrayBound(upper bool) ScalarFunc {
	return catalogFunc(value.Int4, true, func(_ *expr.Env, a []any, types []*value.Type) (any, error) {
		arr := a[0].([]any)
		if len(arr) == 0 || a[1].(int64) != 1 {
			return nil, nil
		}
		lower := int64(1)
		if types[0] == value.Int2Vector || types[0] == value.OIDVector {
			lower = 0 // vectors are zero-based
		}
		if upper {
			return lower + int64(len(arr)) - 1, nil
		}
		return lower, nil
	}, sig(argArray, argInt))
}

var (
	tablePrivileges  = []string{"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"}
	columnPrivileges = []string{"SELECT", "INSERT", "UPDATE", "REFERENCES"}
)

// objectCheck finds the object an argument names: a name that does not
// Resolve is an error, an OID that does not is NULL (ok false).
type objectCheck func(s *pgcatalog.Snapshot, v any) (o uint32, ok bool, err error)

// privilegeFunc makes has_X_privilege([user,] object, privilege) and
// pg_has_role: whether the user (the session's by default) holds any of
// the listed privileges, from the objects' owners and ACLs (package
// pgcatalog). kind is Snapshot.Privilege's, or 'R' for roles.
func privilegeFunc(kind byte, check objectCheck, privileges []string) ScalarFunc {
	return catalogFunc(value.Bool, true, func(e *expr.Env, a []any, _ []*value.Type) (any, error) {
		s := e.Snapshot()
		user := s.CurrentUserOID()
		if len(a) == 3 {
			u, ok, err := checkRole(s, a[0])
			if !ok || err != nil {
				return nil, err
			}
			user, a = u, a[1:]
		}
		// PostgreSQL reads the privilege list before it looks an OID up,
		// and a name's after (but a sequence's before).
		list := a[1].(string)
		if _, byName := a[0].(string); !byName || kind == 'S' {
			if err := checkPrivilegeList(list, privileges); err != nil {
				return nil, err
			}
		}
		o, ok, err := check(s, a[0])
		if !ok || err != nil {
			return nil, err
		}
		if err := checkPrivilegeList(list, privileges); err != nil {
			return nil, err
		}
		for _, p := range strings.Split(list, ",") {
			if (kind == 'R' && s.HasRole(user, o)) || (kind != 'R' && s.Privilege(kind, user, o, 0, p)) {
				return true, nil
			}
		}
		return false, nil
	}, sig(argObj, argText), sig(argObj, argObj, argText))
}

func checkPrivilegeList(list string, allowed []string) error {
	for _, p := range strings.Split(list, ",") {
		p = strings.ToUpper(strings.TrimSpace(p))
		p = strings.TrimSpace(strings.TrimSuffix(p, "WITH GRANT OPTION"))
		if !listed(allowed, p) {
			return pgerr.New(pgerr.InvalidParameterValue, "unrecognized privilege type: %q", strings.TrimSpace(p))
		}
	}
	return nil
}

func objectOID(v any, in func(string) (uint32, error)) (uint32, error) {
	if s, ok := v.(string); ok {
		return in(s)
	}
	return oidArg(v), nil
}

func checkTable(s *pgcatalog.Snapshot, v any) (uint32, bool, error) {
	o, err := objectOID(v, s.RegclassIn)
	return o, err == nil && s.RelationExists(o), err
}

func checkSchema(s *pgcatalog.Snapshot, v any) (uint32, bool, error) {
	if name, ok := v.(string); ok {
		o, ok := s.NamespaceOID(name)
		if !ok {
			return 0, false, pgerr.New(pgerr.InvalidSchemaName, "schema %q does not exist", name)
		}
		return o, true, nil
	}
	_, ok := s.NamespaceName(oidArg(v))
	return oidArg(v), ok, nil
}

func checkDatabase(_ *pgcatalog.Snapshot, v any) (uint32, bool, error) {
	if name, ok := v.(string); ok {
		if name != catalog.Database {
			return 0, false, pgerr.New(pgerr.InvalidCatalogName, "database %q does not exist", name)
		}
		return catalog.OIDDatabase, true, nil
	}
	return oidArg(v), oidArg(v) == catalog.OIDDatabase, nil
}

func checkFunction(s *pgcatalog.Snapshot, v any) (uint32, bool, error) {
	o, err := objectOID(v, s.RegprocedureIn)
	if err != nil {
		return 0, false, err
	}
	ok, _ := s.FunctionVisible(o)
	return o, ok, nil
}

func checkType(s *pgcatalog.Snapshot, v any) (uint32, bool, error) {
	o, err := objectOID(v, s.RegtypeIn)
	if err != nil {
		return 0, false, err
	}
	_, ok := s.TypeVisible(o)
	return o, ok, nil
}

func checkLanguage(s *pgcatalog.Snapshot, v any) (uint32, bool, error) {
	if name, ok := v.(string); ok {
		o, ok := s.LanguageOID(name)
		if !ok {
			return 0, false, pgerr.New(pgerr.UndefinedObject, "language \"%s\" does not exist", name)
		}
		return o, true, nil
	}
	_, ok := s.LanguageName(oidArg(v))
	return oidArg(v), ok, nil
}

// checkSequence finds no sequence: vpnsql has none, so an existing
// relation is the error PostgreSQL gives for one that is not a sequence.
func checkSequence(s *pgcatalog.Snapshot, v any) (uint32, bool, error) {
	o, ok, err := checkTable(s, v)
	if !ok || err != nil {
		return o, ok, err
	}
	name, _ := v.(string)
	if name == "" {
		name, _ = s.RelationName(o)
	}
	return 0, false, pgerr.New(pgerr.WrongObjectType, "\"%s\" is not a sequence", name)
}

func checkRole(s *pgcatalog.Snapshot, v any) (uint32, bool, error) {
	if name, ok := v.(string); ok {
		o, ok := s.RoleOID(name)
		if !ok {
			return 0, false, pgerr.New(pgerr.UndefinedObject, "role %q does not exist", name)
		}
		return o, true, nil
	}
	_, ok := s.RoleName(oidArg(v))
	return oidArg(v), ok, nil
}

// encodingNames are PostgreSQL's encodings by number (pg_enc2name_tbl).
var encodingNames = []string{
	"SQL_ASCII", "EUC_JP", "EUC_CN", "EUC_KR", "EUC_TW", "EUC_JIS_2004", "UTF8", "MULE_INTERNAL",
	"LATIN1", "LATIN2", "LATIN3", "LATIN4", "LATIN5", "LATIN6", "LATIN7", "LATIN8", "LATIN9", "LATIN10",
	"WIN1256", "WIN1258", "WIN866", "WIN874", "KOI8R", "WIN1251", "WIN1252", "ISO_8859_5", "ISO_8859_6",
	"ISO_8859_7", "ISO_8859_8", "WIN1250", "WIN1253", "WIN1254", "WIN1255", "WIN1257", "KOI8U", "SJIS",
	"BIG5", "GBK", "UHC", "GB18030", "JOHAB", "SHIFT_JIS_2004",
}

// CleanEncodingName lowers a name and drops what is not a letter or
// digit, as PostgreSQL compares encoding names ("UTF-8" is "utf8").
func CleanEncodingName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// FunctionNames lists every function name the engine binds (scalar,
// aggregate, set-returning and window functions), sorted. The catalog
// generator (internal/pgcataloggen) dumps PostgreSQL 15's pg_proc
// Rows for exactly these names.
func FunctionNames() []string {
	out := make([]string, 0, len(Builtin().owner))
	for n := range Builtin().owner {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
