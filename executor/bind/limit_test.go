package bind_test

import "testing"

// TestBind_Limit: LIMIT and OFFSET are evaluated once, before any row, so
// they may not read the level's columns (42P10, as PostgreSQL 15; a
// column there read an empty row at execution and panicked: index out of
// range), nor aggregate; NULL and ALL mean no limit.
func TestBind_Limit(t *testing.T) {
	runBindCases(t, []bindCase{
		{sql: "SELECT relname FROM pg_class LIMIT relpages",
			want: "42P10 argument of LIMIT must not contain variables @36"},
		{sql: "SELECT relname FROM pg_class OFFSET relpages + 1",
			want: "42P10 argument of OFFSET must not contain variables @37"},
		{sql: "SELECT relkind FROM pg_class GROUP BY relkind LIMIT count(*)",
			want: "42803 aggregate functions are not allowed in LIMIT @53"},
		// PostgreSQL does not see the output column x there at all.
		{sql: "SELECT 1 AS x UNION SELECT 2 LIMIT x",
			want: `42703 column "x" does not exist HINT: There is a column named "x" in table "*SELECT* 1", but it cannot be referenced from this part of the query. @36`,
			now:  "42P10 argument of LIMIT must not contain variables @36"},
		{sql: "SELECT relname FROM pg_class LIMIT ALL OFFSET NULL",
			want: "types: name"},
		{sql: "SELECT relname FROM pg_class LIMIT $1 OFFSET $2",
			want: "params: int8, int8"},
		// Coerced to bigint as an assignment: numbers convert, others not.
		{sql: "SELECT relname FROM pg_class LIMIT true",
			want: "42804 argument of LIMIT must be type bigint, not type boolean @36"},
		{sql: "SELECT relname FROM pg_class OFFSET 'x'::text",
			want: "42804 argument of OFFSET must be type bigint, not type text @37"},
	})
}
