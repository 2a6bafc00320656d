package graph

import (
	"fmt"
	"strings"
)

// The hostile queries of issue 8, for the tests and benchmarks of both test
// packages.

// CatalogCycle cycles the catalog levels times: each level is a service
// type's resource types, which multiplies the answer about 2.5 times.
func CatalogCycle(levels int) string {
	return "{ resourceTypes { nodes { code " + strings.Repeat("serviceType { code resourceTypes { code ", levels) +
		strings.Repeat("} } ", levels) + "} } }"
}

// ParentChain asks for a resource's parent depth times over.
func ParentChain(depth int) string {
	return "{ viewer { resources(first: 1) { nodes { " + strings.Repeat("parent { ", depth) + "resourceId" +
		strings.Repeat(" }", depth) + " } } } }"
}

// FragmentBomb has n fragments, each spreading the next twice: expanded,
// it selects serviceTypes 2^(n+1)-1 times.
func FragmentBomb(n int) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { serviceTypes { totalCount } ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { serviceTypes { totalCount } }\n", n)
	return b.String()
}
