package parse

import (
	"errors"
	"sync/atomic"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"github.com/pganalyze/pg_query_go/v6/parser"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/vpnsql/vpnsql/pgerr"
)

const (
	// MaxDepth is the deepest parse tree (protobuf message levels) a
	// statement may have. PostgreSQL 15 with its default max_stack_depth
	// (2MB) accepts a chain 1+1+...+1 of 4051 terms and refuses one of
	// 4100 (54001); this bound puts vpnsql's line between the two, and
	// every recursive walk of a tree (binder, planner, evaluator) is
	// bounded by it.
	MaxDepth = 8200
	// maxBound is the pre-scan's bound above which a statement is refused
	// without being parsed: parsing it would cost seconds of CPU (pg_query's
	// work grows faster than linearly with depth) and a C stack beyond
	// what any thread has. Four times MaxDepth leaves room for the bound's
	// overestimate.
	maxBound = 4 * MaxDepth
	// plainBound is the pre-scan's bound up to which the calling thread's
	// own stack suffices for the parse (~175 bytes a level: 350KB, a third
	// of a 1MB thread stack); deeper statements are parsed on deepStack.
	plainBound = 2000
	// plainWalkBound is the same for Normalize and Deparse, whose C code
	// takes more stack a level (Deparse ~500 bytes: 1,000 terms of 1+1+...
	// overflow a 1MB stack).
	plainWalkBound = 1000
)

// parses counts the texts given to Parse, Cache.Parse and Normalize.
var parses atomic.Int64

// Parses is how many texts Parse, Cache.Parse (hit or miss) and Normalize
// have been given since the process started: tests hold a statement to
// one parse with it.
func Parses() int64 { return parses.Load() }

// Parse parses sql with pg_query as pg_query.Parse does, but no input can
// crash the process or leak a protobuf message: a statement nested deeper
// than MaxDepth is 54001, a syntax error 42601 with its position.
func Parse(sql string) (*pg_query.ParseResult, error) {
	parses.Add(1)
	tree, _, err := parse(sql)
	return tree, err
}

// parse is Parse, also giving the size of pg_query's protobuf output,
// from which the cache estimates the tree's size in memory.
func parse(sql string) (*pg_query.ParseResult, int, error) {
	b := depthBound(sql)
	if b > maxBound {
		return nil, 0, tooDeep(sql)
	}
	var buf []byte
	var err error
	if b <= plainBound {
		buf, err = parser.ParseToProtobuf(sql)
	} else {
		buf, err = parseOnDeepStack(sql)
	}
	if err != nil {
		return nil, 0, syntaxError(err)
	}
	tree := &pg_query.ParseResult{}
	// pg_query's output is well-formed by construction; the one way
	// reading it fails is the recursion limit, a tree deeper than the
	// bound promised.
	if err := (proto.UnmarshalOptions{RecursionLimit: maxBound}).Unmarshal(buf, tree); err != nil {
		return nil, 0, pgerr.StackDepthExceeded()
	}
	if b > MaxDepth && Depth(tree.ProtoReflect(), MaxDepth) > MaxDepth {
		return nil, 0, pgerr.StackDepthExceeded()
	}
	return tree, len(buf), nil
}

// Normalize is pg_query.Normalize (literals replaced by $n) with Parse's
// guards.
func Normalize(sql string) (string, error) {
	parses.Add(1)
	b := depthBound(sql)
	if b > maxBound {
		return "", tooDeep(sql)
	}
	var out string
	var err error
	if b <= plainWalkBound {
		out, err = parser.Normalize(sql)
	} else {
		out, err = normalizeOnDeepStack(sql)
	}
	if err != nil {
		return "", syntaxError(err)
	}
	return out, nil
}

// Deparse is pg_query.Deparse, on deepStack when the tree is deep: the C
// deparser recurses as the parser's output does.
func Deparse(tree *pg_query.ParseResult) (string, error) {
	if Depth(tree.ProtoReflect(), plainWalkBound) <= plainWalkBound {
		return pg_query.Deparse(tree)
	}
	if Depth(tree.ProtoReflect(), maxBound) > maxBound {
		return "", pgerr.StackDepthExceeded()
	}
	buf, err := proto.Marshal(tree)
	if err != nil {
		return "", err
	}
	return deparseOnDeepStack(buf)
}

// tooDeep is the error for a statement refused unparsed. PostgreSQL parses
// before it recurses, so input its grammar refuses is that syntax error:
// bison's own stack (10,000 entries) ends right-nested input such as NOT
// NOT ... with "memory exhausted". pg_query's split runs the grammar
// without walking the tree it builds (no recursion, measured safe with a
// 1MB stack on 1,000,000 terms), so it can tell.
func tooDeep(sql string) error {
	if _, err := parser.SplitWithParser(sql, false); err != nil {
		return syntaxError(err)
	}
	return pgerr.StackDepthExceeded()
}

// Depth is the nesting depth of a parse tree in message levels; it stops
// descending past limit, so its own recursion is bounded.
func Depth(m protoreflect.Message, limit int) int {
	return depth(m, 1, limit)
}

func depth(m protoreflect.Message, level, limit int) int {
	deepest := level
	if level > limit {
		return level
	}
	m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := val.List()
			for i := 0; i < l.Len() && deepest <= limit; i++ {
				deepest = max(deepest, depth(l.Get(i).Message(), level+1, limit))
			}
		case fd.Message() != nil && !fd.IsMap():
			deepest = max(deepest, depth(val.Message(), level+1, limit))
		}
		return deepest <= limit
	})
	return deepest
}

// syntaxError is pg_query's error as PostgreSQL's 42601; pg_query's cursor
// position is already in characters.
func syntaxError(err error) error {
	var pe *parser.Error
	if errors.As(err, &pe) {
		e := pgerr.New(pgerr.SyntaxError, "%s", pe.Message)
		e.Position = int32(pe.Cursorpos)
		return e
	}
	return pgerr.Wrap(pgerr.InternalError, err)
}
