package resolve_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// TestRenderersReadOnlyResolvedFacts fails when a renderer package depends,
// directly or through another package, on loading or validation: renderers
// read the model and the resolved facts and derive nothing themselves.
func TestRenderersReadOnlyResolvedFacts(t *testing.T) {
	const mod = "github.com/smsgen/smsgen/internal/"
	forbidden := []string{mod + "load", mod + "validate", mod + "check"}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(goTool, "list", "-json=ImportPath,Imports,Deps", "./internal/render/...")
	cmd.Dir = testutil.RepoRoot(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	type pkg struct {
		ImportPath string
		Imports    []string
		Deps       []string
	}
	seen := map[string]bool{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p pkg
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		seen[strings.TrimPrefix(p.ImportPath, mod)] = true
		for _, d := range p.Deps {
			for _, f := range forbidden {
				if d == f {
					t.Errorf("%s depends on %s (imports: %s); a renderer must read internal/resolve instead",
						p.ImportPath, f, strings.Join(p.Imports, ", "))
				}
			}
		}
	}
	for _, want := range []string{"render/html", "render/pdf", "render/xlsx"} {
		if !seen[want] {
			t.Errorf("go list did not list %s: the rule checks nothing for it", want)
		}
	}
}
