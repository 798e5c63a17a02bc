package pgcatalog

// Types, functions and the other built-in objects, as generated from
// PostgreSQL 15, plus the row types of resource tables.

func pgTypeFills(t fillTable) {
	t.static("pg_catalog.pg_type", func(m *model, out *rows) {
		for _, t := range typeRows {
			out.addRow(t)
		}
		for _, r := range m.resourceRels() {
			if r.kind == 'r' || r.kind == 'v' {
				row, arr := rowTypeRows(r)
				out.addRow(row)
				out.addRow(arr)
			}
		}
	})
	t.static("pg_catalog.pg_proc", func(m *model, out *rows) {
		for _, p := range m.procs() {
			out.addRow(p)
		}
	})
	t.generated("pg_catalog.pg_am", amRows)
	t.generated("pg_catalog.pg_collation", collationRows)
	t.generated("pg_catalog.pg_language", languageRows)
	t.generated("pg_catalog.pg_tablespace", tablespaceRows)
	t.generated("pg_catalog.pg_operator", operatorRows)
	t.generated("pg_catalog.pg_cast", castRows)
}

// generated adds a relation whose rows are PostgreSQL's, as generated.
func (t fillTable) generated(name string, data []A) {
	t.static(name, func(_ *model, out *rows) {
		for _, r := range data {
			out.addRow(r)
		}
	})
}

// rowTypeRows are the pg_type rows of a resource table's row type and its
// array type, made from those of a catalog relation (pg_am) as templates.
func rowTypeRows(r *rel) (row, arr A) {
	tmpl := defs["pg_catalog.pg_am"]
	row = append(A(nil), typeRow(tmpl.RowType)...)
	arr = append(A(nil), typeRow(tmpl.ArrayType)...)
	row[0], row[typName], row[typNamespace], row[typeCols["typowner"]] = I(r.rowType), r.name, I(r.ns), I(r.owner)
	row[typRelID], row[typArray] = I(r.oid), I(r.arrayType)
	arr[0], arr[typName], arr[typNamespace], arr[typeCols["typowner"]] = I(r.arrayType), "_"+r.name, I(r.ns), I(r.owner)
	arr[typElem] = I(r.rowType)
	return row, arr
}
