package sandbox

type enterpriseState struct{}

func genEnterprise(w *world, a *account, g *gen) {}

func (s *Server) enableEnterpriseProjects(a *account, r *request) (any, error) { return nil, errNotBuilt }
func (s *Server) listMemberAccounts(a *account, r *request) (any, error)       { return nil, errNotBuilt }
