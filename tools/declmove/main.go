// Command declmove moves top-level declarations (and whole files) between
// packages of a module: it exports the names a move makes cross-package,
// re-qualifies every reference (tests included), renames the methods that
// implement a renamed interface method, and refuses a plan that would
// leave moved code using what stays behind, collide two names, or hide a
// package behind a local name. It is how executor/ was split into value,
// expr, funcs, exec and plan without changing behaviour (docs/design.md).
//
// Usage, from the module root:
//
//	cd tools/declmove && go run . -dir ../.. -plan PLAN [-n] [-methods-by-source]
//
// -n reports the renames without writing. Run goimports on the written
// files afterwards (imports are added for new qualifiers only). Plan lines:
//
//	decl  PKG.NAME -> DIR/FILE.go [NEWNAME]
//	decls SRCFILE  -> DIR/FILE.go        (every top-level decl of the file)
//	file  SRCFILE  -> DIR/FILE.go        (the whole file, package clause rewritten)
//	rename PKG.NAME NEWNAME              (no move)
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/packages"
)

var (
	dir             = flag.String("dir", ".", "module root")
	plan            = flag.String("plan", "", "plan file")
	dryRun          = flag.Bool("n", false, "report only")
	methodsBySource = flag.Bool("methods-by-source", false, "a moved type's methods go to DESTDIR/<their source file>")
)

type dest struct {
	pkg  string // import path
	file string // abs path
	name string // new name, "" = auto
}

type edit struct {
	off, end int
	text     string
}

var (
	module    string
	fset      = token.NewFileSet()
	declMoves = map[string]dest{} // key pkgpath.Name
	fileDecls = map[string]dest{} // abs src file -> dest (decls)
	fileMoves = map[string]dest{} // abs src file -> dest (whole file)
	renames   = map[string]string{}
)

func die(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...); os.Exit(1) }

func main() {
	flag.Parse()
	root, _ := filepath.Abs(*dir)
	modb, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		die("%v", err)
	}
	module = strings.Fields(strings.SplitN(string(modb), "\n", 2)[0])[1]
	readPlan(root)

	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: root, Tests: true, Fset: fset}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		die("%v", err)
	}
	packages.PrintErrors(pkgs)
	run(root, pkgs)
}

func readPlan(root string) {
	f, err := os.Open(*plan)
	if err != nil {
		die("%v", err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		w := strings.Fields(line)
		mk := func(d string, name string) dest {
			abs := filepath.Join(root, d)
			return dest{pkg: module + "/" + filepath.Dir(d), file: abs, name: name}
		}
		switch w[0] {
		case "decl":
			name := ""
			if len(w) > 4 {
				name = w[4]
			}
			i := strings.LastIndex(w[1], ".")
			declMoves[module+"/"+w[1][:i]+"."+w[1][i+1:]] = mk(w[3], name)
		case "decls":
			fileDecls[filepath.Join(root, w[1])] = mk(w[3], "")
		case "file":
			fileMoves[filepath.Join(root, w[1])] = mk(w[3], "")
		case "rename":
			i := strings.LastIndex(w[1], ".")
			renames[module+"/"+w[1][:i]+"."+w[1][i+1:]] = w[2]
		default:
			die("bad plan line %q", line)
		}
	}
}

// pkgPath strips test-variant decorations.
func pkgPath(p *types.Package) string {
	return strings.TrimSuffix(p.Path(), "_test")
}

// key names an object independent of the type-checking variant.
func key(obj types.Object) string {
	if obj == nil || obj.Pkg() == nil {
		return ""
	}
	pp := obj.Pkg().Path()
	switch o := obj.(type) {
	case *types.Func:
		if r := o.Type().(*types.Signature).Recv(); r != nil {
			if n := recvName(r.Type()); n != "" {
				return pp + "." + n + "." + o.Name()
			}
			return ""
		}
	case *types.Var:
		if o.IsField() {
			if owner, ok := fieldOwner[o]; ok {
				return pp + "." + owner + "." + o.Name()
			}
			return ""
		}
	}
	if obj.Parent() == obj.Pkg().Scope() {
		return pp + "." + obj.Name()
	}
	return ""
}

func recvName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Obj().Name()
	}
	return ""
}

var fieldOwner = map[*types.Var]string{}

func indexFields(p *types.Package) {
	s := p.Scope()
	for _, n := range s.Names() {
		tn, ok := s.Lookup(n).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := 0; i < st.NumFields(); i++ {
				fieldOwner[st.Field(i)] = n
			}
		}
		if it, ok := tn.Type().Underlying().(*types.Interface); ok {
			_ = it
		}
	}
}

type fileInfo struct {
	path string
	pkg  *packages.Package
	ast  *ast.File
	src  []byte
	tf   *token.File
}

func exportName(n string) string {
	r := []rune(n)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

func pkgName(path string) string { return filepath.Base(path) }

func run(root string, pkgs []*packages.Package) {
	// One variant per file: prefer the test variant (it has every file).
	files := map[string]*fileInfo{}
	var order []string
	for _, p := range pkgs {
		indexFields(p.Types)
		for i, f := range p.Syntax {
			path := p.CompiledGoFiles[i]
			if !strings.HasSuffix(path, ".go") || !strings.HasPrefix(path, root) {
				continue
			}
			old, seen := files[path]
			if seen && len(old.pkg.Syntax) >= len(p.Syntax) {
				continue
			}
			src, _ := os.ReadFile(path)
			if !seen {
				order = append(order, path)
			}
			files[path] = &fileInfo{path: path, pkg: p, ast: f, src: src, tf: fset.File(f.Pos())}
		}
	}
	sort.Strings(order)

	// Which top-level keys move where, and the decl ranges.
	type moved struct {
		d          dest
		file       string
		off, end   int
		text       string // filled later
		keyword    string // for partial specs: "var"/"const"/"type"; "" = whole decl
		srcIndex   int
		typeMethod bool
	}
	var movedDecls []*moved
	moveOf := map[string]dest{} // top-level key -> dest
	regionOf := map[string][]*moved{}
	lineEnd := func(src []byte, off int) int {
		for off < len(src) && src[off] != '\n' {
			off++
		}
		if off < len(src) {
			off++
		}
		return off
	}
	// First pass: top-level decls and types.
	for _, path := range order {
		fi := files[path]
		if _, whole := fileMoves[path]; whole {
			continue
		}
		for _, d := range fi.ast.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok == token.IMPORT {
				continue
			}
			for _, s := range gd.Specs {
				var names []*ast.Ident
				switch s := s.(type) {
				case *ast.TypeSpec:
					names = []*ast.Ident{s.Name}
				case *ast.ValueSpec:
					names = s.Names
				}
				for _, n := range names {
					k := key(fi.pkg.TypesInfo.Defs[n])
					if dd, ok := declMoves[k]; ok {
						moveOf[k] = dd
					} else if dd, ok := fileDecls[path]; ok && k != "" {
						moveOf[k] = dd
					}
				}
			}
		}
		for _, d := range fi.ast.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Name.Name == "init" {
				continue
			}
			k := key(fi.pkg.TypesInfo.Defs[fd.Name])
			if dd, ok := declMoves[k]; ok {
				moveOf[k] = dd
			} else if dd, ok := fileDecls[path]; ok {
				moveOf[k] = dd
			}
		}
	}
	// Second pass: record decl ranges to move (methods follow their type).
	for _, path := range order {
		fi := files[path]
		if _, whole := fileMoves[path]; whole {
			continue
		}
		base := fi.tf.Base()
		for di, d := range fi.ast.Decls {
			start := d.Pos()
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Doc != nil {
					start = d.Doc.Pos()
				}
				var dd dest
				var ok bool
				if d.Recv != nil {
					tk := ""
					if def := fi.pkg.TypesInfo.Defs[d.Name]; def != nil {
						k := key(def)
						tk = k[:strings.LastIndex(k, ".")]
					}
					dd, ok = moveOf[tk]
					if fdd, fok := fileDecls[path]; ok && fok && fdd.pkg == dd.pkg {
						dd = fdd
					} else if ok && *methodsBySource {
						// a method goes to the file of its own source's name
						dd.file = filepath.Join(filepath.Dir(dd.file), filepath.Base(path))
					}
				} else if d.Name.Name == "init" {
					dd, ok = fileDecls[path]
				} else {
					dd, ok = moveOf[key(fi.pkg.TypesInfo.Defs[d.Name])]
				}
				if ok {
					m := &moved{d: dd, file: path, off: int(start) - base, end: lineEnd(fi.src, int(d.End())-base), srcIndex: di}
					movedDecls = append(movedDecls, m)
					regionOf[path] = append(regionOf[path], m)
				}
			case *ast.GenDecl:
				if d.Tok == token.IMPORT {
					continue
				}
				if d.Doc != nil {
					start = d.Doc.Pos()
				}
				all, none := true, true
				var dd dest
				for _, s := range d.Specs {
					var names []*ast.Ident
					switch s := s.(type) {
					case *ast.TypeSpec:
						names = []*ast.Ident{s.Name}
					case *ast.ValueSpec:
						names = s.Names
					}
					mv := false
					for _, n := range names {
						if x, ok := moveOf[key(fi.pkg.TypesInfo.Defs[n])]; ok {
							mv = true
							dd = x
						}
					}
					if mv {
						none = false
					} else {
						all = false
					}
				}
				if none {
					continue
				}
				if all {
					m := &moved{d: dd, file: path, off: int(start) - base, end: lineEnd(fi.src, int(d.End())-base), srcIndex: di}
					movedDecls = append(movedDecls, m)
					regionOf[path] = append(regionOf[path], m)
					continue
				}
				if d.Tok == token.CONST {
					die("%s: partial move of a const block", fset.Position(d.Pos()))
				}
				for _, s := range d.Specs {
					var names []*ast.Ident
					var doc *ast.CommentGroup
					switch s := s.(type) {
					case *ast.TypeSpec:
						names = []*ast.Ident{s.Name}
						doc = s.Doc
					case *ast.ValueSpec:
						names = s.Names
						doc = s.Doc
					}
					x, ok := moveOf[key(fi.pkg.TypesInfo.Defs[names[0]])]
					if !ok {
						continue
					}
					st := s.Pos()
					if doc != nil {
						st = doc.Pos()
					}
					m := &moved{d: x, file: path, off: int(st) - base, end: lineEnd(fi.src, int(s.End())-base), keyword: d.Tok.String(), srcIndex: di}
					movedDecls = append(movedDecls, m)
					regionOf[path] = append(regionOf[path], m)
				}
			}
		}
	}
	// Keys that move: top-level plus members of moved types.
	destOfKey := func(k string) (dest, bool) {
		if d, ok := moveOf[k]; ok {
			return d, true
		}
		if i := strings.LastIndex(k, "."); i > 0 {
			if d, ok := moveOf[k[:i]]; ok && strings.Count(k[len(module):], ".") >= 2 {
				return d, true
			}
		}
		return dest{}, false
	}
	objPkg := func(obj types.Object) string {
		k := key(obj)
		if d, ok := destOfKey(k); ok {
			return d.pkg
		}
		return pkgPath(obj.Pkg())
	}
	regionPkg := func(fi *fileInfo, off int) string {
		if d, ok := fileMoves[fi.path]; ok {
			return d.pkg
		}
		for _, m := range regionOf[fi.path] {
			if off >= m.off && off < m.end {
				return m.d.pkg
			}
		}
		return pkgPath(fi.pkg.Types)
	}
	// Names to export: a moved key referenced from another package.
	newName := map[string]string{}
	for k, n := range renames {
		newName[k] = n
	}
	for k, d := range declMoves {
		if d.name != "" {
			newName[k] = d.name
		}
	}
	var problems []string
	for _, path := range order {
		fi := files[path]
		base := fi.tf.Base()
		for id, obj := range fi.pkg.TypesInfo.Uses {
			if obj == nil || obj.Pkg() == nil || !strings.HasPrefix(obj.Pkg().Path(), module) || fset.File(id.Pos()) != fi.tf {
				continue
			}
			k := key(obj)
			if k == "" {
				continue
			}
			rp := regionPkg(fi, int(id.Pos())-base)
			op := objPkg(obj)
			if rp == op {
				continue
			}
			if _, moves := destOfKey(k); !moves {
				// a reference from moved code back to what stays
				if rp != pkgPath(fi.pkg.Types) && !obj.Exported() {
					problems = append(problems, fmt.Sprintf("%s: moved code uses %s, which stays in %s", fset.Position(id.Pos()), obj.Name(), op))
				} else if rp != pkgPath(fi.pkg.Types) && op == pkgPath(fi.pkg.Types) {
					problems = append(problems, fmt.Sprintf("%s: moved code uses %s, which stays in %s", fset.Position(id.Pos()), obj.Name(), op))
				}
				continue
			}
			if _, ok := newName[k]; !ok && !obj.Exported() {
				newName[k] = exportName(obj.Name())
			}
		}
	}
	// A renamed interface method renames the methods that implement it.
	ifaces := map[string]*types.Interface{}
	for _, path := range order {
		fi := files[path]
		for id, obj := range fi.pkg.TypesInfo.Defs {
			if fset.File(id.Pos()) != fi.tf {
				continue
			}
			tn, ok := obj.(*types.TypeName)
			if !ok || tn.Parent() != tn.Pkg().Scope() {
				continue
			}
			if it, ok := tn.Type().Underlying().(*types.Interface); ok {
				ifaces[key(tn)] = it
			}
		}
	}
	rounds := 0
	for changed := true; changed; {
		changed = false
		for ik, it := range ifaces {
			for i := 0; i < it.NumMethods(); i++ {
				m := it.Method(i)
				nn, ok := newName[ik+"."+m.Name()]
				if !ok {
					continue
				}
				for _, path := range order {
					fi := files[path]
					for id, obj := range fi.pkg.TypesInfo.Defs {
						if fset.File(id.Pos()) != fi.tf {
							continue
						}
						tn, ok := obj.(*types.TypeName)
						if !ok || tn.Parent() != tn.Pkg().Scope() || tn.IsAlias() {
							continue
						}
						if _, isIface := tn.Type().Underlying().(*types.Interface); isIface {
							if tn.Name() == ik[strings.LastIndex(ik, ".")+1:] {
								continue
							}
							// an interface embedding or repeating the method
							if sub, ok := tn.Type().Underlying().(*types.Interface); ok {
								for j := 0; j < sub.NumMethods(); j++ {
									if sub.Method(j).Name() == m.Name() && sub.Method(j).Pkg() == tn.Pkg() {
										k := key(tn) + "." + m.Name()
										if _, done := newName[k]; !done {
											newName[k] = nn
											changed = true
										}
									}
								}
							}
							continue
						}
						pt := types.NewPointer(tn.Type())
						if !types.Implements(pt, it) && !types.Implements(tn.Type(), it) {
							continue
						}
						k := key(tn) + "." + m.Name()
						if newName[k] != nn {
							newName[k] = nn
							changed = true
						}
					}
				}
			}
		}
		if rounds++; rounds > 20 {
			die("interface method renames do not settle")
		}
	}
	// Collisions in destination scopes.
	seen := map[string]string{}
	for _, path := range order {
		fi := files[path]
		for _, obj := range fi.pkg.TypesInfo.Defs {
			if obj == nil {
				continue
			}
			k := key(obj)
			if k == "" || obj.Parent() != obj.Pkg().Scope() {
				continue
			}
			n := obj.Name()
			if x, ok := newName[k]; ok {
				n = x
			}
			id := objPkg(obj) + "." + n
			if strings.HasSuffix(fi.path, "_test.go") {
				id += "#test"
			}
			if other, dup := seen[id]; dup && other != k {
				problems = append(problems, fmt.Sprintf("collision: %s and %s both become %s", other, k, id))
			}
			seen[id] = k
		}
	}
	sort.Strings(problems)
	problems = dedupe(problems)
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, p)
	}
	if len(problems) > 0 && !*dryRun {
		die("%d problems", len(problems))
	}
	if *dryRun {
		var ks []string
		for k, v := range newName {
			ks = append(ks, k+" -> "+v)
		}
		sort.Strings(ks)
		for _, k := range ks {
			fmt.Println(k)
		}
		return
	}

	// Edits.
	var shadowed []string
	edits := map[string][]edit{}
	needImport := map[string]map[string]bool{} // out file -> pkgs
	outFileOf := func(fi *fileInfo, off int) string {
		if d, ok := fileMoves[fi.path]; ok {
			return d.file
		}
		for _, m := range regionOf[fi.path] {
			if off >= m.off && off < m.end {
				return m.d.file
			}
		}
		return fi.path
	}
	for _, path := range order {
		fi := files[path]
		base := fi.tf.Base()
		// selectors pkg.Name
		qualified := map[*ast.Ident]*ast.SelectorExpr{}
		ast.Inspect(fi.ast, func(n ast.Node) bool {
			if se, ok := n.(*ast.SelectorExpr); ok {
				if x, ok := se.X.(*ast.Ident); ok {
					if _, isPkg := fi.pkg.TypesInfo.Uses[x].(*types.PkgName); isPkg {
						qualified[se.Sel] = se
					}
				}
			}
			return true
		})
		do := func(id *ast.Ident, obj types.Object, def bool) {
			if obj == nil || obj.Pkg() == nil || !strings.HasPrefix(obj.Pkg().Path(), module) {
				return
			}
			k := key(obj)
			if k == "" {
				return
			}
			nn, renamed := newName[k]
			if !renamed {
				nn = obj.Name()
			}
			off := int(id.Pos()) - base
			topLevel := obj.Parent() == obj.Pkg().Scope()
			if !topLevel || def {
				if renamed {
					edits[path] = append(edits[path], edit{off, off + len(id.Name), nn})
				}
				return
			}
			rp := regionPkg(fi, off)
			op := objPkg(obj)
			text := nn
			if rp != op {
				text = pkgName(op) + "." + nn
				if sc := fi.pkg.Types.Scope().Innermost(id.Pos()); sc != nil {
					if _, o := sc.LookupParent(pkgName(op), id.Pos()); o != nil {
						_, moves := destOfKey(key(o))
						if _, renamed := newName[key(o)]; renamed {
							moves = true
						}
						if _, isPkg := o.(*types.PkgName); !isPkg && !moves {
							shadowed = append(shadowed, fmt.Sprintf("%s: %s shadows package %s", fset.Position(o.Pos()), o.Name(), pkgName(op)))
						}
					}
				}
				of := outFileOf(fi, off)
				if needImport[of] == nil {
					needImport[of] = map[string]bool{}
				}
				needImport[of][op] = true
			}
			st, en := off, off+len(id.Name)
			if se, ok := qualified[id]; ok {
				st = int(se.Pos()) - base
			}
			if string(fi.src[st:en]) != text {
				edits[path] = append(edits[path], edit{st, en, text})
			}
		}
		for id, obj := range fi.pkg.TypesInfo.Defs {
			if fset.File(id.Pos()) == fi.tf {
				do(id, obj, true)
			}
		}
		for id, obj := range fi.pkg.TypesInfo.Uses {
			if fset.File(id.Pos()) == fi.tf {
				do(id, obj, false)
			}
		}
	}
	if len(shadowed) > 0 {
		for _, x := range dedupe(shadowed) {
			fmt.Fprintln(os.Stderr, x)
		}
		die("%d shadowed package names", len(dedupe(shadowed)))
	}
	apply := func(src []byte, es []edit, from, to int) []byte {
		var b bytes.Buffer
		pos := from
		for _, e := range es {
			if e.off < from || e.end > to {
				continue
			}
			if e.off < pos {
				continue // duplicate
			}
			b.Write(src[pos:e.off])
			b.WriteString(e.text)
			pos = e.end
		}
		b.Write(src[pos:to])
		return b.Bytes()
	}
	for p := range edits {
		es := edits[p]
		sort.Slice(es, func(i, j int) bool { return es[i].off < es[j].off })
		edits[p] = es
	}
	// Build outputs.
	out := map[string]*bytes.Buffer{}
	outPkg := map[string]string{}
	srcImports := map[string][]string{}
	addOut := func(file, pkg string) *bytes.Buffer {
		if b, ok := out[file]; ok {
			return b
		}
		b := &bytes.Buffer{}
		out[file] = b
		outPkg[file] = pkg
		return b
	}
	importsOf := func(fi *fileInfo) []string {
		var s []string
		for _, im := range fi.ast.Imports {
			t := im.Path.Value
			if im.Name != nil {
				t = im.Name.Name + " " + t
			}
			s = append(s, t)
		}
		return s
	}
	sort.SliceStable(movedDecls, func(i, j int) bool {
		if movedDecls[i].file != movedDecls[j].file {
			return movedDecls[i].file < movedDecls[j].file
		}
		return movedDecls[i].off < movedDecls[j].off
	})
	for _, m := range movedDecls {
		fi := files[m.file]
		b := addOut(m.d.file, m.d.pkg)
		txt := apply(fi.src, edits[m.file], m.off, m.end)
		if m.keyword != "" {
			b.WriteString(m.keyword + " ")
		}
		b.Write(txt)
		b.WriteString("\n")
		srcImports[m.d.file] = append(srcImports[m.d.file], importsOf(fi)...)
	}
	// Remaining source files.
	results := map[string][]byte{}
	for _, path := range order {
		fi := files[path]
		if d, ok := fileMoves[path]; ok {
			txt := apply(fi.src, edits[path], 0, len(fi.src))
			name := pkgName(d.pkg)
			if strings.HasSuffix(fi.ast.Name.Name, "_test") {
				name += "_test"
			}
			txt = replacePackage(txt, name)
			results[d.file] = txt
			outPkg[d.file] = d.pkg
			results[path] = nil
			continue
		}
		if len(regionOf[path]) == 0 && len(edits[path]) == 0 {
			continue
		}
		var b bytes.Buffer
		pos := 0
		rs := regionOf[path]
		sort.Slice(rs, func(i, j int) bool { return rs[i].off < rs[j].off })
		for _, m := range rs {
			b.Write(apply(fi.src, edits[path], pos, m.off))
			pos = m.end
		}
		b.Write(apply(fi.src, edits[path], pos, len(fi.src)))
		results[path] = b.Bytes()
		if isEmpty(b.Bytes()) && len(rs) > 0 {
			results[path] = nil
		}
	}
	for file, b := range out {
		name := pkgName(outPkg[file])
		var hb bytes.Buffer
		var existing []byte
		if r, ok := results[file]; ok {
			existing = r
		} else if fi, ok := files[file]; ok {
			existing = fi.src
		} else if old, err := os.ReadFile(file); err == nil {
			existing = old
		}
		if existing != nil {
			hb.Write(existing)
			hb.WriteString("\n")
		} else {
			fmt.Fprintf(&hb, "package %s\n\n", name)
			if ims := dedupe(srcImports[file]); len(ims) > 0 {
				hb.WriteString("import (\n")
				for _, im := range ims {
					hb.WriteString("\t" + im + "\n")
				}
				hb.WriteString(")\n\n")
			}
		}
		hb.Write(b.Bytes())
		results[file] = hb.Bytes()
	}
	for file, txt := range results {
		if txt == nil {
			if _, ok := out[file]; !ok {
				os.Remove(file)
			}
			continue
		}
		for k, nn := range newName {
			old := k[strings.LastIndex(k, ".")+1:]
			re := regexp.MustCompile(`(?m)^(\s*)// ` + regexp.QuoteMeta(old) + `\b`)
			txt = re.ReplaceAll(txt, []byte("${1}// "+nn))
		}
		if ims := needImport[file]; len(ims) > 0 {
			txt = addImports(file, txt, ims, outPkg[file])
		}
		if f, err := format.Source(txt); err == nil {
			txt = f
		} else {
			fmt.Fprintf(os.Stderr, "format %s: %v\n", file, err)
		}
		os.MkdirAll(filepath.Dir(file), 0o755)
		if err := os.WriteFile(file, txt, 0o644); err != nil {
			die("%v", err)
		}
		fmt.Println("wrote", file)
	}
}

func isEmpty(src []byte) bool {
	f, err := parserParse(src)
	if err != nil {
		return false
	}
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		return false
	}
	return true
}

func replacePackage(src []byte, name string) []byte {
	f, err := parserParse(src)
	if err != nil {
		die("%v", err)
	}
	fs := token.NewFileSet()
	_ = fs
	off := int(f.Name.Pos()) - 1
	end := int(f.Name.End()) - 1
	return append(append(append([]byte{}, src[:off]...), name...), src[end:]...)
}

func addImports(file string, src []byte, ims map[string]bool, self string) []byte {
	fs := token.NewFileSet()
	f, err := parserParseFset(fs, src)
	if err != nil {
		fmt.Fprintf(os.Stderr, "parse %s: %v\n", file, err)
		return src
	}
	for p := range ims {
		if p == self {
			continue
		}
		astutil.AddImport(fs, f, p)
	}
	var b bytes.Buffer
	if err := format.Node(&b, fs, f); err != nil {
		die("%v", err)
	}
	return b.Bytes()
}

func dedupe(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func ok2(m map[string][]byte, k string) bool { _, ok := m[k]; return ok }
