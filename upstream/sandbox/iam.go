package sandbox

import "net/http"

// iamRoutes serves IAM's "Validating a Token" API (GET /v3/auth/tokens), so
// the gateway can find the account id behind a sandbox token exactly as it
// does with Huawei Cloud IAM.
func (s *Server) iamRoutes() {
	s.mux.HandleFunc("GET /v3/auth/tokens", func(w http.ResponseWriter, r *http.Request) {
		w0 := s.currentWorld()
		a, ok := w0.byToken[r.Header.Get("X-Subject-Token")]
		_, authOK := w0.byToken[r.Header.Get("X-Auth-Token")]
		if !ok || !authOK {
			writeJSON(w, http.StatusUnauthorized, map[string]any{"error": map[string]any{
				"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}})
			return
		}
		w.Header().Set("X-Subject-Token", r.Header.Get("X-Subject-Token"))
		writeJSON(w, http.StatusOK, map[string]any{"token": map[string]any{
			"expires_at": fmtTime(s.now().Add(24 * 60 * 60 * 1e9)),
			"methods":    []string{"password"},
			"user": map[string]any{
				"id": "user-" + a.ID[:8], "name": a.Name,
				"domain": map[string]any{"id": a.ID, "name": a.Name},
			},
		}})
	})
}
