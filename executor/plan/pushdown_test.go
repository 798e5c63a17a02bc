package plan

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/expr"
	"github.com/vpnsql/vpnsql/executor/funcs"
	"github.com/vpnsql/vpnsql/value"
)

// The columns of pushTable.
const (
	cID     = iota // text, pushable
	cRegion        // varchar, pushable
	cN             // int4, pushable
	cTags          // jsonb, pushable by key
	cNote          // text, not pushable
	cBig           // int8, pushable
	cFlag          // bool, pushable but of a type no filter takes
)

func pushTable() *table {
	return &table{
		cols: []catalog.Column{
			{Name: "id", Type: value.Text}, {Name: "region", Type: value.Varchar}, {Name: "n", Type: value.Int4},
			{Name: "tags", Type: value.JSONB}, {Name: "note", Type: value.Text}, {Name: "big", Type: value.Int8},
			{Name: "flag", Type: value.Bool},
		},
		pushable: map[int]bool{cID: true, cRegion: true, cN: true, cBig: true, cFlag: true},
		keys:     map[int]bool{cTags: true},
	}
}

// sent is what a scan's pushed constraints send, one "column[key]=values"
// a constraint, evaluated in e.
func sent(t *testing.T, e *expr.Env, s *exec.TableScan) string {
	t.Helper()
	req, err := s.ScanRequest(e)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range req.Constraints {
		key := ""
		if c.Key != "" {
			key = "[" + c.Key + "]"
		}
		out = append(out, fmt.Sprintf("%d%s=%v", c.Column, key, c.Values))
	}
	return strings.Join(out, " ")
}

// TestPushDownInto: which WHERE conjuncts a scan sends to the API, and
// why the others stay local filters. A conjunct is pushed only in a shape
// the table understands, on a column it can filter, with a value that
// reads no column, calls no volatile function, and reads parameters of
// the column's own type only (issue 14), so what is sent is what the
// local re-check compares.
func TestPushDownInto(t *testing.T) {
	text := func(s string) expr.Expr { return lit(s, value.Text) }
	id, n, big, tags, note := col(cID, value.Text), col(cN, value.Int4), col(cBig, value.Int8), col(cTags, value.JSONB), col(cNote, value.Text)
	// $1 of type pt.
	param := func(pt *value.Type) expr.Expr { return &expr.ParamExpr{N: 1, Types: &[]*value.Type{pt}} }
	arrow := func(key expr.Expr) expr.Expr { return fn("->>", value.Text, "x", tags, key) }
	tagsJSON := lit(value.JSON{V: []any{map[string]any{"key": "Name", "value": "x"}, "skipped"}}, value.JSONB)
	anyOf := func(op string, x, arr expr.Expr, all bool) expr.Expr {
		return &expr.AnyExpr{Cmp: cmp(op, lit(nil, x.Type()), lit(nil, x.Type())), X: x, Array: arr, All: all}
	}
	tests := []struct {
		why    string
		where  expr.Expr
		params []any // $1's value
		pushed int   // constraints the scan keeps
		sent   string
	}{
		{"col = literal", cmp("=", id, text("a")), nil, 1, "0=[a]"},
		{"literal = col", cmp("=", text("a"), id), nil, 1, "0=[a]"},
		{"a column the API cannot filter stays local", cmp("=", note, text("a")), nil, 0, ""},
		{"a bool column: no filter takes its type", cmp("=", col(cFlag, value.Bool), lit(true, value.Bool)), nil, 0, ""},
		{"only equality: < stays local", cmp("<", n, lit(int64(5), value.Int4)), nil, 0, ""},
		{"only equality: <> stays local", cmp("<>", id, text("a")), nil, 0, ""},
		{"a value reading another column stays local", cmp("=", id, note), nil, 0, ""},
		{"a stable function is pushed (now())", cmp("=", id, fn("to_char", value.Text, "a", fn("now", value.Timestamptz, nil))), nil, 1, "0=[a]"},
		{"a volatile function stays local (random())", cmp("=", id, fn("textcat", value.Text, "a", text("a"), fn("random", value.Float8, 0.5))), nil, 0, ""},
		{"a volatile function in an IN list stays local (clock_timestamp())", &expr.InExpr{X: id, List: []expr.Expr{text("a"), fn("text", value.Text, "b", fn("clock_timestamp", value.Timestamptz, nil))}}, nil, 0, ""},
		{"a text parameter for a text column", cmp("=", id, param(value.Text)), []any{"p"}, 1, "0=[p]"},
		{"a varchar parameter for a text column (pgJDBC's setString)", cmp("=", id, param(value.Varchar)), []any{"p"}, 1, "0=[p]"},
		{"a name parameter for a text column (pgJDBC's catalog lookups)", cmp("=", id, param(value.Name)), []any{"p"}, 1, "0=[p]"},
		{"a text parameter for a varchar column", cmp("=", col(cRegion, value.Varchar), param(value.Text)), []any{"p"}, 1, "1=[p]"},
		{"a bpchar parameter stays local (its padding)", cmp("=", id, param(value.BPChar)), []any{"p"}, 0, ""},
		{"an int4 parameter cast to text stays local", cmp("=", id, fn("text", value.Text, "7", param(value.Int4))), []any{int64(7)}, 0, ""},
		{"an int4 parameter for an int4 column", cmp("=", n, param(value.Int4)), []any{int64(7)}, 1, "2=[7]"},
		{"an int8 parameter for an int4 column stays local", cmp("=", n, param(value.Int8)), []any{int64(7)}, 0, ""},
		{"an int4 parameter for an int8 column stays local", cmp("=", big, param(value.Int4)), []any{int64(7)}, 0, ""},
		{"IN list", &expr.InExpr{X: id, List: []expr.Expr{text("a"), text("b")}}, nil, 1, "0=[a b]"},
		{"IN list with NULL: the NULL is not sent", &expr.InExpr{X: id, List: []expr.Expr{text("a"), lit(nil, value.Text)}}, nil, 1, "0=[a]"},
		{"NOT IN stays local", &expr.InExpr{X: id, List: []expr.Expr{text("a")}, Not: true}, nil, 0, ""},
		{"= NULL sends no value: it matches nothing", cmp("=", id, lit(nil, value.Text)), nil, 1, "0=[]"},
		{"IS NULL stays local", &expr.NullTest{X: id, IsNull: true}, nil, 0, ""},
		{"OR stays local, even of equalities", &expr.BoolExpr{Op: "or", Args: []expr.Expr{cmp("=", id, text("a")), cmp("=", id, text("b"))}}, nil, 0, ""},
		{"= ANY(text[] parameter), NULL elements not sent", anyOf("=", id, param(value.TextArray), false), []any{[]any{"a", nil, "b"}}, 1, "0=[a b]"},
		{"= ANY(int8[] parameter) for an int4 column stays local", anyOf("=", n, param(value.Int8Array), false), []any{[]any{int64(1)}}, 0, ""},
		{"<> ALL stays local", anyOf("<>", id, param(value.TextArray), true), []any{[]any{"a"}}, 0, ""},
		{"< ANY stays local", anyOf("<", n, param(value.Int4Array), false), []any{[]any{int64(1)}}, 0, ""},
		{"tags->>'Name' = 'x': a key constraint", cmp("=", arrow(text("Name")), text("x")), nil, 1, "3[Name]=[x]"},
		{"'x' = tags->>'Name'", cmp("=", text("x"), arrow(text("Name"))), nil, 1, "3[Name]=[x]"},
		{"tags->>'Name' IN (...)", &expr.InExpr{X: arrow(text("Name")), List: []expr.Expr{text("x"), text("y")}}, nil, 1, "3[Name]=[x y]"},
		{"tags->>$1 with a text key", cmp("=", arrow(param(value.Text)), text("x")), []any{"Name"}, 1, "3[Name]=[x]"},
		{"tags->>NULL: nothing to send", cmp("=", arrow(lit(nil, value.Text)), text("x")), nil, 1, ""},
		{"tags->>'Name' = random() stays local", cmp("=", arrow(text("Name")), fn("text", value.Text, "x", fn("random", value.Float8, 0.5))), nil, 0, ""},
		{"tags @> '[{key, value}]': the elements of that shape", fn("@>", value.Bool, true, tags, tagsJSON), nil, 1, "3[Name]=[x]"},
		{"id ~ '^abc$': an anchored literal is sent", fn("~", value.Bool, true, id, text("^abc$")), nil, 1, "0=[abc]"},
		{"id ~ '^(abc)$' (psql's \\d abc)", fn("~", value.Bool, true, id, text("^(abc)$")), nil, 1, "0=[abc]"},
		{"id ~ '^a.c$': kept, but not a literal: nothing sent", fn("~", value.Bool, true, id, text("^a.c$")), nil, 1, ""},
		{"note ~ '^abc$': not a filterable column", fn("~", value.Bool, true, note, text("^abc$")), nil, 0, ""},
		{"each conjunct on its own", and(cmp("=", id, text("a")), cmp("=", note, text("b")), and(cmp("=", n, param(value.Int4)))), []any{int64(7)}, 2, "0=[a] 2=[7]"},
	}
	for _, tt := range tests {
		t.Run(tt.why, func(t *testing.T) {
			s := scanOf(pushTable())
			PushDownInto(s, tt.where)
			if len(s.Pushed) != tt.pushed {
				t.Errorf("%d constraints pushed, want %d", len(s.Pushed), tt.pushed)
			}
			e := testEnv()
			e.Params = tt.params
			if got := sent(t, e, s); got != tt.sent {
				t.Errorf("sent %q, want %q", got, tt.sent)
			}
		})
	}
}

// TestPushDownInto_OuterReference: a correlated subquery's value from the
// outer row is row-independent at the scan's level: pushed, evaluated per
// outer row.
func TestPushDownInto_OuterReference(t *testing.T) {
	s := scanOf(pushTable())
	PushDownInto(s, cmp("=", col(cID, value.Text), &expr.OuterColExpr{Depth: 1, Idx: 0, T: value.Text}))
	outer := testEnv()
	outer.Row = []any{"o"}
	if got := sent(t, outer.Nested(), s); got != "0=[o]" {
		t.Errorf("sent %q", got)
	}
}

// TestPushDownInto_Tree: pushdown walks joins (both sides, outer joins
// too: every pushed shape rejects a NULL-extended row anyway) and USING
// joins with each conjunct renumbered to its scan's columns, and does not
// enter subqueries; a conjunct over two scans is pushed into neither.
func TestPushDownInto_Tree(t *testing.T) {
	idOf := func(offset int) expr.Expr { return col(offset+cID, value.Text) }
	w := len(pushTable().cols)
	where := and(
		cmp("=", idOf(0), lit("a", value.Text)),
		cmp("=", idOf(w), lit("b", value.Text)),
		cmp("=", idOf(0), idOf(w)),
	)
	// WHERE's own l = r carries each side's value to the other
	// (withImplied), whatever the join.
	for _, kind := range []string{"inner", "left", "right", "full"} {
		l, r := scanOf(pushTable()), scanOf(pushTable())
		PushDownInto(&exec.JoinRel{Left: l, Right: r, Kind: kind, Cond: cmp("=", idOf(0), idOf(w))}, where)
		if gl, gr := sent(t, testEnv(), l), sent(t, testEnv(), r); gl != "0=[a] 0=[b]" || gr != "0=[b] 0=[a]" {
			t.Errorf("%s join: left sent %q, right sent %q", kind, gl, gr)
		}
	}
	// The join's condition l = r does too, except in a full join.
	for kind, want := range map[string]string{"inner": "0=[a]", "left": "0=[a]", "right": "0=[a]", "full": ""} {
		l, r := scanOf(pushTable()), scanOf(pushTable())
		PushDownInto(&exec.JoinRel{Left: l, Right: r, Kind: kind, Cond: cmp("=", idOf(0), idOf(w))}, cmp("=", idOf(0), lit("a", value.Text)))
		if gl, gr := sent(t, testEnv(), l), sent(t, testEnv(), r); gl != "0=[a]" || gr != want {
			t.Errorf("%s join ON l = r, WHERE l = 'a': left sent %q, right sent %q, want %q", kind, gl, gr, want)
		}
	}
	// USING puts its merged column first: the join's columns start after it.
	l, r := scanOf(pushTable()), scanOf(pushTable())
	u := &exec.UsingRel{Join: &exec.JoinRel{Left: l, Right: r, Kind: "inner"}, Cols: []expr.ScopeCol{{Name: "id", T: value.Text}}}
	PushDownInto(u, and(cmp("=", idOf(1), lit("a", value.Text)), cmp("=", idOf(1+w), lit("b", value.Text))))
	if gl, gr := sent(t, testEnv(), l), sent(t, testEnv(), r); gl != "0=[a]" || gr != "0=[b]" {
		t.Errorf("USING: left sent %q, right sent %q", gl, gr)
	}
	inner := scanOf(pushTable())
	sub := &exec.SubqueryRel{Plan: &exec.SelectPlan{From: inner}, Cols: inner.Cols}
	PushDownInto(sub, cmp("=", idOf(0), lit("a", value.Text)))
	if len(inner.Pushed) != 0 {
		t.Errorf("pushed into a subquery: %v", inner.Pushed)
	}
}

// pg15Volatile is every function PostgreSQL 15's pg_proc marks volatile
// (provolatile 'v'), but for type I/O, access-method handlers and trigger,
// large-object and binary-upgrade functions:
//
//	SELECT string_agg(DISTINCT proname, ' ' ORDER BY proname) FROM pg_proc
//	WHERE provolatile = 'v' AND prokind IN ('f','w','a')
//	AND proname !~ '_(in|out|recv|send|handler)$' AND proname !~ '^(RI_|binary_upgrade|lo_)'
const pg15Volatile = `amvalidate bernoulli brin_desummarize_range brin_summarize_new_values brin_summarize_range
	brinhandler bthandler clock_timestamp current_query currtid2 currval cursor_to_xml
	cursor_to_xmlschema dsnowball_init dsnowball_lexize gen_random_uuid gin_clean_pending_list
	ginhandler gisthandler hashhandler lastval loread lowrite nextval pg_advisory_lock
	pg_advisory_lock_shared pg_advisory_unlock pg_advisory_unlock_all
	pg_advisory_unlock_shared pg_advisory_xact_lock pg_advisory_xact_lock_shared
	pg_backup_start pg_backup_stop pg_blocking_pids pg_cancel_backend
	pg_collation_actual_version pg_control_checkpoint pg_control_init pg_control_recovery
	pg_control_system pg_copy_logical_replication_slot pg_copy_physical_replication_slot
	pg_create_logical_replication_slot pg_create_physical_replication_slot
	pg_create_restore_point pg_current_logfile pg_current_wal_flush_lsn
	pg_current_wal_insert_lsn pg_current_wal_lsn pg_database_collation_actual_version
	pg_database_size pg_drop_replication_slot pg_export_snapshot pg_extension_config_dump
	pg_get_backend_memory_contexts pg_get_multixact_members pg_get_shmem_allocations
	pg_get_wal_replay_pause_state pg_get_wal_resource_managers pg_hba_file_rules
	pg_ident_file_mappings pg_import_system_collations pg_indexes_size pg_is_in_recovery
	pg_is_wal_replay_paused pg_isolation_test_session_is_blocked pg_jit_available
	pg_last_committed_xact pg_last_wal_receive_lsn pg_last_wal_replay_lsn
	pg_last_xact_replay_timestamp pg_lock_status pg_log_backend_memory_contexts
	pg_logical_emit_message pg_logical_slot_get_binary_changes pg_logical_slot_get_changes
	pg_logical_slot_peek_binary_changes pg_logical_slot_peek_changes pg_ls_archive_statusdir
	pg_ls_dir pg_ls_logdir pg_ls_logicalmapdir pg_ls_logicalsnapdir pg_ls_replslotdir
	pg_ls_tmpdir pg_ls_waldir pg_nextoid pg_notification_queue_usage pg_notify
	pg_partition_ancestors pg_partition_tree pg_prepared_xact pg_promote pg_read_binary_file
	pg_read_file pg_read_file_old pg_relation_size pg_reload_conf
	pg_replication_origin_advance pg_replication_origin_create pg_replication_origin_drop
	pg_replication_origin_progress pg_replication_origin_session_is_setup
	pg_replication_origin_session_progress pg_replication_origin_session_reset
	pg_replication_origin_session_setup pg_replication_origin_xact_reset
	pg_replication_origin_xact_setup pg_replication_slot_advance pg_rotate_logfile
	pg_rotate_logfile_old pg_safe_snapshot_blocking_pids pg_sequence_last_value
	pg_show_all_file_settings pg_show_replication_origin_status pg_sleep pg_sleep_for
	pg_sleep_until pg_stat_clear_snapshot pg_stat_file pg_stat_force_next_flush
	pg_stat_get_recovery_prefetch pg_stat_get_xact_blocks_fetched pg_stat_get_xact_blocks_hit
	pg_stat_get_xact_function_calls pg_stat_get_xact_function_self_time
	pg_stat_get_xact_function_total_time pg_stat_get_xact_numscans
	pg_stat_get_xact_tuples_deleted pg_stat_get_xact_tuples_fetched
	pg_stat_get_xact_tuples_hot_updated pg_stat_get_xact_tuples_inserted
	pg_stat_get_xact_tuples_returned pg_stat_get_xact_tuples_updated pg_stat_have_stats
	pg_stat_reset pg_stat_reset_replication_slot pg_stat_reset_shared
	pg_stat_reset_single_function_counters pg_stat_reset_single_table_counters
	pg_stat_reset_slru pg_stat_reset_subscription_stats pg_stop_making_pinned_objects
	pg_switch_wal pg_table_size pg_tablespace_size pg_terminate_backend pg_total_relation_size
	pg_try_advisory_lock pg_try_advisory_lock_shared pg_try_advisory_xact_lock
	pg_try_advisory_xact_lock_shared pg_wal_replay_pause pg_wal_replay_resume
	pg_xact_commit_timestamp pg_xact_commit_timestamp_origin pg_xact_status plpgsql_validator
	query_to_xml query_to_xml_and_xmlschema query_to_xmlschema random set_config setseed
	setval spghandler suppress_redundant_updates_trigger system timeofday ts_rewrite ts_stat
	tsvector_update_trigger tsvector_update_trigger_column txid_status unique_key_recheck`

// TestVolatileFunctionsKnown: every function of the library that is
// volatile in PostgreSQL 15 is volatile to pushdown. pgcatalog knows
// provolatile only for the functions its generator looked up, so a
// volatile function added to the library (set_config, gen_random_uuid)
// and not to the generator's list would be pushed.
func TestVolatileFunctionsKnown(t *testing.T) {
	volatile := map[string]bool{}
	for _, n := range strings.Fields(pg15Volatile) {
		volatile[n] = true
	}
	l := funcs.Builtin()
	var names []string
	for n := range l.Scalars {
		names = append(names, n)
	}
	for n := range l.Sets {
		names = append(names, n)
	}
	checked := 0
	for _, n := range names {
		if volatile[n] {
			checked++
			if !pgcatalog.FunctionVolatile(n) {
				t.Errorf("%s is volatile in PostgreSQL 15 but not to pushdown", n)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no library function is volatile: the check checked nothing")
	}
}
