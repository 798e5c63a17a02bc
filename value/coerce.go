package value

// Implicit coercion, as PostgreSQL's can_coerce_type decides it for
// COERCION_IMPLICIT (parse_coerce.c): the rules select_common_type uses
// to resolve CASE, COALESCE, UNION and the other constructs whose
// branches must agree on one type.

// implicitCasts are PostgreSQL 15's pg_cast rows with castcontext 'i'
// between the types this package knows (castsource, casttarget OIDs).
// catalog/pgcatalog's TestImplicitCasts_MatchPgCast checks the list
// against the pg_cast rows dumped from PostgreSQL 15.
var implicitCasts = map[[2]uint32]bool{
	{18, 25}:     true, // "char" -> text
	{19, 25}:     true, // name -> text
	{20, 24}:     true, // bigint -> regproc
	{20, 26}:     true, // bigint -> oid
	{20, 700}:    true, // bigint -> real
	{20, 701}:    true, // bigint -> double precision
	{20, 1700}:   true, // bigint -> numeric
	{20, 2202}:   true, // bigint -> regprocedure
	{20, 2203}:   true, // bigint -> regoper
	{20, 2204}:   true, // bigint -> regoperator
	{20, 2205}:   true, // bigint -> regclass
	{20, 2206}:   true, // bigint -> regtype
	{20, 3734}:   true, // bigint -> regconfig
	{20, 3769}:   true, // bigint -> regdictionary
	{20, 4089}:   true, // bigint -> regnamespace
	{20, 4096}:   true, // bigint -> regrole
	{20, 4191}:   true, // bigint -> regcollation
	{21, 20}:     true, // smallint -> bigint
	{21, 23}:     true, // smallint -> integer
	{21, 24}:     true, // smallint -> regproc
	{21, 26}:     true, // smallint -> oid
	{21, 700}:    true, // smallint -> real
	{21, 701}:    true, // smallint -> double precision
	{21, 1700}:   true, // smallint -> numeric
	{21, 2202}:   true, // smallint -> regprocedure
	{21, 2203}:   true, // smallint -> regoper
	{21, 2204}:   true, // smallint -> regoperator
	{21, 2205}:   true, // smallint -> regclass
	{21, 2206}:   true, // smallint -> regtype
	{21, 3734}:   true, // smallint -> regconfig
	{21, 3769}:   true, // smallint -> regdictionary
	{21, 4089}:   true, // smallint -> regnamespace
	{21, 4096}:   true, // smallint -> regrole
	{21, 4191}:   true, // smallint -> regcollation
	{23, 20}:     true, // integer -> bigint
	{23, 24}:     true, // integer -> regproc
	{23, 26}:     true, // integer -> oid
	{23, 700}:    true, // integer -> real
	{23, 701}:    true, // integer -> double precision
	{23, 1700}:   true, // integer -> numeric
	{23, 2202}:   true, // integer -> regprocedure
	{23, 2203}:   true, // integer -> regoper
	{23, 2204}:   true, // integer -> regoperator
	{23, 2205}:   true, // integer -> regclass
	{23, 2206}:   true, // integer -> regtype
	{23, 3734}:   true, // integer -> regconfig
	{23, 3769}:   true, // integer -> regdictionary
	{23, 4089}:   true, // integer -> regnamespace
	{23, 4096}:   true, // integer -> regrole
	{23, 4191}:   true, // integer -> regcollation
	{24, 26}:     true, // regproc -> oid
	{24, 2202}:   true, // regproc -> regprocedure
	{25, 19}:     true, // text -> name
	{25, 1042}:   true, // text -> character
	{25, 1043}:   true, // text -> character varying
	{25, 2205}:   true, // text -> regclass
	{26, 24}:     true, // oid -> regproc
	{26, 2202}:   true, // oid -> regprocedure
	{26, 2203}:   true, // oid -> regoper
	{26, 2204}:   true, // oid -> regoperator
	{26, 2205}:   true, // oid -> regclass
	{26, 2206}:   true, // oid -> regtype
	{26, 3734}:   true, // oid -> regconfig
	{26, 3769}:   true, // oid -> regdictionary
	{26, 4089}:   true, // oid -> regnamespace
	{26, 4096}:   true, // oid -> regrole
	{26, 4191}:   true, // oid -> regcollation
	{194, 25}:    true, // pg_node_tree -> text
	{650, 869}:   true, // cidr -> inet
	{700, 701}:   true, // real -> double precision
	{1042, 19}:   true, // character -> name
	{1042, 25}:   true, // character -> text
	{1042, 1042}: true, // character -> character
	{1042, 1043}: true, // character -> character varying
	{1043, 19}:   true, // character varying -> name
	{1043, 25}:   true, // character varying -> text
	{1043, 1042}: true, // character varying -> character
	{1043, 1043}: true, // character varying -> character varying
	{1043, 2205}: true, // character varying -> regclass
	{1082, 1114}: true, // date -> timestamp without time zone
	{1082, 1184}: true, // date -> timestamp with time zone
	{1083, 1083}: true, // time without time zone -> time without time zone
	{1083, 1186}: true, // time without time zone -> interval
	{1083, 1266}: true, // time without time zone -> time with time zone
	{1114, 1114}: true, // timestamp without time zone -> timestamp without time zone
	{1114, 1184}: true, // timestamp without time zone -> timestamp with time zone
	{1184, 1184}: true, // timestamp with time zone -> timestamp with time zone
	{1186, 1186}: true, // interval -> interval
	{1266, 1266}: true, // time with time zone -> time with time zone
	{1560, 1560}: true, // bit -> bit
	{1560, 1562}: true, // bit -> bit varying
	{1562, 1560}: true, // bit varying -> bit
	{1562, 1562}: true, // bit varying -> bit varying
	{1700, 700}:  true, // numeric -> real
	{1700, 701}:  true, // numeric -> double precision
	{1700, 1700}: true, // numeric -> numeric
	{2202, 24}:   true, // regprocedure -> regproc
	{2202, 26}:   true, // regprocedure -> oid
	{2203, 26}:   true, // regoper -> oid
	{2203, 2204}: true, // regoper -> regoperator
	{2204, 26}:   true, // regoperator -> oid
	{2204, 2203}: true, // regoperator -> regoper
	{2205, 26}:   true, // regclass -> oid
	{2206, 26}:   true, // regtype -> oid
	{3361, 17}:   true, // pg_ndistinct -> bytea
	{3361, 25}:   true, // pg_ndistinct -> text
	{3402, 17}:   true, // pg_dependencies -> bytea
	{3402, 25}:   true, // pg_dependencies -> text
	{3734, 26}:   true, // regconfig -> oid
	{3769, 26}:   true, // regdictionary -> oid
	{4089, 26}:   true, // regnamespace -> oid
	{4096, 26}:   true, // regrole -> oid
	{4191, 26}:   true, // regcollation -> oid
	{5017, 17}:   true, // pg_mcv_list -> bytea
	{5017, 25}:   true, // pg_mcv_list -> text
}

// preferredTypes are the types with pg_type.typispreferred: within its
// category, select_common_type stays on a preferred type once it has one.
var preferredTypes = map[*Type]bool{Bool: true, Text: true, OIDType: true, Float8: true, Inet: true,
	Timestamptz: true, Interval: true, Varbit: true}

// Preferred reports pg_type.typispreferred.
func (t *Type) Preferred() bool { return preferredTypes[t] }

// ImplicitCast reports whether pg_cast holds an implicit cast from one
// type to the other (the list behind CanCoerceImplicit).
func ImplicitCast(from, to uint32) bool { return implicitCasts[[2]uint32{from, to}] }

// CanCoerceImplicit reports whether a value of type from may be used where
// type to is expected without an explicit cast: the same type, an unknown
// literal, a domain to its base type, an implicit pg_cast entry, or an
// array whose elements coerce so.
func CanCoerceImplicit(from, to *Type) bool {
	switch {
	case from == to, from.OID == to.OID, from == Unknown:
		return true
	case to.Base != nil:
		// A domain target takes what its base type takes.
		return CanCoerceImplicit(from, to.BaseType())
	case from.Base != nil:
		return CanCoerceImplicit(from.BaseType(), to)
	case implicitCasts[[2]uint32{from.OID, to.OID}]:
		return true
	case to != Int2Vector && to != OIDVector && from.Elem != nil && to.Elem != nil:
		return CanCoerceImplicit(from.Elem, to.Elem)
	}
	return false
}

// TypeCategory is pg_type.typcategory, a domain's being its base type's.
func (t *Type) TypeCategory() byte { return t.BaseType().Category }
