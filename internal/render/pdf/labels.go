package pdf

import "github.com/smsgen/smsgen/internal/i18n"

// label returns the UI label of key in lang, from the catalogue.
func label(lang, key string) string { return i18n.Label(lang, key) }

// labelf returns the UI label of key in lang formatted with args (English
// plurals follow the counts).
func labelf(lang, key string, args ...any) string { return i18n.Labelf(lang, key, args...) }

// hasLabel reports whether the catalogue has key.
func hasLabel(key string) bool { _, _, ok := i18n.LabelText(key); return ok }
