package sandbox

import "bssgraph/upstream"

// resourceState holds an account's yearly/monthly resources (§6.3).
type resourceState struct {
	list []*resource          // creation order; a primary precedes its attachments
	byID map[string]*resource // by resource_id
}

// resource is a yearly/monthly resource: the documented record plus what the
// sandbox needs to keep it consistent with orders, prices and bills.
type resource struct {
	upstream.Resource
	product *product
	region  region
	size    int    // size of a linear product (GB, Mbit/s), else 0
	orderID string // the order that created it
}

func genResourcesAndOrders(w *world, a *account, sz Sizes, g *gen) {}

func (s *Server) queryResources(a *account, r *request) (any, error)       { return nil, errNotBuilt }
func (s *Server) renewResources(a *account, r *request) (any, error)       { return nil, errNotBuilt }
func (s *Server) unsubscribeResources(a *account, r *request) (any, error) { return nil, errNotBuilt }
func (s *Server) enableAutoRenew(a *account, r *request) (any, error)      { return nil, errNotBuilt }
func (s *Server) disableAutoRenew(a *account, r *request) (any, error)     { return nil, errNotBuilt }
func (s *Server) toOnDemand(a *account, r *request) (any, error)           { return nil, errNotBuilt }
