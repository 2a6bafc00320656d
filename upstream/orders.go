package upstream

import (
	"context"
	"encoding/json"
	"net/url"
)

// OrdersService talks to the yearly/monthly order APIs (§6.2).
type OrdersService service

// OrderListOptions filters Orders.List (§6.2.1, Table 6-5). Zero fields are
// not sent. Each begin/end pair may span at most one year.
type OrderListOptions struct {
	OrderID         string
	CustomerID      string
	CreateTimeBegin string
	CreateTimeEnd   string
	ServiceTypeCode string
	Status          int // 1, 3, 4, 5, 6 or 9 (a subset of the response codes)
	// OrderType is a String in the request (Table 6-5) although the
	// responses carry it as an Integer.
	OrderType        string
	OrderBy          string // "createTime" or "-createTime" (the default)
	PaymentTimeBegin string
	PaymentTimeEnd   string
	ListOptions      // limit 1–100
}

func (o *OrderListOptions) addTo(v url.Values) {
	querySetStr(v, "order_id", o.OrderID)
	querySetStr(v, "customer_id", o.CustomerID)
	querySetStr(v, "create_time_begin", o.CreateTimeBegin)
	querySetStr(v, "create_time_end", o.CreateTimeEnd)
	querySetStr(v, "service_type_code", o.ServiceTypeCode)
	querySetInt(v, "status", o.Status)
	querySetStr(v, "order_type", o.OrderType)
	querySetStr(v, "order_by", o.OrderBy)
	querySetStr(v, "payment_time_begin", o.PaymentTimeBegin)
	querySetStr(v, "payment_time_end", o.PaymentTimeEnd)
	o.ListOptions.addTo(v)
}

// OrderPage is one page of orders.
type OrderPage struct {
	TotalCount int     `json:"total_count"`
	Orders     []Order `json:"order_infos"`
}

// OrderBase holds the fields that the four order shapes of §6.2.1 and §6.2.2
// share (Tables 6-6, 6-10, 6-14 and 6-19). Status, OrderType and SourceType
// are the Integer codes of those tables.
//
// Pointers mark the fields that the reference's examples send as null.
type OrderBase struct {
	OrderID         string `json:"order_id"`
	CustomerID      string `json:"customer_id"`
	ServiceTypeCode string `json:"service_type_code"`
	ServiceTypeName string `json:"service_type_name"`
	SourceType      int    `json:"source_type"`
	Status          int    `json:"status"`
	OrderType       int    `json:"order_type"`
	OfficialAmount  Amount `json:"official_amount"`
	// AmountAfterDiscount excludes vouchers and cards according to the
	// reference, yet its §6.2.1 example deducts the cash coupon too
	// (349.5 − 69.9 − 5.0 = 274.6). For unsubscription orders it is the
	// (negative) refund after the handling fee.
	AmountAfterDiscount Amount     `json:"amount_after_discount"`
	MeasureID           Int        `json:"measure_id"` // 1: yuan/dollar
	CreateTime          string     `json:"create_time"`
	PaymentTime         *string    `json:"payment_time"`
	Currency            string     `json:"currency"`
	ContractID          *string    `json:"contract_id"`
	AmountInfo          AmountInfo `json:"amount_info"`
}

// Order is an order as Orders.List returns it (Table 6-6, CustomerOrderV2).
type Order struct {
	OrderBase
	EnterpriseProjects []OrderEnterpriseProject `json:"enterprise_projects"`
	// SubOrders lists the orders of a combined order; it is empty for a
	// common order. Sub-orders cannot be paid or cancelled on their own.
	SubOrders []SubOrder `json:"sub_order_infos"`
}

// SubOrder is an order inside a combined order in Orders.List (Table 6-10,
// SubCustomerOrderV2).
type SubOrder struct {
	OrderBase
	EnterpriseProjects []OrderEnterpriseProject `json:"enterprise_projects"`
}

// OrderEnterpriseProject is an enterprise project of an order (Table 6-9).
// ID "0" is the default project.
type OrderEnterpriseProject struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// AmountInfo is the deduction breakdown of an order or order line item
// (Tables 6-7 and 6-17, AmountInfoV2). BSS sends null for the amounts that do
// not apply, so they are pointers.
type AmountInfo struct {
	Discounts                 []DiscountItem `json:"discounts"`
	FlexipurchaseCouponAmount *Amount        `json:"flexipurchase_coupon_amount"` // reserved
	CouponAmount              *Amount        `json:"coupon_amount"`
	StoredCardAmount          *Amount        `json:"stored_card_amount"` // reserved
	CommissionAmount          *Amount        `json:"commission_amount"`  // unsubscription orders only
	ConsumedAmount            *Amount        `json:"consumed_amount"`    // unsubscription orders only
}

// DiscountItem is one discount applied to an order (Tables 6-8 and 6-18,
// DiscountItemV2).
type DiscountItem struct {
	// DiscountType is a String code here ("700", "301", ...), unlike the
	// Integer discount_type of OrderDiscount, whose codes differ too.
	DiscountType   Code   `json:"discount_type"`
	DiscountAmount Amount `json:"discount_amount"`
}

// List returns one page of the customer's yearly/monthly orders.
//
// BSS API: "Querying Orders" (6.2.1), GET /v2/orders/customer-orders
func (s *OrdersService) List(ctx context.Context, opts *OrderListOptions) (*OrderPage, error) {
	var p OrderPage
	if err := s.client.do(ctx, OpListCustomerOrders, OpListCustomerOrders.Expand(), queryOf(opts), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// OrderDetail is one order with a page of its line items (§6.2.2).
type OrderDetail struct {
	Order OrderEntity `json:"order_info"`
	// TotalCount is the number of line items of the order, which
	// Orders.Get pages through; the reference describes it as
	// "Order item ID array".
	TotalCount int             `json:"total_count"`
	LineItems  []OrderLineItem `json:"order_line_items"`
}

// OrderEntity is the order of an OrderDetail (Table 6-14,
// CustomerOrderEntityV2). Unlike Order it has no enterprise projects.
type OrderEntity struct {
	OrderBase
	UserName string `json:"user_name"`
	// PendingPaymentEndTime is the payment deadline of an order pending
	// payment; BSS sends null for other statuses.
	PendingPaymentEndTime *string          `json:"pending_payment_end_time"`
	SubOrders             []SubOrderEntity `json:"sub_order_infos"`
}

// SubOrderEntity is an order inside a combined order in an OrderDetail
// (Table 6-19, SubCustomerOrderEntityV2).
type SubOrderEntity struct {
	OrderBase
	UserName              string  `json:"user_name"`
	PendingPaymentEndTime *string `json:"pending_payment_end_time"`
}

// OrderLineItem is one line item of an order (Table 6-15,
// OrderLineItemEntityV2). Pointers mark the fields the reference's example
// sends as null.
type OrderLineItem struct {
	OrderLineItemID string `json:"order_line_item_id"` // "<order_id>-00000N"
	ServiceTypeCode string `json:"service_type_code"`
	ServiceTypeName string `json:"service_type_name"`
	ProductID       string `json:"product_id"`
	ProductSpecDesc string `json:"product_spec_desc"`
	// PeriodType is 0 day, 1 week, 2 month, 3 year, 4 hour, 5 one-off,
	// 6 pay-per-use (reserved) or 7 by usage report (reserved).
	PeriodType          int        `json:"period_type"`
	PeriodNum           *int       `json:"period_num"` // null for unsubscription orders
	EffectiveTime       string     `json:"effective_time"`
	ExpireTime          string     `json:"expire_time"`
	SubscriptionNum     int        `json:"subscription_num"`
	AmountAfterDiscount Amount     `json:"amount_after_discount"`
	OfficialAmount      Amount     `json:"official_amount"`
	AmountInfo          AmountInfo `json:"amount_info"`
	Currency            string     `json:"currency"`
	CategoryCode        string     `json:"category_code"`
	ProductOwnerService *string    `json:"product_owner_service"` // a service type code
	CommercialResource  *string    `json:"commercial_resource"`   // a resource type code
	// BaseProductInfo is the product before the change; the reference
	// promises it only for change orders (order_type 3).
	BaseProductInfo *BaseProductInfo `json:"base_product_info"`
	OrderID         *string          `json:"order_id"`
}

// BaseProductInfo is the product of a line item before a change (Table 6-16).
type BaseProductInfo struct {
	ProductID           string  `json:"product_id"`
	ProductSpecDesc     string  `json:"product_spec_desc"`
	CategoryCode        string  `json:"category_code"`
	ProductOwnerService *string `json:"product_owner_service"`
	CommercialResource  *string `json:"commercial_resource"`
}

// Get returns one order with the page of its line items that opts selects
// (Table 6-12: limit 1–100). An unknown order is the error CBC.30000010,
// which matches ErrNotFound.
//
// BSS API: "Querying Order Details" (6.2.2), GET /v2/orders/customer-orders/details/{order_id}
func (s *OrdersService) Get(ctx context.Context, orderID string, opts *ListOptions) (*OrderDetail, error) {
	var d OrderDetail
	if err := s.client.do(ctx, OpShowCustomerOrderDetails, OpShowCustomerOrderDetails.Expand(orderID), queryOf(opts), nil, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// OrderDiscountList is the answer of Orders.ListDiscounts (§6.2.3). It has
// neither paging nor a count.
type OrderDiscountList struct {
	Discounts []OrderDiscount `json:"discounts"`
}

// OrderDiscount is a discount that can be used to pay an order (Table 6-21,
// DiscountInfoV3).
type OrderDiscount struct {
	DiscountID string `json:"discount_id"` // PayDiscount.ID
	// DiscountValue is the percentage or reduction as a string ("0.9"); it
	// is empty for the buy-it-now price model.
	DiscountValue string `json:"discount_value"`
	// DiscountType is 0 promotion, 1 contract, 2 commercial, 3 partner or
	// 609 price adjustment. These are not the codes of DiscountItem.
	DiscountType int             `json:"discount_type"`
	Orders       []DiscountOrder `json:"orders"`
}

// DiscountOrder is an order that can use an OrderDiscount (Table 6-22,
// OrderV3).
type DiscountOrder struct {
	OrderID   string                  `json:"order_id"`
	LineItems []DiscountLineItemGroup `json:"order_line_items"` // at most 100
}

// DiscountLineItemGroup is a group of line items that the discount reduces
// alike (Table 6-23, OrderLineItemV3).
type DiscountLineItemGroup struct {
	OrderLineItemIDs []string `json:"order_line_item_ids"` // OrderLineItem.OrderLineItemID, at most 1,000
	DiscountMode     int      `json:"discount_mode"`       // 0 discount, 1 buy-it-now price, 2 reduction
	DiscountAmount   *Amount  `json:"discount_amount"`
	DiscountRatio    *Amount  `json:"discount_ratio"`
}

// ListDiscounts returns the discounts that can be used to pay an order.
// Reseller customers get none.
//
// BSS API: "Querying Available Discounts of an Order" (6.2.3), GET /v2/orders/customer-orders/order-discounts
func (s *OrdersService) ListDiscounts(ctx context.Context, orderID string) (*OrderDiscountList, error) {
	q := url.Values{"order_id": {orderID}}
	var l OrderDiscountList
	if err := s.client.do(ctx, OpListOrderDiscounts, OpListOrderDiscounts.Expand(), q, nil, &l); err != nil {
		return nil, err
	}
	return &l, nil
}

// PayOrderRequest is the body of Orders.Pay (§6.2.4).
type PayOrderRequest struct {
	OrderID string `json:"order_id"`
	// UseCoupon and UseDiscount are "YES" or "NO" and are mandatory. With
	// "YES" the matching list is mandatory; with "NO" it must be left out.
	UseCoupon   string `json:"use_coupon"`
	UseDiscount string `json:"use_discount"`
	// CouponInfos holds at most 3 coupons. Unified accounting members get
	// their master account's coupons applied without listing them.
	CouponInfos []PayCoupon `json:"coupon_infos,omitempty"`
	// DiscountInfos holds at most one discount, from Orders.ListDiscounts.
	DiscountInfos []PayDiscount `json:"discount_infos,omitempty"`
}

// PayCoupon is a coupon used to pay an order (Table 6-24, CouponSimpleInfo).
type PayCoupon struct {
	ID string `json:"id"` // Coupon.CouponID
	// Type is 301 (promotion coupon); 300, 302 and 303 are reserved. These
	// are not the codes of Coupon.CouponType.
	Type int `json:"type"`
}

// PayDiscount is the discount used to pay an order (Table 6-25,
// DiscountSimpleInfo).
type PayDiscount struct {
	ID string `json:"id"` // OrderDiscount.DiscountID
	// Type is documented as 0, 2 or 3, but the reference's own example sends
	// 1, and OrderDiscount.DiscountType can also be 1 or 609; the value is
	// passed through.
	Type int `json:"type"`
}

// PayOrderFailure is the body of a refused payment (§6.2.4, HTTP 400). Beside
// the code and message it lists what blocked the payment: QuotaInfos with
// CBC.99003141, EnterpriseProjectAuthResult with CBC.99003155. The order
// stays pending payment either way.
type PayOrderFailure struct {
	ErrorCode                   string                 `json:"error_code"`
	ErrorMsg                    string                 `json:"error_msg"`
	QuotaInfos                  []PayQuotaInfo         `json:"quota_infos,omitempty"`
	EnterpriseProjectAuthResult []PayEnterpriseProject `json:"enterprise_project_auth_result,omitempty"`
}

// PayQuotaInfo is a resource whose quota, capacity or specification blocks a
// payment (Table 6-26, QuotaInfo).
type PayQuotaInfo struct {
	Region           string `json:"region"`
	ServiceTypeCode  string `json:"service_type_code"`
	ResourceTypeCode string `json:"resource_type_code"`
	ResourceSpecCode string `json:"resource_spec_code"`
	ServiceTypeName  string `json:"service_type_name"`
	ResourceTypeName string `json:"resource_type_name"`
	// AuthResult is 1 quota insufficient, 2 capacity insufficient,
	// 3 specification incorrect, 4 associated resource incorrect or
	// 99 other; 3, 4 and 99 mean the specification changed after ordering.
	AuthResult    int    `json:"auth_result"`
	AvailableZone string `json:"available_zone"`
}

// PayEnterpriseProject is an enterprise project whose funds block a payment
// (Table 6-27, EnterpriseProject; not the shape of OrderEnterpriseProject).
type PayEnterpriseProject struct {
	EnterpriseProjectID   string `json:"enterprise_project_id"` // "0" default, "-1" or empty: none
	EnterpriseProjectName string `json:"enterprise_project_name"`
	// AuthStatuses is 10 (fund quota insufficient or project invalid) or
	// 11 (organization budget insufficient). The old v2 API named it
	// auth_status.
	AuthStatuses int `json:"auth_statuses"`
}

// Pay pays an order pending payment (status 6) with the account's monthly
// settlement (preferred) or balance. BSS answers 204 without a body; a
// refusal is an *Error whose body has the PayOrderFailure shape. Paying a
// sub-order of a combined order is refused (CBC.99000089), and so is a
// payment while another one of the order is being processed (CBC.99000088).
//
// Pay is never retried once it may have reached BSS: a timeout or 5xx is an
// *OutcomeUnknownError, and the caller should re-read the order with Get.
//
// BSS API: "Paying Yearly/Monthly Product Orders" (6.2.4), POST /v3/orders/customer-orders/pay
func (s *OrdersService) Pay(ctx context.Context, req *PayOrderRequest) error {
	return s.client.do(ctx, OpPayOrders, OpPayOrders.Expand(), nil, req, nil)
}

// CancelOrderRequest is the body of Orders.Cancel (§6.2.5).
type CancelOrderRequest struct {
	OrderID string `json:"order_id"`
}

// CancelOrderFailure is the body of a refused cancellation (§6.2.5, Table
// 6-28), for example CBC.99005010 when the order is no longer pending
// payment.
type CancelOrderFailure struct {
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
}

// Cancel cancels an order pending payment. BSS answers 204 without a body.
// Cancelling an order in any other status, including one already cancelled,
// is refused with CBC.99005010, and a sub-order of a combined order with
// CBC.99000089. A timeout or 5xx is an *OutcomeUnknownError.
//
// BSS API: "Canceling Orders in the Pending Payment Status" (6.2.5), PUT /v2/orders/customer-orders/cancel
func (s *OrdersService) Cancel(ctx context.Context, orderID string) error {
	return s.client.do(ctx, OpCancelCustomerOrder, OpCancelCustomerOrder.Expand(), nil, &CancelOrderRequest{OrderID: orderID}, nil)
}

// RefundPage lists where the amounts of an unsubscription or downgrade order
// come from (§6.2.6 and its partner variant). It is not paged.
type RefundPage struct {
	TotalCount int            `json:"total_count"`
	Records    []RefundRecord `json:"refund_infos"`
}

// UnmarshalJSON implements json.Unmarshaler. The response table of §6.2.6
// names the list "refund_info" while its example, the partner API and the SDK
// use "refund_infos"; both are accepted.
func (p *RefundPage) UnmarshalJSON(b []byte) error {
	type plain RefundPage
	var v struct {
		plain
		Singular []RefundRecord `json:"refund_info"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*p = RefundPage(v.plain)
	if p.Records == nil {
		p.Records = v.Singular
	}
	return nil
}

// RefundRecord is one amount of an unsubscription order (Table 6-30,
// OrderRefundInfoV2). It carries no resource ID: resources are found from
// BaseOrderID with the resource type and region.
type RefundRecord struct {
	ID string `json:"id"`
	// Amount is negative for a refund and positive for a handling fee.
	Amount Amount `json:"amount"`
	// MeasureID is a String here ("1": yuan/dollar), an Integer in the order
	// APIs.
	MeasureID        Code   `json:"measure_id"`
	CustomerID       string `json:"customer_id"`
	ResourceTypeCode string `json:"resource_type_code"`
	ServiceTypeCode  string `json:"service_type_code"`
	ResourceTypeName string `json:"resource_type_name"`
	ServiceTypeName  string `json:"service_type_name"`
	RegionCode       string `json:"region_code"`
	// BaseOrderID is the original (purchase or renewal) order the amount
	// belongs to.
	BaseOrderID string `json:"base_order_id"`
}

// ListRefunds returns the amounts of an unsubscription or downgrade order and
// the original orders they belong to. Only orders created after May 2018 are
// covered; other orders are refused with CBC.99005026.
//
// BSS API: "Querying the Amount of Unsubscription Orders" (6.2.6), GET /v2/orders/customer-orders/refund-orders
func (s *OrdersService) ListRefunds(ctx context.Context, orderID string) (*RefundPage, error) {
	q := url.Values{"order_id": {orderID}}
	var p RefundPage
	if err := s.client.do(ctx, OpShowRefundOrderDetails, OpShowRefundOrderDetails.Expand(), q, nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
