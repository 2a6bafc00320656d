package sandbox

type balanceState struct{}

func genBalance(w *world, a *account, g *gen) {}

func (s *Server) showBalances(a *account, r *request) (any, error) { return nil, errNotBuilt }
