package i18n

import "testing"

// TestLang: every language smsgen does not speak falls back to Indonesian,
// and a --lang option accepts only what it speaks (or nothing).
func TestLang(t *testing.T) {
	for in, want := range map[string]string{"en": "en", "id": "id", "": "id", "fr": "id", "EN": "id"} {
		if got := Lang(in); got != want {
			t.Errorf("Lang(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]bool{"": true, "id": true, "en": true, "fr": false, "EN": false, "en-US": false} {
		if got := KnownLang(in); got != want {
			t.Errorf("KnownLang(%q) = %v, want %v", in, got, want)
		}
	}
}
