//go:build tools

// Package tools pins the code generators used by go generate, so that
// `go run github.com/99designs/gqlgen` resolves to the version in go.mod.
package tools

import (
	_ "github.com/99designs/gqlgen"
)
