package html

// SetSpoolAbove sets how many compressed bytes a build keeps in memory for
// site.zip before the spool file, and returns the function restoring it.
func SetSpoolAbove(n int64) (restore func()) {
	old := spoolAbove
	spoolAbove = n
	return func() { spoolAbove = old }
}
