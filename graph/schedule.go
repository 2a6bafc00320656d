package graph

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"bssgraph/internal/errcodes"
	"bssgraph/upstream"
)

// Quota-aware scheduling (F9): before a query runs, its planned calls per
// BSS API (the cost model of limits.go) are set against the credential's
// quotas, counting the calls its other requests hold or wait for. When
// they could not all be admitted before the request's deadline, the query
// gets one THROTTLED error at once, with the wait it would have needed,
// instead of timing out half-done.

// fieldOperations names the API behind each costed field whose calls are
// worth planning; catalog fields (cached) are left out.
var fieldOperations = map[string]*upstream.Operation{
	"Customer.balance":             upstream.OpShowCustomerAccountBalances,
	"Customer.coupons":             upstream.OpListCoupons,
	"Customer.orders":              upstream.OpListCustomerOrders,
	"Customer.order":               upstream.OpShowCustomerOrderDetails,
	"Order.userName":               upstream.OpShowCustomerOrderDetails,
	"Order.pendingPaymentEndsAt":   upstream.OpShowCustomerOrderDetails,
	"Order.lineItems":              upstream.OpShowCustomerOrderDetails,
	"Order.resources":              upstream.OpQueryResources,
	"Order.availableDiscounts":     upstream.OpListOrderDiscounts,
	"Order.refundRecords":          upstream.OpShowRefundOrderDetails,
	"RefundRecord.baseOrder":       upstream.OpShowCustomerOrderDetails,
	"Customer.resources":           upstream.OpQueryResources,
	"Customer.resource":            upstream.OpQueryResources,
	"Resource.parent":              upstream.OpQueryResources,
	"Resource.attachedResources":   upstream.OpQueryResources,
	"Resource.renewalPrice":        upstream.OpListRenewRateOnPeriod,
	"Resource.cost":                upstream.OpListCosts,
	"Customer.resourcePackages":    upstream.OpListFreeResourceInfos,
	"ResourcePackage.usage":        upstream.OpListFreeResourceUsages,
	"FreeResource.usage":           upstream.OpListFreeResourceUsages,
	"ResourcePackage.usageRecords": upstream.OpListFreeResourceUsageRecords,
	"Customer.monthlyBill":         upstream.OpShowCustomerMonthlySum,
	"Customer.usageRecords":        upstream.OpListResourceUsageRecords,
	"Customer.expenditures":        upstream.OpListResourceExpenditures,
	"Customer.costs":               upstream.OpListCosts,
	"Customer.memberAccounts":      upstream.OpListSubCustomers,
	"Customer.invoices":            upstream.OpListInvoices,
	"Query.payPerUsePrice":         upstream.OpListOnDemandResourceRatings,
	"Query.subscriptionPrice":      upstream.OpListRateOnPeriodDetail,
	"Query.renewalPrice":           upstream.OpListRenewRateOnPeriod,
	"Query.partnerRefundRecords":   upstream.OpShowPartnerRefundOrderDetails,
}

// plannedCalls returns the estimated calls of the operation per BSS API.
func plannedCalls(est estimate) map[*upstream.Operation]int {
	plan := map[*upstream.Operation]int{}
	for field, n := range est.byField {
		if op := fieldOperations[field]; op != nil {
			plan[op] += n
		}
	}
	return plan
}

// addCalls returns the sum of two byField maps without changing either.
func addCalls(a, b map[string]int) map[string]int {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	m := maps.Clone(a)
	for k, n := range b {
		m[k] = satAdd(m[k], n)
	}
	return m
}

// scheduleRefusal refuses, before any resolver runs, an operation whose
// planned calls (from its estimate) cannot be admitted before the request's
// deadline; nil when they can, or when there is no deadline or client.
func scheduleRefusal(ctx context.Context, bss *upstream.Client, est estimate) *gqlerror.Error {
	dl, ok := ctx.Deadline()
	if !ok || bss == nil {
		return nil
	}
	plan := plannedCalls(est)
	wait, op := bss.PlanWait(ctx, plan)
	left := time.Until(dl)
	if op == nil || wait < left {
		return nil
	}
	return &gqlerror.Error{
		Message: fmt.Sprintf("this query needs about %d %s calls, which the credential's BSS quota admits only over the next %s, past the request's deadline in %s; retry later or ask for fewer items",
			plan[op], op.Name, wait.Round(100*time.Millisecond), left.Round(100*time.Millisecond)),
		Extensions: map[string]any{
			"code": errcodes.Throttled, "retryable": true, "operation": op.Name, "plannedCalls": plan[op],
			"waitMs": wait.Milliseconds(), "deadlineMs": left.Milliseconds(),
		},
	}
}
