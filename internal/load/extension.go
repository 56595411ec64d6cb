package load

import "strings"

// ExtensionKey reports whether a front-matter key is an extension key: one
// starting with "x_" (such as x_source, where 'smsgen adopt' keeps the keys
// of a foreign front matter). Extension keys are kept and never checked, so
// that they cause no unknown-front-matter finding.
func ExtensionKey(key string) bool {
	return len(key) > 2 && strings.HasPrefix(key, "x_")
}
