package bind

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
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
func hasAggregate(m protoreflect.Message) bool {
	switch v := m.Interface().(type) {
	case *pg_query.FuncCall:
		if _, ok := funcs.Builtin().Aggregates[funcName(v)]; ok && v.Over == nil {
			return true
		}
	case *pg_query.SubLink, *pg_query.SelectStmt:
		return false
	}
	found := false
	m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		switch {
		case fd.IsList() && fd.Message() != nil:
			l := val.List()
			for i := 0; i < l.Len() && !found; i++ {
				found = hasAggregate(l.Get(i).Message())
			}
		case fd.Message() != nil && !fd.IsMap():
			found = hasAggregate(val.Message())
		}
		return !found
	})
	return found
}

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
func sameExpression(a, b *pg_query.Node) bool {
	return proto.Equal(withoutLocations(a), withoutLocations(b))
}

func withoutLocations(n *pg_query.Node) proto.Message {
	c := proto.Clone(n)
	clearLocations(c.ProtoReflect())
	return c
}

func clearLocations(m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		switch {
		case fd.Name() == "location" && fd.Kind() == protoreflect.Int32Kind:
			m.Clear(fd)
		case fd.IsList() && fd.Message() != nil:
			l := val.List()
			for i := 0; i < l.Len(); i++ {
				clearLocations(l.Get(i).Message())
			}
		case fd.Message() != nil && !fd.IsMap():
			clearLocations(val.Message())
		}
		return true
	})
}
