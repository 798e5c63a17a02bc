package ec2

// ReadOnlyHint implements catalog.ReadOnly: a resource without a write
// mapping refuses INSERT, UPDATE and DELETE with 0A000 and this hint.
// (A writable resource is placed as a writableTable, which the executor
// finds Writable first.)
func (t *resourceTable[S, R]) ReadOnlyHint() string {
	if t.readOnly != "" {
		return t.readOnly
	}
	return "vpnsql reads " + t.name + " but makes no API call that changes it; change it with the AWS console, CLI or SDK."
}
