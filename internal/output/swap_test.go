//go:build unix

package output

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// outputOf renders files (rel → content) with one renderer that declares no outputs.
func outputOf(files map[string]string) map[string]Renderer {
	return map[string]Renderer{"x": fileRenderer{files}}
}

var (
	buildA = map[string]string{"site/index.html": "A", "site/a.html": "only in A", "pdf/x.pdf": "pdf A"}
	buildB = map[string]string{"site/index.html": "B", "site/b.html": "only in B", "pdf/x.pdf": "pdf B"}
	buildC = map[string]string{"site/index.html": "C"}
)

// files reads every regular file below dir (without the marker).
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.Mode().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			if rel != MarkerFile {
				got[filepath.ToSlash(rel)] = read(t, p)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestSwapCrashHelper is the build killed by TestSwapCrash: it renders
// buildB into SMSGEN_CRASH_OUT and ends the process at step SMSGEN_CRASH_AT
// (exit 3), as a kill there would.
func TestSwapCrashHelper(t *testing.T) {
	out, at := os.Getenv("SMSGEN_CRASH_OUT"), os.Getenv("SMSGEN_CRASH_AT")
	if out == "" {
		t.Skip("run by TestSwapCrash")
	}
	useExchange = os.Getenv("SMSGEN_CRASH_RENAMES") == "" && exchangeSupported
	crashHook = func(s string) {
		if s == at {
			os.Exit(3)
		}
	}
	if err := Run(Context{}, Options{Out: out, Renderers: outputOf(buildB)}); err != nil {
		t.Fatal(err)
	}
}

// TestSwapCrash ends a build at every step of its swap (in a process of its
// own, so that its lock is released as by a kill): the output folder is then
// the complete old or new output, and the next build removes what the killed
// one left and builds normally. With two renames instead of an exchange, the
// one step that leaves no output is repaired by the next build.
func TestSwapCrash(t *testing.T) {
	for _, c := range []struct {
		step    string
		renames bool
		want    map[string]string // right after the crash; nil: no output until recovered
	}{
		{"temp-created", false, buildA},
		{"rendered", false, buildA},
		{"exchanged", false, buildB},
		{"", false, buildB},
		{"rendered", true, buildA},
		{"moved-aside", true, nil},
		{"renamed", true, buildB},
	} {
		name := c.step
		if c.renames {
			name += "/renames"
		}
		t.Run(name, func(t *testing.T) {
			if !c.renames && !exchangeSupported {
				t.Skip("no exchange of folders here")
			}
			out := filepath.Join(t.TempDir(), "output")
			if err := Run(Context{}, Options{Out: out, Renderers: outputOf(buildA)}); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestSwapCrashHelper$", "-test.count=1")
			cmd.Env = append(os.Environ(), "SMSGEN_CRASH_OUT="+out, "SMSGEN_CRASH_AT="+c.step)
			if c.renames {
				cmd.Env = append(cmd.Env, "SMSGEN_CRASH_RENAMES=1")
			}
			b, err := cmd.CombinedOutput()
			if ee, ok := err.(*exec.ExitError); c.step != "" && (!ok || ee.ExitCode() != 3) {
				t.Fatalf("the build did not stop at %s: %v\n%s", c.step, err, b)
			}
			if c.want == nil {
				if _, err := os.Lstat(out); err == nil {
					t.Fatalf("expected the window of two renames at %s", c.step)
				}
				Cleanup(out) // what the next build does first
				c.want = buildA
			}
			if !hasMarker(out) {
				t.Error("the output has no marker")
			}
			if got := files(t, out); !reflect.DeepEqual(got, c.want) {
				t.Fatalf("after a crash at %q the output is\n%v\nwant\n%v", c.step, got, c.want)
			}
			// the next build cleans up and builds
			if err := Run(Context{}, Options{Out: out, Renderers: outputOf(buildC)}); err != nil {
				t.Fatal(err)
			}
			if got := files(t, out); !reflect.DeepEqual(got, buildC) {
				t.Fatalf("the next build gave %v", got)
			}
			entries, _ := os.ReadDir(filepath.Dir(out))
			if len(entries) != 1 {
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("left beside the output: %s", strings.Join(names, ", "))
			}
		})
	}
}

// TestCleanupKeepsLiveAndForeign: a temporary folder whose lock a live build
// holds, and folders of the same pattern that are not smsgen's, are kept.
func TestCleanupKeepsLiveAndForeign(t *testing.T) {
	out := filepath.Join(t.TempDir(), "output")
	live, err := newTemp(out)
	if err != nil {
		t.Fatal(err)
	}
	defer live.release()
	write(t, filepath.Join(live.dir, "site/index.html"), "in progress")
	foreign := filepath.Join(filepath.Dir(out), tempPrefix(out)+"mine")
	write(t, filepath.Join(foreign, "notes.txt"), "the user's")
	stale := filepath.Join(filepath.Dir(out), tempPrefix(out)+"stale")
	write(t, filepath.Join(stale, MarkerFile), MarkerText)
	write(t, filepath.Join(stale, "site/index.html"), "killed")
	// killed while writing the marker: its lock file tells it is smsgen's
	half := filepath.Join(filepath.Dir(out), tempPrefix(out)+"half")
	write(t, filepath.Join(half, MarkerFile), "")
	write(t, half+".lock", "")
	Cleanup(out)
	if _, err := os.Lstat(half); err == nil {
		t.Error("a killed build's folder without its marker was left")
	}
	if _, err := os.Lstat(half + ".lock"); err == nil {
		t.Error("a killed build's lock was left")
	}
	if read(t, filepath.Join(live.dir, "site/index.html")) != "in progress" {
		t.Error("a live build's folder was touched")
	}
	if read(t, filepath.Join(foreign, "notes.txt")) != "the user's" {
		t.Error("a folder without the marker was touched")
	}
	if _, err := os.Lstat(stale); err == nil {
		t.Error("a killed build's folder was left")
	}
}
