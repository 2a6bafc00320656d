package graph

import (
	"context"
	"strconv"

	"bssgraph/graph/model"
	"bssgraph/upstream"
)

// Bills (§7): the summary bill of a month (7.1, amounts in the unit of
// measure_id, cents in the reference), resource usage records (7.2) and
// resource expenditures (7.3), both paged 1000 records a call.

// billPageLimit is the largest page of 7.2 and 7.3 (limit 1-1000).
const billPageLimit = 1000

// billCosts is the upstream cost model of this domain's fields (limits.go).
func billCosts() map[string]fieldCost {
	return map[string]fieldCost{
		"Customer.monthlyBill":  perParent(1),
		"Customer.usageRecords": pagedList(billPageLimit),
		"Customer.expenditures": pagedList(billPageLimit),
		"Resource.usageRecords": pagedList(billPageLimit),
		"Order.expenditures":    pagedList(billPageLimit),
		// Names from the shared catalog: one load per request when cold.
		"BillSumRecord.serviceType":  once(1),
		"BillSumRecord.resourceType": once(1),
		"UsageRecord.serviceType":    once(1),
		"UsageRecord.resourceType":   once(1),
		"Expenditure.serviceType":    once(1),
		"Expenditure.resourceType":   once(1),
	}
}

// Codes of the bill APIs (section 1 of the bills catalog, E1 to E5).
var (
	billTypes = map[int]model.BillType{
		1: model.BillTypePurchase, 2: model.BillTypeRenewal, 3: model.BillTypeChange,
		4: model.BillTypeRefundUnsubscription, 5: model.BillTypeUse, 8: model.BillTypeAutoRenewal,
		9: model.BillTypeAdjustmentCompensation, 12: model.BillTypeHourlyBilling,
		13: model.BillTypeUnsubscriptionServiceCharge, 14: model.BillTypeSupportPlanMonthEndDeduction,
		15: model.BillTypeTax, 16: model.BillTypeAdjustmentDeduction, 17: model.BillTypeMinimumGuaranteeDifference,
		20: model.BillTypeRefundChange, 23: model.BillTypeSavingsPlanUsed, 24: model.BillTypeRefundToPayPerUse,
		100: model.BillTypeRefundUnsubscriptionTax, 101: model.BillTypeAdjustmentTaxCompensation,
		102: model.BillTypeAdjustmentTaxDeduction,
	}
	billChargeModes = map[int]model.BillChargeMode{
		1: model.BillChargeModeYearlyMonthly, 3: model.BillChargeModePayPerUse,
		10: model.BillChargeModeReservedInstance, 11: model.BillChargeModeSavingsPlan,
	}
	billPeriodTypes = map[int]model.BillPeriodType{
		19: model.BillPeriodTypeYear, 20: model.BillPeriodTypeMonth, 24: model.BillPeriodTypeDay,
		25: model.BillPeriodTypeHour, 5: model.BillPeriodTypeOneOff,
	}
	summaryBillTypes = map[int]model.SummaryBillType{
		0: model.SummaryBillTypeExpenditure, 1: model.SummaryBillTypeUnsubscription,
	}
	summaryPayMethods = map[string]model.SummaryPayMethod{
		"0": model.SummaryPayMethodYearlyMonthly, "1": model.SummaryPayMethodPayPerUse,
		"4": model.SummaryPayMethodSavingsPlanSubscription, "5": model.SummaryPayMethodSavingsPlanHourly,
		"6": model.SummaryPayMethodSavingsPlanDiscount, "": model.SummaryPayMethodOther,
	}
	balanceTypes = map[string]model.BalanceType{
		"BALANCE_TYPE_DEBIT": model.BalanceTypeDebit, "BALANCE_TYPE_CREDIT": model.BalanceTypeCredit,
		"BALANCE_TYPE_BONUS": model.BalanceTypeBonus, "BALANCE_TYPE_COUPON": model.BalanceTypeCoupon,
		"BALANCE_TYPE_DEBIT_RATE": model.BalanceTypeDebitRate, "BALANCE_TYPE_FOREGIFT": model.BalanceTypeForegift,
		"BALANCE_TYPE_BE_AVAILABLE": model.BalanceTypeBeAvailable, "BALANCE_TYPE_OTHER": model.BalanceTypeOther,
		"BALANCE_TYPE_RCASH_COUPON": model.BalanceTypeRcashCoupon, "WRITEOFFDEBT": model.BalanceTypeWriteoffdebt,
		"BALANCE_TYPE_STORED_VALUE_CARD": model.BalanceTypeStoredValueCard,
	}
	promotionTypes = map[string]model.PromotionType{
		"500": model.PromotionTypeAgentSubscriptionDiscount, "501": model.PromotionTypeAgentSubscriptionExemption,
		"502": model.PromotionTypeAgentSubscriptionFixedPrice, "600": model.PromotionTypeContractDiscountRebate,
		"601": model.PromotionTypeChannelFrameContract, "602": model.PromotionTypeDesignatedPurposeFundContract,
		"603": model.PromotionTypeDirectOfflineContract, "604": model.PromotionTypeAuthorizedTelemarketingContract,
		"605": model.PromotionTypeCommercialContract, "606": model.PromotionTypeChannelCommercialContract,
		"607": model.PromotionTypePartnerAuthorized, "608": model.PromotionTypeFeaturedProduct,
		"610": model.PromotionTypeDiscountAmount, "611": model.PromotionTypeSavingsPlan,
		"700": model.PromotionTypePromotion, "800": model.PromotionTypeBonus,
	}
	billRelationTypes = map[string]model.BillRelationType{
		"PARENT": model.BillRelationTypeParent, "ROOT": model.BillRelationTypeRoot,
	}
	billQueryMethods = map[string]model.BillQueryMethod{
		"oneself": model.BillQueryMethodOneself, "sub_customer": model.BillQueryMethodSubCustomer, "all": model.BillQueryMethodAll,
	}
	usageStatisticTypes = map[int]model.UsageStatisticType{
		1: model.UsageStatisticTypeByCycle, 2: model.UsageStatisticTypeByDay, 3: model.UsageStatisticTypeByDetails,
	}
	expenditureStatisticTypes = map[int]model.ExpenditureStatisticType{
		1: model.ExpenditureStatisticTypeByCycle, 3: model.ExpenditureStatisticTypeByDetails,
	}
	// The bill types 7.2 accepts as a filter (E1); 7.3 accepts all of
	// billTypes, 12 and 13 being its only.
	usageBillTypes = billTypesOf(1, 2, 3, 4, 5, 8, 9, 14, 15, 16, 17, 20, 23, 24, 100, 101, 102)
)

// billTypesOf is the part of billTypes with the given codes.
func billTypesOf(codes ...int) map[int]model.BillType {
	out := make(map[int]model.BillType, len(codes))
	for _, c := range codes {
		out[c] = billTypes[c]
	}
	return out
}

// ---------------------------------------------------------------------------
// 7.1 Summary bills.

// monthlySummaryOptions validates the arguments of Customer.monthlyBill.
func monthlySummaryOptions(cycle model.Month, serviceTypeCode, enterpriseProjectID *string, accountType *model.SummaryBillAccountType) (*upstream.MonthlySummaryOptions, error) {
	opts := &upstream.MonthlySummaryOptions{Cycle: string(cycle)}
	if err := optionalString("serviceTypeCode", serviceTypeCode, 256); err != nil {
		return nil, err
	}
	opts.CloudServiceTypeCode = ptrOr(serviceTypeCode, "")
	if enterpriseProjectID != nil {
		// 7.1 refuses an empty enterpriseProjectId.
		if *enterpriseProjectID == "" {
			return nil, badInput(`enterpriseProjectId: must not be empty ("0" is the default project, "-1" services without enterprise projects)`)
		}
		opts.EnterpriseProjectID = *enterpriseProjectID
	}
	if accountType != nil {
		switch *accountType {
		case model.SummaryBillAccountTypeHuaweiCloud:
			opts.Type = "0"
		case model.SummaryBillAccountTypePartnerBudget:
			opts.Type = "1"
		}
	}
	return opts, nil
}

// monthlyBill reads the summary bill of c's month (7.1). Only the caller's
// own account can be asked for, with its account id in the path.
func (r *Resolver) monthlyBill(ctx context.Context, c *model.Customer, cycle model.Month, serviceTypeCode, enterpriseProjectID *string, accountType *model.SummaryBillAccountType) (*model.MonthlyBillSummary, error) {
	opts, err := monthlySummaryOptions(cycle, serviceTypeCode, enterpriseProjectID, accountType)
	if err != nil {
		return nil, err
	}
	if err := r.ownAccountOnly(ctx, c, "monthlyBill", "7.1"); err != nil {
		return nil, err
	}
	domainID, err := r.accountID(ctx, c)
	if err != nil {
		return nil, err
	}
	m, err := r.bss.Bills.MonthlySummary(ctx, domainID, opts)
	if err != nil {
		return nil, err
	}
	return monthlySummaryFromUpstream(cycle, m), nil
}

func monthlySummaryFromUpstream(cycle model.Month, m *upstream.MonthlySummary) *model.MonthlyBillSummary {
	cur := currencyOr(m.Currency)
	amt := func(a upstream.Amount) *model.Money { return money(a.Decimal, m.MeasureID, cur) }
	out := &model.MonthlyBillSummary{
		Cycle:                     cycle,
		Currency:                  cur,
		TotalCount:                int32(m.TotalCount),
		TotalAmount:               amt(m.TotalAmount),
		DebtAmount:                amt(m.DebtAmount),
		CashCouponAmount:          amt(m.CouponAmount),
		FlexiPurchaseCouponAmount: amt(m.FlexiPurchaseCouponAmount),
		StoredCardAmount:          amt(m.StoredCardAmount),
		DebitAmount:               amt(m.DebitAmount),
		CreditAmount:              amt(m.CreditAmount),
		MeasureID:                 int32(m.MeasureID),
		Records:                   make([]*model.BillSumRecord, len(m.BillSums)),
	}
	for i, b := range m.BillSums {
		out.Records[i] = billSumFromUpstream(b, m.MeasureID, cur)
	}
	return out
}

func billSumFromUpstream(b upstream.BillSum, summaryMeasure int, cur string) *model.BillSumRecord {
	measure := b.MeasureID
	if measure == 0 {
		measure = summaryMeasure
	}
	amt := func(a upstream.Amount) *model.Money { return money(a.Decimal, measure, cur) }
	out := &model.BillSumRecord{
		CustomerID:          b.CustomerID,
		ResourceTypeCode:    strPtr(b.ResourceTypeCode),
		RegionCode:          strPtr(b.RegionCode),
		ServiceTypeCode:     strPtr(b.CloudServiceTypeCode),
		ConsumeTime:         monthOf(b.ConsumeTime),
		PayMethod:           enumOf(summaryPayMethods, b.PayMethod, model.SummaryPayMethodUnknown),
		PayMethodCode:       b.PayMethod,
		ConsumeAmount:       amt(b.ConsumeAmount),
		Debt:                amt(b.Debt),
		Discount:            amt(b.Discount),
		MeasureID:           int32(measure),
		BillType:            enumOf(summaryBillTypes, b.BillType, model.SummaryBillTypeUnknown),
		BillTypeCode:        int32(b.BillType),
		Payments:            make([]*model.BillSumPayment, len(b.AccountDetails)),
		Discounts:           make([]*model.BillSumDiscount, len(b.DiscountDetailInfos)),
		EnterpriseProjectID: strPtr(b.EnterpriseProjectID),
	}
	for i, p := range b.AccountDetails {
		out.Payments[i] = &model.BillSumPayment{
			BalanceType:   enumOf(balanceTypes, p.BalanceTypeID, model.BalanceTypeUnknown),
			BalanceTypeID: p.BalanceTypeID,
			DeductAmount:  amt(p.DeductAmount),
		}
	}
	for i, d := range b.DiscountDetailInfos {
		dm := d.MeasureID
		if dm == 0 {
			dm = upstream.SummaryMeasureCent // Table 7-5: "The default value is 3."
		}
		out.Discounts[i] = &model.BillSumDiscount{
			PromotionType:     enumOf(promotionTypes, d.PromotionType, model.PromotionTypeUnknown),
			PromotionTypeCode: d.PromotionType,
			DiscountAmount:    money(d.DiscountAmount.Decimal, dm, cur),
			PromotionID:       strPtr(d.PromotionID),
			MeasureID:         int32(dm),
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// The scope of 7.2 and 7.3: whose records.

// billScope returns the method and sub_customer_id of a 7.2/7.3 call for
// customer c: a member account's Customer is its master asking for that
// member (method sub_customer); otherwise the filter's own method, with
// sub_customer implied by a subCustomerId.
func (r *Resolver) billScope(ctx context.Context, c *model.Customer, method *model.BillQueryMethod, sub *string) (string, string, error) {
	m, _ := enumCode(billQueryMethods, ptrOr(method, ""))
	s := ptrOr(sub, "")
	if err := tooLong("filter.subCustomerId", s, 64); err != nil {
		return "", "", err
	}
	member, err := r.memberID(ctx, c)
	if err != nil {
		return "", "", err
	}
	if member != "" {
		if (m != "" && m != "sub_customer") || (s != "" && s != member) {
			return "", "", badInput("filter.method/subCustomerId: this Customer is member account %s, whose records only it can be", member)
		}
		return "sub_customer", member, nil
	}
	switch {
	case s != "" && m == "":
		m = "sub_customer"
	case s != "" && m != "sub_customer":
		return "", "", badInput("filter.subCustomerId: only with method SUB_CUSTOMER")
	case s == "" && m == "sub_customer":
		return "", "", badInput("filter.subCustomerId: mandatory with method SUB_CUSTOMER")
	}
	return m, s, nil
}

// billDays validates an optional pair of dates inside cycle.
func billDays(beginName, endName string, begin, end *model.Date, cycle model.Month) (string, string, error) {
	if begin == nil && end == nil {
		return "", "", nil
	}
	if begin == nil || end == nil {
		return "", "", badInput("filter.%s and filter.%s: set both or neither", beginName, endName)
	}
	c := string(cycle)
	if string(*begin)[:7] != c || string(*end)[:7] != c {
		return "", "", badInput("filter.%s and filter.%s: must be days of the cycle %s", beginName, endName, c)
	}
	if *end < *begin {
		return "", "", badInput("filter.%s (%s) is after filter.%s (%s)", beginName, *begin, endName, *end)
	}
	return string(*begin), string(*end), nil
}

// ---------------------------------------------------------------------------
// 7.2 Resource usage records.

// usageRecordRequest validates a filter of 7.2.
func (r *Resolver) usageRecordRequest(ctx context.Context, c *model.Customer, f model.UsageRecordFilter) (*upstream.MonthlyBillRequest, error) {
	req := &upstream.MonthlyBillRequest{Cycle: string(f.Cycle), IncludeZeroRecord: f.IncludeZeroRecords}
	common, err := r.checkBillFilter(ctx, c, billFilterInput{
		strings: []billString{
			{"serviceTypeCode", f.ServiceTypeCode, &req.CloudServiceType},
			{"resourceTypeCode", f.ResourceTypeCode, &req.ResourceType},
			{"region", f.Region, &req.Region},
			{"resourceId", f.ResourceID, &req.ResInstanceID},
			{"enterpriseProjectId", f.EnterpriseProjectID, &req.EnterpriseProjectID},
			{"payerAccountId", f.PayerAccountID, &req.PayerAccountID},
		},
		chargeMode: f.ChargeMode, billType: f.BillType, method: f.Method, subCustomerID: f.SubCustomerID,
		billTypes: usageBillTypes, billTypeRefusal: "a bill type of 7.2",
	})
	if err != nil {
		return nil, err
	}
	req.ChargeMode, req.BillType, req.Method, req.SubCustomerID = common.chargeMode, common.billType, common.method, common.subCustomerID
	if f.StatisticType != nil {
		req.StatisticType, _ = enumCode(usageStatisticTypes, *f.StatisticType)
	}
	daily := f.QueryType != nil && *f.QueryType == model.UsageQueryTypeDaily
	if f.QueryType != nil {
		req.QueryType = string(*f.QueryType)
	}
	if daily {
		if req.StatisticType != 2 && req.StatisticType != 3 {
			return nil, badInput("filter.queryType DAILY needs statisticType BY_DAY or BY_DETAILS")
		}
		if f.BillCycleBegin == nil || f.BillCycleEnd == nil {
			return nil, badInput("filter.billCycleBegin and filter.billCycleEnd are mandatory with queryType DAILY")
		}
	} else if f.BillCycleBegin != nil || f.BillCycleEnd != nil {
		return nil, badInput("filter.billCycleBegin and filter.billCycleEnd: only with queryType DAILY")
	}
	if req.BillCycleBegin, req.BillCycleEnd, err = billDays("billCycleBegin", "billCycleEnd", f.BillCycleBegin, f.BillCycleEnd, f.Cycle); err != nil {
		return nil, err
	}
	return req, nil
}

// billString is an optional text filter of 7.2 or 7.3 and the request
// field it fills.
type billString struct {
	name   string
	v, dst *string
}

// billFilterInput is what the filters of 7.2 and 7.3 share. The APIs
// differ in which bill types they accept: billTypes holds them, and
// billTypeRefusal ends the message for one they do not.
type billFilterInput struct {
	strings         []billString
	chargeMode      *model.BillChargeMode
	billType        *model.BillType
	method          *model.BillQueryMethod
	subCustomerID   *string
	billTypes       map[int]model.BillType
	billTypeRefusal string
}

// billFilter is billFilterInput checked, as BSS codes.
type billFilter struct {
	chargeMode, billType  int
	method, subCustomerID string
}

// checkBillFilter validates the filter fields 7.2 and 7.3 share, in the
// order the APIs document them, and fills in.strings' destinations.
func (r *Resolver) checkBillFilter(ctx context.Context, c *model.Customer, in billFilterInput) (billFilter, error) {
	var out billFilter
	var err error
	for _, s := range in.strings {
		if err = optionalString("filter."+s.name, s.v, 64); err != nil {
			return out, err
		}
		*s.dst = ptrOr(s.v, "")
	}
	if out.chargeMode, err = filterCode(billChargeModes, "filter.chargeMode", in.chargeMode, "a billing mode BSS can filter by"); err != nil {
		return out, err
	}
	if out.billType, err = filterCode(in.billTypes, "filter.billType", in.billType, in.billTypeRefusal); err != nil {
		return out, err
	}
	out.method, out.subCustomerID, err = r.billScope(ctx, c, in.method, in.subCustomerID)
	return out, err
}

// usageRecords pages 7.2, 1000 records a call.
func (r *Resolver) usageRecords(ctx context.Context, c *model.Customer, filter model.UsageRecordFilter, first *int32, after *string, last *int32, before *string) (*model.UsageRecordConnection, error) {
	return billList(ctx, pageArgs{first, after, last, before},
		func() (*upstream.MonthlyBillRequest, error) { return r.usageRecordRequest(ctx, c, filter) },
		func(ctx context.Context, req upstream.MonthlyBillRequest, offset, limit int) (*upstream.MonthlyBillPage, error) {
			req.Offset, req.Limit = &offset, limit
			return r.bss.Bills.UsageRecords(ctx, &req)
		},
		func(p *upstream.MonthlyBillPage) ([]upstream.MonthlyBillRecord, int, string) {
			return p.Records, p.TotalCount, p.Currency
		},
		usageRecordFromUpstream)
}

func usageRecordFromUpstream(rec upstream.MonthlyBillRecord, cur string) *model.UsageRecord {
	usd := func(a upstream.Amount) *model.Money { return money(a.Decimal, rec.MeasureID, cur) }
	chargeCode, periodCode := int(rec.ChargeMode), int(rec.PeriodType)
	out := &model.UsageRecord{
		Cycle:                     monthOf(rec.Cycle),
		BillDate:                  dateOf(rec.BillDate),
		BillType:                  enumOf(billTypes, rec.BillType, model.BillTypeUnknown),
		BillTypeCode:              int32(rec.BillType),
		CustomerID:                strPtr(rec.CustomerID),
		Region:                    strPtr(rec.Region),
		RegionName:                strPtr(rec.RegionName),
		ServiceTypeCode:           strPtr(rec.CloudServiceType),
		ResourceTypeCode:          strPtr(rec.ResourceTypeCode),
		ServiceTypeName:           strPtr(rec.CloudServiceTypeName),
		ResourceTypeName:          strPtr(rec.ResourceTypeName),
		ResourceID:                strPtr(rec.ResInstanceID),
		ResourceName:              strPtr(rec.ResourceName),
		RootResourceID:            strPtr(rec.RootResourceID),
		ParentResourceID:          strPtr(rec.ParentResourceID),
		ResourceTag:               strPtr(rec.ResourceTag),
		SkuCode:                   strPtr(rec.SKUCode),
		EnterpriseProjectID:       strPtr(rec.EnterpriseProjectID),
		EnterpriseProjectName:     strPtr(rec.EnterpriseProjectName),
		ChargeMode:                enumOf(billChargeModes, chargeCode, model.BillChargeModeUnknown),
		ChargeModeCode:            nonZeroCode(chargeCode),
		ConsumeAmount:             usd(rec.ConsumeAmount),
		CashAmount:                usd(rec.CashAmount),
		CreditAmount:              usd(rec.CreditAmount),
		CouponAmount:              usd(rec.CouponAmount),
		FlexiPurchaseCouponAmount: usd(rec.FlexiPurchaseCouponAmount),
		StoredCardAmount:          usd(rec.StoredCardAmount),
		BonusAmount:               usd(rec.BonusAmount),
		DebtAmount:                usd(rec.DebtAmount),
		AdjustmentAmount:          moneyPtr(rec.AdjustmentAmount, rec.MeasureID, cur),
		OfficialAmount:            usd(rec.OfficialAmount),
		DiscountAmount:            usd(rec.DiscountAmount),
		MeasureID:                 int32(rec.MeasureID),
		PeriodType:                enumOf(billPeriodTypes, periodCode, model.BillPeriodTypeUnknown),
		PeriodTypeCode:            nonZeroCode(periodCode),
		TradeID:                   strPtr(rec.TradeID),
		RecordID:                  strPtr(rec.ID),
		ProductSpecDescription:    strPtr(rec.ProductSpecDesc),
		SubServiceTypeCode:        strPtr(rec.SubServiceTypeCode),
		SubServiceTypeName:        strPtr(rec.SubServiceTypeName),
		SubResourceTypeCode:       strPtr(rec.SubResourceTypeCode),
		SubResourceTypeName:       strPtr(rec.SubResourceTypeName),
		SubResourceID:             strPtr(rec.SubResourceID),
		SubResourceName:           strPtr(rec.SubResourceName),
		PreOrderID:                strPtr(rec.PreOrderID),
		AvailabilityZones:         make([]string, 0, len(rec.AZCodeInfos)),
		PayerAccountID:            strPtr(rec.PayerAccountID),
		EffectiveAt:               parseTime(rec.EffectiveTime),
		ExpiresAt:                 parseTime(rec.ExpireTime),
		ConsumedAt:                parseTime(rec.ConsumeTime),
		BeID:                      strPtr(rec.BeID),
	}
	for _, az := range rec.AZCodeInfos {
		if az.AZCode != "" {
			out.AvailabilityZones = append(out.AvailabilityZones, az.AZCode)
		}
	}
	if x := rec.ExtendParams; x != nil {
		rel := &model.BillResourceRelation{SelfResourceID: strPtr(x.SelfResourceID), Relations: make([]*model.BillRelatedResource, len(x.RelationInfos))}
		for i, ri := range x.RelationInfos {
			rel.Relations[i] = &model.BillRelatedResource{
				RelativeResourceID: ri.RelativeResourceID,
				RelativeType:       enumOf(billRelationTypes, ri.RelativeType, model.BillRelationTypeUnknown),
				RelativeTypeCode:   ri.RelativeType,
			}
		}
		out.ResourceRelation = rel
	}
	return out
}

// ---------------------------------------------------------------------------
// 7.3 Resource expenditures.

// feeRecordOptions validates a filter of 7.3.
func (r *Resolver) feeRecordOptions(ctx context.Context, c *model.Customer, f model.ExpenditureFilter) (*upstream.FeeRecordOptions, error) {
	opts := &upstream.FeeRecordOptions{Cycle: string(f.Cycle), IncludeZeroRecord: f.IncludeZeroRecords}
	common, err := r.checkBillFilter(ctx, c, billFilterInput{
		strings: []billString{
			{"serviceTypeCode", f.ServiceTypeCode, &opts.CloudServiceType},
			{"region", f.Region, &opts.Region},
			{"resourceId", f.ResourceID, &opts.ResourceID},
			{"enterpriseProjectId", f.EnterpriseProjectID, &opts.EnterpriseProjectID},
			{"tradeId", f.TradeID, &opts.TradeID},
		},
		chargeMode: f.ChargeMode, billType: f.BillType, method: f.Method, subCustomerID: f.SubCustomerID,
		billTypes: billTypes, billTypeRefusal: "a bill type BSS can filter by",
	})
	if err != nil {
		return nil, err
	}
	opts.ChargeMode, opts.BillType, opts.Method, opts.SubCustomerID = common.chargeMode, common.billType, common.method, common.subCustomerID
	if f.StatisticType != nil {
		opts.StatisticType, _ = enumCode(expenditureStatisticTypes, *f.StatisticType)
	}
	if opts.BillDateBegin, opts.BillDateEnd, err = billDays("billDateBegin", "billDateEnd", f.BillDateBegin, f.BillDateEnd, f.Cycle); err != nil {
		return nil, err
	}
	return opts, nil
}

// expenditures pages 7.3, 1000 records a call.
func (r *Resolver) expenditures(ctx context.Context, c *model.Customer, filter model.ExpenditureFilter, first *int32, after *string, last *int32, before *string) (*model.ExpenditureConnection, error) {
	return billList(ctx, pageArgs{first, after, last, before},
		func() (*upstream.FeeRecordOptions, error) { return r.feeRecordOptions(ctx, c, filter) },
		func(ctx context.Context, opts upstream.FeeRecordOptions, offset, limit int) (*upstream.FeeRecordPage, error) {
			opts.Offset, opts.Limit = &offset, limit
			return r.bss.Bills.Expenditures(ctx, &opts)
		},
		func(p *upstream.FeeRecordPage) ([]upstream.FeeRecord, int, string) {
			return p.Records, p.TotalCount, p.Currency
		},
		expenditureFromUpstream)
}

// resourceUsageRecords is Resource.usageRecords: the caller's 7.2 records
// of one cycle whose res_instance_id is the resource.
func (r *Resolver) resourceUsageRecords(ctx context.Context, res *model.Resource, cycle model.Month, first *int32, after *string, last *int32, before *string) (*model.UsageRecordConnection, error) {
	v, err := r.viewer(ctx)
	if err != nil {
		return nil, err
	}
	id := res.ResourceID
	return r.usageRecords(ctx, v, model.UsageRecordFilter{Cycle: cycle, ResourceID: &id}, first, after, last, before)
}

// orderExpenditures is Order.expenditures: the caller's 7.3 records whose
// trade_id is the order, by default in the month the order was paid (else
// created) in GMT+08:00, the time zone of bill cycles.
func (r *Resolver) orderExpenditures(ctx context.Context, o *model.Order, cycle *model.Month, first *int32, after *string, last *int32, before *string) (*model.ExpenditureConnection, error) {
	f := model.ExpenditureFilter{TradeID: &o.OrderID}
	switch {
	case cycle != nil:
		f.Cycle = *cycle
	case o.PaidAt != nil:
		f.Cycle = model.Month(o.PaidAt.In(bssZone).Format("2006-01"))
	case o.CreatedAt != nil:
		f.Cycle = model.Month(o.CreatedAt.In(bssZone).Format("2006-01"))
	default:
		return nil, badInput("cycle: BSS told neither when order %s was paid nor when it was created; give the bill cycle", o.OrderID)
	}
	v, err := r.viewer(ctx)
	if err != nil {
		return nil, err
	}
	return r.expenditures(ctx, v, f, first, after, last, before)
}

// billList pages a bill API (7.2, 7.3: billPageLimit records a call)
// whose pages also carry the currency of their amounts. The paging
// arguments are checked first, then request checks the filter into a base
// request; page asks for one page of a copy of it, parts reads the page's
// records, total count and currency, and mapOne maps each record.
func billList[Req, P, T, N any](ctx context.Context, p pageArgs, request func() (*Req, error),
	page func(ctx context.Context, req Req, offset, limit int) (*P, error), parts func(*P) ([]T, int, string),
	mapOne func(T, string) N) (*model.Connection[N], error) {
	w, err := pageWindow(ctx, p)
	if err != nil {
		return nil, err
	}
	base, err := request()
	if err != nil {
		return nil, err
	}
	var cur string
	items, total, err := fetchWindow(ctx, w, billPageLimit, func(ctx context.Context, offset, limit int) ([]T, int, error) {
		pg, err := page(ctx, *base, offset, limit)
		if err != nil {
			return nil, 0, err
		}
		items, total, c := parts(pg)
		if offset == w.Offset {
			cur = c
		}
		return items, total, nil
	})
	if err != nil {
		return nil, err
	}
	cur = currencyOr(cur)
	return connection(mapSlice(items, func(rec T) N { return mapOne(rec, cur) }), w, total), nil
}

func expenditureFromUpstream(rec upstream.FeeRecord, cur string) *model.Expenditure {
	usd := func(a upstream.Amount) *model.Money { return money(a.Decimal, rec.MeasureID, cur) }
	// charge_mode and period_type are Strings in 7.3 and Integers in 7.2:
	// read them as numbers so both APIs give the same codes.
	chargeCode, chargeOK := codeNumber(rec.ChargeMode)
	periodCode, periodOK := codeNumber(rec.PeriodType)
	out := &model.Expenditure{
		BillDate:                  dateOf(rec.BillDate),
		BillType:                  enumOf(billTypes, rec.BillType, model.BillTypeUnknown),
		BillTypeCode:              int32(rec.BillType),
		CustomerID:                strPtr(rec.CustomerID),
		Region:                    strPtr(rec.Region),
		RegionName:                strPtr(rec.RegionName),
		ServiceTypeCode:           strPtr(rec.CloudServiceType),
		ResourceTypeCode:          strPtr(rec.ResourceType),
		ServiceTypeName:           strPtr(rec.CloudServiceTypeName),
		ResourceTypeName:          strPtr(rec.ResourceTypeName),
		EffectiveAt:               parseTime(rec.EffectiveTime),
		ExpiresAt:                 parseTime(rec.ExpireTime),
		ResourceID:                strPtr(rec.ResourceID),
		ResourceName:              strPtr(rec.ResourceName),
		ResourceTag:               strPtr(rec.ResourceTag),
		ProductID:                 strPtr(rec.ProductID),
		ProductName:               strPtr(rec.ProductName),
		ProductSpecDescription:    strPtr(rec.ProductSpecDesc),
		SkuCode:                   strPtr(rec.SKUCode),
		SpecSize:                  decimalPtr(rec.SpecSize),
		TradeID:                   strPtr(rec.TradeID),
		RecordID:                  strPtr(rec.ID),
		TradedAt:                  parseTime(rec.TradeTime),
		EnterpriseProjectID:       strPtr(rec.EnterpriseProjectID),
		EnterpriseProjectName:     strPtr(rec.EnterpriseProjectName),
		ChargeMode:                model.BillChargeModeUnknown,
		OrderID:                   strPtr(rec.OrderID),
		PeriodType:                model.BillPeriodTypeUnknown,
		UsageType:                 strPtr(rec.UsageType),
		Usage:                     decimalPtr(rec.Usage),
		FreeResourceUsage:         decimalPtr(rec.FreeResourceUsage),
		RiUsage:                   decimalPtr(rec.RIUsage),
		UnitPrice:                 moneyPtr(rec.UnitPrice, rec.MeasureID, cur),
		Unit:                      strPtr(rec.Unit),
		OfficialAmount:            usd(rec.OfficialAmount),
		DiscountAmount:            usd(rec.DiscountAmount),
		Amount:                    usd(rec.Amount),
		CashAmount:                usd(rec.CashAmount),
		CreditAmount:              usd(rec.CreditAmount),
		CouponAmount:              usd(rec.CouponAmount),
		FlexiPurchaseCouponAmount: usd(rec.FlexiPurchaseCouponAmount),
		StoredCardAmount:          usd(rec.StoredCardAmount),
		BonusAmount:               usd(rec.BonusAmount),
		DebtAmount:                usd(rec.DebtAmount),
		AdjustmentAmount:          moneyPtr(rec.AdjustmentAmount, rec.MeasureID, cur),
		MeasureID:                 int32(rec.MeasureID),
		Formula:                   strPtr(rec.Formula),
		SubServiceTypeCode:        strPtr(rec.SubServiceTypeCode),
		SubServiceTypeName:        strPtr(rec.SubServiceTypeName),
		SubResourceTypeCode:       strPtr(rec.SubResourceTypeCode),
		SubResourceTypeName:       strPtr(rec.SubResourceTypeName),
		SubResourceID:             strPtr(rec.SubResourceID),
		SubResourceName:           strPtr(rec.SubResourceName),
		ConsumedAt:                parseTime(rec.ConsumeTime),
		RelativeOrderID:           strPtr(rec.RelativeOrderID),
	}
	if chargeOK {
		out.ChargeMode = enumOf(billChargeModes, chargeCode, model.BillChargeModeUnknown)
		out.ChargeModeCode = ptr(int32(chargeCode))
	}
	if periodOK {
		out.PeriodType = enumOf(billPeriodTypes, periodCode, model.BillPeriodTypeUnknown)
		out.PeriodTypeCode = ptr(int32(periodCode))
	}
	// The measurement units of the quantities mean something only beside
	// a quantity; BSS leaves them out (0) for yearly/monthly resources.
	if rec.SpecSize != nil {
		out.SpecSizeMeasureID = nonZeroCode(rec.SpecSizeMeasureID)
	}
	if rec.Usage != nil {
		out.UsageMeasureID = nonZeroCode(rec.UsageMeasureID)
	}
	if rec.FreeResourceUsage != nil {
		out.FreeResourceMeasureID = nonZeroCode(rec.FreeResourceMeasureID)
	}
	if rec.RIUsage != nil {
		out.RiUsageMeasureID = nonZeroCode(rec.RIUsageMeasureID)
	}
	return out
}

// ---------------------------------------------------------------------------
// Small conversions shared by the bill, cost and invoice mappers.

// currencyOr returns cur, or USD when BSS left it blank ("If blank, USD is used").
func currencyOr(cur string) string {
	if cur == "" {
		return "USD"
	}
	return cur
}

// monthOf returns s as a Month when it is one ("YYYY-MM"), else nil.
func monthOf(s string) *model.Month {
	m, err := model.ParseMonth(s)
	if err != nil {
		return nil
	}
	return &m
}

// dateOf returns s as a Date when it is one ("YYYY-MM-DD"), else nil.
func dateOf(s string) *model.Date {
	d, err := model.ParseDate(s)
	if err != nil {
		return nil
	}
	return &d
}

// nonZeroCode returns nil for 0, which BSS codes never are, and the code
// otherwise.
func nonZeroCode(c int) *int32 {
	if c == 0 {
		return nil
	}
	return ptr(int32(c))
}

// codeNumber reads a code BSS sends as a string of digits.
func codeNumber(c upstream.Code) (int, bool) {
	n, err := strconv.Atoi(string(c))
	return n, err == nil
}
