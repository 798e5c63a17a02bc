package value

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/vpnsql/vpnsql/pgerr"
)

// jpNode is a parsed path expression.
type jpNode struct {
	kind  string // "root", "current", "key", "anykey", "index", "anyindex", "filter", "method", "lit", "op", "not", "exists", "like", "starts", "unknown", "neg", "last"
	key   string
	steps []*jpNode // accessor chain after the base (root/current/lit)
	subs  []*jpNode // index subscripts (pairs: from, to), filter predicate, operands
	op    string
	lit   any
	re    *pgRegex
}

type compiledPath struct {
	Strict bool
	Expr   *jpNode
}

// JsonPathCache keeps parsed paths by their text.
var JsonPathCache = NewLRU[string, *compiledPath](CompiledCacheSize)

// CompileJSONPath parses a path, caching by its text.
func CompileJSONPath(text string) (*compiledPath, error) {
	if p, ok := JsonPathCache.Get(text); ok {
		return p, nil
	}
	p := &jpParser{toks: jpLex(text)}
	if err := jpParenDepth(p.toks); err != nil {
		return nil, err
	}
	jp := &compiledPath{}
	if p.peek() == "lax" {
		p.next()
	} else if p.peek() == "strict" {
		p.next()
		jp.Strict = true
	}
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if p.peek() != "" {
		return nil, p.errAt()
	}
	jp.Expr = e
	JsonPathCache.Put(text, jp)
	return jp, nil
}

// jpLex splits path text into tokens: punctuation, operators, quoted
// strings (kept with their quotes), numbers and words.
func jpLex(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			out = append(out, s[i:min(j+1, len(s))])
			i = j + 1
		case i+1 < len(s) && jpTwoCharOps[s[i:i+2]]:
			out = append(out, s[i:i+2])
			i += 2
		case strings.ContainsRune("$@.[](),?*!<>+-/%:", rune(c)):
			out = append(out, string(c))
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' || s[j] == 'e' || s[j] == 'E') {
				j++
			}
			out = append(out, s[i:j])
			i = j
		default:
			j := i
			for j < len(s) && (s[j] == '_' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9' || s[j] >= 0x80) {
				j++
			}
			if j == i {
				j = i + 1
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}

var jpTwoCharOps = map[string]bool{"==": true, "!=": true, "<=": true, ">=": true, "<>": true, "&&": true, "||": true}

type jpParser struct {
	toks  []string
	pos   int
	depth int // nesting of the tree being built, see jsonPathMaxDepth
}

// jsonPathMaxDepth bounds the path's tree, and so the parser's and the
// evaluator's recursion: PostgreSQL 15 accepts a chain 1+1+... of 18,697
// terms and refuses 18,746 (54001).
const jsonPathMaxDepth = 18720

// jpParenDepth refuses parentheses nested past what PostgreSQL's jsonpath
// grammar (bison, 10,000 stack entries) takes: it accepts 9,959 and
// refuses 10,008 with this error.
func jpParenDepth(toks []string) error {
	depth := 0
	for _, t := range toks {
		switch t {
		case "(":
			if depth++; depth > 9980 {
				return pgerr.New(pgerr.SyntaxError, `memory exhausted at or near "(" of jsonpath input`)
			}
		case ")":
			depth--
		}
	}
	return nil
}

// deeper adds n levels to the tree's depth; the caller restores it.
func (p *jpParser) deeper(n int) error {
	p.depth += n
	if p.depth > jsonPathMaxDepth {
		return pgerr.StackDepthExceeded()
	}
	return nil
}

// chain is a left-deep chain of binary operators: each one is a level.
func (p *jpParser) chain(operand func() (*jpNode, error), ops ...string) (*jpNode, error) {
	defer func(d int) { p.depth = d }(p.depth)
	l, err := operand()
	for err == nil && slices.Contains(ops, p.peek()) {
		op := p.next()
		if err = p.deeper(1); err != nil {
			break
		}
		var r *jpNode
		if r, err = operand(); err == nil {
			l = &jpNode{kind: "op", op: op, subs: []*jpNode{l, r}}
		}
	}
	return l, err
}

func (p *jpParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *jpParser) next() string {
	t := p.peek()
	p.pos++
	return t
}

func (p *jpParser) errAt() error {
	if t := p.peek(); t != "" {
		return pgerr.New(pgerr.SyntaxError, "syntax error at or near %q of jsonpath input", t)
	}
	return pgerr.New(pgerr.SyntaxError, "syntax error at end of jsonpath input")
}

func (p *jpParser) expect(t string) error {
	if p.peek() != t {
		return p.errAt()
	}
	p.next()
	return nil
}

// Expr := or
func (p *jpParser) expr() (*jpNode, error) {
	defer func(d int) { p.depth = d }(p.depth)
	if err := p.deeper(1); err != nil {
		return nil, err
	}
	return p.or()
}

func (p *jpParser) or() (*jpNode, error) { return p.chain(p.and, "||") }

func (p *jpParser) and() (*jpNode, error) { return p.chain(p.not, "&&") }

func (p *jpParser) not() (*jpNode, error) {
	if p.peek() == "!" {
		p.next()
		if err := p.expect("("); err != nil {
			return nil, err
		}
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return &jpNode{kind: "not", subs: []*jpNode{x}}, nil
	}
	return p.predicate()
}

func (p *jpParser) predicate() (*jpNode, error) {
	if p.peek() == "exists" {
		p.next()
		if err := p.expect("("); err != nil {
			return nil, err
		}
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return &jpNode{kind: "exists", subs: []*jpNode{x}}, nil
	}
	l, err := p.additive()
	if err != nil {
		return nil, err
	}
	switch t := p.peek(); t {
	case "==", "!=", "<>", "<", "<=", ">", ">=":
		p.next()
		r, err := p.additive()
		if err != nil {
			return nil, err
		}
		if t == "<>" {
			t = "!="
		}
		return &jpNode{kind: "op", op: t, subs: []*jpNode{l, r}}, nil
	case "like_regex":
		p.next()
		pat := p.next()
		if !strings.HasPrefix(pat, `"`) {
			return nil, p.errAt()
		}
		flags := ""
		if p.peek() == "flag" {
			p.next()
			flags = strings.Trim(p.next(), `"`)
		}
		// jsonpath's flags: i, and s m x q as the regexp_ functions'.
		reFlags := ""
		for _, f := range flags {
			switch f {
			case 'i', 'x', 'q':
				reFlags += string(f)
			case 'm':
				reFlags += "w" // ^ and $ match at newlines
			case 's':
				reFlags += "s"
			default:
				return nil, pgerr.New(pgerr.InvalidParameterValue, "invalid input syntax for type jsonpath").
					WithDetail("Unrecognized flag character \"%c\" in LIKE_REGEX predicate.", f)
			}
		}
		re, err := CompileRegex(jpString(pat), reFlags)
		if err != nil {
			return nil, err
		}
		return &jpNode{kind: "like", subs: []*jpNode{l}, re: re}, nil
	case "starts":
		p.next()
		if err := p.expect("with"); err != nil {
			return nil, err
		}
		r, err := p.additive()
		if err != nil {
			return nil, err
		}
		return &jpNode{kind: "starts", subs: []*jpNode{l, r}}, nil
	case "is":
		p.next()
		if err := p.expect("unknown"); err != nil {
			return nil, err
		}
		return &jpNode{kind: "unknown", subs: []*jpNode{l}}, nil
	}
	return l, nil
}

func (p *jpParser) additive() (*jpNode, error) { return p.chain(p.multiplicative, "+", "-") }

func (p *jpParser) multiplicative() (*jpNode, error) { return p.chain(p.unary, "*", "/", "%") }

func (p *jpParser) unary() (*jpNode, error) {
	if p.peek() == "-" || p.peek() == "+" {
		op := p.next()
		defer func(d int) { p.depth = d }(p.depth)
		if err := p.deeper(1); err != nil {
			return nil, err
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		if op == "-" {
			return &jpNode{kind: "neg", subs: []*jpNode{x}}, nil
		}
		return x, nil
	}
	return p.accessorExpr()
}

// accessorExpr is a primary followed by accessors and methods.
func (p *jpParser) accessorExpr() (*jpNode, error) {
	var base *jpNode
	switch t := p.next(); {
	case t == "$":
		base = &jpNode{kind: "root"}
	case t == "@":
		base = &jpNode{kind: "current"}
	case t == "last":
		base = &jpNode{kind: "last"}
	case t == "(":
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		base = &jpNode{kind: "paren", subs: []*jpNode{x}}
	case strings.HasPrefix(t, `"`):
		base = &jpNode{kind: "lit", lit: jpString(t)}
	case t == "true" || t == "false":
		base = &jpNode{kind: "lit", lit: t == "true"}
	case t == "null":
		base = &jpNode{kind: "lit", lit: nil}
	case t != "" && t[0] >= '0' && t[0] <= '9':
		base = &jpNode{kind: "lit", lit: json.Number(t)}
	default:
		p.pos--
		return nil, p.errAt()
	}
	for {
		switch p.peek() {
		case ".":
			p.next()
			t := p.next()
			switch {
			case t == "*":
				base.steps = append(base.steps, &jpNode{kind: "anykey"})
			case strings.HasPrefix(t, `"`):
				base.steps = append(base.steps, &jpNode{kind: "key", key: jpString(t)})
			case t == "" || !isIdentStart(t[0]):
				p.pos--
				return nil, p.errAt()
			case p.peek() == "(":
				p.next()
				if err := p.expect(")"); err != nil {
					return nil, err
				}
				base.steps = append(base.steps, &jpNode{kind: "method", key: t})
			default:
				base.steps = append(base.steps, &jpNode{kind: "key", key: t})
			}
		case "[":
			p.next()
			if p.peek() == "*" {
				p.next()
				if err := p.expect("]"); err != nil {
					return nil, err
				}
				base.steps = append(base.steps, &jpNode{kind: "anyindex"})
				continue
			}
			step := &jpNode{kind: "index"}
			for {
				from, err := p.additive()
				if err != nil {
					return nil, err
				}
				to := from
				if p.peek() == "to" {
					p.next()
					if to, err = p.additive(); err != nil {
						return nil, err
					}
				}
				step.subs = append(step.subs, from, to)
				if p.peek() != "," {
					break
				}
				p.next()
			}
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			base.steps = append(base.steps, step)
		case "?":
			p.next()
			if err := p.expect("("); err != nil {
				return nil, err
			}
			x, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			base.steps = append(base.steps, &jpNode{kind: "filter", subs: []*jpNode{x}})
		default:
			return base, nil
		}
	}
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func jpString(quoted string) string {
	s, err := strconv.Unquote(quoted)
	if err != nil {
		return strings.Trim(quoted, `"`)
	}
	return s
}
