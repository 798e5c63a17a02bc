package funcs

// windowFamily is the functions that need OVER.
func windowFamily() Family {
	return Family{Name: "window", windows: map[string]bool{
		"row_number": true, "rank": true, "dense_rank": true, "lag": true, "lead": true,
		"first_value": true, "last_value": true, "nth_value": true, "ntile": true, "percent_rank": true, "cume_dist": true,
	}}
}
