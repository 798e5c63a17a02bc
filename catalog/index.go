package catalog

// UniqueIndex is a unique index a table has besides its primary key. The
// table enforces it on INSERT (it checks before any call), the catalogs
// show it as PostgreSQL 15 shows the same CREATE UNIQUE INDEX, and
// INSERT ... ON CONFLICT infers it as an arbiter.
type UniqueIndex struct {
	Name    string
	OID     uint32
	Columns []int // key columns, by index in Columns
	// NullsNotDistinct: NULLs in key columns are equal (PostgreSQL 15's
	// NULLS NOT DISTINCT).
	NullsNotDistinct bool
	// Create is the CREATE UNIQUE INDEX statement, schema-qualified, as
	// the reference PostgreSQL runs it; PredicateTree's locations are
	// offsets into it.
	Create string
	// Predicate is the partial index's WHERE clause as pg_get_expr and
	// pg_get_indexdef print it: Predicate plain, PredicatePretty with
	// pretty = true. "" for a total index.
	Predicate, PredicatePretty string
	// PredicateTree is pg_index.indpred: the predicate as PostgreSQL 15
	// stores it (a pg_node_tree), dumped from PostgreSQL for Create.
	PredicateTree string
	// PredicateColumns are the columns the predicate reads, in the order
	// PostgreSQL records their pg_depend rows.
	PredicateColumns []int
	// PredicateConjuncts are the predicate's conjuncts as SQL the
	// executor parses to infer ON CONFLICT targets (predicate implication).
	PredicateConjuncts []string
}

// Indexed is a table with unique indexes besides its primary key.
type Indexed interface {
	UniqueIndexes() []UniqueIndex
}
