// Package sandbox is an in-memory simulator of the BSS "Customer Operation
// Capabilities" REST API. It serves the documented paths over real HTTP, so
// the gateway, its tests and frontend developers run without a Huawei Cloud
// account.
package sandbox

import (
	"net/http"

	"github.com/rs/zerolog"
)

// Options configures a Server.
type Options struct {
	Log zerolog.Logger
}

// Server is the simulator. It is an http.Handler.
type Server struct {
	opts Options
}

// New returns a sandbox with freshly seeded data.
func New(opts Options) *Server { return &Server{opts: opts} }

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	http.Error(w, `{"error_code":"CBC.0999","error_msg":"sandbox not implemented yet"}`, http.StatusNotImplemented)
}
