package html

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"strconv"
	"strings"
	"testing"
)

// TestAppendJSONMatchesEncodingJSON: the search index writes its strings by
// hand; they must be the bytes of encoding/json (HTML escaped), and jsonLen
// their length, for every kind of character.
func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	cases := []string{"", "plain", `quote " and \ back`, "<script>&amp;</script>", "tab\tnl\ncr\rbs\bff\f",
		"\x00\x01\x1f\x7f", "Dinas Komunikasi – “Informatika” é ñ 日本", "line\u2028para\u2029end",
		"bad \xff utf8 \xc3", "emoji 😀 +' =", strings.Repeat("x<", 300)}
	for c := 0; c < 256; c++ { // every byte alone
		cases = append(cases, string([]byte{byte(c)}), "a"+string([]byte{byte(c)})+"z")
	}
	for _, s := range cases {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSON([]byte("pre"), s); string(got) != "pre"+string(want) {
			t.Errorf("appendJSON(%q) = %s, want %s", s, got[3:], want)
		}
		if n := jsonLen(s); n != len(want) {
			t.Errorf("jsonLen(%q) = %d, want %d", s, n, len(want))
		}
	}
}

// TestBase36Len: the number of digits strconv writes in base 36.
func TestBase36Len(t *testing.T) {
	for _, v := range []uint32{0, 1, 35, 36, 1295, 1296, 46655, 46656, 1 << 20, 1<<32 - 1} {
		if got, want := base36Len(v), len(strconvFormat36(v)); got != want {
			t.Errorf("base36Len(%d) = %d, want %d", v, got, want)
		}
	}
}

func strconvFormat36(v uint32) string { return strconv.FormatUint(uint64(v), 36) }

// TestAppendItemsMatchesFields: the value of a line of a record's text is
// written as its items were by strings.Split, Fields, Join and Trim (the
// earlier code, kept here as the reference).
func TestAppendItemsMatchesFields(t *testing.T) {
	ref := func(v string) string {
		items := strings.Split(v, "\n")
		for i, it := range items {
			items[i] = strings.Join(strings.Fields(it), " ")
		}
		return strings.Trim(strings.Join(items, "; "), "; ")
	}
	got := func(v string) string {
		b := appendItems([]byte("x"), v)[1:]
		lo, hi := 0, len(b)
		for lo < hi && (b[lo] == ';' || b[lo] == ' ') {
			lo++
		}
		for hi > lo && (b[hi-1] == ';' || b[hi-1] == ' ') {
			hi--
		}
		return string(b[lo:hi])
	}
	rng := rand.New(rand.NewSource(3))
	const chars = "ab; \n\t\r\u00a0\u2003é\xff;"
	rs := []rune(chars)
	cases := []string{"", " ", "\n", ";", "a\nb", " a  b \n\n c ", "a;\n;b", "x\u00a0y\u2028z", "\xff\xfe x"}
	for i := 0; i < 3000; i++ {
		var b strings.Builder
		for j := rng.Intn(14); j > 0; j-- {
			b.WriteRune(rs[rng.Intn(len(rs))])
		}
		cases = append(cases, b.String())
	}
	for _, v := range cases {
		if g, w := got(v), ref(v); g != w {
			t.Fatalf("items of %q: got %q, want %q", v, g, w)
		}
	}
}

// textsFile is how a shard of texts was written with encoding/json: the
// reference appendTextsMap and the shards written by hand are held to.
func textsFile(p string, texts any) ([]byte, error) {
	var out bytes.Buffer
	out.WriteString(textsHead(p))
	je := json.NewEncoder(&out)
	je.SetEscapeHTML(true)
	if err := je.Encode(texts); err != nil {
		return nil, err
	}
	out.WriteString(";\n")
	return out.Bytes(), nil
}

// TestTextsMapMatchesEncodingJSON: the texts of the documents' shards,
// written by hand, are the bytes encoding/json wrote of the map of texts
// (keys sorted, HTML escaped), for hostile keys and texts.
func TestTextsMapMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewSource(9))
	values := []string{"", "docs/a.html", "docs/b.html", "<&>", "\xff", "line\u2028", "é", "\x00", `"q"\`}
	for i := 0; i < 500; i++ {
		m := map[string]string{}
		for k := rng.Intn(6); k > 0; k-- {
			key := values[rng.Intn(len(values))] + strconv.Itoa(rng.Intn(3))
			m[key] = values[rng.Intn(len(values))] + values[rng.Intn(len(values))]
		}
		want, err := textsFile("assets/texts-docs.js", m)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendTextsMap([]byte(textsHead("assets/texts-docs.js")), m); string(got) != string(want) {
			t.Fatalf("got  %q\nwant %q", got, want)
		}
	}
}

// TestFoldASCII: fold lowercases ASCII text as strings.ToLower does.
func TestFoldASCII(t *testing.T) {
	rng := rand.New(rand.NewSource(12))
	for i := 0; i < 5000; i++ {
		b := make([]byte, rng.Intn(40))
		for j := range b {
			b[j] = byte(rng.Intn(0x80))
		}
		if got, want := fold(string(b)), strings.ToLower(string(b)); got != want {
			t.Fatalf("fold(%q) = %q, want %q", b, got, want)
		}
	}
}
