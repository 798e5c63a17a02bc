package executor

import (
	"fmt"
	"sort"
	"sync"
)

// The function library is composed here, and only here, from the tables
// the family files declare. A name belongs to exactly one family: the
// composition refuses a name two families define, so no file order can
// decide which definition wins (TestLibraryDefinesEachNameOnce).

// family is one file's functions, by name.
type family struct {
	name       string
	scalars    map[string]scalarFunc
	sets       map[string]setFunc
	aggregates map[string]aggregateDef
	windows    map[string]bool     // functions that need OVER
	namedArgs  map[string][]string // parameter names of functions called with named arguments
}

// families lists every family of the library.
func families() []family {
	return []family{
		stringFamily(),
		regexpFamily(),
		byteaFamily(),
		formatFamily(),
		mathFamily(),
		numericFamily(),
		datetimeFamily(),
		toCharFamily(),
		arrayFamily(),
		jsonFamily(),
		jsonModifyFamily(),
		jsonBuildFamily(),
		jsonpathFamily(),
		catalogFamily(),
		srfFamily(),
		aggregateFamily(),
		statsFamily(),
		windowFamily(),
		methodFamily(),
	}
}

// library is the union of the families.
type library struct {
	scalars    map[string]scalarFunc
	sets       map[string]setFunc
	aggregates map[string]aggregateDef
	windows    map[string]bool
	namedArgs  map[string][]string
	owner      map[string]string // function name -> family
}

// composeLibrary unites families; a name defined by two of them is an
// error naming both.
func composeLibrary(fams []family) (*library, error) {
	l := &library{
		scalars:    map[string]scalarFunc{},
		sets:       map[string]setFunc{},
		aggregates: map[string]aggregateDef{},
		windows:    map[string]bool{},
		namedArgs:  map[string][]string{},
		owner:      map[string]string{},
	}
	var dups []string
	claim := func(fam, name, kind string) {
		if prev, ok := l.owner[name]; ok {
			dups = append(dups, fmt.Sprintf("%s: %s in family %s, already defined in %s", name, kind, fam, prev))
			return
		}
		l.owner[name] = fam + " (" + kind + ")"
	}
	for _, f := range fams {
		for n, fn := range f.scalars {
			claim(f.name, n, "scalar")
			l.scalars[n] = fn
		}
		for n, fn := range f.sets {
			claim(f.name, n, "set-returning")
			l.sets[n] = fn
		}
		for n, def := range f.aggregates {
			claim(f.name, n, "aggregate")
			l.aggregates[n] = def
		}
		for n := range f.windows {
			claim(f.name, n, "window")
			l.windows[n] = true
		}
		for n, params := range f.namedArgs {
			l.namedArgs[n] = params
		}
	}
	for n := range l.namedArgs {
		if _, ok := l.owner[n]; !ok {
			dups = append(dups, fmt.Sprintf("%s: named arguments for a function no family defines", n))
		}
	}
	if len(dups) > 0 {
		sort.Strings(dups)
		return nil, fmt.Errorf("function library: %d names defined twice: %v", len(dups), dups)
	}
	return l, nil
}

var (
	libraryOnce sync.Once
	theLibrary  *library
)

// lib is the function library, composed on first use. It is built lazily
// rather than as a package variable because function bodies refer back to
// it (position calls strpos), which a variable's initializer may not.
func lib() *library {
	libraryOnce.Do(func() {
		l, err := composeLibrary(families())
		if err != nil {
			panic(err) // a programming error that TestLibraryDefinesEachNameOnce reports
		}
		theLibrary = l
	})
	return theLibrary
}
