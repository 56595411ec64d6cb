package model

// Accept is one finding a document accepts, with the reason (front matter
// accept: [{code: CODE, reason: TEXT}]): findings of Code in the document are
// reported as accepted and not counted.
type Accept struct {
	Code   string
	Reason string
	Line   int // of the entry in the document
}

// Rule levels of smsgen.yaml rules:.
const (
	RuleOff     = "off"
	RuleWarning = "warning"
	RuleError   = "error"
)

// protectedCodes guard what every output relies on: that a file was read
// whole, that its structure parsed and no value of it was dropped, that ids
// are unique, that nothing outside the site or active content is copied, and
// that a truncation is reported. A site may raise them to error but never
// turn them off, lower them or accept them.
var protectedCodes = map[string]bool{
	"file-unreadable": true, "file-too-large": true, "binary-file": true, "invalid-utf8": true, "empty-file": true,
	"symlink-outside-root": true, "symlink-loop": true, "symlink-broken": true,
	"frontmatter-missing": true, "frontmatter-unclosed": true, "frontmatter-invalid": true,
	"yaml-invalid": true, "yaml-alias-limit": true, "not-a-list": true, "not-a-mapping": true, "invalid-type": true,
	"duplicate-key": true, "csv-invalid": true, "csv-ragged-row": true, "duplicate-header": true, "empty-header": true,
	"duplicate-register": true,
	"schema-invalid":     true, "settings-invalid": true, "accept-invalid": true,
	"duplicate-id": true, "duplicate-doc-id": true, "history-invalid": true,
	"unsafe-link": true, "link-outside-root": true,
	"attachment-active-content": true, "attachment-type-not-allowed": true,
	"attachment-content-mismatch": true, "attachment-path-not-allowed": true,
	"sop-invalid": true, "sop-bad-jump": true, "sop-decision-exits": true, "sop-bad-kind": true,
	"sop-first-not-start": true, "sop-last-not-end": true, "sop-unreachable": true,
	"markdown-too-deep": true, "markdown-too-complex": true, "findings-truncated": true, "layout-error": true,
}

// Protected reports whether a finding code may only be raised to error by a
// site's rules, never turned off, lowered or accepted by a document.
func Protected(code string) bool { return protectedCodes[code] }
