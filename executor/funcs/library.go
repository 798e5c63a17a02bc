package funcs

import (
	"fmt"
	"sort"
	"sync"
)

// Family is one file's functions, by name.
type Family struct {
	Name       string
	Scalars    map[string]ScalarFunc
	Sets       map[string]SetFunc
	aggregates map[string]AggregateDef
	windows    map[string]bool     // functions that need OVER
	namedArgs  map[string][]string // parameter names of functions called with named arguments
}

// Families lists every family of the library.
func Families() []Family {
	return []Family{
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
		pgStatFamily(),
		sysinfoFamily(),
		backendsFamily(),
		windowFamily(),
	}
}

// Library is the union of the families: every function and operator,
// found by name.
type Library struct {
	Scalars    map[string]ScalarFunc
	Sets       map[string]SetFunc
	Aggregates map[string]AggregateDef
	Windows    map[string]bool
	NamedArgs  map[string][]string
	owner      map[string]string // function name -> family
}

// ComposeLibrary unites families; a name defined by two of them is an
// error naming both.
func ComposeLibrary(fams []Family) (*Library, error) {
	l := &Library{
		Scalars:    map[string]ScalarFunc{},
		Sets:       map[string]SetFunc{},
		Aggregates: map[string]AggregateDef{},
		Windows:    map[string]bool{},
		NamedArgs:  map[string][]string{},
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
		for n, fn := range f.Scalars {
			claim(f.Name, n, "scalar")
			l.Scalars[n] = fn
		}
		for n, fn := range f.Sets {
			claim(f.Name, n, "set-returning")
			l.Sets[n] = fn
		}
		for n, def := range f.aggregates {
			claim(f.Name, n, "aggregate")
			l.Aggregates[n] = def
		}
		for n := range f.windows {
			claim(f.Name, n, "window")
			l.Windows[n] = true
		}
		for n, params := range f.namedArgs {
			l.NamedArgs[n] = params
		}
	}
	for n := range l.NamedArgs {
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
	theLibrary  *Library
)

// Builtin is the function library, composed on first use. It is built lazily
// rather than as a package variable because function bodies refer back to
// it (position calls strpos), which a variable's initializer may not.
func Builtin() *Library {
	libraryOnce.Do(func() {
		l, err := ComposeLibrary(Families())
		if err != nil {
			panic(err) // a programming error that TestLibraryDefinesEachNameOnce reports
		}
		theLibrary = l
	})
	return theLibrary
}
