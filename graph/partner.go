package graph

import (
	"context"

	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// The partner view (the partner variant of 6.2.6): a partner reads the refund records of its
// customer's unsubscription or downgrade order.

// partnerRefunds lists the refund records of orderID of customerID, whole
// from BSS (the API is not paged) and paged in the gateway.
func (r *Resolver) partnerRefunds(ctx context.Context, orderID, customerID string, indirectPartnerID *string, w window) (*model.RefundRecordConnection, error) {
	if err := firstInvalid(requiredString("orderId", orderID, 64), requiredString("customerId", customerID, 64),
		optionalString("indirectPartnerId", indirectPartnerID, 64)); err != nil {
		return nil, err
	}
	p, err := r.bss.Partner.ListRefunds(ctx, orderID, customerID, &upstream.PartnerRefundOptions{IndirectPartnerID: ptrOr(indirectPartnerID, "")})
	if err != nil {
		return nil, err
	}
	recs := mapSlice(p.Records, func(rec upstream.RefundRecord) *model.RefundRecord { return refundRecordOf(rec, true) })
	return listConnection(recs, w), nil
}

// partnerCosts is the upstream cost model of this domain's fields (limits.go).
func partnerCosts() map[string]fieldCost {
	return map[string]fieldCost{
		// One call answers the whole list, whatever first asks for.
		"Query.partnerRefundRecords": {
			calls: func(_ map[string]any, parents int) int { return parents },
			items: firstArg,
			// The base order is the customer's: null in the partner view.
			free: func(map[string]any) []string { return []string{"RefundRecord.baseOrder"} },
		},
	}
}
