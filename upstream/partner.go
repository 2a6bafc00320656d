package upstream

import (
	"context"
	"net/url"
)

// PartnerService talks to the partner-side APIs (the partner reference's "Querying the Amount of
// Unsubscription Orders").
type PartnerService service

// PartnerRefundOptions are the optional parameters of Partner.ListRefunds.
type PartnerRefundOptions struct {
	// IndirectPartnerID is the reseller whose customer is queried; a
	// distributor must set it for the customers of its resellers.
	IndirectPartnerID string
}

func (o *PartnerRefundOptions) addTo(v url.Values) {
	querySetStr(v, "indirect_partner_id", o.IndirectPartnerID)
}

// ListRefunds returns the amounts of a customer's unsubscription or downgrade
// order and the original orders they belong to, as Orders.ListRefunds does
// for the customer itself. The caller must be a cloud solution provider or a
// distributor; a customer that is not the partner's is refused with
// CBC.99000035, a reseller the distributor may not act for with CBC.99000037.
//
// BSS API: "Querying the Amount of Unsubscription Orders" (partner variant), GET /v2/orders/customer-orders/refund-orders
func (s *PartnerService) ListRefunds(ctx context.Context, orderID, customerID string, opts *PartnerRefundOptions) (*RefundPage, error) {
	q := queryOf(opts)
	q.Set("order_id", orderID)
	q.Set("customer_id", customerID) // mandatory for partners (partner variant, request parameters)
	var p RefundPage
	if err := s.client.do(ctx, OpShowPartnerRefundOrderDetails, OpShowPartnerRefundOrderDetails.Expand(), q, nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
