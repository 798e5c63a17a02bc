package executor

import (
	"github.com/vpnsql/vpnsql/catalog"
)

// Memory accounting (docs/design.md, "Memory"). vpnsql evaluates in
// memory, so every statement has a memory account: operators charge it the
// estimated size of what they hold (materialised rows, hash tables,
// aggregate state) and check against it the values they build (repeat,
// lpad, ||). Past the statement's limit (vpnsql.statement_mem) the
// statement fails with 53200. The server's account (MemoryPool, serve
// --max-memory) is charged by statements in chunks; a statement that cannot
// reserve its first chunk is refused, running ones go on.

// progress lists the running statements for vpnsql.progress.
func (e *Engine) progress() []catalog.Progress {
	var out []catalog.Progress
	for _, m := range e.memory().Statements() {
		out = append(out, catalog.Progress{PID: m.PID, Query: m.Query, Started: m.Started,
			MemoryBytes: m.Bytes, MemoryPeak: m.Peak, MemoryLimit: m.Limit})
	}
	return out
}
