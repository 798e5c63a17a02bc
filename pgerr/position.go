package pgerr

// At attaches a parse-tree location (a byte offset into the query) to
// an error; Session.positioned turns it into PostgreSQL's 1-based
// character position.
func At(err *Error, location int32) *Error {
	if location >= 0 && err.Position == 0 {
		err.Position = location + 1
	}
	return err
}
