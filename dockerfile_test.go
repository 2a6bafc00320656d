package main

import (
	"bufio"
	"bytes"
	"debug/buildinfo"
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// No Docker engine runs where the tests run, so the Dockerfile is checked
// statically: its stages, user, healthcheck and commands, and the build
// command it uses is run here to prove the binary is static and versioned.

// instruction is one Dockerfile instruction with its continuation lines
// joined.
type instruction struct {
	cmd  string // upper case, e.g. RUN
	args string
}

// stage is the instructions from one FROM to the next.
type stage struct {
	from string // the FROM arguments
	ins  []instruction
}

func parseDockerfile(t *testing.T, path string) []stage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		stages []stage
		buf    strings.Builder
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if more, ok := strings.CutSuffix(line, `\`); ok {
			buf.WriteString(more + " ")
			continue
		}
		buf.WriteString(line)
		cmd, args, _ := strings.Cut(buf.String(), " ")
		buf.Reset()
		in := instruction{strings.ToUpper(cmd), strings.Join(strings.Fields(args), " ")}
		if in.cmd == "FROM" {
			stages = append(stages, stage{from: in.args})
			continue
		}
		if len(stages) > 0 {
			stages[len(stages)-1].ins = append(stages[len(stages)-1].ins, in)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return stages
}

func (s stage) all(cmd string) []string {
	var out []string
	for _, in := range s.ins {
		if in.cmd == cmd {
			out = append(out, in.args)
		}
	}
	return out
}

func (s stage) index(cmd, contains string) int {
	return slices.IndexFunc(s.ins, func(in instruction) bool { return in.cmd == cmd && strings.Contains(in.args, contains) })
}

// execForm reports whether args is a JSON array of strings (exec form),
// which runs without a shell, as distroless requires.
func execForm(args string) ([]string, bool) {
	var argv []string
	return argv, json.Unmarshal([]byte(args), &argv) == nil && len(argv) > 0
}

func TestDockerfile(t *testing.T) {
	t.Parallel()
	stages := parseDockerfile(t, "Dockerfile")
	if len(stages) < 2 {
		t.Fatalf("Dockerfile has %d stages, want a build stage and a runtime stage", len(stages))
	}
	build, final := stages[0], stages[len(stages)-1]

	if !strings.Contains(build.from, "golang:") || !strings.HasSuffix(build.from, " AS build") {
		t.Errorf("first stage FROM %q, want a golang image named build", build.from)
	}
	modCopy, download, srcCopy := build.index("COPY", "go.mod go.sum"), build.index("RUN", "go mod download"), build.index("COPY", ". .")
	if modCopy < 0 || download < 0 || srcCopy < 0 || !(modCopy < download && download < srcCopy) {
		t.Errorf("build stage must COPY go.mod go.sum, RUN go mod download, then COPY the sources (got positions %d, %d, %d)", modCopy, download, srcCopy)
	}
	goBuild := build.index("RUN", "go build")
	if goBuild < 0 {
		t.Fatal("no RUN go build in the build stage")
	}
	for _, want := range []string{"CGO_ENABLED=0", "-trimpath", `-ldflags "-s -w -X main.version=${VERSION}"`} {
		if !strings.Contains(build.ins[goBuild].args, want) {
			t.Errorf("go build lacks %s: %s", want, build.ins[goBuild].args)
		}
	}

	if f := final.from; !strings.HasPrefix(f, "gcr.io/distroless/static") && f != "scratch" {
		t.Errorf("final stage FROM %q, want distroless static or scratch", f)
	}
	if final.index("COPY", "--from=build") < 0 {
		t.Error("final stage does not copy the binary from the build stage")
	}
	users := final.all("USER")
	if len(users) == 0 {
		t.Error("final stage sets no USER; it would run as root")
	}
	for _, u := range users {
		if name, _, _ := strings.Cut(u, ":"); name == "root" || name == "0" {
			t.Errorf("USER %s is root", u)
		}
	}
	if !slices.Contains(final.all("EXPOSE"), "8080") {
		t.Errorf("EXPOSE = %v, want 8080", final.all("EXPOSE"))
	}
	hc := final.all("HEALTHCHECK")
	if len(hc) != 1 {
		t.Fatalf("HEALTHCHECK = %v, want one", hc)
	}
	_, hcCmd, _ := strings.Cut(hc[0], "CMD ")
	if argv, ok := execForm(hcCmd); !ok || argv[len(argv)-1] != "healthcheck" {
		t.Errorf("HEALTHCHECK CMD %q, want exec form running `bssgraph healthcheck`", hcCmd)
	}
	for _, cmd := range []string{"ENTRYPOINT", "CMD"} {
		for _, args := range final.all(cmd) {
			if _, ok := execForm(args); !ok {
				t.Errorf("%s %s is in shell form; distroless has no shell", cmd, args)
			}
		}
	}
	if len(final.all("ENTRYPOINT")) != 1 {
		t.Error("final stage needs one ENTRYPOINT")
	}
	labels := strings.Join(final.all("LABEL"), " ")
	for _, l := range []string{"org.opencontainers.image.title", "org.opencontainers.image.version"} {
		if !strings.Contains(labels, l) {
			t.Errorf("no %s LABEL", l)
		}
	}
	// With no upstream URL the container serves the embedded sandbox.
	for _, env := range final.all("ENV") {
		if strings.Contains(env, "BSSGRAPH_UPSTREAM_URL") || strings.Contains(env, "KEY") {
			t.Errorf("ENV %s: the image must default to the sandbox and hold no credentials", env)
		}
	}
}

func TestDockerignore(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(".dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for line := range strings.Lines(string(b)) {
		if p := strings.TrimSpace(line); p != "" && !strings.HasPrefix(p, "#") {
			patterns = append(patterns, p)
		}
	}
	for _, want := range []string{".git", "**/node_modules"} {
		if !slices.Contains(patterns, want) {
			t.Errorf(".dockerignore lacks %s", want)
		}
	}
	// The build embeds these; ignoring them would break go build.
	for _, keep := range []string{"gateway/graphiql/index.html", "gateway/graphiql/dist/graphiql.js", "go.sum", "server.go"} {
		for _, p := range patterns {
			if ok, _ := filepath.Match(p, keep); ok || strings.HasPrefix(keep, strings.TrimSuffix(p, "/")+"/") {
				t.Errorf(".dockerignore pattern %q excludes %s, which the build needs", p, keep)
			}
		}
	}
}

// TestDockerBuildCommand runs the Dockerfile's go build (as the build stage
// would, for this machine's platform) and checks the result is a static,
// stripped binary that carries its version. scripts/e2e.sh builds with the
// same flags, so the two share the build cache.
func TestDockerBuildCommand(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(t.TempDir(), "bssgraph")
	cmd := exec.CommandContext(t.Context(), "go", "build", "-trimpath", "-ldflags", "-s -w -X main.version=docker-test", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if settings["CGO_ENABLED"] != "0" || settings["-trimpath"] != "true" {
		t.Errorf("build settings %v, want CGO_ENABLED=0 and -trimpath", settings)
	}
	// Go leaves -ldflags out of the build info under -trimpath, so look for
	// the version string itself.
	raw, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw, []byte("docker-test")) {
		t.Error("binary lacks the version set with -X main.version")
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("binary has an ELF interpreter: it is dynamically linked and would not run on distroless/static")
		}
	}
	if f.Section(".symtab") != nil {
		t.Error("binary has a symbol table: -s did not strip it")
	}
}
