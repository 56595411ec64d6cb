# smsgen — the two commands a newcomer needs:
#   make site   builds the example SMS in this repository into output/
#   make test   runs every test (tests needing chromium, qpdf, poppler or openpyxl skip
#               with a message when the tool is missing; with CI=true they fail instead)

GO       ?= go
BIN      ?= bin/smsgen
OUT      ?= output
# "today" for the example build: the date of the last commit, so that builds are
# reproducible (same sources, same bytes); override with TODAY=YYYY-MM-DD.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
export SOURCE_DATE_EPOCH
TODAY    ?=
TODAYFLAG = $(if $(TODAY),--today $(TODAY),)
FUZZTIME ?= 5s
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS   = -s -w -X github.com/smsgen/smsgen/internal/cli.Version=$(VERSION)

.PHONY: all site build validate test vet fuzz bench bench-hugo bench-scale clean release

all: site

# static (no C library to load at each start: 1 ms less a command), as the release binaries
$(BIN): FORCE
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/smsgen
FORCE:

build: $(BIN)

## site: validate and render the example site into output/ (HTML site, zip, continuity pack, PDFs, workbooks);
## the build renders into .output.tmp-*/ beside it (git-ignored; a killed build's is removed by the next one)
site: $(BIN)
	$(BIN) build --root . --out $(OUT) $(TODAYFLAG)
	@echo "open $(OUT)/site/index.html in a browser (works from disk, no server needed)"

## validate: check the example site only
validate: $(BIN)
	$(BIN) validate --root . $(TODAYFLAG)

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }

## test: vet, every test, then each fuzz target briefly
test: vet
	$(GO) test -count=1 -timeout 30m ./...
	$(MAKE) --no-print-directory fuzz


## fuzz: run every fuzz target for FUZZTIME (default 5s). Go before 1.27 may
## end a run whose time is up with "context deadline exceeded" and no failing
## input (a race in its fuzzing coordinator, go.dev/issue/75804; about one run
## in thirty here): such a run is run again, up to three runs in all; any
## other failure, or that one three times, fails.
fuzz:
	@for f in $$(grep -rlE '^func Fuzz' --include='*_test.go' internal); do \
	  pkg=./$$(dirname $$f); \
	  for t in $$(grep -hoE '^func Fuzz[A-Za-z0-9_]+' $$f | sed 's/^func //'); do \
	    for try in 1 2 3; do \
	      echo "fuzz $$pkg $$t ($(FUZZTIME))"; \
	      out=$$($(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) $$pkg 2>&1); rc=$$?; echo "$$out"; \
	      [ $$rc -eq 0 ] && break; \
	      if [ $$try -lt 3 ] && echo "$$out" | grep -qx '    context deadline exceeded' && ! echo "$$out" | grep -q 'Failing input written'; then \
	        echo "fuzz $$t: stopped by Go's deadline race (go.dev/issue/75804), not by an input: again"; \
	      else exit 1; fi; \
	    done; \
	  done; \
	done

BENCH_DIR    ?= $(or $(TMPDIR),/tmp)/smsgen-bench-site
BENCH_DOCS   ?= 1000
BENCH_ROWS   ?= 100000
BENCH_SHAPES ?= short text wide
BENCH_RUNS   ?= 5

## bench: Go benchmarks of every stage, then validation side by side with csvkit's csvclean
## and the full build (every output) for each register shape (short cells; long free text; many columns)
## (needs the Debian packages csvkit, hyperfine and time; see README "Performance")
bench: $(BIN)
	$(GO) test -run='^$$' -bench=. -benchmem -benchtime=3x ./...
	@set -e; uptime; for shape in $(BENCH_SHAPES); do \
	  site=$(BENCH_DIR)-$$shape; rm -rf $$site; \
	  $(GO) run ./cmd/synth -docs $(BENCH_DOCS) -rows $(BENCH_ROWS) -seed 1 -shape $$shape -out $$site; \
	  echo "== shape $$shape: $$(head -1 $$site/registers/incidents.csv | tr ',' '\n' | wc -l) columns, $$(du -h $$site/registers/incidents.csv | cut -f1)"; \
	  hyperfine -N --warmup 1 --runs $(BENCH_RUNS) \
	    "$(BIN) validate --root $$site --today 2026-11-21" \
	    "csvclean -n $$site/registers/incidents.csv"; \
	  /usr/bin/time -f "smsgen validate ($$shape): %e s, max RSS %M KiB" $(BIN) validate --root $$site --today 2026-11-21 >/dev/null; \
	  /usr/bin/time -f "csvclean -n ($$shape): %e s, max RSS %M KiB" csvclean -n $$site/registers/incidents.csv >/dev/null; \
	  /usr/bin/time -f "smsgen build, every output ($$shape): %e s, user %U s, sys %S s, max RSS %M KiB" \
	    $(BIN) build --root $$site --out $$site-out --today 2026-11-21 --quiet; \
	  rm -rf $$site $$site-out; \
	done; uptime

HUGO      ?= hugo
HUGO_RUNS ?= 10

## bench-hugo: `build --only html` of 1,000 documents and 1,000 rows against Hugo v0.160.0 with minimal templates,
## into an empty folder (after rm -rf and sync) and rebuilt: Hugo on the same Markdown, and Hugo also given the
## 1,000 rows as pages, as smsgen makes a page per record (needs hyperfine, and Hugo:
## go install github.com/gohugoio/hugo@v0.160.0, or HUGO=path/to/hugo)
bench-hugo: $(BIN)
	@command -v $(HUGO) >/dev/null 2>&1 || { echo "bench-hugo: no $(HUGO): go install github.com/gohugoio/hugo@v0.160.0, or HUGO=path/to/hugo"; exit 2; }
	@set -e; d=$(BENCH_DIR)-hugo; rm -rf $$d; \
	$(GO) run ./cmd/synth -docs 1000 -rows 1000 -seed 1 -out $$d/site -hugo $$d/hugo -hugo-rows $$d/hugo-rows; \
	$(HUGO) version; uptime; \
	h="$(HUGO) --quiet -s $$d/hugo -d $$d/o-hugo"; r="$(HUGO) --quiet -s $$d/hugo-rows -d $$d/o-rows"; \
	s="$(BIN) build --only html --root $$d/site --out $$d/o-smsgen --today 2026-11-21 --quiet"; \
	hyperfine -N --warmup 1 --runs $(HUGO_RUNS) --export-csv $$d/first.csv \
	  --prepare "sh -c 'rm -rf $$d/o-hugo && sync'" --prepare "sh -c 'rm -rf $$d/o-rows && sync'" \
	  --prepare "sh -c 'rm -rf $$d/o-smsgen && sync'" -n "hugo first build" "$$h" -n "hugo with the rows first build" "$$r" -n "smsgen first build" "$$s"; \
	hyperfine -N --warmup 1 --runs $(HUGO_RUNS) --export-csv $$d/rebuild.csv \
	  -n "hugo rebuild" "$$h" -n "hugo with the rows rebuild" "$$r" -n "smsgen rebuild" "$$s"; \
	for f in first rebuild; do awk -F, -v f=$$f 'NR>1 { m[NR-1]=$$2; md[NR-1]=$$4 } \
	  END { printf "%s: smsgen/hugo %.2f of the mean (%.2f of the median); smsgen/hugo with the rows %.2f (%.2f)\n", \
	    f, m[3]/m[1], md[3]/md[1], m[3]/m[2], md[3]/md[2] }' $$d/$$f.csv; done; \
	rm -rf $$d

## bench-scale: the full build (every output) of 1,000 documents + 100,000 incident rows and of ten times
## that (-shape text), each into an empty folder after sync and 5 s idle, in the order small, large, small,
## and how the large one grew against the mean of the small ones: wall time, CPU time, peak memory
## (needs GNU time; about 4 GB of memory and 10 GB of disk for the large build)
bench-scale: $(BIN)
	@set -e; d=$(BENCH_DIR)-scale; rm -rf $$d; mkdir -p $$d; \
	$(GO) run ./cmd/synth -docs 1000 -rows 100000 -seed 1 -shape text -out $$d/small; \
	$(GO) run ./cmd/synth -docs 10000 -rows 1000000 -seed 1 -shape text -out $$d/large; \
	uptime; for s in small large small; do rm -rf $$d/out; sync; sleep 5; \
	  /usr/bin/time -f "$$s %e %U %S %M" -o $$d/time $(BIN) build --root $$d/$$s --out $$d/out --today 2026-11-21 --quiet; \
	  tail -1 $$d/time >> $$d/times; \
	  awk '{ printf "%s: %.1f s, %.1f + %.1f CPU-s, peak %d KiB\n", $$1, $$2, $$3, $$4, $$5 }' $$d/time | tail -1; done; \
	awk '$$1 == "small" { w += $$2 / 2; c += ($$3 + $$4) / 2; m += $$5 / 2 } $$1 == "large" { W = $$2; C = $$3 + $$4; M = $$5 } \
	  END { printf "ten times the site: %.1fx the wall time, %.1fx the CPU time, %.1fx the peak memory\n", W / w, C / c, M / m }' $$d/times; \
	rm -rf $$d

## release: the release binaries, static and built with -trimpath and the version in the
## ldflags, for linux/amd64, linux/arm64, windows/amd64 and darwin/arm64, into dist/ with SHA256SUMS
RELEASE_DIR     ?= dist
RELEASE_TARGETS ?= linux/amd64 linux/arm64 windows/amd64 darwin/arm64
release:
	rm -rf $(RELEASE_DIR)
	mkdir -p $(RELEASE_DIR)
	@set -e; for t in $(RELEASE_TARGETS); do \
	  os=$${t%/*}; arch=$${t#*/}; ext=; if [ "$$os" = windows ]; then ext=.exe; fi; \
	  out=$(RELEASE_DIR)/smsgen-$(VERSION)-$$os-$$arch$$ext; \
	  echo "build $$out"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $$out ./cmd/smsgen; \
	done
	cd $(RELEASE_DIR) && sha256sum smsgen-* > SHA256SUMS

clean:
	rm -rf bin $(OUT) $(dir $(OUT)).$(notdir $(OUT)).tmp-* $(RELEASE_DIR)
