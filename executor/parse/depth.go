package parse

import "strings"

// depthBound returns an upper bound on the nesting depth (protobuf message
// levels) of the parse tree pg_query would build for sql, without calling
// it. It lexes the text as PostgreSQL's scanner does (strings, quoted
// identifiers, dollar quotes, nested comments) and models only what makes
// a tree deep:
//
//   - brackets, CASE ... END: a child group; the tree's nodes for tokens
//     inside lie below the node its opener belongs to;
//   - a run of tokens between separators (',', ';', AND/OR, and inside
//     CASE the WHEN/THEN/ELSE) can nest one level per token, as in
//     1+1+1 (left-deep), NOT NOT x (right-deep) or x IS NULL IS NULL;
//   - AND and OR are flattened by the grammar (makeAndExpr) into one node
//     however long the chain, so they separate runs; the AND of BETWEEN
//     does not;
//   - set operations and joins nest across those separators, so each
//     counts at the level of its group, never reset.
//
// Every token counts three levels: a Node wrapper and the node itself
// (two a level in prefix chains like NOT NOT x), with a margin; the tests
// check the bound against the real tree for the corpus and deep shapes.
func depthBound(sql string) int {
	l := lexer{s: sql}
	stack := []*group{{}}
	top := stack[0]
	for {
		tok, kind := l.next()
		if kind == tokEOF {
			break
		}
		switch kind {
		case tokOpen:
			g := &group{kind: tok[0]}
			stack = append(stack, g)
			top = g
			continue
		case tokClose:
			if len(stack) > 1 {
				stack, top = closeGroup(stack)
			}
			continue
		case tokSep:
			top.separate()
			continue
		case tokWord:
			switch strings.ToUpper(tok) {
			case "AND":
				if top.between > 0 {
					top.between--
					break
				}
				top.separate()
				top.boolean = true
				continue
			case "OR":
				top.separate()
				top.boolean = true
				continue
			case "BETWEEN":
				top.between++
			case "UNION", "INTERSECT", "EXCEPT", "JOIN":
				top.chain++
			case "CASE":
				top.add()
				g := &group{kind: 'C'}
				stack = append(stack, g)
				top = g
				continue
			case "END":
				if top.kind == 'C' {
					stack, top = closeGroup(stack)
					continue
				}
			case "WHEN", "THEN", "ELSE":
				if top.kind == 'C' {
					top.separate()
					continue
				}
			}
		}
		top.add()
	}
	for len(stack) > 1 {
		stack, _ = closeGroup(stack)
	}
	return stack[0].bound()
}

// group is one bracket level (or CASE ... END, or the whole text).
type group struct {
	kind     byte // '(', '[', 'C' (CASE) or 0 (the text)
	run      int  // tokens in the current run
	runChild int  // deepest child group in the current run
	best     int  // deepest run so far
	chain    int  // set operations and joins in the group
	between  int  // BETWEENs waiting for their AND
	boolean  bool // an AND/OR node sits above the runs
	tokens   int  // tokens in the group, children excluded
	children int
	child    int // bound of the last child, for a group of bare parentheses
}

const tokenLevels = 3

func (g *group) add() { g.run++; g.tokens++ }

func (g *group) separate() {
	g.best = max(g.best, g.run*tokenLevels+g.runChild)
	g.run, g.runChild = 0, 0
	g.tokens++
}

func (g *group) bound() int {
	g.separate()
	if g.kind == '(' && g.tokens == 1 && g.children == 1 {
		// ((x)): parentheses around one expression add no node.
		return g.child
	}
	b := g.best + g.chain*tokenLevels + groupLevels
	if g.boolean {
		b += 2 * tokenLevels // OR over AND
	}
	return b
}

// groupLevels covers the nodes a group adds that no token of its own
// accounts for: a List wrapper, a RawStmt or a CaseWhen.
const groupLevels = 6

func closeGroup(stack []*group) ([]*group, *group) {
	g := stack[len(stack)-1]
	stack = stack[:len(stack)-1]
	parent := stack[len(stack)-1]
	b := g.bound()
	parent.runChild = max(parent.runChild, b)
	parent.children++
	parent.child = b
	return stack, parent
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokWord
	tokOther // literal, operator, parameter
	tokOpen
	tokClose
	tokSep
)

// lexer splits SQL text into tokens the way PostgreSQL's scanner does where
// it matters for depth: it never mistakes code for a string or comment.
type lexer struct {
	s   string
	pos int
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 0x80 || (c|0x20 >= 'a' && c|0x20 <= 'z')
}

func isIdentCont(c byte) bool {
	return isIdentStart(c) || c == '$' || (c >= '0' && c <= '9')
}

const opChars = "+-*/<>=~!@#%^&|`?"

func (l *lexer) next() (string, tokKind) {
	for l.pos < len(l.s) {
		c := l.s[l.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			l.pos++
		case strings.HasPrefix(l.s[l.pos:], "--"):
			for l.pos < len(l.s) && l.s[l.pos] != '\n' && l.s[l.pos] != '\r' {
				l.pos++
			}
		case strings.HasPrefix(l.s[l.pos:], "/*"):
			l.comment()
		default:
			return l.token()
		}
	}
	return "", tokEOF
}

// comment skips a /* */ comment, which nests in PostgreSQL.
func (l *lexer) comment() {
	depth := 0
	for l.pos < len(l.s) {
		switch {
		case strings.HasPrefix(l.s[l.pos:], "/*"):
			depth++
			l.pos += 2
		case strings.HasPrefix(l.s[l.pos:], "*/"):
			depth--
			l.pos += 2
			if depth == 0 {
				return
			}
		default:
			l.pos++
		}
	}
}

func (l *lexer) token() (string, tokKind) {
	start := l.pos
	c := l.s[l.pos]
	switch {
	case c == '(' || c == '[':
		l.pos++
		return l.s[start:l.pos], tokOpen
	case c == ')' || c == ']':
		l.pos++
		return l.s[start:l.pos], tokClose
	case c == ',' || c == ';':
		l.pos++
		return l.s[start:l.pos], tokSep
	case c == '\'':
		l.quoted('\'', false)
		return l.s[start:l.pos], tokOther
	case c == '"':
		l.quoted('"', false)
		return l.s[start:l.pos], tokOther
	case c == '$':
		if tag, ok := l.dollarTag(); ok {
			l.pos += len(tag)
			if end := strings.Index(l.s[l.pos:], tag); end >= 0 {
				l.pos += end + len(tag)
			} else {
				l.pos = len(l.s)
			}
			return l.s[start:l.pos], tokOther
		}
		l.pos++
		for l.pos < len(l.s) && l.s[l.pos] >= '0' && l.s[l.pos] <= '9' {
			l.pos++
		}
		return l.s[start:l.pos], tokOther
	case isIdentStart(c):
		// String prefixes: E'..' (backslash escapes), B'', X'', N'',
		// U&'..' and U&"..".
		if l.pos+1 < len(l.s) && l.s[l.pos+1] == '\'' {
			switch c | 0x20 {
			case 'e':
				l.pos++
				l.quoted('\'', true)
				return l.s[start:l.pos], tokOther
			case 'b', 'x', 'n':
				l.pos++
				l.quoted('\'', false)
				return l.s[start:l.pos], tokOther
			}
		}
		if c|0x20 == 'u' && l.pos+2 < len(l.s) && l.s[l.pos+1] == '&' && (l.s[l.pos+2] == '\'' || l.s[l.pos+2] == '"') {
			l.pos += 2
			l.quoted(l.s[l.pos], false)
			return l.s[start:l.pos], tokOther
		}
		for l.pos < len(l.s) && isIdentCont(l.s[l.pos]) {
			l.pos++
		}
		return l.s[start:l.pos], tokWord
	case c >= '0' && c <= '9' || c == '.':
		l.pos++
		for l.pos < len(l.s) && (isIdentCont(l.s[l.pos]) || l.s[l.pos] == '.') {
			l.pos++
		}
		return l.s[start:l.pos], tokOther
	case strings.IndexByte(opChars, c) >= 0 || c == ':':
		// An operator ends where a comment starts, as in PostgreSQL.
		l.pos++
		for l.pos < len(l.s) && (strings.IndexByte(opChars, l.s[l.pos]) >= 0 || l.s[l.pos] == ':') &&
			!strings.HasPrefix(l.s[l.pos:], "--") && !strings.HasPrefix(l.s[l.pos:], "/*") {
			l.pos++
		}
		return l.s[start:l.pos], tokOther
	}
	l.pos++
	return l.s[start:l.pos], tokOther
}

// quoted skips a quoted string or identifier starting at l.pos; a doubled
// quote is part of it, and with backslashes (E'..') so is an escaped one.
// Quotes continued across a newline ('a'\n'b') are separate tokens here,
// which only counts one more.
func (l *lexer) quoted(q byte, backslashes bool) {
	l.pos++
	for l.pos < len(l.s) {
		c := l.s[l.pos]
		switch {
		case backslashes && c == '\\':
			l.pos += 2
			continue
		case c == q:
			if l.pos+1 < len(l.s) && l.s[l.pos+1] == q {
				l.pos += 2
				continue
			}
			l.pos++
			return
		}
		l.pos++
	}
	l.pos = len(l.s)
}

// dollarTag reports the $tag$ opening a dollar-quoted string at l.pos.
func (l *lexer) dollarTag() (string, bool) {
	i := l.pos + 1
	if i < len(l.s) && isIdentStart(l.s[i]) {
		for i < len(l.s) && isIdentCont(l.s[i]) && l.s[i] != '$' {
			i++
		}
	}
	if i < len(l.s) && l.s[i] == '$' {
		return l.s[l.pos : i+1], true
	}
	return "", false
}
