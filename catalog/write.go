package catalog

import (
	"context"

	"github.com/vpnsql/vpnsql/value"
)

// The write surface. A resource table that can change what it lists
// implements Writable: the executor binds INSERT, UPDATE and DELETE, finds
// the rows, enforces the session's safety rules, and hands the table one
// batch of plain values; the table turns them into API calls and returns
// the rows as they are afterwards. Tables never see SQL.
//
// Every write method checks all rows before it makes its first call, then
// writes row by row in input order and stops at the first failure: rows
// before it stay written (there is no rollback in the cloud), and the
// failure is a *RowError saying which row failed and what was already done
// for it.

// Values are the column values of one row a statement gives, by column
// index; a column the statement does not name is absent, an SQL NULL is a
// present nil.
type Values map[int]any

// RowChange is one row an UPDATE changes: the row as scanned (every
// column, in Columns order) and the values assigned to it.
type RowChange struct {
	Old []any
	Set Values
}

// WriteOptions say how a write runs.
type WriteOptions struct {
	// DryRun asks the API whether each call would succeed without making
	// the change (EC2's DryRun parameter); WriteResult.DryRun carries the
	// answers and Rows stays empty.
	DryRun bool
	// Returning asks for the rows as they are after the write, re-read
	// where the API's answer does not show them (UPDATE ... RETURNING).
	// Without it an Update may return its input rows with Set applied.
	Returning bool
	// Plan makes no call that changes anything: the write reads what it
	// needs (rows, the unique index check), then records in
	// WriteResult.Calls each call it would make (EXPLAIN). Plan wins over
	// DryRun.
	Plan bool
	// SkipConflicts names the unique indexes (catalog.UniqueIndex.Name or
	// the primary key's index) whose conflicts skip the row instead of
	// failing the statement: the arbiters of INSERT ... ON CONFLICT DO
	// NOTHING.
	SkipConflicts []string
}

// WriteResult is what a write did.
type WriteResult struct {
	// Rows are the rows written, one per input row the write acted on, in
	// input order, every column in Columns order: for Insert the created
	// rows, for Update the rows after the change, for Delete the rows as
	// they were. Input rows the table skipped (see Notices) are left out,
	// so len(Rows) is the count the command tag reports.
	Rows [][]any
	// Notices are messages for the client: rows skipped, calls that had
	// nothing to do.
	Notices []string
	// DryRun holds one outcome per call a dry run checked.
	DryRun []DryRunOutcome
	// Calls are the changing calls, in order: those made, or with
	// WriteOptions.Plan those that would be made.
	Calls []CallRecord
}

// CallRecord is one API call a write made or would make.
type CallRecord struct {
	Row     int    // index of the input row
	Key     string // the row's primary key value, "" for a row not yet created
	Action  string // e.g. CreateVpnConnection
	Region  string
	Account string
	// Params are the call's parameters as a JSON tree (the SDK input's
	// member names), secrets replaced by "<redacted>".
	Params any
	// Result is "planned" (WriteOptions.Plan), "ok", or the AWS error code;
	// RequestID is the AWS request id of a call made.
	Result    string
	RequestID string
}

// DryRunOutcome is the API's answer to one call sent with DryRun.
type DryRunOutcome struct {
	Row    int    // index of the input row
	Key    string // the row's primary key value, "" for a row not yet created
	Action string // the API action, e.g. CreateVpnConnection
	// OK means the API answered that the call would have succeeded.
	OK bool
	// Unchecked means the call could not be checked: the action has no
	// DryRun parameter. Note says so.
	Unchecked bool
	Note      string
	// Err is the API's refusal when !OK && !Unchecked (a *pgerr.Error).
	Err error
}

// RowError is the error of a write that stopped at one row. The rows
// before it were written and are in the WriteResult returned with it.
type RowError struct {
	Row int    // index of the failing input row
	Key string // the row's primary key value ("" for an INSERT row)
	// Done lists the API calls that had already succeeded for the failing
	// row itself: an UPDATE needing several calls can be left part done.
	Done []string
	Err  error // the cause, usually a *pgerr.Error
}

func (e *RowError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *RowError) Unwrap() error { return e.Err }

// Writable is a table whose rows INSERT, UPDATE and DELETE change. Rows
// passed in and returned hold every column in Columns order.
type Writable interface {
	Table
	// Insert creates one object per row.
	Insert(ctx context.Context, rows []Values, opt WriteOptions) (WriteResult, error)
	// Update changes each row as its Set says; the table identifies the
	// object by the primary key in Old.
	Update(ctx context.Context, rows []RowChange, opt WriteOptions) (WriteResult, error)
	// Delete deletes each row's object, identified by its primary key.
	Delete(ctx context.Context, rows [][]any, opt WriteOptions) (WriteResult, error)
}

// Method is a write a table offers beyond INSERT, UPDATE and DELETE (a
// single API operation such as creating one static route), callable as a
// set-returning function in FROM:
//
//	SELECT * FROM ec2.vpn_connection_route_create('vpn-...', '10.1.0.0/16');
//
// It returns rows of its table: the objects as they are after the call.
type Method struct {
	Schema, Name string // the function's SQL name
	Table        string // the table, in Schema, that implements it (a MethodCaller)
	Params       []Param
	Columns      []Column // the result columns: the table's
	Doc          string
	// OIDs are the pg_proc OIDs (from the list of resources,
	// catalog/ec2/resources.go): one per arity, from
	// the required parameters alone to all of them.
	OIDs []uint32
}

// Body is the function's pg_proc.prosrc, as the catalogs show it (and
// the differential tests' reference PostgreSQL declares it): a SQL
// function returning the table's row type. vpnsql does not run it; it
// makes the API call itself.
func (m Method) Body() string {
	return "SELECT * FROM " + m.Schema + "." + m.Table + " WHERE false -- vpnsql makes the API call itself; see the function's comment"
}

// Param is one argument of a Method. Optional parameters come last and
// may be left out of a call.
type Param struct {
	Name     string
	Type     *value.Type
	Optional bool
}

// MethodCaller is a table that implements Methods. args follow the
// method's Params (missing optional ones are absent from the slice); no
// argument is NULL.
type MethodCaller interface {
	CallMethod(ctx context.Context, name string, args []any, opt WriteOptions) (WriteResult, error)
}

// MethodTable is a table that declares Methods; the catalog lists them
// (Catalog.Methods) and the executor binds them by name.
type MethodTable interface {
	Methods() []Method
}

type statementKey struct{}

// WithStatement returns a context carrying the text of the statement a
// write runs for, for the audit log. The executor passes text from which
// secrets have been removed.
func WithStatement(ctx context.Context, sql string) context.Context {
	return context.WithValue(ctx, statementKey{}, sql)
}

// StatementFrom returns the statement text WithStatement recorded.
func StatementFrom(ctx context.Context) string {
	s, _ := ctx.Value(statementKey{}).(string)
	return s
}
