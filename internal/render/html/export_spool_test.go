package html

import "github.com/smsgen/smsgen/internal/output"

// SetSpoolAbove sets how many compressed bytes a build keeps in memory for
// site.zip before the spool file, and returns the function restoring it.
func SetSpoolAbove(n int64) (restore func()) {
	old := output.SpoolAbove
	output.SpoolAbove = n
	return func() { output.SpoolAbove = old }
}
