package sandbox

type resourceState struct{}

func genResourcesAndOrders(w *world, a *account, sz Sizes, g *gen) {}

func (s *Server) queryResources(a *account, r *request) (any, error)       { return nil, errNotBuilt }
func (s *Server) renewResources(a *account, r *request) (any, error)       { return nil, errNotBuilt }
func (s *Server) unsubscribeResources(a *account, r *request) (any, error) { return nil, errNotBuilt }
func (s *Server) enableAutoRenew(a *account, r *request) (any, error)      { return nil, errNotBuilt }
func (s *Server) disableAutoRenew(a *account, r *request) (any, error)     { return nil, errNotBuilt }
func (s *Server) toOnDemand(a *account, r *request) (any, error)           { return nil, errNotBuilt }
