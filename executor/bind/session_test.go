package bind_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vpnsql/vpnsql/catalog"
	"github.com/vpnsql/vpnsql/catalog/ec2"
	"github.com/vpnsql/vpnsql/catalog/pgcatalog"
	"github.com/vpnsql/vpnsql/executor"
	"github.com/vpnsql/vpnsql/executor/bind"
	"github.com/vpnsql/vpnsql/executor/exec"
	"github.com/vpnsql/vpnsql/executor/parse"
	"github.com/vpnsql/vpnsql/pgerr"
	"github.com/vpnsql/vpnsql/value"
)

// The scaffolding of this package's tests: a session over the catalog
// vpnsql serves (the resource table, whose source is never called while
// binding, and the system catalogs), and the binding of one SELECT with
// the binder's own entry point, as the statement layer calls it.

func newSession(t *testing.T) *executor.Session {
	t.Helper()
	c := catalog.New(ec2.NewVPNConnections(nil))
	c.Add(pgcatalog.Tables(c)...)
	s, err := (&executor.Engine{Catalog: c}).NewSession(executor.SessionInfo{User: "alice", Database: "aws", PID: 7})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// bindSelect parses sql with executor/parse and binds it with
// bind.Planner.PlanQuery, returning the plan and the parameter types it
// inferred.
func bindSelect(t *testing.T, s bind.BindSession, sql string) (exec.QueryPlan, []*value.Type, error) {
	t.Helper()
	tree, err := parse.Parse(sql)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	sel := tree.Stmts[0].Stmt.GetSelectStmt()
	if sel == nil {
		t.Fatalf("not a SELECT: %s", sql)
	}
	var params []*value.Type
	q, _, err := (&bind.Planner{BindSession: s}).PlanQuery(nil, &params, nil, sel)
	return q, params, err
}

// typeNames lists types by pg_type.typname; a parameter nothing typed is
// text, as the statement layer makes it (executor/prepare.go), and as
// PostgreSQL does.
func typeNames(ts []*value.Type) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		switch t {
		case nil:
			out[i] = "(none)"
		case value.Unknown:
			out[i] = "text"
		default:
			out[i] = t.Name
		}
	}
	return strings.Join(out, ", ")
}

// asPgErr returns err's pgerr.Error, or fails.
func asPgErr(t *testing.T, err error) *pgerr.Error {
	t.Helper()
	var pe *pgerr.Error
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a pgerr.Error", err)
	}
	return pe
}

// bindCase is a statement and what PostgreSQL 15 answered when it
// prepared the same text (the reference cluster had the system catalogs
// and a vpn_connections table of the same column types): the result
// column types ("types: ..."), the parameter types for a statement with
// parameters ("params: ..."), or the error: SQLSTATE, message, DETAIL,
// HINT and 1-based position. A case with now set is a known difference:
// vpnsql is held to its current answer, so a fix shows as a failure and
// the case joins the matching ones.
type bindCase struct {
	sql  string
	want string // PostgreSQL 15's answer
	now  string // vpnsql's answer, when it differs
}

func runBindCases(t *testing.T, cases []bindCase) {
	t.Helper()
	s := newSession(t)
	for _, tt := range cases {
		t.Run(tt.sql, func(t *testing.T) {
			q, params, err := bindSelect(t, s, tt.sql)
			var got string
			switch {
			case err != nil:
				pe := asPgErr(t, err)
				got = fmt.Sprintf("%s %s", pe.Code, pe.Message)
				if pe.Detail != "" {
					got += " DETAIL: " + pe.Detail
				}
				if pe.Hint != "" {
					got += " HINT: " + pe.Hint
				}
				if pe.Position != 0 {
					got += fmt.Sprintf(" @%d", pe.Position)
				}
			case strings.Contains(tt.sql, "$"):
				got = "params: " + typeNames(params)
			default:
				got = "types: " + typeNames(q.OutputTypes())
			}
			switch {
			case tt.now == "" && got != tt.want:
				t.Errorf("\n got %s\nwant %s", got, tt.want)
			case tt.now != "" && got != tt.now:
				t.Errorf("known difference changed:\n got %s\n was %s\nPostgreSQL %s", got, tt.now, tt.want)
			}
		})
	}
}
