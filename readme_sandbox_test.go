package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"bssgraph/upstream/sandbox"
)

// TestReadmeSandboxSection checks the README's "Sandbox tokens" section
// against the sandbox: one unbroken table lists every kind of token (a
// blank line would split it and leave rows outside), and it states the
// default language and the sandbox's fixed clock.
func TestReadmeSandboxSection(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Sandbox tokens\n")
	if !ok {
		t.Fatal("README has no Sandbox tokens section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	// The first table: consecutive lines starting with "|".
	var table []string
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "|") {
			table = append(table, line)
		} else if len(table) > 0 {
			break
		}
	}
	rows := strings.Join(table, "\n")
	for _, tok := range []string{sandbox.TokenCustomer, sandbox.TokenEnterprise, sandbox.TokenPartner, "sandbox-member-1"} {
		if !strings.Contains(rows, "`"+tok+"`") {
			t.Errorf("the token table lacks %s:\n%s", tok, rows)
		}
	}
	clock := sandbox.Epoch.In(time.FixedZone("GMT+08:00", 8*3600)).Format("2006-01-02 15:04") + " GMT+08:00"
	for _, want := range []string{clock, "`zh_CN`", "`X-Language: en_US`"} {
		if !strings.Contains(section, want) {
			t.Errorf("the Sandbox tokens section does not state %q", want)
		}
	}
}
