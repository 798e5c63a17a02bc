package value

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/vpnsql/vpnsql/pgerr"
)

// FormatNumber is to_char for numbers.
func FormatNumber(v any, f string) (any, error) {
	var r *big.Rat
	// special is NaN or Infinity, which to_char lays out as numeric_out's
	// text in the integer positions (or #s when it does not fit), as
	// PostgreSQL's numeric_to_char and float8_to_char do.
	special, specialNeg := "", false
	switch x := v.(type) {
	case int64:
		r = new(big.Rat).SetInt64(x)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			special, specialNeg = FormatFloat(math.Abs(x)), x < 0
			break
		}
		r = new(big.Rat)
		if _, ok := r.SetString(strconv.FormatFloat(x, 'g', 15, 64)); !ok {
			return strings.Repeat("#", len(f)), nil
		}
	case pgtype.Numeric:
		if IsSpecial(x) && strings.Contains(strings.ToUpper(f), "RN") {
			return nil, specialToInt(x, Int4) // roman numerals go through int4
		}
		if IsSpecial(x) {
			special, specialNeg = string(AppendNumeric(nil, NumericAbs(x))), x.InfinityModifier == pgtype.NegativeInfinity
			break
		}
		r, _ = ToRat(x)
	default:
		return nil, pgerr.New(pgerr.FeatureNotSupported, "to_char of %T is not supported", v)
	}
	fm := strings.Contains(strings.ToUpper(f), "FM")
	tmpl := strings.NewReplacer("FM", "", "fm", "").Replace(f)
	upper := strings.ToUpper(tmpl)
	if strings.Contains(upper, "EEEE") {
		if special != "" {
			return specialSci(upper), nil
		}
		return formatSci(r, tmpl)
	}
	// Count digit positions before and after the point.
	intDigits, fracDigits, seenPoint := 0, 0, false
	for i := 0; i < len(upper); i++ {
		switch c := upper[i]; {
		case c == '9' || c == '0':
			if seenPoint {
				fracDigits++
			} else {
				intDigits++
			}
		case c == '.' || c == 'D':
			seenPoint = true
		}
	}
	neg, intPart, fracPart := specialNeg, special, ""
	if special == "" {
		neg = r.Sign() < 0
		digits := new(big.Rat).Abs(r).FloatString(fracDigits) // rounded half away from zero
		intPart, fracPart, _ = strings.Cut(digits, ".")
		if intPart == "0" && !strings.Contains(upper[:strings.IndexAny(upper+".", ".D")], "0") {
			intPart = ""
		}
	}
	overflow := len(intPart) > intDigits
	// Fill the template right to left for the integer part.
	var out []byte
	ip := intPart
	signDone := false
	leadingZeroAt := strings.Index(upper, "0")
	pointAt := strings.IndexAny(upper, ".D")
	if pointAt < 0 {
		pointAt = len(upper)
	}
	// integer positions
	var intOut []byte
	k := len(ip) - 1
	for i := pointAt - 1; i >= 0; i-- {
		c := upper[i]
		switch c {
		case '9', '0':
			switch {
			case overflow:
				intOut = append(intOut, '#')
			case k >= 0:
				intOut = append(intOut, ip[k])
				k--
			case c == '0' || (leadingZeroAt >= 0 && i >= leadingZeroAt):
				intOut = append(intOut, '0')
			default:
				intOut = append(intOut, ' ')
			}
		case ',', 'G':
			if k >= 0 || overflow {
				intOut = append(intOut, ',')
			} else {
				intOut = append(intOut, ' ')
			}
		}
	}
	for i, j := 0, len(intOut)-1; i < j; i, j = i+1, j-1 {
		intOut[i], intOut[j] = intOut[j], intOut[i]
	}
	// Sign handling: a leading space (or -) unless S, MI, PL, SG, PR place it.
	signChar := byte(' ')
	if neg {
		signChar = '-'
	}
	hasSignPattern := strings.ContainsAny(upper, "S") || strings.Contains(upper, "MI") || strings.Contains(upper, "PL") || strings.Contains(upper, "PR")
	if !hasSignPattern {
		// The sign goes just before the first digit shown.
		pos := 0
		for pos < len(intOut) && intOut[pos] == ' ' {
			pos++
		}
		intOut = append(intOut[:pos], append([]byte{signChar}, intOut[pos:]...)...)
		signDone = true
	}
	out = append(out, intOut...)
	// A special value that fits has no point and no fraction digits.
	if pointAt < len(upper) && (special == "" || overflow) {
		out = append(out, '.')
		fp := fracPart
		m := 0
		for i := pointAt + 1; i < len(upper); i++ {
			if upper[i] == '9' || upper[i] == '0' {
				switch {
				case overflow:
					out = append(out, '#')
				case m < len(fp):
					out = append(out, fp[m])
				default:
					out = append(out, '0')
				}
				m++
			}
		}
	}
	res := string(out)
	if !signDone {
		switch {
		case strings.HasPrefix(upper, "S"):
			res = strings.TrimLeft(res, " ")
			s := "+"
			if neg {
				s = "-"
			}
			res = s + res
			res = strings.Repeat(" ", max(0, len(out)-len(res)+1)) + res
		case strings.Contains(upper, "MI"):
			if neg {
				res += "-"
			} else {
				res += " "
			}
		case strings.Contains(upper, "PR"):
			if neg {
				res = "<" + strings.TrimLeft(res, " ") + ">"
				res = strings.Repeat(" ", max(0, len(out)+2-len(res))) + res
			} else {
				res = " " + res + " "
			}
		case strings.Contains(upper, "PL"):
			if neg {
				res = "-" + res
			} else {
				res = "+" + res
			}
		}
	}
	if strings.Contains(upper, "TH") && !neg && special == "" {
		n, _ := strconv.Atoi(strings.TrimSpace(intPart))
		res += ordinal(n, strings.Contains(tmpl, "TH"))
	}
	if fm {
		res = strings.TrimLeft(res, " ")
		if strings.Contains(res, ".") && !strings.Contains(upper[pointAt:], "0") {
			res = strings.TrimRight(res, "0")
			res = strings.TrimSuffix(res, ".")
		}
	}
	return res, nil
}

// specialSci is the EEEE form of NaN and Infinity: #s in the shape of
// d.dde+NN with a leading space.
func specialSci(upper string) string {
	pre, post := 0, 0
	point := strings.IndexAny(upper, ".D")
	for i, c := range upper {
		if c == '9' || c == '0' {
			if point >= 0 && i > point {
				post++
			} else {
				pre++
			}
		}
	}
	return " " + strings.Repeat("#", pre) + "." + strings.Repeat("#", post+4)
}

// formatSci is the EEEE form: d.dde+NN.
func formatSci(r *big.Rat, tmpl string) (any, error) {
	upper := strings.ToUpper(tmpl)
	frac := 0
	if i := strings.IndexAny(upper, ".D"); i >= 0 {
		for _, c := range upper[i+1:] {
			if c == '9' || c == '0' {
				frac++
			}
		}
	}
	f, _ := r.Float64()
	s := strconv.FormatFloat(f, 'e', frac, 64)
	if f >= 0 {
		s = " " + s
	}
	return s, nil
}
