// Command connalias keeps graph/model/connection.go in step with the schema:
// every XConnection/XEdge type gqlgen generated as a struct is removed from
// models_gen.go and declared as an alias of the generic Connection[*X] /
// Edge[*X] instead. It prints "changed" when it edited anything, so the
// caller knows to run gqlgen once more.
package main

import (
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

const (
	modelsFile = "graph/model/models_gen.go"
	connFile   = "graph/model/connection.go"
)

var structRE = regexp.MustCompile(`(?ms)^(?://[^\n]*\n)*type (\w+)(Connection|Edge) struct \{.*?^\}\n`)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "connalias:", err)
		os.Exit(1)
	}
}

func run() error {
	models, err := os.ReadFile(modelsFile)
	if err != nil {
		return err
	}
	conn, err := os.ReadFile(connFile)
	if err != nil {
		return err
	}
	found := structRE.FindAllStringSubmatch(string(models), -1)
	if len(found) == 0 {
		return nil
	}
	var lines []string
	for _, m := range found {
		name, kind := m[1], m[2]
		if strings.Contains(string(conn), "\t"+name+kind+" ") {
			continue
		}
		lines = append(lines, fmt.Sprintf("\t%s%s = %s[*%s]", name, kind, kind, name))
	}
	sort.Strings(lines)
	if err := os.WriteFile(modelsFile, []byte(structRE.ReplaceAllString(string(models), "")), 0o644); err != nil {
		return err
	}
	if len(lines) > 0 {
		extra := "\n// Added by scripts/connalias.\ntype (\n" + strings.Join(lines, "\n") + "\n)\n"
		if err := os.WriteFile(connFile, append(conn, extra...), 0o644); err != nil {
			return err
		}
	}
	fmt.Println("changed")
	return nil
}
