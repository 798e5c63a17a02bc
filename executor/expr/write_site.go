package expr

import (
	"github.com/vpnsql/vpnsql/catalog"
)

// WriteSite is one planned call site of a side-effecting function.
type WriteSite struct {
	Method catalog.Method
	Verb   string // ec2.name
	// PerRow: called once per row of the FROM items before it.
	PerRow bool
	// Unqualified: per row of a table, and the level has no WHERE.
	Unqualified bool
}
