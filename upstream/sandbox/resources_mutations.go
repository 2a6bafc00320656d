// The yearly/monthly resource mutations (§6.3.2–6.3.6): renewal,
// unsubscription, auto-renewal and the change to pay-per-use at expiry.

package sandbox

import (
	"net/http"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// ---- renew (6.3.2) ----

type resRenewRequest struct {
	ResourceIDs []string `json:"resource_ids"`
	PeriodType  *int     `json:"period_type"`
	PeriodNum   *int     `json:"period_num"`
	IsAutoPay   *int     `json:"is_auto_pay"`
}

// ymMaxTerm is the longest a resource may be subscribed ahead
// (CBC.99003154 beyond it).
const ymMaxTerm = 5 * 366 * ymDay

// checkIDs validates a resource_ids list of lo to hi distinct IDs.
func resCheckIDs(ids []string, lo, hi int) error {
	if len(ids) < lo || len(ids) > hi {
		return badParam("resource_ids holds %d to %d IDs, got %d", lo, hi, len(ids))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if id == "" || len(id) > 64 {
			return badParam("a resource ID has 1 to 64 characters")
		}
		if seen[id] {
			return badParam("resource_ids contains %s twice", id)
		}
		seen[id] = true
	}
	return nil
}

// visibleResource returns the resource the customer can see by id (nil if it does
// not exist or is closed).
func (a *account) visibleResource(id string) *resource {
	res := a.resources.byID[id]
	if res == nil || res.Status == resClosed {
		return nil
	}
	return res
}

// renewResources answers 6.3.2, POST /v2/orders/subscriptions/resources/renew:
// one renewal order per primary resource (with its attached resources),
// paid at once with is_auto_pay 1, pending payment otherwise.
func (s *Server) renewResources(a *account, r *request) (any, error) {
	var req resRenewRequest
	if err := r.decodeBody(&req); err != nil {
		return nil, err
	}
	per, autoPay, err := checkRenewRequest(&req)
	if err != nil {
		return nil, err
	}
	prims, err := a.renewable(req.ResourceIDs, per, r.now)
	if err != nil {
		return nil, err
	}
	// Automatic payment spends the account's cash coupons and then its
	// balance, as payOrder does; when they cannot pay every renewal, it
	// refuses before any order exists.
	var coupons []string
	if autoPay {
		due := decimal.Zero
		for _, prim := range prims {
			for _, res := range prim.openUnit() {
				due = due.Add(periodPrice(res.product, res.region, res.size, per.typ, per.num))
			}
		}
		coupons = a.coupons.autoPayCoupons(r.now)
		if err := a.ordFunds(due, coupons, r.now); err != nil {
			return nil, err
		}
	}
	ids := a.ordIDs()
	out := upstream.RenewResult{OrderIDs: []string{}, FailedResources: []upstream.ResourceFailure{}}
	for _, prim := range prims {
		o := a.renewalOrder(prim, per, ids, r.now)
		a.ordAdd(o)
		if autoPay {
			a.ordPay(o, coupons, r.now)
		} else {
			for _, res := range prim.openUnit() {
				res.pendingOrder = o.id
			}
			o.offers = ordMakeOffers(a, o, ids)
		}
		out.OrderIDs = append(out.OrderIDs, o.id)
	}
	return out, nil
}

// checkRenewRequest validates a 9.2 body on its own.
func checkRenewRequest(req *resRenewRequest) (per ymPeriod, autoPay bool, err error) {
	if err := resCheckIDs(req.ResourceIDs, 1, 10); err != nil {
		return per, false, err
	}
	if req.PeriodType == nil || (*req.PeriodType != periodMonth && *req.PeriodType != periodYear) {
		return per, false, badParam("period_type is mandatory and must be 2 (month) or 3 (year)")
	}
	if req.PeriodNum == nil {
		return per, false, badParam("period_num is mandatory")
	}
	if err := checkRange("period_num", *req.PeriodNum, 1, 11); err != nil {
		return per, false, err
	}
	if *req.PeriodType == periodYear && *req.PeriodNum > 3 {
		return per, false, errorf(http.StatusBadRequest, "CBC.99000092", "Incorrect subscription period: a renewal is 1 to 3 years.")
	}
	if req.IsAutoPay != nil {
		if err := checkRange("is_auto_pay", *req.IsAutoPay, 0, 1); err != nil {
			return per, false, err
		}
		autoPay = *req.IsAutoPay == 1
	}
	return ymPeriod{*req.PeriodType, *req.PeriodNum}, autoPay, nil
}

// renewable returns the named primaries, refusing the request when one is
// gone, is not a primary, waits for payment or would run past the maximum
// term.
func (a *account) renewable(resourceIDs []string, per ymPeriod, now time.Time) ([]*resource, error) {
	var gone []string
	var prims []*resource
	for _, id := range resourceIDs {
		res := a.visibleResource(id)
		if res == nil {
			gone = append(gone, id)
			continue
		}
		prims = append(prims, res)
	}
	if len(gone) > 0 {
		e := errorf(http.StatusBadRequest, "CBC.99003016", "The resources have expired and been deleted or do not exist.")
		e.extra = map[string]any{"expiredResourceIds": gone}
		return nil, e
	}
	for _, res := range prims {
		switch {
		case res.IsMainResource != 1:
			return nil, errorf(http.StatusBadRequest, "CBC.30010036", "Renewal is only supported for primary resources.")
		case slices.ContainsFunc(res.openUnit(), func(x *resource) bool { return x.pendingOrder != "" }):
			return nil, errorf(http.StatusBadRequest, "CBC.99003100", "This operation is not allowed because some resources are included in your orders to be paid.")
		case per.after(res.expire).Sub(now) > ymMaxTerm:
			return nil, errorf(http.StatusBadRequest, "CBC.99003154", "The sum of the existing and renewal durations has exceeded the maximum allowed. Select another renewal duration.")
		}
	}
	return prims, nil
}

// renewalOrder is the pending renewal order of prim's open unit.
func (a *account) renewalOrder(prim *resource, per ymPeriod, ids ordIDMaker, now time.Time) *order {
	o := &order{
		id: ids.orderID(now), customerID: a.ID, serviceType: prim.ServiceTypeCode, sourceType: 1,
		status: ordStPendingPayment, orderType: ordTyRenewal, created: now, deadline: now.Add(15 * ymDay),
		userName: a.Name, period: per,
	}
	if ep := prim.EnterpriseProject; ep != nil {
		o.projects = []enterpriseProject{{id: ep.ID, name: ep.Name}}
	}
	end := per.after(prim.expire)
	for _, res := range prim.openUnit() {
		it := ordNewItem(o, res.product, res.region, res.size, per, prim.expire, end, periodPrice(res.product, res.region, res.size, per.typ, per.num))
		it.res = res
		o.resources = append(o.resources, res)
	}
	return o
}

// ---- unsubscribe (6.3.3) ----

type resUnsubscribeRequest struct {
	ResourceIDs           []string `json:"resource_ids"`
	UnsubscribeType       *int     `json:"unsubscribe_type"`
	UnsubscribeReasonType *int     `json:"unsubscribe_reason_type"`
	UnsubscribeReason     *string  `json:"unsubscribe_reason"`
}

// ymHandlingFee is the share of a refund kept as the unsubscription
// handling fee.
var ymHandlingFee = decimal.RequireFromString("0.1")

// unsubscribeResources answers 6.3.3, POST /v2/orders/subscriptions/resources/unsubscribe:
// one unsubscription order per primary (with its attached resources) or
// detachable attached resource, with refund records per paid period.
func (s *Server) unsubscribeResources(a *account, r *request) (any, error) {
	var req resUnsubscribeRequest
	if err := r.decodeBody(&req); err != nil {
		return nil, err
	}
	if err := checkUnsubscribeRequest(&req); err != nil {
		return nil, err
	}
	typ := *req.UnsubscribeType
	units, err := a.unsubscribable(req.ResourceIDs, typ, r.now)
	if err != nil {
		return nil, err
	}
	ids := a.ordIDs()
	out := upstream.UnsubscribeResult{OrderIDs: []string{}, FailedResources: []upstream.ResourceFailure{}}
	for _, unit := range units {
		head := unit[0]
		o := &order{
			id: ids.orderID(r.now), customerID: a.ID, serviceType: head.ServiceTypeCode, sourceType: 1,
			status: ordStCompleted, orderType: ordTyUnsubscribe, created: r.now, userName: a.Name,
		}
		if ep := head.EnterpriseProject; ep != nil {
			o.projects = []enterpriseProject{{id: ep.ID, name: ep.Name}}
		}
		ymUnsubscribe(o, unit, r.now, typ, ids)
		a.ordAdd(o)
		// The refund (the negative amount of the order) goes back to the
		// cash balance, as BSS refunds yearly/monthly payments.
		for _, it := range o.items {
			a.balance.refund(it.after.Neg())
		}
		a.bills.recordOrder(o, decimal.Zero, r.now)
		out.OrderIDs = append(out.OrderIDs, o.id)
	}
	return out, nil
}

// checkUnsubscribeRequest validates a 9.3 body on its own.
func checkUnsubscribeRequest(req *resUnsubscribeRequest) error {
	if err := resCheckIDs(req.ResourceIDs, 1, 10); err != nil {
		return err
	}
	if req.UnsubscribeType == nil || (*req.UnsubscribeType != 1 && *req.UnsubscribeType != 2) {
		return badParam("unsubscribe_type is mandatory and must be 1 or 2")
	}
	if req.UnsubscribeReasonType != nil {
		if err := checkRange("unsubscribe_reason_type", *req.UnsubscribeReasonType, 1, 5); err != nil {
			return err
		}
	}
	if req.UnsubscribeReason != nil && len([]rune(*req.UnsubscribeReason)) > 512 {
		return badParam("unsubscribe_reason has at most 512 characters")
	}
	return nil
}

// unsubscribable returns the units the named resources take with them
// (an attached resource named with its primary goes with the primary), or
// the first refusal.
func (a *account) unsubscribable(resourceIDs []string, typ int, now time.Time) ([][]*resource, error) {
	named := map[*resource]bool{}
	for _, id := range resourceIDs {
		res := a.resources.byID[id]
		if res == nil {
			return nil, errorf(http.StatusBadRequest, "CBC.99003012", "The resource ID does not exist.")
		}
		if res.Status == resClosed {
			return nil, errorf(http.StatusBadRequest, "CBC.30000067", "Unsubscription not supported. This resource has been deleted or the subscription to this resource has not been synchronized to CBC.")
		}
		named[res] = true
	}
	var units [][]*resource
	for _, id := range resourceIDs {
		res := a.resources.byID[id]
		if res.primary != nil && named[res.primary] {
			continue // goes with its primary
		}
		unit := res.openUnit()
		if err := unsubscribeRefusal(res, unit, typ, now); err != nil {
			return nil, err
		}
		units = append(units, unit)
	}
	return units, nil
}

// unsubscribeRefusal is why res (with unit) cannot be unsubscribed, or nil.
func unsubscribeRefusal(res *resource, unit []*resource, typ int, now time.Time) error {
	switch {
	case res.primary != nil && !ymDetachable(res):
		return errorf(http.StatusBadRequest, "CBC.99003185", "The associated resources of a cloud service cannot be operated independently.")
	case slices.ContainsFunc(unit, func(x *resource) bool { return x.pendingOrder != "" }):
		return errorf(http.StatusBadRequest, "CBC.99003100", "This operation is not allowed because some resources are included in your orders to be paid.")
	case res.unitPrimary().trial:
		return errorf(http.StatusBadRequest, "CBC.99003649", "Unsubscription not supported for cloud services in trial use.")
	case res.Status == resFrozen:
		return errorf(http.StatusBadRequest, "CBC.99003656", "Operation not allowed. Your resource has been frozen.")
	case typ == 2 && !slices.ContainsFunc(res.periods, func(p resPeriod) bool { return !p.start.Before(now) }):
		return errorf(http.StatusBadRequest, "CBC.99003128", "The resource does not have renewed periods or the renewed periods have taken effect, and the renewal periods cannot be unsubscribed.")
	}
	return nil
}

// prorate returns amount × part / whole to the cent, with the durations in
// whole seconds, so no money passes through float64.
func prorate(amount decimal.Decimal, part, whole time.Duration) decimal.Decimal {
	w := int64(whole / time.Second)
	if w <= 0 {
		return decimal.Zero.Round(2)
	}
	return amount.Mul(decimal.NewFromInt(int64(part/time.Second))).DivRound(decimal.NewFromInt(w), 2)
}

// ymUnsubscribe fills unsubscription order o for unit at t: typ 1 refunds
// the unused part of every paid period less the handling fee and closes
// the resources; typ 2 refunds the periods not yet in effect in full and
// moves expiry back to where they would have started.
func ymUnsubscribe(o *order, unit []*resource, t time.Time, typ int, ids ordIDMaker) {
	for _, res := range unit {
		refund, paid := ymZero2, ymZero2
		var recs []ordRefund
		per := ymPeriod{periodMonth, 1}
		var kept []resPeriod
		newExpire := res.expire
		for _, p := range res.periods {
			paid = paid.Add(p.paid)
			per = p.period
			var part decimal.Decimal
			switch {
			case typ == 2 && p.start.Before(t):
				kept = append(kept, p)
				continue
			case typ == 2:
				part = p.paid
				if p.start.Before(newExpire) {
					newExpire = p.start
				}
			case !p.end.After(t):
				continue
			case !p.start.Before(t):
				part = p.paid
			default:
				// The unused share of the period, in whole seconds, exactly.
				part = prorate(p.paid, p.end.Sub(t), p.end.Sub(p.start))
			}
			if part.IsPositive() {
				recs = append(recs, ordRefund{id: ids.uuid(), amount: part.Neg(), res: res, baseOrderID: p.orderID})
				refund = refund.Add(part)
			}
		}
		fee, consumed := ymZero2, ymZero2
		eff := t
		if typ == 1 {
			fee = refund.Mul(ymHandlingFee).Round(2)
			consumed = paid.Sub(refund)
			if fee.IsPositive() {
				recs = append(recs, ordRefund{id: ids.uuid(), amount: fee, res: res, baseOrderID: recs[0].baseOrderID})
			}
		} else {
			eff = newExpire
		}
		it := ordNewItem(o, res.product, res.region, res.size, ymPeriod{per.typ, 0}, eff, res.expire, refund.Sub(fee).Neg())
		it.commission, it.consumed, it.res = fee, consumed, res
		o.refunds = append(o.refunds, recs...)
		o.resources = append(o.resources, res)
		if typ == 1 {
			res.Status = resClosed
			res.pendingOrder = ""
		} else {
			res.periods = kept
			res.expire = newExpire
		}
		res.updated = t
		res.sync()
	}
}

// ---- auto-renewal (6.3.4, 6.3.5) ----

// autoRenewTarget finds the resource of the path and checks what enabling
// and disabling have in common.
func (a *account) autoRenewTarget(r *request) (*resource, error) {
	id := r.pathValue("resource_id")
	if id == "" || len(id) > 64 {
		return nil, badParam("resource_id has 1 to 64 characters")
	}
	res := a.visibleResource(id)
	if res == nil {
		return nil, errorf(http.StatusBadRequest, "CBC.99003012", "The resource ID does not exist.")
	}
	prim := res.unitPrimary()
	if prim.Status == resExpired || prim.Status == resFrozen {
		return nil, errorf(http.StatusBadRequest, "CBC.99003602", "Automatic renewal is not supported for expired or frozen resources.")
	}
	return prim, nil
}

// enableAutoRenew answers 6.3.4: expire_policy 3 for the resource and its
// primary's whole unit. Enabling it again changes nothing.
func (s *Server) enableAutoRenew(a *account, r *request) (any, error) {
	prim, err := a.autoRenewTarget(r)
	if err != nil {
		return nil, err
	}
	for _, res := range prim.unit() {
		if res.ExpirePolicy != 3 {
			res.prevPolicy, res.ExpirePolicy = res.ExpirePolicy, 3
		}
	}
	return noContent{}, nil
}

// disableAutoRenew answers 6.3.5: the unit goes back to the policy it had
// before auto-renewal. It is not idempotent: CBC.99003605 when auto-renewal
// is not on.
func (s *Server) disableAutoRenew(a *account, r *request) (any, error) {
	prim, err := a.autoRenewTarget(r)
	if err != nil {
		return nil, err
	}
	if prim.ExpirePolicy != 3 {
		return nil, errorf(http.StatusBadRequest, "CBC.99003605", "Automatic renewal has been canceled and you cannot perform the current operation.")
	}
	for _, res := range prim.unit() {
		if res.ExpirePolicy == 3 {
			res.ExpirePolicy = res.prevPolicy
			if res.ExpirePolicy == 3 {
				res.ExpirePolicy = 0
			}
		}
	}
	return noContent{}, nil
}

// ---- to pay-per-use at expiry (6.3.6) ----

type resToOnDemandRequest struct {
	Operation   string   `json:"operation"`
	ResourceIDs []string `json:"resource_ids"`
}

// toOnDemand answers 6.3.6: SET_UP gives the primaries (and their units)
// expire_policy 1, CANCEL restores the previous policy. Resources that
// cannot change are reported in error_details with HTTP 200.
func (s *Server) toOnDemand(a *account, r *request) (any, error) {
	var req resToOnDemandRequest
	if err := r.decodeBody(&req); err != nil {
		return nil, err
	}
	if req.Operation != string(upstream.PayPerUseSetUp) && req.Operation != string(upstream.PayPerUseCancel) {
		return nil, badParam("operation is mandatory and must be SET_UP or CANCEL, got %q", req.Operation)
	}
	if len(req.ResourceIDs) < 1 || len(req.ResourceIDs) > 100 {
		return nil, badParam("resource_ids holds 1 to 100 IDs, got %d", len(req.ResourceIDs))
	}
	out := upstream.PayPerUseAfterExpiryResult{ErrorDetails: []upstream.BatchErrorDetail{}}
	fail := func(id, code, msg string) {
		out.ErrorDetails = append(out.ErrorDetails, upstream.BatchErrorDetail{ID: id, ErrorCode: code, ErrorMsg: msg})
	}
	done := map[*resource]bool{}
	for _, id := range req.ResourceIDs {
		res := a.visibleResource(id)
		switch {
		case id == "" || len(id) > 64:
			fail(id, "CBC.0100", "Invalid parameter: a resource ID has 1 to 64 characters.")
		case res == nil:
			fail(id, "CBC.99003012", "The resource ID does not exist.")
		case res.IsMainResource != 1:
			fail(id, "CBC.0100", "Invalid parameter: only primary resource IDs are supported; attached resources change with their primary.")
		case res.Status == resExpired || res.Status == resFrozen && !res.securityFrozen:
			fail(id, "CBC.99003610", "The billing mode of resources in the grace or retention period cannot be changed to pay-per-use.")
		case res.Status == resFrozen:
			fail(id, "CBC.99003624", "Cannot be changed to the pay-per-use billing mode because the resource has been frozen due to security reasons.")
		case slices.ContainsFunc(res.unit(), func(x *resource) bool { return x.pendingOrder != "" }):
			fail(id, "CBC.99003623", "Cannot be changed to the pay-per-use billing mode because there are transactions being processed.")
		case done[res]:
		default:
			done[res] = true
			for _, x := range res.unit() {
				if req.Operation == string(upstream.PayPerUseSetUp) && x.ExpirePolicy != 1 {
					x.prevPolicy, x.ExpirePolicy = x.ExpirePolicy, 1
				} else if req.Operation == string(upstream.PayPerUseCancel) && x.ExpirePolicy == 1 {
					x.ExpirePolicy = x.prevPolicy
					if x.ExpirePolicy == 1 {
						x.ExpirePolicy = 0
					}
				}
			}
		}
	}
	return out, nil
}
