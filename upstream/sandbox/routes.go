package sandbox

import "bssgraph/upstream"

// routes registers every current API of the reference on its documented
// method and path.
func (s *Server) routes() {
	// Product catalog and prices (§4).
	s.handle(upstream.OpListServiceTypes, s.listServiceTypes)
	s.handle(upstream.OpListResourceTypes, s.listResourceTypes)
	s.handle(upstream.OpListServiceResources, s.listServiceResources)
	s.handle(upstream.OpListUsageTypes, s.listUsageTypes)
	s.handle(upstream.OpListMeasureUnits, s.listMeasureUnits)
	s.handle(upstream.OpListConversions, s.listConversions)
	s.handle(upstream.OpListOnDemandResourceRatings, s.rateOnDemand)
	s.handle(upstream.OpListRateOnPeriodDetail, s.rateSubscription)
	s.handle(upstream.OpListRenewRateOnPeriod, s.rateRenewal)

	// Balance and coupons (§5, §6.1).
	s.handle(upstream.OpShowCustomerAccountBalances, s.showBalances)
	s.handle(upstream.OpListCoupons, s.listCoupons)

	// Orders (§6.2). The customer and partner refund-order APIs share one
	// path; the handler tells them apart by the caller's account kind.
	s.handle(upstream.OpListCustomerOrders, s.listOrders)
	s.handle(upstream.OpShowCustomerOrderDetails, s.showOrder)
	s.handle(upstream.OpListOrderDiscounts, s.listOrderDiscounts)
	s.handle(upstream.OpPayOrders, s.payOrder, "/v2/orders/customer-orders/pay")
	s.handle(upstream.OpCancelCustomerOrder, s.cancelOrder)
	s.handle(upstream.OpShowRefundOrderDetails, s.listRefunds)

	// Yearly/monthly resources (§6.3). The query API answers on both the
	// documented "suscriptions" path and the correctly spelled one.
	s.handle(upstream.OpQueryResources, s.queryResources, "/v2/orders/subscriptions/resources/query")
	s.handle(upstream.OpRenewResources, s.renewResources)
	s.handle(upstream.OpUnsubscribeResources, s.unsubscribeResources)
	s.handle(upstream.OpEnableAutoRenew, s.enableAutoRenew)
	s.handle(upstream.OpDisableAutoRenew, s.disableAutoRenew)
	s.handle(upstream.OpUpdatePeriodToOnDemand, s.toOnDemand)

	// Resource packages (§6.4).
	s.handle(upstream.OpListFreeResourceInfos, s.listPackages)
	s.handle(upstream.OpListFreeResourceUsages, s.packageUsages)
	s.handle(upstream.OpListFreeResourceUsageRecords, s.packageUsageRecords)

	// Bills, costs, enterprise, invoices (§7–10).
	s.handle(upstream.OpShowCustomerMonthlySum, s.monthlySum)
	s.handle(upstream.OpShowCustomerMonthlySumSDK, s.monthlySumSDK)
	s.handle(upstream.OpListResourceUsageRecords, s.usageRecords)
	s.handle(upstream.OpListResourceExpenditures, s.expenditures)
	s.handle(upstream.OpListCosts, s.costs)
	s.handle(upstream.OpEnableEnterpriseProjects, s.enableEnterpriseProjects)
	s.handle(upstream.OpListSubCustomers, s.listMemberAccounts)
	s.handle(upstream.OpListInvoices, s.listInvoices)

	// Anything else is answered as the API gateway answers an unknown API.
	s.mux.HandleFunc("/", s.unknownAPI)
}
