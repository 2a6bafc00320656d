package sandbox

func (s *Server) rateOnDemand(a *account, r *request) (any, error)     { return nil, errNotBuilt }
func (s *Server) rateSubscription(a *account, r *request) (any, error) { return nil, errNotBuilt }
func (s *Server) rateRenewal(a *account, r *request) (any, error)      { return nil, errNotBuilt }
