package main

import (
	"go/ast"
	"go/parser"
	"go/token"
)

func parserParse(src []byte) (*ast.File, error) {
	return parser.ParseFile(token.NewFileSet(), "", src, parser.ParseComments)
}

func parserParseFset(fs *token.FileSet, src []byte) (*ast.File, error) {
	return parser.ParseFile(fs, "", src, parser.ParseComments)
}
