package sandbox

// catalog is the public product catalog shared by all accounts (§4.1).
type catalog struct{}

func newCatalog(g *gen) *catalog { return &catalog{} }

func (s *Server) listServiceTypes(a *account, r *request) (any, error)     { return nil, errNotBuilt }
func (s *Server) listResourceTypes(a *account, r *request) (any, error)    { return nil, errNotBuilt }
func (s *Server) listServiceResources(a *account, r *request) (any, error) { return nil, errNotBuilt }
func (s *Server) listUsageTypes(a *account, r *request) (any, error)       { return nil, errNotBuilt }
func (s *Server) listMeasureUnits(a *account, r *request) (any, error)     { return nil, errNotBuilt }
func (s *Server) listConversions(a *account, r *request) (any, error)      { return nil, errNotBuilt }
