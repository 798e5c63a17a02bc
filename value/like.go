package value

import (
	"github.com/vpnsql/vpnsql/pgerr"
)

type likeResult int

const (
	likeFalse likeResult = iota
	LikeTrue
	likeAbort // the text ran out: no shorter suffix can match either
)

var errLikeEscape = pgerr.New(pgerr.InvalidEscapeSequence, "LIKE pattern must not end with escape character")

// LikeMatch matches text against pattern with escape character esc (0 for
// none).
func LikeMatch(text, pattern []rune, esc rune) (likeResult, error) {
	t, p := text, pattern
	for len(t) > 0 && len(p) > 0 {
		switch {
		case esc != 0 && p[0] == esc:
			if len(p) == 1 {
				return likeFalse, errLikeEscape
			}
			p = p[1:]
			if p[0] != t[0] {
				return likeFalse, nil
			}
		case p[0] == '%':
			// Skip a run of % and _; each _ consumes one character.
			for len(p) > 0 && (p[0] == '%' || p[0] == '_') {
				if p[0] == '_' {
					if len(t) == 0 {
						return likeAbort, nil
					}
					t = t[1:]
				}
				p = p[1:]
			}
			if len(p) == 0 {
				return LikeTrue, nil
			}
			first := p[0]
			if esc != 0 && first == esc {
				if len(p) == 1 {
					return likeFalse, errLikeEscape
				}
				first = p[1]
			}
			for len(t) > 0 {
				if t[0] == first {
					r, err := LikeMatch(t, p, esc)
					if err != nil || r != likeFalse {
						return r, err
					}
				}
				t = t[1:]
			}
			return likeAbort, nil
		case p[0] == '_':
		case p[0] != t[0]:
			return likeFalse, nil
		}
		t, p = t[1:], p[1:]
	}
	if len(t) > 0 {
		return likeFalse, nil
	}
	for len(p) > 0 && p[0] == '%' {
		p = p[1:]
	}
	if len(p) == 0 {
		return LikeTrue, nil
	}
	return likeAbort, nil
}
