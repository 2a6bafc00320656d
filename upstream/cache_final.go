package upstream

import (
	"context"
	"encoding/json"
	"strconv"
	"time"
)

// The final-state cache keeps, per credential, the answers BSS never changes
// once they exist. Each class, with why it cannot change:
//
//   - ShowCustomerOrderDetails of an order that is completed (5) or
//     cancelled (4): both statuses are terminal (no API moves an order out
//     of them; paying or cancelling one is refused), and an order's amounts
//     and line items are fixed when it is placed.
//   - ShowRefundOrderDetails of a completed unsubscription or change order:
//     the refund is settled when the order completes, and the records only
//     describe that settlement. Completion is learnt from the order list or
//     details the same credential read (a per-credential marker).
//   - ShowCustomerMonthlySum, ListResourceUsageRecords and
//     ListResourceExpenditures of a closed month, and ListCosts whose whole
//     period is in closed months: a month is closed once BSS's clock (the
//     Date of its answer, in GMT+08:00, the time zone of bill cycles) is in
//     a later month; billing of a cycle ends with the cycle.
//
// Everything else (balances, lists, pending orders, the current month) can
// change at any time and is only kept by the opt-in read cache.

// Order statuses that never change (Table 6-6).
const (
	orderCancelled = 4
	orderCompleted = 5
)

// billZone is the time zone of BSS bill cycles.
var billZone = time.FixedZone("GMT+08:00", 8*3600)

// final reports whether the answer ans to r can never change. It also
// records what the answer teaches about other answers (final orders).
func (c *Client) final(ctx context.Context, r *read, ans *rawAnswer) bool {
	now := ans.date
	if now.IsZero() {
		now = time.Now()
	}
	month := now.In(billZone).Format("2006-01")
	switch r.op {
	case OpShowCustomerOrderDetails:
		o, ok := detailState(ans)
		if !ok {
			return false
		}
		c.noteOrders(ctx, r.cred, o)
		return o.terminal()
	case OpListCustomerOrders:
		c.noteOrders(ctx, r.cred, listStates(ans)...)
		return false
	case OpShowRefundOrderDetails:
		st, ok := c.economy.store.Get(ctx, orderMarker(r.cred, r.query.Get("order_id")))
		return ok && string(st) == strconv.Itoa(orderCompleted)
	case OpShowCustomerMonthlySum, OpListResourceExpenditures:
		return closedMonth(r.query.Get("cycle"), month)
	case OpListResourceUsageRecords:
		var b struct {
			Cycle string `json:"cycle"`
		}
		return json.Unmarshal(r.payload, &b) == nil && closedMonth(b.Cycle, month)
	case OpListCosts:
		var b struct {
			Time CostTimeCondition `json:"time_condition"`
		}
		return json.Unmarshal(r.payload, &b) == nil && closedMonth(b.Time.BeginTime, month) && closedMonth(b.Time.EndTime, month)
	}
	return false
}

// orderState is the part of an order that says whether it is final.
type orderState struct {
	OrderID string
	Status  int
}

// detailState is the state of the order of a 6.2.2 answer, read from the
// caller's decoded answer (Orders.Get): no second pass over the JSON.
func detailState(ans *rawAnswer) (orderState, bool) {
	d, ok := ans.into.(*OrderDetail)
	if !ok || !ans.decoded {
		return orderState{}, false
	}
	return orderState{OrderID: d.Order.OrderID, Status: d.Order.Status}, true
}

// listStates is the states of the orders of a 6.2.1 answer (Orders.List).
func listStates(ans *rawAnswer) []orderState {
	p, ok := ans.into.(*OrderPage)
	if !ok || !ans.decoded {
		return nil
	}
	out := make([]orderState, len(p.Orders))
	for i, o := range p.Orders {
		out[i] = orderState{OrderID: o.OrderID, Status: o.Status}
	}
	return out
}

func (o orderState) terminal() bool { return o.Status == orderCompleted || o.Status == orderCancelled }

// noteOrders records the terminal status of orders, for the refund rule.
func (c *Client) noteOrders(ctx context.Context, cred string, orders ...orderState) {
	for _, o := range orders {
		if o.OrderID != "" && o.terminal() {
			c.economy.store.Set(ctx, orderMarker(cred, o.OrderID), []byte(strconv.Itoa(o.Status)), c.economy.finalTTL)
		}
	}
}

func orderMarker(cred, orderID string) string {
	return keyPrefix + ":order:" + cred + ":" + orderID
}

// closedMonth reports whether the date or cycle s (YYYY-MM, YYYY-MM-DD…)
// lies in a month before month (YYYY-MM).
func closedMonth(s, month string) bool {
	if len(s) < 7 {
		return false
	}
	if _, err := time.Parse("2006-01", s[:7]); err != nil {
		return false
	}
	return s[:7] < month
}
