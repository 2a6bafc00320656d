package sandbox

import (
	"net/http"
	"strings"
)

// listPartnerRefunds answers the partner variant of 6.2.6 ("Querying the Amount of Unsubscription Orders" for partners) on
// the customer API's path: a cloud solution provider reads the refund
// records of an unsubscription or downgrade order of one of its customers.
// customer_id is mandatory; a customer that is not the partner's is
// CBC.99000035. The sandbox partner has no resellers, so naming one
// (indirect_partner_id) is CBC.99000037.
func (s *Server) listPartnerRefunds(a *account, r *request) (any, error) {
	q := r.query()
	id, err := r.requiredParam("order_id")
	if err != nil {
		return nil, err
	}
	customerID, err := r.requiredParam("customer_id")
	if err != nil {
		return nil, err
	}
	if len(id) > 64 || len(customerID) > 64 || len(q.Get("indirect_partner_id")) > 64 {
		return nil, badParam("order_id, customer_id and indirect_partner_id have at most 64 characters")
	}
	if q.Get("indirect_partner_id") != "" {
		return nil, errorf(http.StatusBadRequest, "CBC.99000037", "You do not have the operation permission to this Huawei Cloud reseller.")
	}
	var customer *account
	for _, c := range a.customers {
		if strings.EqualFold(c.ID, customerID) {
			customer = c
		}
	}
	if customer == nil {
		return nil, errorf(http.StatusBadRequest, "CBC.99000035", "You are not a customer of a partner yet.")
	}
	page, err := ordRefundPage(customer, id, r.en())
	if err != nil {
		// The partner variant words CBC.99005026 its own way.
		return nil, errorf(http.StatusBadRequest, "CBC.99005026", "The order is not a specification downgrade or unsubscription order.")
	}
	return page, nil
}
