// Package parse is the one door to pg_query's C parser. pg_query recurses
// in C (turning the raw tree into protobuf) with no stack check, so a deep
// enough statement overflows the calling thread's stack and kills the
// process; and protobuf's reader refuses trees deeper than 10,000 levels
// with a "proto:" message. Parse guards both, and answers as PostgreSQL 15
// does: 54001 stack depth limit exceeded, with the max_stack_depth hint.
//
// How, chosen by measurement (pg_query_go v6.2.5, x86-64):
//
//   - pg_query needs ~350 bytes of C stack a level of 1+1+...; a Go
//     process's threads have the stack RLIMIT_STACK gave the process
//     (8MB usually: a chain of ~24,000 terms crashes; with `ulimit -s
//     2048` ~5,500 terms do). So the C parse cannot simply run where it
//     is called.
//   - pg_query's time grows faster than linearly with depth: 20,000 terms
//     take 0.36 s, 100,000 terms 10 s. So very deep input must be refused
//     before the C parser sees it, whatever stack it would get.
//   - pg_query's Deparse takes more: ~1KB a term (1,000 terms overflow a
//     1MB stack, 2,000 a 2MB one); Normalize ~250 bytes.
//   - A parse on a thread of its own with a large stack costs ~100 µs
//     (pthread_create and join), ten times a small statement's parse.
//
// Hence three steps. depthBound, a pass over the text in Go that lexes
// as PostgreSQL's scanner does, gives an upper bound on the tree's depth
// (the tests hold it to the real tree for the SQL corpus and for deep
// shapes). Above maxBound the statement is refused without the tree being
// built out: only pg_query's split, which runs the grammar but walks
// nothing (safe on 1,000,000 terms with a 1MB stack), says whether the
// grammar refuses it first, as PostgreSQL, which parses before it
// recurses, would (42601 "memory exhausted" for NOT NOT ...); else
// 54001. Up to
// plainBound (every ordinary statement) pg_query runs on the calling
// thread, which has stack enough for that; in between it runs on a
// thread with a 64MB stack (deepStack), reserved address space of which
// only the pages used are touched. After the parse, a tree deeper than
// MaxDepth, which puts the line where PostgreSQL 15 puts it for 1+1+...
// (4051 terms accepted, 4100 refused), is refused too.
//
// Normalize and Deparse, pg_query's other recursive entry points, take
// the same path with a lower bound for the calling thread
// (plainWalkBound); every call vpnsql makes into pg_query goes through
// here.
//
// Everything that walks a parse tree recursively (binder, planner,
// evaluator, the protoreflect helpers) is bounded by MaxDepth through
// this: no tree deeper than that leaves Parse. Shapes PostgreSQL flattens
// are not deep: an IN list of 100,000 constants, an OR chain of 100,000
// conditions, VALUES with 100,000 rows. Deeply parenthesised input fails
// in bison's own stack (10,000 entries) with PostgreSQL's own 42601
// "memory exhausted".
package parse
