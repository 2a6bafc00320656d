package upstream

import (
	"net/url"
	"strings"
)

// Operation describes one BSS API: its name (as in the Huawei Cloud SDK where
// one exists), HTTP method, path template and documented throttling quota.
// The table below is the single source of these facts for the client, the
// quota limiter, the metrics and the sandbox.
type Operation struct {
	Name   string // e.g. "ListCustomerOrders"; used in metrics and extensions.upstream
	Method string
	Path   string // template; "{x}" marks a path parameter
	Quota  int    // requests per second per credential (API reference §3.3)
	// Mutation marks APIs that change state. They are retried only when the
	// API gateway proves it rejected the call before running it (DESIGN §3.3).
	Mutation bool
	Section  string // section of the API reference, e.g. "6.2.1"
	// SubjectToken sends the caller's token as X-Subject-Token too: IAM's
	// token validation, where a token validates itself.
	SubjectToken bool
}

// QuotaAt is the operation's quota multiplied by scale (BSSGRAPH_QUOTA_SCALE;
// 0 or less: the documented quota), never below one call a second. Every
// limiter, local or shared, counts against it.
func (op *Operation) QuotaAt(scale float64) int {
	if scale > 0 {
		return max(1, int(float64(op.Quota)*scale))
	}
	return max(1, op.Quota)
}

// Expand returns the operation's path with each "{x}" placeholder replaced,
// in order, by the escaped value of params.
func (op *Operation) Expand(params ...string) string {
	if len(params) == 0 {
		return op.Path
	}
	var b strings.Builder
	rest := op.Path
	for _, p := range params {
		i := strings.IndexByte(rest, '{')
		j := strings.IndexByte(rest, '}')
		if i < 0 || j < i {
			break
		}
		b.WriteString(rest[:i])
		b.WriteString(url.PathEscape(p))
		rest = rest[j+1:]
	}
	b.WriteString(rest)
	return b.String()
}

func (op *Operation) String() string { return op.Name }

// The operations of the current APIs of the reference (seed 001 §4–10 and the
// partner refund-order API, "Querying the Amount of Unsubscription Orders"). Quotas are from §3.3.
var (
	// Product catalog (§4.1).
	OpListServiceTypes     = &Operation{Name: "ListServiceTypes", Method: "GET", Path: "/v2/products/service-types", Quota: 10, Section: "4.1.1"}
	OpListResourceTypes    = &Operation{Name: "ListResourceTypes", Method: "GET", Path: "/v2/products/resource-types", Quota: 10, Section: "4.1.2"}
	OpListServiceResources = &Operation{Name: "ListServiceResources", Method: "GET", Path: "/v2/products/service-resources", Quota: 10, Section: "4.1.3"}
	OpListUsageTypes       = &Operation{Name: "ListUsageTypes", Method: "GET", Path: "/v2/products/usage-types", Quota: 10, Section: "4.1.4"}
	OpListMeasureUnits     = &Operation{Name: "ListMeasureUnits", Method: "GET", Path: "/v2/bases/measurements", Quota: 10, Section: "4.1.5"}
	OpListConversions      = &Operation{Name: "ListConversions", Method: "GET", Path: "/v2/bases/conversions", Quota: 10, Section: "4.1.6"}

	// Prices (§4.2).
	OpListOnDemandResourceRatings = &Operation{Name: "ListOnDemandResourceRatings", Method: "POST", Path: "/v2/bills/ratings/on-demand-resources", Quota: 10, Section: "4.2.1"}
	OpListRateOnPeriodDetail      = &Operation{Name: "ListRateOnPeriodDetail", Method: "POST", Path: "/v2/bills/ratings/period-resources/subscribe-rate", Quota: 30, Section: "4.2.2"}
	OpListRenewRateOnPeriod       = &Operation{Name: "ListRenewRateOnPeriod", Method: "POST", Path: "/v2/bills/ratings/period-resources/renew-rate", Quota: 10, Section: "4.2.3"}

	// Account balance (§5.1).
	OpShowCustomerAccountBalances = &Operation{Name: "ShowCustomerAccountBalances", Method: "GET", Path: "/v2/accounts/customer-accounts/balances", Quota: 10, Section: "5.1"}

	// Coupons (§6.1).
	OpListCoupons = &Operation{Name: "ListCoupons", Method: "GET", Path: "/v2/promotions/benefits/coupons", Quota: 10, Section: "6.1.1"}

	// Yearly/monthly orders (§6.2).
	OpListCustomerOrders       = &Operation{Name: "ListCustomerOrders", Method: "GET", Path: "/v2/orders/customer-orders", Quota: 20, Section: "6.2.1"}
	OpShowCustomerOrderDetails = &Operation{Name: "ShowCustomerOrderDetails", Method: "GET", Path: "/v2/orders/customer-orders/details/{order_id}", Quota: 10, Section: "6.2.2"}
	OpListOrderDiscounts       = &Operation{Name: "ListOrderDiscounts", Method: "GET", Path: "/v2/orders/customer-orders/order-discounts", Quota: 10, Section: "6.2.3"}
	OpPayOrders                = &Operation{Name: "PayOrders", Method: "POST", Path: "/v3/orders/customer-orders/pay", Quota: 10, Mutation: true, Section: "6.2.4"}
	OpCancelCustomerOrder      = &Operation{Name: "CancelCustomerOrder", Method: "PUT", Path: "/v2/orders/customer-orders/cancel", Quota: 10, Mutation: true, Section: "6.2.5"}
	OpShowRefundOrderDetails   = &Operation{Name: "ShowRefundOrderDetails", Method: "GET", Path: "/v2/orders/customer-orders/refund-orders", Quota: 10, Section: "6.2.6"}

	// Yearly/monthly resources (§6.3). The query path keeps the reference's
	// "suscriptions" spelling, which is what the URI line and the SDK use.
	OpQueryResources         = &Operation{Name: "QueryResources", Method: "POST", Path: "/v2/orders/suscriptions/resources/query", Quota: 10, Section: "6.3.1"}
	OpRenewResources         = &Operation{Name: "RenewResources", Method: "POST", Path: "/v2/orders/subscriptions/resources/renew", Quota: 10, Mutation: true, Section: "6.3.2"}
	OpUnsubscribeResources   = &Operation{Name: "UnsubscribeResources", Method: "POST", Path: "/v2/orders/subscriptions/resources/unsubscribe", Quota: 10, Mutation: true, Section: "6.3.3"}
	OpEnableAutoRenew        = &Operation{Name: "EnableAutoRenew", Method: "POST", Path: "/v2/orders/subscriptions/resources/autorenew/{resource_id}", Quota: 10, Mutation: true, Section: "6.3.4"}
	OpDisableAutoRenew       = &Operation{Name: "DisableAutoRenew", Method: "DELETE", Path: "/v2/orders/subscriptions/resources/autorenew/{resource_id}", Quota: 10, Mutation: true, Section: "6.3.5"}
	OpUpdatePeriodToOnDemand = &Operation{Name: "UpdatePeriodToOnDemand", Method: "POST", Path: "/v2/orders/subscriptions/resources/to-on-demand", Quota: 10, Mutation: true, Section: "6.3.6"}

	// Resource packages (§6.4).
	OpListFreeResourceInfos        = &Operation{Name: "ListFreeResourceInfos", Method: "POST", Path: "/v3/payments/free-resources/query", Quota: 10, Section: "6.4.1"}
	OpListFreeResourceUsages       = &Operation{Name: "ListFreeResourceUsages", Method: "POST", Path: "/v2/payments/free-resources/usages/details/query", Quota: 10, Section: "6.4.2"}
	OpListFreeResourceUsageRecords = &Operation{Name: "ListFreeResourceUsageRecords", Method: "GET", Path: "/v2/bills/customer-bills/free-resources-usage-records", Quota: 10, Section: "6.4.3"}

	// Bills (§7).
	OpShowCustomerMonthlySum = &Operation{Name: "ShowCustomerMonthlySum", Method: "GET", Path: "/v1.0/{domain_id}/customer/account-mgr/bill/monthly-sum", Quota: 25, Section: "7.1"}
	// The summary bill on the path of §3.3's quota table, as the Huawei
	// Cloud SDK (bssintl/v2 ShowCustomerMonthlySum) calls it; §7.1 documents
	// only the v1.0 path above. It needs no domain_id.
	OpShowCustomerMonthlySumSDK     = &Operation{Name: "ShowCustomerMonthlySumSDK", Method: "GET", Path: "/v2/bills/customer-bills/monthly-sum", Quota: 25, Section: "3.3"}
	OpListResourceUsageRecords      = &Operation{Name: "ListResourceUsageRecords", Method: "POST", Path: "/v2/bills/customer-bills/res-records/query", Quota: 30, Section: "7.2"}
	OpListResourceExpenditures      = &Operation{Name: "ListResourceExpenditures", Method: "GET", Path: "/v2/bills/customer-bills/res-fee-records", Quota: 30, Section: "7.3"}
	OpListCosts                     = &Operation{Name: "ListCosts", Method: "POST", Path: "/v4/costs/cost-analysed-bills/query", Quota: 10, Section: "8.1"}
	OpEnableEnterpriseProjects      = &Operation{Name: "EnableEnterpriseProjects", Method: "POST", Path: "/v2/enterprises/enterprise-projects/authority", Quota: 10, Mutation: true, Section: "9.1.1"}
	OpListSubCustomers              = &Operation{Name: "ListSubCustomers", Method: "GET", Path: "/v2/enterprises/multi-accounts/sub-customers", Quota: 10, Section: "9.2.1"}
	OpListInvoices                  = &Operation{Name: "ListInvoices", Method: "GET", Path: "/v1.0/{domain_id}/payments/intl-invoices", Quota: 10, Section: "10.1.1"}
	OpShowPartnerRefundOrderDetails = &Operation{Name: "ShowPartnerRefundOrderDetails", Method: "GET", Path: "/v2/orders/customer-orders/refund-orders", Quota: 10, Section: "partner 6.2.6"}
)

// Operations returns every operation in the table above, in reference order.
func Operations() []*Operation {
	return []*Operation{
		OpListServiceTypes, OpListResourceTypes, OpListServiceResources, OpListUsageTypes,
		OpListMeasureUnits, OpListConversions,
		OpListOnDemandResourceRatings, OpListRateOnPeriodDetail, OpListRenewRateOnPeriod,
		OpShowCustomerAccountBalances,
		OpListCoupons,
		OpListCustomerOrders, OpShowCustomerOrderDetails, OpListOrderDiscounts, OpPayOrders,
		OpCancelCustomerOrder, OpShowRefundOrderDetails,
		OpQueryResources, OpRenewResources, OpUnsubscribeResources, OpEnableAutoRenew,
		OpDisableAutoRenew, OpUpdatePeriodToOnDemand,
		OpListFreeResourceInfos, OpListFreeResourceUsages, OpListFreeResourceUsageRecords,
		OpShowCustomerMonthlySum, OpShowCustomerMonthlySumSDK, OpListResourceUsageRecords, OpListResourceExpenditures,
		OpListCosts, OpEnableEnterpriseProjects, OpListSubCustomers, OpListInvoices,
		OpShowPartnerRefundOrderDetails,
	}
}
