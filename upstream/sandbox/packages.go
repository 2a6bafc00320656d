package sandbox

type packageState struct{}

func genPackages(w *world, a *account, g *gen) {}

func (s *Server) listPackages(a *account, r *request) (any, error)        { return nil, errNotBuilt }
func (s *Server) packageUsages(a *account, r *request) (any, error)       { return nil, errNotBuilt }
func (s *Server) packageUsageRecords(a *account, r *request) (any, error) { return nil, errNotBuilt }
