// Package value is what a SQL value is in vpnsql, and everything that can
// be done to one value without knowing where it came from: the PostgreSQL
// data types, their Go representation, text input and output, casts, and
// the arithmetic, comparison, JSON, jsonpath, regular-expression and
// date/time operations that built-in functions and operators are made of.
//
// It sits below everything else that knows SQL. The catalog describes its
// tables' columns with value.Type, the executor evaluates expressions into
// values and calls this package for their operations, and the server's
// wire codec turns values into the text and binary formats through the
// same text I/O (and pgx's pgtype for the binary forms), so there is one
// implementation of each: one numeric parser, one interval syntax, one
// datetime reader, one bytea and one JSON printer.
//
// # Representation
//
// A value is a Go value in an `any`, and SQL NULL is a nil interface: int4
// is an int64, numeric a pgtype.Numeric (exact, compared as big.Rat), text
// a string, json and jsonb a JSON tree, an array a []any. The table above
// the type variables in types.go gives the representation of every type;
// it is the contract between the catalog's tables, the executor and the
// wire codec.
//
// # Flow
//
// Text comes in through ParseText (a literal, a parameter sent as text, a
// cast from text); values go out through OutputText and FormatText. A cast
// is CastValue(v, from, to) and follows PostgreSQL's rules of what may be
// cast (CanCast) and of the errors a bad input gives. Operations return
// *pgerr.Error with PostgreSQL's SQLSTATE and message, so whoever calls
// them can hand the error to the client as it is.
//
// # Files
//
//	types.go            the data types: OIDs, names, categories, arrays
//	cast.go             ParseText, FormatText and casts (CanCast, CastValue);
//	                    float and numeric text
//	text_io.go          output functions' text (OutputText) and the text of
//	                    bool, bytea, numeric, interval and date/time
//	array_text.go       array literals in and out, with array_in's errors
//	typmod.go           type modifiers: varchar(n), numeric(p,s), interval fields
//	numeric.go          numeric scale, rounding, division and comparison
//	numeric_special.go  NaN, Infinity and -Infinity in every numeric operation
//	bigmath.go          exp, ln, power and sqrt of numerics at PostgreSQL's precision
//	datetime.go         date/time output, interval input/output and arithmetic
//	datetime_parse.go   date, time and timestamp input, time zones
//	to_char.go          to_char/to_date/to_timestamp templates for date/time
//	to_char_number.go   to_char for numbers
//	json.go             the JSON representation and its canonical output
//	json_parse.go       JSON text input, with PostgreSQL's nesting limits
//	json_build.go       SQL values to JSON (to_jsonb, row_to_json, ...)
//	json_ops.go         jsonb operators: -> ->> #> @> ? - || and comparison
//	jsonpath_parse.go   jsonpath text to a tree (cached, bounded LRU)
//	jsonpath.go         jsonpath evaluation (lax and strict modes)
//	like.go             LIKE and ILIKE matching
//	regex_translate.go  PostgreSQL's regular expressions rewritten for Go
//	regex.go            compiled regular expressions (cached, bounded LRU)
//	regex_backtrack.go  back-references and lookaround on a bounded backtracker
//	lru.go              the bounded least-recently-used cache of both
//	limits.go           PostgreSQL's 1 GB value limit, checked before allocating
//
// # What it does not do
//
// It does not know about rows, expressions, sessions or tables: a value
// operation never reads a setting (the caller passes the time zone or the
// time a match may take) and never calls the API. It does not parse SQL;
// pg_query's trees stay in the binder (executor/bind).
package value
