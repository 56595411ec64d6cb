package gitinfo

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
)

// A repository's own configuration (.git/config, and files it includes) is
// written by whoever made the repository: a hostile contributor can set keys
// that make git run a program or change what it prints. smsgen runs git only
// through Command, with a fixed minimal configuration:
//
//   - no system or global configuration file is read (GIT_CONFIG_NOSYSTEM,
//     GIT_CONFIG_GLOBAL=/dev/null), so the results do not depend on the
//     machine; the user's safe.directory exceptions are carried over only
//     when git refuses a checkout without them (see Find);
//   - the keys below override the repository's, since configuration given
//     on the command line wins over every file;
//   - variables of the environment that name programs or add configuration
//     are removed (see scrubbed).
//
// What in a repository's configuration can run a program, for the commands
// smsgen uses (rev-parse, log, ls-tree, cat-file --batch, merge-base), and
// what stops it:
//
//   - log.showSignature with gpg.program, gpg.ssh.program (gpg.format=ssh)
//     or gpg.x509.program: git log verifies signed commits by running the
//     program. Stopped by log.showSignature=false and --no-show-signature on
//     every log (logArgs).
//   - core.pager, pager.<command>: --no-pager, core.pager=cat, GIT_PAGER=cat.
//   - diff.external, diff.<driver>.command and diff.<driver>.textconv (a
//     driver chosen by .gitattributes): only a log that prints patches runs
//     them; smsgen's log prints names only, and passes --no-ext-diff and
//     --no-textconv as well. diff.external cannot be unset from the command
//     line, hence the flags.
//   - filter.<driver>.clean/smudge/process: run on checkout, add and
//     cat-file --filters; smsgen reads blobs with cat-file --batch, which
//     never applies them.
//   - core.fsmonitor (a hook program run when the index is refreshed):
//     core.fsmonitor=false; no command used writes the index
//     (GIT_OPTIONAL_LOCKS=0 as well).
//   - core.hooksPath and hooks: core.hooksPath=/dev/null.
//   - core.sshCommand, remote helpers, credential helpers, core.askPass: run
//     only to talk to a remote, which a partial clone does by itself to fetch
//     a missing object ("lazy fetch"). Stopped by protocol.allow=never and
//     GIT_NO_LAZY_FETCH=1.
//   - gc.auto / maintenance.auto: none of the commands run them; both off.
//   - aliases cannot replace git's own commands, and smsgen runs no other.
//
// Keys that would change the output: core.quotepath (paths printed as they
// are), i18n.logOutputEncoding (names in UTF-8), color.ui, and replace refs
// (refs/replace/ would substitute other objects for the revision's own:
// core.useReplaceRefs=false, GIT_NO_REPLACE_OBJECTS=1).
var fixedConfig = []string{
	"core.fsmonitor=false",
	"core.hooksPath=" + os.DevNull,
	"core.pager=cat",
	"core.quotepath=off",
	"core.useReplaceRefs=false",
	"log.showSignature=false",
	"i18n.logOutputEncoding=UTF-8",
	"color.ui=never",
	"protocol.allow=never",
	"gc.auto=0",
	"maintenance.auto=false",
}

// logArgs are the flags every git log gets on top of fixedConfig.
var logArgs = []string{"--no-show-signature", "--no-ext-diff", "--no-textconv", "--no-color"}

// scrubbed reports whether an environment variable is removed from git's
// environment: those naming a program git may run, adding configuration, or
// allowing a transport. Variables saying where the repository is (GIT_DIR,
// GIT_WORK_TREE, GIT_INDEX_FILE … as a hook sets them) are kept.
func scrubbed(name string) bool {
	switch name {
	case "GIT_EXTERNAL_DIFF", "GIT_DIFF_OPTS", "GIT_PAGER", "PAGER",
		"GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT", "GIT_PROXY_COMMAND",
		"GIT_ASKPASS", "SSH_ASKPASS", "GIT_EDITOR", "GIT_SEQUENCE_EDITOR",
		"GIT_ALLOW_PROTOCOL", "GIT_PROTOCOL_FROM_USER",
		"GIT_CONFIG", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
		"GIT_CONFIG_SYSTEM", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM",
		"GIT_TERMINAL_PROMPT", "GIT_OPTIONAL_LOCKS", "GIT_NO_LAZY_FETCH",
		"GIT_NO_REPLACE_OBJECTS", "GIT_REPLACE_REF_BASE", "LC_ALL":
		return true
	}
	return strings.HasPrefix(name, "GIT_CONFIG_KEY_") || strings.HasPrefix(name, "GIT_CONFIG_VALUE_")
}

// Env returns the environment git runs with: the process's own, scrubbed,
// plus the fixed settings.
func Env() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if !scrubbed(name) {
			env = append(env, kv)
		}
	}
	return append(env,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_CONFIG_GLOBAL="+os.DevNull,
		"GIT_TERMINAL_PROMPT=0",
		"GIT_OPTIONAL_LOCKS=0",
		"GIT_NO_LAZY_FETCH=1",
		"GIT_NO_REPLACE_OBJECTS=1",
		"GIT_PAGER=cat",
		"PAGER=cat",
		"LC_ALL=C",
	)
}

// Command is the one way smsgen runs git: git (the executable) in dir with
// the fixed configuration, extra "-c key=value" settings (the carried-over
// safe.directory exceptions), then args. A log command gets logArgs.
func Command(ctx context.Context, git, dir string, extra []string, args ...string) *exec.Cmd {
	full := make([]string, 0, 4+2*(len(fixedConfig)+len(extra))+len(args)+len(logArgs))
	full = append(full, "-C", dir, "--no-pager")
	for _, kv := range fixedConfig {
		full = append(full, "-c", kv)
	}
	for _, kv := range extra {
		full = append(full, "-c", kv)
	}
	if len(args) > 0 {
		full = append(full, args[0])
		if args[0] == "log" {
			full = append(full, logArgs...)
		}
		full = append(full, args[1:]...)
	}
	cmd := exec.CommandContext(ctx, git, full...)
	cmd.Dir = dir
	cmd.Env = Env()
	return cmd
}

// safeDirectories returns the safe.directory exceptions of the user's global
// and system configuration, as "-c" settings. They are read, never executed,
// and only after git refused a checkout as owned by someone else: the
// exception is the user's own decision, which the fixed configuration (no
// global file) would otherwise drop.
func safeDirectories(ctx context.Context, git string) []string {
	var out []string
	for _, scope := range []string{"--system", "--global"} {
		cmd := exec.CommandContext(ctx, git, "config", scope, "--includes", "--get-all", "safe.directory")
		cmd.Dir = os.TempDir()
		var stdout bytes.Buffer
		cmd.Stdout = &stdout
		if err := cmd.Run(); err != nil {
			continue // no such key, or no such file
		}
		for _, l := range strings.Split(strings.TrimRight(stdout.String(), "\n"), "\n") {
			if !strings.ContainsAny(l, "\x00\r") {
				out = append(out, "safe.directory="+l)
			}
		}
	}
	return out
}

// dubious reports whether git refused a checkout because another user owns it.
func dubious(msg string) bool {
	return strings.Contains(msg, "dubious ownership")
}
