package sandbox

type invoiceState struct{}

func genInvoices(w *world, a *account, g *gen) {}

func (s *Server) listInvoices(a *account, r *request) (any, error) { return nil, errNotBuilt }
