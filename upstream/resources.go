package upstream

import (
	"context"
	"fmt"
)

// ResourcesService talks to the yearly/monthly resource APIs (§6.3).
type ResourcesService service

// ResourceListRequest filters the yearly/monthly resources of the caller
// (Table 6-31). BSS treats an omitted, null, empty-array or "" filter as "no
// filter" and then returns the first Limit resources of the account, so a
// batch lookup must never be sent with an empty ResourceIDs.
type ResourceListRequest struct {
	// ResourceIDs holds at most 50 resource IDs (Table 6-31). With
	// OnlyMainResource 0 the answer also holds their attached resources.
	ResourceIDs []string `json:"resource_ids,omitempty"`
	// OrderID selects the resources of one order. Table 6-31 asks for
	// special characters to be URL-encoded (% as %25) although it is a
	// body field.
	OrderID string `json:"order_id,omitempty"`
	// OnlyMainResource is 1 for primary resources only; 0, the default,
	// returns primary and attached resources. BSS ignores it when
	// ResourceIDs name attached resources.
	OnlyMainResource int `json:"only_main_resource,omitempty"`
	// StatusList filters by Resource.Status (2, 3, 4, 5), at most 10 values.
	StatusList []int `json:"status_list,omitempty"`
	// OffsetListOptions's limit is 1 to 500 here; BSS's default, 10,
	// silently truncates a 50-ID batch.
	OffsetListOptions
	// ExpireTimeBegin and ExpireTimeEnd bound the expiry time, in UTC
	// "2006-01-02T15:04:05Z" form.
	ExpireTimeBegin string `json:"expire_time_begin,omitempty"`
	ExpireTimeEnd   string `json:"expire_time_end,omitempty"`
	// ServiceTypeCode, e.g. "hws.service.type.obs", is omitted when empty:
	// unlike the other filters, BSS rejects "" for it (Table 6-31).
	ServiceTypeCode string `json:"service_type_code,omitempty"`
}

// ResourcePage is one page of yearly/monthly resources.
type ResourcePage struct {
	Resources  []Resource `json:"data"`
	TotalCount int        `json:"total_count"`
}

// Resource is a yearly/monthly resource instance (OrderInstanceV2, Table
// 6-32). Times are UTC strings such as "2019-05-06T08:05:01Z".
type Resource struct {
	// ID is the internal ID of the instance to be provisioned, e.g.
	// "01154-674800049-0"; ResourceID is the ID the cloud service assigned.
	ID               string `json:"id"`
	ResourceID       string `json:"resource_id"`
	ResourceName     string `json:"resource_name"`
	RegionCode       string `json:"region_code"`
	ServiceTypeCode  string `json:"service_type_code"`
	ResourceTypeCode string `json:"resource_type_code"`
	ResourceTypeName string `json:"resource_type_name"`
	ServiceTypeName  string `json:"service_type_name"`
	ResourceSpecCode string `json:"resource_spec_code"`
	ProjectID        string `json:"project_id"`
	ProductID        string `json:"product_id"`
	// ParentResourceID is the resource_id of the primary resource; the
	// reference's example gives a primary resource its own ID here.
	ParentResourceID string `json:"parent_resource_id"`
	// IsMainResource is 1 for a primary resource and 0 for an attached one.
	IsMainResource int `json:"is_main_resource"`
	// Status is 2 (provisioned), 3 (closed), 4 (frozen) or 5 (expired).
	Status        int    `json:"status"`
	EffectiveTime string `json:"effective_time"`
	ExpireTime    string `json:"expire_time"`
	// ExpirePolicy is what happens at expiry: 0 grace period, 1 switch to
	// pay-per-use, 2 deletion, 3 automatic renewal, 4 freezing, 5 deletion
	// from the retention period. Only 3 means the resource auto-renews.
	ExpirePolicy    int    `json:"expire_policy"`
	ProductSpecDesc string `json:"product_spec_desc"`
	// SpecSize and SpecSizeMeasureID are set only for linear products
	// (whose size is chosen at subscription, e.g. a 20 GB disk). The unit
	// is a measure_id of §4.1.5. Table 6-32 names the unit field
	// spec_size_measurement_id, but the example, the 2024-11-26 change
	// history and the SDK use spec_size_measure_id.
	SpecSize          *Amount `json:"spec_size,omitempty"`
	SpecSizeMeasureID *int    `json:"spec_size_measure_id,omitempty"`
	// UpdateTime changes only on transactions (provisioning, unsubscription,
	// change), not when the resource is started or stopped.
	UpdateTime        string                     `json:"update_time"`
	EnterpriseProject *ResourceEnterpriseProject `json:"enterprise_project,omitempty"`
}

// ResourceEnterpriseProject is the enterprise project of a resource (Table
// 6-33), e.g. {"id":"0","name":"default"}.
type ResourceEnterpriseProject struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// List returns one page of the caller's yearly/monthly resources. Only
// successfully provisioned resources are returned. A nil req lists the first
// page of all resources.
//
// BSS API: "Querying Customer's Yearly/Monthly Resources" (6.3.1), POST /v2/orders/suscriptions/resources/query
func (s *ResourcesService) List(ctx context.Context, req *ResourceListRequest) (*ResourcePage, error) {
	if req == nil {
		req = &ResourceListRequest{}
	}
	var p ResourcePage
	if err := s.client.do(ctx, OpQueryResources, OpQueryResources.Path, nil, req, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// RenewResourcesRequest renews yearly/monthly resources (6.3.2). The
// reference's expire_policy field is left out: it is discarded and "will not
// take effect", and the SDK no longer has it.
type RenewResourcesRequest struct {
	// ResourceIDs holds 1 to 10 primary resource IDs (IsMainResource 1);
	// their attached resources are renewed with them.
	ResourceIDs []string `json:"resource_ids"`
	// PeriodType is 2 (month) or 3 (year).
	PeriodType int `json:"period_type"`
	// PeriodNum is 1 to 11 months or 1 to 3 years.
	PeriodNum int `json:"period_num"`
	// IsAutoPay is 1 to pay the renewal orders at once (discounts and
	// coupons apply); 0 leaves them pending payment. It is always sent, so
	// a mutation never depends on the server-side default.
	IsAutoPay int `json:"is_auto_pay"`
}

// RenewResult is the answer to a renewal (Table 6-34).
type RenewResult struct {
	// OrderIDs are the renewal orders created. Unless the request set
	// IsAutoPay, they wait for payment (Orders.Pay) or cancellation.
	OrderIDs []string `json:"order_ids"`
	// FailedResources lists the resources that could not be renewed. The
	// reference marks it "reserved": BSS may never fill it.
	FailedResources []ResourceFailure `json:"fail_resource_infos"`
}

// ResourceFailure is one resource a renewal or unsubscription could not
// handle (FailResourceInfo, Table 6-35); all its fields are "reserved".
type ResourceFailure struct {
	ErrorCode  string `json:"error_code"`
	ErrorMsg   string `json:"error_msg"`
	ResourceID string `json:"resource_id"`
}

// RenewErrorBody is the HTTP 400 body of a renewal (Table 6-36), which the
// sandbox encodes. Besides the usual error fields it can carry order IDs
// (CBC.30050006: the orders were created but automatic payment failed) and,
// for CBC.99003016, the expired or unknown resources under the camelCase name
// expiredResourceIds. The client reports a 400 as *Error, which keeps only
// the code and message.
type RenewErrorBody struct {
	ErrorCode          string   `json:"error_code"`
	ErrorMsg           string   `json:"error_msg"`
	OrderIDs           []string `json:"order_ids,omitempty"`
	ExpiredResourceIDs []string `json:"expiredResourceIds,omitempty"`
}

// Renew renews yearly/monthly primary resources and their attached
// resources, creating renewal orders. BSS has no idempotency
// key, so a renewal whose outcome is unknown must be reconciled through the
// order list (order type 2), never repeated blindly.
//
// BSS API: "Renewing Subscription to Yearly/Monthly Resources" (6.3.2), POST /v2/orders/subscriptions/resources/renew
func (s *ResourcesService) Renew(ctx context.Context, req *RenewResourcesRequest) (*RenewResult, error) {
	if req == nil {
		return nil, fmt.Errorf("%s: nil request: %w", OpRenewResources.Name, ErrInvalid)
	}
	var r RenewResult
	if err := s.client.do(ctx, OpRenewResources, OpRenewResources.Path, nil, req, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// UnsubscribeResourcesRequest unsubscribes from yearly/monthly resources
// (6.3.3). It follows seed 001's §6.3.3, the current text: the 2024-02 web
// page (seed 002) is older and still limits ResourceIDs to primary resources.
type UnsubscribeResourcesRequest struct {
	// ResourceIDs holds at most 10 IDs of primary resources or of child
	// resources attached to them; whole-set sales need the parent's ID.
	ResourceIDs []string `json:"resource_ids"`
	// UnsubscribeType is 1 (the resource and its renewal periods) or 2
	// (only the renewal periods not yet in effect).
	UnsubscribeType int `json:"unsubscribe_type"`
	// UnsubscribeReasonType is 1 to 5: poor usability, functions do not
	// meet the requirements, too complex, not satisfied with the service,
	// others.
	UnsubscribeReasonType int `json:"unsubscribe_reason_type,omitempty"`
	// UnsubscribeReason is free text, at most 512 characters.
	UnsubscribeReason string `json:"unsubscribe_reason,omitempty"`
}

// UnsubscribeResult is the answer to an unsubscription (6.3.3).
type UnsubscribeResult struct {
	// OrderIDs are the unsubscription orders; their refunds are listed by
	// Orders' refund-order API (6.2.6).
	OrderIDs []string `json:"order_ids"`
	// FailedResources is "reserved", as in RenewResult.
	FailedResources []ResourceFailure `json:"fail_resource_infos"`
}

// Unsubscribe unsubscribes from yearly/monthly resources, with their attached
// resources. Type 1 cannot be undone for resources outside the recycle bin,
// and a repeated call fails rather than returning the first call's orders.
//
// BSS API: "Unsubscribing from Yearly/Monthly Resources" (6.3.3), POST /v2/orders/subscriptions/resources/unsubscribe
func (s *ResourcesService) Unsubscribe(ctx context.Context, req *UnsubscribeResourcesRequest) (*UnsubscribeResult, error) {
	if req == nil {
		return nil, fmt.Errorf("%s: nil request: %w", OpUnsubscribeResources.Name, ErrInvalid)
	}
	var r UnsubscribeResult
	if err := s.client.do(ctx, OpUnsubscribeResources, OpUnsubscribeResources.Path, nil, req, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// EnableAutoRenew turns on automatic renewal for a paid yearly/monthly
// resource and its attached resources; afterwards the resource's
// ExpirePolicy is 3. BSS answers 204 with no body. The request has no body:
// the SDK's optional auto_renew_times is not in the reference.
//
// BSS API: "Enabling Automatic Subscription Renewal for Yearly/Monthly Resources" (6.3.4), POST /v2/orders/subscriptions/resources/autorenew/{resource_id}
func (s *ResourcesService) EnableAutoRenew(ctx context.Context, resourceID string) error {
	if resourceID == "" {
		return fmt.Errorf("%s: empty resource ID: %w", OpEnableAutoRenew.Name, ErrInvalid)
	}
	return s.client.do(ctx, OpEnableAutoRenew, OpEnableAutoRenew.Expand(resourceID), nil, nil, nil)
}

// DisableAutoRenew turns off automatic renewal for a yearly/monthly resource
// and its attached resources. BSS answers 204 with no body. It is not
// idempotent: a second call fails with CBC.99003605.
//
// BSS API: "Disabling Automatic Subscription Renewal for Yearly/Monthly Resources" (6.3.5), DELETE /v2/orders/subscriptions/resources/autorenew/{resource_id}
func (s *ResourcesService) DisableAutoRenew(ctx context.Context, resourceID string) error {
	if resourceID == "" {
		return fmt.Errorf("%s: empty resource ID: %w", OpDisableAutoRenew.Name, ErrInvalid)
	}
	return s.client.do(ctx, OpDisableAutoRenew, OpDisableAutoRenew.Expand(resourceID), nil, nil, nil)
}

// PayPerUseOperation is the operation of a PayPerUseAfterExpiryRequest.
type PayPerUseOperation string

// The operations of 6.3.6.
const (
	PayPerUseSetUp  PayPerUseOperation = "SET_UP" // switch to pay-per-use at expiry
	PayPerUseCancel PayPerUseOperation = "CANCEL" // keep the yearly/monthly expiry policy
)

// PayPerUseAfterExpiryRequest enables or cancels the change to pay-per-use
// at expiry (6.3.6).
type PayPerUseAfterExpiryRequest struct {
	Operation PayPerUseOperation `json:"operation"`
	// ResourceIDs holds 1 to 100 primary resource IDs; attached resources
	// change with their primary.
	ResourceIDs []string `json:"resource_ids"`
}

// PayPerUseAfterExpiryResult is the answer to 6.3.6. BSS reports partial
// failure with HTTP 200: ErrorDetails holds only the failed resources and is
// empty when all succeeded.
type PayPerUseAfterExpiryResult struct {
	ErrorDetails []BatchErrorDetail `json:"error_details"`
}

// BatchErrorDetail is one failed record of a batch operation (ErrorDetail,
// Table 6-39).
type BatchErrorDetail struct {
	// ID identifies the failed record ("ID of a batch processing
	// message"); for 6.3.6 it is presumably the resource ID.
	ID        string `json:"id"`
	ErrorCode string `json:"error_code"`
	ErrorMsg  string `json:"error_msg"`
}

// SetPayPerUseAfterExpiry enables (PayPerUseSetUp) or cancels
// (PayPerUseCancel) the change of yearly/monthly resources to pay-per-use
// when they expire; while enabled, the resource's ExpirePolicy is 1. Check
// the result's ErrorDetails: a nil error does not mean every resource changed.
//
// BSS API: "Enabling/Canceling the Change from Yearly/Monthly to Pay-per-Use upon Expiration" (6.3.6), POST /v2/orders/subscriptions/resources/to-on-demand
func (s *ResourcesService) SetPayPerUseAfterExpiry(ctx context.Context, req *PayPerUseAfterExpiryRequest) (*PayPerUseAfterExpiryResult, error) {
	if req == nil {
		return nil, fmt.Errorf("%s: nil request: %w", OpUpdatePeriodToOnDemand.Name, ErrInvalid)
	}
	var r PayPerUseAfterExpiryResult
	if err := s.client.do(ctx, OpUpdatePeriodToOnDemand, OpUpdatePeriodToOnDemand.Path, nil, req, &r); err != nil {
		return nil, err
	}
	return &r, nil
}
