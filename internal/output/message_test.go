package output

import (
	"strings"
	"testing"
)

// TestOutErrorMessage: every refusal reads in both languages, with the
// folder, what is concerned (the site root's name when nothing is) and the
// marker where its message names them.
func TestOutErrorMessage(t *testing.T) {
	for _, c := range []struct {
		e          OutError
		lang, want string
	}{
		{OutError{Out: "x", Reason: OutIsRoot}, "en", "--out x is the site root: every build replaces its output folder entirely; name a folder of its own (default: output)"},
		{OutError{Out: "x", Reason: OutHoldsSource, What: "content"}, "id", "--out x memuat sumber situs (content): setiap build mengganti seluruh folder keluarannya; sebutkan folder tersendiri (bawaan: output)"},
		{OutError{Out: "x", Reason: OutInsideSource}, "en", "--out x is or lies inside the source the site root: name a folder outside the sources (default: output)"},
		{OutError{Out: "x", Reason: OutForeign}, "en", "--out x is a folder with files that smsgen did not write (no " + MarkerFile + " marker): every build replaces its output folder entirely, so it is left alone; empty it or name another folder"},
		{OutError{Out: "x", Reason: OutUnresolvable, What: "loop"}, "id", "--out x tidak dapat diuraikan: loop"},
		{OutError{Out: "x", Reason: OutUnresolvable}, "en", "--out x cannot be resolved: the site root"},
		{OutError{Out: "x", Reason: OutNotDir}, "fr", "--out x sudah ada dan bukan folder: sebutkan sebuah folder (bawaan: output)"},
	} {
		if got := c.e.Message(c.lang); got != c.want {
			t.Errorf("%s %s:\n got %s\nwant %s", c.e.Reason, c.lang, got, c.want)
		}
	}
	for _, lang := range []string{"en", "id"} {
		for _, r := range []string{OutIsRoot, OutHoldsSource, OutInsideSource, OutNotDir, OutForeign, OutUnresolvable} {
			if m := (&OutError{Out: "x", Reason: r, What: "w"}).Message(lang); !strings.HasPrefix(m, "--out x ") || strings.Contains(m, "%!") {
				t.Errorf("%s %s: %s", lang, r, m)
			}
		}
	}
}
