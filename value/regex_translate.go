package value

import (
	"regexp"
	"strings"

	"github.com/vpnsql/vpnsql/pgerr"
)

// regexSyntax is a PostgreSQL ARE rewritten for the two engines: RE2
// (linear time) when the pattern needs nothing else, a backtracking engine
// when it uses back-references, lookahead or lookbehind constraints or the
// word anchors \m \M [[:<:]] [[:>:]].
type regexSyntax struct {
	re2       string // RE2 pattern, flags included
	bt        string // backtracking (.NET syntax) pattern
	backtrack bool
	// For the backtracking engine's options.
	ci, dotNL, anchorNL bool
}

// translateRegex reads PostgreSQL's regex language: the ***: and ***=
// directors, embedded options (?...) at the start, the function flags
// (i c n m s p w x q e t), and the escapes the engines spell differently.
func translateRegex(p, flags string) (regexSyntax, error) {
	out := regexSyntax{dotNL: true}
	literal, expanded := false, false
	apply := func(opts string) error {
		for _, f := range opts {
			switch f {
			case 'i':
				out.ci = true
			case 'c':
				out.ci = false
			case 'n', 'm': // newline-sensitive
				out.dotNL, out.anchorNL = false, true
			case 's':
				out.dotNL, out.anchorNL = true, false
			case 'p':
				out.dotNL, out.anchorNL = false, false
			case 'w':
				out.dotNL, out.anchorNL = true, true
			case 'x':
				expanded = true
			case 'q':
				literal = true
			case 'e', 't', 'g':
			case 'b':
				return pgerr.New(pgerr.FeatureNotSupported, "basic regular expressions (flag b) are not supported")
			default:
				return pgerr.New(pgerr.InvalidParameterValue, "invalid regular expression option: \"%c\"", f)
			}
		}
		return nil
	}
	if err := apply(flags); err != nil {
		return out, err
	}
	switch {
	case strings.HasPrefix(p, "***="):
		p, literal = p[4:], true
	case strings.HasPrefix(p, "***:"):
		p = p[4:]
	}
	if !literal && len(p) > 2 && strings.HasPrefix(p, "(?") && isLetter(p[2]) {
		end := strings.IndexByte(p, ')')
		if end < 0 || strings.Trim(p[2:end], "bceimnpqstwx") != "" {
			return out, pgerr.New(pgerr.InvalidRegularExpression, "invalid regular expression: invalid embedded option")
		}
		if err := apply(p[2:end]); err != nil {
			return out, err
		}
		p = p[end+1:]
	}
	var re2, bt strings.Builder
	emit := func(s string) { re2.WriteString(s); bt.WriteString(s) }
	if literal {
		emit(regexp.QuoteMeta(p))
	} else {
		for i := 0; i < len(p); i++ {
			c := p[i]
			switch {
			case expanded && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			case expanded && c == '#':
				for i < len(p) && p[i] != '\n' {
					i++
				}
			case c == '\\' && i+1 < len(p):
				i++
				switch e := p[i]; {
				case e >= '1' && e <= '9':
					out.backtrack = true
					emit(p[i-1 : i+1])
				case e == 'm':
					out.backtrack = true
					emit(`\b(?=\w)`)
				case e == 'M':
					out.backtrack = true
					emit(`\b(?<=\w)`)
				case e == 'y':
					emit(`\b`)
				case e == 'Y':
					emit(`\B`)
				case e == 'Z':
					emit(`\z`)
				default:
					emit(p[i-1 : i+1])
				}
			case strings.HasPrefix(p[i:], "[[:<:]]"):
				out.backtrack = true
				emit(`\b(?=\w)`)
				i += 6
			case strings.HasPrefix(p[i:], "[[:>:]]"):
				out.backtrack = true
				emit(`\b(?<=\w)`)
				i += 6
			case c == '[':
				end := bracketEnd(p, i)
				emit(p[i:end])
				i = end - 1
			case c == '(' && (strings.HasPrefix(p[i:], "(?=") || strings.HasPrefix(p[i:], "(?!") ||
				strings.HasPrefix(p[i:], "(?<=") || strings.HasPrefix(p[i:], "(?<!")):
				out.backtrack = true
				emit("(")
			case c == '$' && !out.anchorNL:
				// .NET's $ also matches before a final newline.
				re2.WriteByte('$')
				bt.WriteString(`\z`)
			default:
				emit(p[i : i+1])
			}
		}
	}
	var fl string
	if out.ci {
		fl += "i"
	}
	if out.dotNL {
		fl += "s"
	}
	if out.anchorNL {
		fl += "m"
	}
	out.re2, out.bt = re2.String(), bt.String()
	if fl != "" {
		out.re2 = "(?" + fl + ")" + out.re2
	}
	// (In newline-sensitive mode PostgreSQL's [^a] does not match a
	// newline either; both engines' does. Rare enough to leave.)
	return out, nil
}

// bracketEnd is the index after the bracket expression starting at i:
// a ] right after [ or [^ is a member, [:class:] [=x=] [.x.] nest, and a
// backslash escapes (ARE).
func bracketEnd(p string, i int) int {
	j := i + 1
	if j < len(p) && p[j] == '^' {
		j++
	}
	if j < len(p) && p[j] == ']' {
		j++
	}
	for j < len(p) {
		switch {
		case p[j] == '\\' && j+1 < len(p):
			j += 2
			continue
		case p[j] == '[' && j+1 < len(p) && strings.IndexByte(":=.", p[j+1]) >= 0:
			if end := strings.Index(p[j+2:], string(p[j+1])+"]"); end >= 0 {
				j += end + 4
				continue
			}
		case p[j] == ']':
			return j + 1
		}
		j++
	}
	return len(p)
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
