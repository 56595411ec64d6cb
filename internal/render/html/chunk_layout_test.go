package html

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/names"
	"github.com/smsgen/smsgen/internal/synth"
	"github.com/smsgen/smsgen/internal/testutil"
)

// TestLayoutRangesChunkRecords: a site's own records.html may range over the
// views of a chunk page's records (ChunkView.Records, made when asked for),
// each with its anchor and field rows, as the built-in layout shows them.
func TestLayoutRangesChunkRecords(t *testing.T) {
	root := t.TempDir()
	if err := synth.Write(root, synth.Options{Docs: 2, Rows: 30, Seed: 4}); err != nil {
		t.Fatal(err)
	}
	testutil.Write(t, root, "-- layouts/records.html --\n"+`{{template "layout.html" .}}
{{define "main"}}{{range .Data.Records}}<div class="r" id="{{.Anchor}}">{{.ID}}<table>{{.FieldRows}}</table></div>
{{end}}{{end}}`)
	l := newLiveWith(t, root, &names.Options{GroupAbove: 5, ChunkSize: 7})
	page := testutil.ReadFile(t, filepath.Join(l.out, "site", "registers", "incidents", "records-2.html"))
	divs := regexp.MustCompile(`(?s)<div class="r" id="rec-([^"]+)">([^<]+)<table>(.*?)</table></div>`).FindAllStringSubmatch(page, -1)
	if len(divs) != 7 {
		t.Fatalf("%d records on the chunk page, want 7:\n%s", len(divs), page)
	}
	for _, d := range divs {
		if d[1] != d[2] || !strings.Contains(d[3], `<tr class="f-`) {
			t.Errorf("record %q: anchor %q, fields %q", d[2], d[1], d[3])
		}
	}
}
