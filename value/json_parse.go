package value

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/vpnsql/vpnsql/pgerr"
)

type jsonParser struct {
	s     string
	pos   int
	stack int // nesting cost so far, see jsonStackBudget
}

// PostgreSQL's JSON parser recurses with check_stack_depth: with the
// default max_stack_depth it accepts 14,535 nested arrays but not 14,548,
// and 13,083 nested objects but not 13,095. Costing a level as the C
// frames it uses (an object's are larger) puts vpnsql's lines there too.
const (
	jsonStackBudget = 14540 * jsonArrayCost
	jsonArrayCost   = 144
	jsonObjectCost  = 160
)

// BuiltJSONB is the result of a function that builds a jsonb value from
// others (jsonb_build_array in a recursive CTE, jsonb_set of a value into
// itself). PostgreSQL converts it to its binary form recursively, with the
// same frames and check_stack_depth as its parser (a 14,530-level array
// is built, 14,550 is 54001), so the parser's budget applies.
func BuiltJSONB(v any) (JSON, error) {
	if !jsonFits(v, jsonStackBudget) {
		return JSON{}, pgerr.StackDepthExceeded()
	}
	return JSON{V: v}, nil
}

// jsonFits reports whether v nests within budget; the recursion stops as
// soon as the budget is spent, so it is bounded however deep v is.
func jsonFits(v any, budget int) bool {
	switch x := v.(type) {
	case []any:
		if budget -= jsonArrayCost; budget < 0 {
			return false
		}
		for _, e := range x {
			if !jsonFits(e, budget) {
				return false
			}
		}
	case map[string]any:
		if budget -= jsonObjectCost; budget < 0 {
			return false
		}
		for _, e := range x {
			if !jsonFits(e, budget) {
				return false
			}
		}
	}
	return true
}

// nest enters one more level of arrays or objects.
func (p *jsonParser) nest(cost int) error {
	p.stack += cost
	if p.stack > jsonStackBudget {
		return pgerr.StackDepthExceeded()
	}
	return nil
}

func jsonSyntax(detail string, args ...any) *pgerr.Error {
	return pgerr.New(pgerr.InvalidTextRepresentation, "invalid input syntax for type json").WithDetail(detail, args...)
}

// parseJSONText reads json (keepText) or jsonb text.
func parseJSONText(s string, keepText bool) (JSON, error) {
	p := &jsonParser{s: s}
	v, err := p.value()
	if err != nil {
		return JSON{}, err
	}
	p.skip()
	if p.pos < len(p.s) {
		return JSON{}, jsonSyntax("Expected end of input, but found \"%s\".", p.token())
	}
	j := JSON{V: v}
	if keepText {
		j.Text = s
	} else {
		j.V = normalizeJSONNumbers(v)
	}
	return j, nil
}

func (p *jsonParser) skip() {
	for p.pos < len(p.s) && strings.IndexByte(" \t\n\r", p.s[p.pos]) >= 0 {
		p.pos++
	}
}

// token is the lexer's current token, for messages: a punctuation
// character, a string, or a run of word characters.
func (p *jsonParser) token() string {
	if p.pos >= len(p.s) {
		return ""
	}
	c := p.s[p.pos]
	if strings.IndexByte("{}[],:", c) >= 0 {
		return string(c)
	}
	if c == '"' {
		end := p.pos + 1
		for end < len(p.s) && p.s[end] != '"' {
			if p.s[end] == '\\' {
				end++
			}
			end++
		}
		return p.s[p.pos:min(end+1, len(p.s))]
	}
	end := p.pos
	for end < len(p.s) && strings.IndexByte(" \t\n\r{}[],:\"", p.s[end]) < 0 {
		end++
	}
	if end == p.pos {
		_, size := utf8.DecodeRuneInString(p.s[p.pos:])
		end += size
	}
	return p.s[p.pos:end]
}

func (p *jsonParser) value() (any, error) {
	p.skip()
	if p.pos >= len(p.s) {
		return nil, jsonSyntax("The input string ended unexpectedly.")
	}
	switch c := p.s[p.pos]; {
	case c == '{':
		return p.object()
	case c == '[':
		return p.array()
	case c == '"':
		return p.str()
	case c == '-' || (c >= '0' && c <= '9'):
		tok := p.token()
		if !validJSONNumber(tok) {
			return nil, jsonSyntax("Token \"%s\" is invalid.", tok)
		}
		p.pos += len(tok)
		return json.Number(tok), nil
	case strings.IndexByte("}],:", c) >= 0:
		return nil, jsonSyntax("Expected JSON value, but found \"%s\".", string(c))
	}
	tok := p.token()
	p.pos += len(tok)
	switch tok {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	}
	return nil, jsonSyntax("Token \"%s\" is invalid.", tok)
}

func validJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start || (s[start] == '0' && i-start > 1) {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == d {
			return false
		}
	}
	return i == len(s)
}

func (p *jsonParser) object() (any, error) {
	if err := p.nest(jsonObjectCost); err != nil {
		return nil, err
	}
	defer func() { p.stack -= jsonObjectCost }()
	p.pos++ // {
	m := map[string]any{}
	p.skip()
	if p.pos < len(p.s) && p.s[p.pos] == '}' {
		p.pos++
		return m, nil
	}
	for {
		p.skip()
		if p.pos >= len(p.s) {
			return nil, jsonSyntax("The input string ended unexpectedly.")
		}
		if p.s[p.pos] != '"' {
			return nil, jsonSyntax("Expected string or \"}\", but found \"%s\".", p.token())
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skip()
		if p.pos >= len(p.s) {
			return nil, jsonSyntax("The input string ended unexpectedly.")
		}
		if p.s[p.pos] != ':' {
			return nil, jsonSyntax("Expected \":\", but found \"%s\".", p.token())
		}
		p.pos++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		m[k.(string)] = v
		p.skip()
		if p.pos >= len(p.s) {
			return nil, jsonSyntax("The input string ended unexpectedly.")
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return m, nil
		default:
			return nil, jsonSyntax("Expected \",\" or \"}\", but found \"%s\".", p.token())
		}
	}
}

func (p *jsonParser) array() (any, error) {
	if err := p.nest(jsonArrayCost); err != nil {
		return nil, err
	}
	defer func() { p.stack -= jsonArrayCost }()
	p.pos++ // [
	out := []any{}
	p.skip()
	if p.pos < len(p.s) && p.s[p.pos] == ']' {
		p.pos++
		return out, nil
	}
	for {
		p.skip()
		if p.pos < len(p.s) && strings.IndexByte("]},:", p.s[p.pos]) >= 0 {
			return nil, jsonSyntax("Expected array element or \"]\", but found \"%s\".", p.token())
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		p.skip()
		if p.pos >= len(p.s) {
			return nil, jsonSyntax("The input string ended unexpectedly.")
		}
		switch p.s[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return out, nil
		default:
			return nil, jsonSyntax("Expected \",\" or \"]\", but found \"%s\".", p.token())
		}
	}
}

func (p *jsonParser) str() (any, error) {
	p.pos++ // opening quote
	var sb strings.Builder
	for {
		if p.pos >= len(p.s) {
			return nil, jsonSyntax("The input string ended unexpectedly.")
		}
		c := p.s[p.pos]
		switch {
		case c == '"':
			p.pos++
			return sb.String(), nil
		case c < 0x20:
			return nil, jsonSyntax("Character with value 0x%02x must be escaped.", c)
		case c == '\\':
			if p.pos+1 >= len(p.s) {
				return nil, jsonSyntax("The input string ended unexpectedly.")
			}
			e := p.s[p.pos+1]
			p.pos += 2
			switch e {
			case '"', '\\', '/':
				sb.WriteByte(e)
			case 'b':
				sb.WriteByte('\b')
			case 'f':
				sb.WriteByte('\f')
			case 'n':
				sb.WriteByte('\n')
			case 'r':
				sb.WriteByte('\r')
			case 't':
				sb.WriteByte('\t')
			case 'u':
				r, err := p.hex4()
				if err != nil {
					return nil, err
				}
				if utf16.IsSurrogate(r) {
					if r >= 0xDC00 {
						return nil, jsonSyntax("Unicode low surrogate must follow a high surrogate.")
					}
					if p.pos+1 >= len(p.s) || p.s[p.pos] != '\\' || p.s[p.pos+1] != 'u' {
						return nil, jsonSyntax("Unicode low surrogate must follow a high surrogate.")
					}
					p.pos += 2
					r2, err := p.hex4()
					if err != nil {
						return nil, err
					}
					r = utf16.DecodeRune(r, r2)
				}
				if r == 0 {
					return nil, pgerr.New(pgerr.UntranslatableCharacter, "unsupported Unicode escape sequence").WithDetail("\\u0000 cannot be converted to text.")
				}
				sb.WriteRune(r)
			default:
				return nil, jsonSyntax("Escape sequence \"\\%s\" is invalid.", string(e))
			}
		default:
			sb.WriteByte(c)
			p.pos++
		}
	}
}

func (p *jsonParser) hex4() (rune, error) {
	if p.pos+4 > len(p.s) {
		return 0, jsonSyntax("\"\\u\" must be followed by four hexadecimal digits.")
	}
	n, err := strconv.ParseUint(p.s[p.pos:p.pos+4], 16, 32)
	if err != nil {
		return 0, jsonSyntax("\"\\u\" must be followed by four hexadecimal digits.")
	}
	p.pos += 4
	return rune(n), nil
}

// normalizeJSONNumbers rewrites numbers as numeric prints them (1e2 is
// 100, -0 is 0), as jsonb stores them.
func normalizeJSONNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if n, err := ParseNumeric(string(x)); err == nil {
			return json.Number(FormatText(n))
		}
	case []any:
		for i := range x {
			x[i] = normalizeJSONNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normalizeJSONNumbers(x[k])
		}
	}
	return v
}
