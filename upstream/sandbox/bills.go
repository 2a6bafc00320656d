package sandbox

type billState struct{}

func genBills(w *world, a *account, sz Sizes, g *gen) {}

func (s *Server) monthlySum(a *account, r *request) (any, error)   { return nil, errNotBuilt }
func (s *Server) usageRecords(a *account, r *request) (any, error) { return nil, errNotBuilt }
func (s *Server) expenditures(a *account, r *request) (any, error) { return nil, errNotBuilt }
func (s *Server) costs(a *account, r *request) (any, error)        { return nil, errNotBuilt }
