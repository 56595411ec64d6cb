package attach

import "testing"

// FuzzCheckBytes: any bytes under any name give one of the four verdicts,
// never a panic or a hang, and nothing off the allow-list passes.
func FuzzCheckBytes(f *testing.F) {
	f.Add("a.svg", `<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><rect id="x" style="fill:url(#g)"/></a></svg>`)
	f.Add("a.xml", `<?xml version="1.0"?><d xmlns:h="http://www.w3.org/1999/xhtml"><h:p/></d>`)
	f.Add("a.zip", "PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
	f.Add("a.docx", "PK\x03\x04")
	f.Add("a.png", pngSig)
	f.Add("a.txt", "catatan")
	f.Fuzz(func(t *testing.T, name, data string) {
		p := CheckBytes(name, []byte(data))
		if p != nil && p.Code != CodeActive && p.Code != CodeType && p.Code != CodeMismatch && p.Code != CodePath {
			t.Fatalf("unknown code %q", p.Code)
		}
		if p == nil {
			if _, ok := TypeOf(name); !ok {
				t.Fatalf("%q passed without being on the allow-list", name)
			}
		}
	})
}
