package sandbox

type couponState struct{}

func genCoupons(w *world, a *account, g *gen) {}

func (s *Server) listCoupons(a *account, r *request) (any, error) { return nil, errNotBuilt }
