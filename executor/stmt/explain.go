package stmt

import (
	"fmt"
	"strings"

	"github.com/vpnsql/vpnsql/pgerr"
)

// Explain is a bound EXPLAIN: its options and the statement it explains.
type Explain struct {
	Analyze, Verbose, JSON bool
	Target                 *Statement
}

// BindExplain reads EXPLAIN's options; the options vpnsql has nothing to
// show for (costs, buffers, ...) are accepted and change nothing.
func BindExplain(st *Statement) (Explain, error) {
	ex := st.node.GetExplainStmt()
	out := Explain{Target: newStatement(st.SQL, st.Text, ex.Query)}
	for _, o := range ex.Options {
		d := o.GetDefElem()
		val := "true"
		if d.Arg != nil {
			switch {
			case d.Arg.GetString_() != nil:
				val = strings.ToLower(d.Arg.GetString_().GetSval())
			case d.Arg.GetBoolean() != nil:
				val = fmt.Sprint(d.Arg.GetBoolean().GetBoolval())
			case d.Arg.GetInteger() != nil:
				val = fmt.Sprint(d.Arg.GetInteger().GetIval() != 0)
			}
		}
		on := val == "true" || val == "on" || val == "1"
		switch strings.ToLower(d.Defname) {
		case "analyze":
			out.Analyze = on
		case "verbose":
			out.Verbose = on
		case "format":
			switch val {
			case "text":
			case "json":
				out.JSON = true
			default:
				return out, pgerr.New(pgerr.FeatureNotSupported, "EXPLAIN format %q is not supported", val)
			}
		case "costs", "buffers", "timing", "summary", "settings", "wal":
		default:
			return out, pgerr.New(pgerr.SyntaxError, "unrecognized EXPLAIN option %q", d.Defname)
		}
	}
	return out, nil
}
