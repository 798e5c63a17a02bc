package bind

import (
	"bytes"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/vpnsql/vpnsql/executor/funcs"
)

// visitNodes calls fn for every RangeVar in the tree.
func visitNodes(m protoreflect.Message, fn func(*pg_query.RangeVar)) {
	if rv, ok := m.Interface().(*pg_query.RangeVar); ok {
		fn(rv)
	}
	m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := val.List()
			for i := 0; i < l.Len(); i++ {
				visitNodes(l.Get(i).Message(), fn)
			}
		case fd.Message() != nil && !fd.IsMap():
			visitNodes(val.Message(), fn)
		}
		return true
	})
}

// hasAggregate reports whether the tree calls an aggregate at this query
// level (subqueries are their own level and are skipped).
func hasAggregate(m protoreflect.Message) bool { return findAggregate(m) != nil }

// findAggregate is the first aggregate call at this query level, or nil.
func findAggregate(m protoreflect.Message) *pg_query.FuncCall {
	switch v := m.Interface().(type) {
	case *pg_query.Node:
		// The common kinds without reflection (a simple statement is
		// planned at every run): the rest are walked below.
		switch x := v.GetNode().(type) {
		case nil, *pg_query.Node_ColumnRef, *pg_query.Node_AConst, *pg_query.Node_ParamRef:
			return nil
		case *pg_query.Node_AExpr:
			if f := findAggregateIn(x.AExpr.Lexpr); f != nil {
				return f
			}
			return findAggregateIn(x.AExpr.Rexpr)
		}
	case *pg_query.FuncCall:
		if _, ok := funcs.Builtin().Aggregates[funcName(v)]; ok && v.Over == nil {
			return v
		}
	case *pg_query.SubLink, *pg_query.SelectStmt:
		return nil
	}
	var found *pg_query.FuncCall
	m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := val.List()
			for i := 0; i < l.Len() && found == nil; i++ {
				found = findAggregate(l.Get(i).Message())
			}
		case fd.Message() != nil && !fd.IsMap():
			found = findAggregate(val.Message())
		}
		return found == nil
	})
	return found
}

func findAggregateIn(n *pg_query.Node) *pg_query.FuncCall {
	if n == nil {
		return nil
	}
	return findAggregate(n.ProtoReflect())
}

func hasAggregateIn(n *pg_query.Node) bool { return findAggregateIn(n) != nil }

func anyAggregate(targets []*pg_query.ResTarget) bool {
	for _, t := range targets {
		if hasAggregate(t.Val.ProtoReflect()) {
			return true
		}
	}
	return false
}

func sortHasAggregate(items []*pg_query.Node) bool {
	for _, n := range items {
		if hasAggregate(n.ProtoReflect()) {
			return true
		}
	}
	return false
}

// sameExpression compares two parse trees ignoring token locations, as
// PostgreSQL matches a select-list expression to a GROUP BY expression.
// It walks both trees at once: the planner asks it for every pair of a
// select list and a GROUP BY or ORDER BY, and cloning the trees to clear
// their locations cost catalog queries a seventh of their planning.
func sameExpression(a, b *pg_query.Node) bool {
	// Most select-list and ORDER BY items are column references: compared
	// without reflection.
	if ca, cb := a.GetColumnRef(), b.GetColumnRef(); ca != nil || cb != nil {
		if ca == nil || cb == nil || len(ca.Fields) != len(cb.Fields) {
			return false
		}
		for i, f := range ca.Fields {
			g := cb.Fields[i]
			if f.GetAStar() != nil || g.GetAStar() != nil {
				if f.GetAStar() == nil || g.GetAStar() == nil {
					return false
				}
				continue
			}
			if f.GetString_() == nil || g.GetString_() == nil || f.GetString_().Sval != g.GetString_().Sval {
				return false
			}
		}
		return true
	}
	return sameMessage(a.ProtoReflect(), b.ProtoReflect())
}

func sameMessage(a, b protoreflect.Message) bool {
	if a.Descriptor() != b.Descriptor() {
		return false
	}
	fields := a.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if fd.Name() == "location" && fd.Kind() == protoreflect.Int32Kind {
			continue
		}
		has := a.Has(fd)
		if has != b.Has(fd) {
			return false
		}
		if !has {
			continue
		}
		va, vb := a.Get(fd), b.Get(fd)
		switch {
		case fd.IsMap():
			return false // pg_query's messages have none
		case fd.IsList():
			la, lb := va.List(), vb.List()
			if la.Len() != lb.Len() {
				return false
			}
			for j := 0; j < la.Len(); j++ {
				if !sameValue(fd, la.Get(j), lb.Get(j)) {
					return false
				}
			}
		default:
			if !sameValue(fd, va, vb) {
				return false
			}
		}
	}
	return true
}

func sameValue(fd protoreflect.FieldDescriptor, a, b protoreflect.Value) bool {
	switch fd.Kind() {
	case protoreflect.MessageKind, protoreflect.GroupKind:
		return sameMessage(a.Message(), b.Message())
	case protoreflect.BytesKind:
		return bytes.Equal(a.Bytes(), b.Bytes())
	}
	return a.Interface() == b.Interface()
}
