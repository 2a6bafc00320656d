package loaders

import (
	"context"

	"bssgraph/upstream"
)

// OrderDetailLimit is how many line items OrderByID reads with an order's
// details: the API's largest page (6.2.2, limit 1–100), so one call serves
// the header and, for almost every order, all of its line items.
const OrderDetailLimit = 100

// The order APIs take one order per call (6.2.2, 6.2.6): their loaders
// de-duplicate the order ids of a request and fan out at most maxFanOut
// calls at a time; the quota limiter paces them on top of that.

// newOrderByID loads an order's details with its first OrderDetailLimit line
// items (6.2.2). An unknown order fails its own key with the BSS error
// CBC.30000010 (ErrNotFound).
func newOrderByID(c *upstream.Client, obs Observer) loaderSpec[string, *upstream.OrderDetail] {
	return newLoader(perKey("OrderByID", obs, func(ctx context.Context, id string) (*upstream.OrderDetail, error) {
		offset := 0
		return c.Orders.Get(ctx, id, &upstream.OrderDetailOptions{Offset: &offset, Limit: OrderDetailLimit})
	}), 0)
}

// newRefundsByOrder loads the refund records of an unsubscription or
// downgrade order (6.2.6); the API is not paged.
func newRefundsByOrder(c *upstream.Client, obs Observer) loaderSpec[string, []upstream.RefundRecord] {
	return newLoader(perKey("RefundsByOrder", obs, func(ctx context.Context, id string) ([]upstream.RefundRecord, error) {
		p, err := c.Orders.ListRefunds(ctx, id)
		if err != nil {
			return nil, err
		}
		if p.Records == nil {
			return []upstream.RefundRecord{}, nil
		}
		return p.Records, nil
	}), 0)
}
