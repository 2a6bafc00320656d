package sandbox

type orderState struct{}

func (s *Server) listOrders(a *account, r *request) (any, error)         { return nil, errNotBuilt }
func (s *Server) showOrder(a *account, r *request) (any, error)          { return nil, errNotBuilt }
func (s *Server) listOrderDiscounts(a *account, r *request) (any, error) { return nil, errNotBuilt }
func (s *Server) payOrder(a *account, r *request) (any, error)           { return nil, errNotBuilt }
func (s *Server) cancelOrder(a *account, r *request) (any, error)        { return nil, errNotBuilt }
func (s *Server) listRefunds(a *account, r *request) (any, error)        { return nil, errNotBuilt }
