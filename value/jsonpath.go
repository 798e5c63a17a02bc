package value

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"strings"

	"github.com/vpnsql/vpnsql/pgerr"
)

// JSONPathEval evaluates path expressions over JSON trees.
type JSONPathEval struct {
	Root   any
	Strict bool
}

// Items evaluates an expression to its sequence of items.
func (ev *JSONPathEval) Items(n *jpNode, cur any, last int) ([]any, error) {
	var seq []any
	switch n.kind {
	case "root":
		seq = []any{ev.Root}
	case "current":
		seq = []any{cur}
	case "last":
		seq = []any{json.Number(strconv.Itoa(last))}
	case "lit":
		seq = []any{n.lit}
	case "paren":
		s, err := ev.Items(n.subs[0], cur, last)
		if err != nil {
			return nil, err
		}
		seq = s
	case "neg", "op":
		if n.kind == "op" && (n.op == "&&" || n.op == "||" || strings.Contains("== != < <= > >=", n.op)) {
			r := ev.pred(n, cur, last)
			if r == nil {
				return []any{nil}, nil
			}
			return []any{*r}, nil
		}
		return ev.arith(n, cur, last)
	default:
		r := ev.pred(n, cur, last)
		if r == nil {
			return []any{nil}, nil
		}
		return []any{*r}, nil
	}
	for _, st := range n.steps {
		var next []any
		for _, v := range seq {
			out, err := ev.step(st, v)
			if err != nil {
				return nil, err
			}
			next = append(next, out...)
		}
		seq = next
	}
	return seq, nil
}

func (ev *JSONPathEval) step(st *jpNode, v any) ([]any, error) {
	switch st.kind {
	case "key":
		switch x := v.(type) {
		case map[string]any:
			if e, ok := x[st.key]; ok {
				return []any{e}, nil
			}
			if ev.Strict {
				return nil, pgerr.New(pgerr.SqlJsonMemberNotFound, "JSON object does not contain key %q", st.key)
			}
		case []any:
			if !ev.Strict {
				var out []any
				for _, el := range x {
					r, err := ev.step(st, el)
					if err != nil {
						return nil, err
					}
					out = append(out, r...)
				}
				return out, nil
			}
			return nil, pgerr.New(pgerr.SqlJsonMemberNotFound, "jsonpath member accessor can only be applied to an object")
		default:
			if ev.Strict {
				return nil, pgerr.New(pgerr.SqlJsonMemberNotFound, "jsonpath member accessor can only be applied to an object")
			}
		}
		return nil, nil
	case "anykey":
		switch x := v.(type) {
		case map[string]any:
			var out []any
			for _, k := range SortedKeys(x) {
				out = append(out, x[k])
			}
			return out, nil
		case []any:
			if !ev.Strict {
				var out []any
				for _, el := range x {
					r, _ := ev.step(st, el)
					out = append(out, r...)
				}
				return out, nil
			}
		}
		return nil, nil
	case "anyindex":
		if arr, ok := v.([]any); ok {
			return arr, nil
		}
		if ev.Strict {
			return nil, pgerr.New(pgerr.SqlJsonArrayNotFound, "jsonpath wildcard array accessor can only be applied to an array")
		}
		return []any{v}, nil
	case "index":
		arr, ok := v.([]any)
		if !ok {
			if ev.Strict {
				return nil, pgerr.New(pgerr.SqlJsonArrayNotFound, "jsonpath array accessor can only be applied to an array")
			}
			arr = []any{v}
		}
		var out []any
		for i := 0; i < len(st.subs); i += 2 {
			from, err := ev.index(st.subs[i], v, len(arr)-1)
			if err != nil {
				return nil, err
			}
			to, err := ev.index(st.subs[i+1], v, len(arr)-1)
			if err != nil {
				return nil, err
			}
			for k := from; k <= to; k++ {
				if k >= 0 && k < len(arr) {
					out = append(out, arr[k])
				} else if ev.Strict {
					return nil, pgerr.New(pgerr.InvalidSqlJsonSubscript, "jsonpath array subscript is out of bounds")
				}
			}
		}
		return out, nil
	case "filter":
		items := []any{v}
		if arr, ok := v.([]any); ok && !ev.Strict {
			items = arr
		}
		var out []any
		for _, it := range items {
			if r := ev.pred(st.subs[0], it, 0); r != nil && *r {
				out = append(out, it)
			}
		}
		return out, nil
	case "method":
		return ev.method(st.key, v)
	}
	return nil, nil
}

func (ev *JSONPathEval) index(n *jpNode, cur any, last int) (int, error) {
	s, err := ev.Items(n, cur, last)
	if err != nil {
		return 0, err
	}
	if len(s) != 1 {
		return 0, pgerr.New(pgerr.InvalidSqlJsonSubscript, "jsonpath array subscript is not a single numeric value")
	}
	f, ok := jpNumber(s[0])
	if !ok {
		return 0, pgerr.New(pgerr.InvalidSqlJsonSubscript, "jsonpath array subscript is not a single numeric value")
	}
	return int(math.Trunc(f)), nil
}

func jpNumber(v any) (float64, bool) {
	if n, ok := v.(json.Number); ok {
		f, err := strconv.ParseFloat(string(n), 64)
		return f, err == nil
	}
	return 0, false
}

func (ev *JSONPathEval) method(name string, v any) ([]any, error) {
	if arr, ok := v.([]any); ok && !ev.Strict && name != "size" && name != "type" {
		var out []any
		for _, el := range arr {
			r, err := ev.method(name, el)
			if err != nil {
				return nil, err
			}
			out = append(out, r...)
		}
		return out, nil
	}
	switch name {
	case "type":
		return []any{JSONTypeName(v)}, nil
	case "size":
		if arr, ok := v.([]any); ok {
			return []any{json.Number(strconv.Itoa(len(arr)))}, nil
		}
		return []any{json.Number("1")}, nil
	case "double", "abs", "floor", "ceiling":
		f, ok := jpNumber(v)
		if !ok {
			if s, isStr := v.(string); isStr && name == "double" {
				var err error
				if f, err = strconv.ParseFloat(s, 64); err == nil {
					ok = true
				}
			}
		}
		if !ok {
			return nil, pgerr.New(pgerr.NonNumericSqlJsonItem, "jsonpath item method .%s() can only be applied to a numeric value", name)
		}
		switch name {
		case "abs":
			f = math.Abs(f)
		case "floor":
			f = math.Floor(f)
		case "ceiling":
			f = math.Ceil(f)
		}
		return []any{json.Number(FormatFloat(f))}, nil
	case "keyvalue":
		m, ok := v.(map[string]any)
		if !ok {
			return nil, pgerr.New(pgerr.SqlJsonObjectNotFound, "jsonpath item method .keyvalue() can only be applied to an object")
		}
		var out []any
		for _, k := range SortedKeys(m) {
			out = append(out, map[string]any{"key": k, "value": m[k], "id": json.Number("0")})
		}
		return out, nil
	}
	return nil, pgerr.New(pgerr.SyntaxError, "syntax error at or near %q of jsonpath input", name)
}

// arith is + - * / % and unary minus over single numbers.
func (ev *JSONPathEval) arith(n *jpNode, cur any, last int) ([]any, error) {
	var vals []float64
	for _, s := range n.subs {
		items, err := ev.Items(s, cur, last)
		if err != nil {
			return nil, err
		}
		if len(items) != 1 {
			return nil, pgerr.New(pgerr.SingletonSqlJsonItemRequired, "left operand of jsonpath operator %s is not a single numeric value", n.op)
		}
		f, ok := jpNumber(items[0])
		if !ok {
			return nil, pgerr.New(pgerr.SingletonSqlJsonItemRequired, "left operand of jsonpath operator %s is not a single numeric value", n.op)
		}
		vals = append(vals, f)
	}
	var r float64
	if n.kind == "neg" {
		r = -vals[0]
	} else {
		a, b := vals[0], vals[1]
		switch n.op {
		case "+":
			r = a + b
		case "-":
			r = a - b
		case "*":
			r = a * b
		case "/", "%":
			if b == 0 {
				return nil, pgerr.New(pgerr.DivisionByZero, "division by zero")
			}
			if n.op == "/" {
				r = a / b
			} else {
				r = math.Mod(a, b)
			}
		}
	}
	return []any{json.Number(FormatFloat(r))}, nil
}

// pred evaluates a predicate: true, false, or nil for unknown.
func (ev *JSONPathEval) pred(n *jpNode, cur any, last int) *bool {
	t, f := true, false
	switch n.kind {
	case "not":
		r := ev.pred(n.subs[0], cur, last)
		if r == nil {
			return nil
		}
		v := !*r
		return &v
	case "exists":
		items, err := ev.Items(n.subs[0], cur, last)
		if err != nil {
			return nil
		}
		if len(items) > 0 {
			return &t
		}
		return &f
	case "unknown":
		if ev.pred(n.subs[0], cur, last) == nil {
			return &t
		}
		return &f
	case "paren":
		return ev.pred(n.subs[0], cur, last)
	case "like", "starts":
		items, err := ev.Items(n.subs[0], cur, last)
		if err != nil {
			return nil
		}
		var prefix string
		if n.kind == "starts" {
			ps, err := ev.Items(n.subs[1], cur, last)
			if err != nil || len(ps) != 1 {
				return nil
			}
			s, ok := ps[0].(string)
			if !ok {
				return nil
			}
			prefix = s
		}
		found, unknown := false, false
		for _, it := range items {
			s, ok := it.(string)
			if !ok {
				unknown = true
				continue
			}
			if n.kind == "like" {
				// No statement context reaches a path: a backtracking
				// pattern is bounded by backtrackMaxMatch alone, and one
				// that exceeds it is unknown, as a path's errors are.
				m, err := n.re.Match(MatchBudget{}, s)
				if err != nil {
					unknown = true
				}
				found = found || m
			} else if strings.HasPrefix(s, prefix) {
				found = true
			}
		}
		switch {
		case found:
			return &t
		case unknown:
			return nil
		}
		return &f
	case "op":
		switch n.op {
		case "&&", "||":
			l := ev.pred(n.subs[0], cur, last)
			r := ev.pred(n.subs[1], cur, last)
			and := n.op == "&&"
			switch {
			case l != nil && *l != and:
				return l
			case r != nil && *r != and:
				return r
			case l == nil || r == nil:
				return nil
			}
			return l
		}
		return ev.compare(n, cur, last)
	}
	// A bare path used as a predicate is true when it yields a true item.
	items, err := ev.Items(n, cur, last)
	if err != nil || len(items) != 1 {
		return nil
	}
	if b, ok := items[0].(bool); ok {
		return &b
	}
	return nil
}

// compare is an existential comparison: true if any pair of items
// compares true; unknown if a pair cannot be compared and none is true.
func (ev *JSONPathEval) compare(n *jpNode, cur any, last int) *bool {
	t, f := true, false
	ls, err := ev.Items(n.subs[0], cur, last)
	if err != nil {
		return nil
	}
	rs, err := ev.Items(n.subs[1], cur, last)
	if err != nil {
		return nil
	}
	unwrap := func(xs []any) []any {
		if ev.Strict {
			return xs
		}
		var out []any
		for _, x := range xs {
			if arr, ok := x.([]any); ok {
				out = append(out, arr...)
			} else {
				out = append(out, x)
			}
		}
		return out
	}
	ls, rs = unwrap(ls), unwrap(rs)
	unknown := false
	for _, l := range ls {
		for _, r := range rs {
			c, ok := jpCompareItems(l, r)
			if !ok {
				unknown = true
				continue
			}
			var res bool
			switch n.op {
			case "==":
				res = c == 0
			case "!=":
				res = c != 0
			case "<":
				res = c < 0
			case "<=":
				res = c <= 0
			case ">":
				res = c > 0
			case ">=":
				res = c >= 0
			}
			if res {
				return &t
			}
		}
	}
	if unknown {
		return nil
	}
	return &f
}

// jpCompareItems compares two scalars of one kind (null equals only
// null; objects and arrays do not compare).
func jpCompareItems(a, b any) (int, bool) {
	switch x := a.(type) {
	case nil:
		if b == nil {
			return 0, true
		}
		switch b.(type) {
		case string, json.Number, bool:
			return 1, true // null is unequal to any scalar
		}
		return 0, false
	case string:
		switch y := b.(type) {
		case string:
			return strings.Compare(x, y), true
		case nil:
			return 1, true
		}
	case json.Number:
		switch y := b.(type) {
		case json.Number:
			fa, _ := new(big.Float).SetString(string(x))
			fb, _ := new(big.Float).SetString(string(y))
			if fa == nil || fb == nil {
				return 0, false
			}
			return fa.Cmp(fb), true
		case nil:
			return 1, true
		}
	case bool:
		switch y := b.(type) {
		case bool:
			return CmpOrdered(map[bool]int64{false: 0, true: 1}[x], map[bool]int64{false: 0, true: 1}[y]), true
		case nil:
			return 1, true
		}
	}
	return 0, false
}
