package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"bssgraph/graph/model"
	"bssgraph/loaders"
	"bssgraph/upstream"
)

// Yearly/monthly resources (§6.3). Every resource a list answers is primed
// into ResourceByID, so parent and node(id:) look-ups of resources already
// on the page cost nothing.

// Limits of the §6.3 mutations.
const (
	maxRenewIDs       = 10  // 6.3.2 resource_ids [1-10]
	maxUnsubscribeIDs = 10  // 6.3.3 "A maximum 10 IDs"
	maxOnDemandIDs    = 100 // 6.3.6 resource_ids [1-100]
	maxStatusFilters  = 10  // 6.3.1 status_list [0-10]
	maxReasonLength   = 512 // 6.3.3 unsubscribe_reason
)

var (
	resourceStatuses = map[int]model.ResourceStatus{
		2: model.ResourceStatusProvisioned, 3: model.ResourceStatusClosed, 4: model.ResourceStatusFrozen, 5: model.ResourceStatusExpired,
	}
	expirePolicies = map[int]model.ExpirePolicy{
		0: model.ExpirePolicyGracePeriod, 1: model.ExpirePolicyToPayPerUse, 2: model.ExpirePolicyDelete,
		3: model.ExpirePolicyAutoRenew, 4: model.ExpirePolicyFreeze, 5: model.ExpirePolicyDeleteFromRetentionPeriod,
	}
	unsubscribeTypes = map[model.UnsubscribeType]int{
		model.UnsubscribeTypeResourceAndRenewalPeriods: 1, model.UnsubscribeTypeRenewalPeriodsOnly: 2,
	}
	unsubscribeReasons = map[model.UnsubscribeReasonType]int{
		model.UnsubscribeReasonTypePoorUsability: 1, model.UnsubscribeReasonTypeFunctionsNotMet: 2,
		model.UnsubscribeReasonTypeTooComplex: 3, model.UnsubscribeReasonTypeNotSatisfiedWithService: 4,
		model.UnsubscribeReasonTypeOthers: 5,
	}
	payPerUseOperations = map[model.PayPerUseAfterExpiryOperation]upstream.PayPerUseOperation{
		model.PayPerUseAfterExpiryOperationSetUp: upstream.PayPerUseSetUp, model.PayPerUseAfterExpiryOperationCancel: upstream.PayPerUseCancel,
	}
)

// expirePolicyAutoRenew is the one expire_policy that renews ("Only 3
// indicates that the resource is automatically renewed").
const expirePolicyAutoRenew = 3

// resourceOf maps OrderInstanceV2; order is the order it was read through,
// if any.
func resourceOf(u *upstream.Resource, order *model.Order) *model.Resource {
	r := &model.Resource{
		ID: globalID("Resource", u.ResourceID), ResourceID: u.ResourceID, InstanceID: strPtr(u.ID),
		Name: strPtr(u.ResourceName), RegionCode: strPtr(u.RegionCode), ProjectID: strPtr(u.ProjectID), ProductID: strPtr(u.ProductID),
		ServiceTypeCode: strPtr(u.ServiceTypeCode), ServiceTypeName: strPtr(u.ServiceTypeName),
		ResourceTypeCode: strPtr(u.ResourceTypeCode), ResourceTypeName: strPtr(u.ResourceTypeName),
		SpecCode: strPtr(u.ResourceSpecCode), SpecDescription: strPtr(u.ProductSpecDesc),
		Status: enumOf(resourceStatuses, u.Status, model.ResourceStatusUnknown), StatusCode: int32(u.Status),
		IsMainResource: u.IsMainResource == 1, ParentResourceID: strPtr(u.ParentResourceID),
		EffectiveAt: parseTime(u.EffectiveTime), ExpiresAt: parseTime(u.ExpireTime), UpdatedAt: parseTime(u.UpdateTime),
		ExpirePolicy:     ptr(enumOf(expirePolicies, u.ExpirePolicy, model.ExpirePolicyUnknown)),
		ExpirePolicyCode: ptr(int32(u.ExpirePolicy)),
		AutoRenew:        u.ExpirePolicy == expirePolicyAutoRenew,
		Order:            order,
	}
	if u.SpecSize != nil {
		r.SpecSize = &u.SpecSize.Decimal
	}
	if u.SpecSizeMeasureID != nil {
		r.SpecSizeMeasureID = ptr(int32(*u.SpecSizeMeasureID))
	}
	if ep := u.EnterpriseProject; ep != nil {
		r.EnterpriseProject = &model.EnterpriseProject{ID: ep.ID, Name: strPtr(ep.Name)}
	}
	return r
}

// primeResources caches listed resources in ResourceByID and maps them.
func primeResources(ctx context.Context, rows []upstream.Resource, order *model.Order) []*model.Resource {
	l := loaders.For(ctx).ResourceByID
	out := make([]*model.Resource, len(rows))
	for i := range rows {
		u := &rows[i]
		l.Prime(ctx, u.ResourceID, u)
		out[i] = resourceOf(u, order)
	}
	return out
}

// resourceListRequest validates Customer.resources' filter into the 6.3.1
// body.
func resourceListRequest(f *model.ResourceFilter) (upstream.ResourceListRequest, error) {
	var req upstream.ResourceListRequest
	if f == nil {
		return req, nil
	}
	if len(f.ResourceIds) > loaders.ResourceIDsPerCall {
		return req, badInput("filter.resourceIds: at most %d ids, got %d", loaders.ResourceIDsPerCall, len(f.ResourceIds))
	}
	for _, id := range f.ResourceIds {
		if id == "" || len(id) > 64 {
			return req, badInput("filter.resourceIds: each id must have 1 to 64 characters")
		}
	}
	req.ResourceIDs = f.ResourceIds
	if err := firstInvalid(optionalString("filter.orderId", f.OrderID, 64), optionalString("filter.serviceTypeCode", f.ServiceTypeCode, 64)); err != nil {
		return req, err
	}
	req.OrderID, req.ServiceTypeCode = ptrOr(f.OrderID, ""), ptrOr(f.ServiceTypeCode, "")
	if f.OnlyMainResources != nil && *f.OnlyMainResources {
		req.OnlyMainResource = 1
	}
	if len(f.Statuses) > maxStatusFilters {
		return req, badInput("filter.statuses: at most %d statuses, got %d", maxStatusFilters, len(f.Statuses))
	}
	for _, s := range f.Statuses {
		code, err := filterCode(resourceStatuses, "filter.statuses", &s, "a status BSS filters by")
		if err != nil {
			return req, err
		}
		req.StatusList = append(req.StatusList, code)
	}
	var err error
	req.ExpireTimeBegin, req.ExpireTimeEnd, err = timeWindow("filter.expiresFrom", "filter.expiresTo", f.ExpiresFrom, f.ExpiresTo, false)
	return req, err
}

// resources lists the caller's resources (6.3.1) and primes ResourceByID.
func (r *Resolver) resources(ctx context.Context, c *model.Customer, f *model.ResourceFilter, orderBy *model.ResourceOrder, p pageArgs) (*model.ResourceConnection, error) {
	w, err := sortedWindow(ctx, orderBy, p)
	if err != nil {
		return nil, err
	}
	if err := r.viewerOnly(ctx, c, "resources"); err != nil {
		return nil, err
	}
	req, err := resourceListRequest(f)
	if err != nil {
		return nil, err
	}
	fetch := func(ctx context.Context, offset, limit int) ([]upstream.Resource, int, error) {
		q := req
		q.Offset, q.Limit = offset, limit
		p, err := r.bss.Resources.List(ctx, &q)
		if err != nil {
			return nil, 0, err
		}
		return p.Resources, p.TotalCount, nil
	}
	if orderBy != nil {
		all, err := readAll(ctx, loaders.ResourcePageLimit, "resources", "narrow filter (expiresFrom/expiresTo, statuses)", fetch)
		if err != nil {
			return nil, pageError("resources", err)
		}
		page := listConnection(sortedBy(primeResources(ctx, all, nil), resourceOrder(orderBy), func(r *model.Resource) string { return r.ResourceID }), w)
		prefetchResourceFields(ctx, page.Nodes, true)
		return page, nil
	}
	items, total, err := fetchWindow(ctx, w, loaders.ResourcePageLimit, fetch)
	if err != nil {
		return nil, pageError("resources", err)
	}
	nodes := primeResources(ctx, items, nil)
	prefetchResourceFields(ctx, nodes, true)
	return connection(nodes, w, total), nil
}

// resource reads one resource by its BSS or global id (ResourceByID).
func (r *Resolver) resource(ctx context.Context, id string) (*model.Resource, error) {
	key, err := bssID("id", id, "Resource")
	if err != nil {
		return nil, err
	}
	res, err := resourceByKey(ctx, key)
	if errors.Is(err, upstream.ErrNotFound) {
		return nil, notFound("id", "resource", key, err)
	}
	return res, err
}

// resourceByKey reads one resource by its BSS id (ResourceByID).
func resourceByKey(ctx context.Context, key string) (*model.Resource, error) {
	u, err := loaders.For(ctx).ResourceByID.Load(ctx, key)()
	if err != nil {
		return nil, err
	}
	return resourceOf(u, nil), nil
}

// resourceNode refetches a Resource for node(id:); a resource the caller
// cannot see is null.
func (r *Resolver) resourceNode(ctx context.Context, key string) (model.Node, error) {
	if err := checkBSSKey("id", key); err != nil {
		return nil, err
	}
	res, err := resourceByKey(ctx, key)
	if errors.Is(err, upstream.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

// resourcesByID reads resources for mutation payloads, in order, leaving
// out the ones BSS no longer lists (e.g. after unsubscription).
func resourcesByID(ctx context.Context, ids []string) ([]*model.Resource, error) {
	out := []*model.Resource{}
	rows, errs := loaders.For(ctx).ResourceByID.LoadMany(ctx, ids)()
	for i, u := range rows {
		if i < len(errs) && errs[i] != nil {
			if errors.Is(errs[i], upstream.ErrNotFound) {
				continue
			}
			return nil, errs[i]
		}
		out = append(out, resourceOf(u, nil))
	}
	return out, nil
}

// orderResources pages the resources of an order (ResourcesByOrder), each
// knowing the order.
func orderResources(ctx context.Context, o *model.Order, p pageArgs) (*model.ResourceConnection, error) {
	w, err := pageWindow(ctx, p)
	if err != nil {
		return nil, err
	}
	rows, err := loaders.For(ctx).ResourcesByOrder.Load(ctx, o.OrderID)()
	if err != nil {
		return nil, err
	}
	c := listConnection(primeResources(ctx, rows, o), w)
	prefetchResourceFields(ctx, c.Nodes, true)
	return c, nil
}

// resourceParent is Resource.parent (ResourceByID). A primary has none;
// BSS gives it its own id as parent_resource_id.
func resourceParent(ctx context.Context, res *model.Resource) (*model.Resource, error) {
	if res.IsMainResource || res.ParentResourceID == nil || *res.ParentResourceID == "" || *res.ParentResourceID == res.ResourceID {
		return nil, nil
	}
	u, err := loaders.For(ctx).ResourceByID.Load(ctx, *res.ParentResourceID)()
	if errors.Is(err, upstream.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return resourceOf(u, nil), nil
}

// attachedResources is Resource.attachedResources: 6.3.1 with the
// primary's id and only_main_resource 0 answers the primary and its
// attached resources. The rows are primed into ResourceByID.
func (r *Resolver) attachedResources(ctx context.Context, res *model.Resource) ([]*model.Resource, error) {
	if !res.IsMainResource {
		return []*model.Resource{}, nil
	}
	attached, err := loaders.For(ctx).AttachedByPrimary.Load(ctx, res.ResourceID)()
	if err != nil {
		return nil, err
	}
	out := primeResources(ctx, attached, res.Order)
	prefetchResourceFields(ctx, out, false)
	return out, nil
}

// resourceRenewalPrice is Resource.renewalPrice (RenewalPrice loader, 10
// resources of one period per call). Attached resources renew with their
// primary and have no price of their own.
func resourceRenewalPrice(ctx context.Context, res *model.Resource, typ model.PeriodType, num int32) (*model.RenewalQuote, error) {
	if _, _, err := renewalPeriodArgs(typ, num); err != nil {
		return nil, err
	}
	if !res.IsMainResource {
		return nil, nil
	}
	return renewalQuote(ctx, res.ResourceID, typ, num)
}

// prefetchResourceFields looks ahead at the fields the current list field
// selects on its resources and hands every key of the list to the loaders
// of parent, attachedResources, renewalPrice and cost as explicit batches
// (Lazy.Prefetch), before the per-resource resolvers run. Those resolvers
// then find their keys cached or in flight, so the batches hold the whole
// list (50 parents or 10 renewal prices per call) however the resolvers are
// scheduled and however busy the machine is: identical requests make
// identical calls, which they share. Keys already primed cost nothing.
// conn tells whether the field is a connection (nodes / edges.node) rather
// than a list of resources.
func prefetchResourceFields(ctx context.Context, res []*model.Resource, conn bool) {
	fc, oc := graphql.GetFieldContext(ctx), graphql.GetOperationContext(ctx)
	if fc == nil || oc == nil || len(res) == 0 {
		return
	}
	l := loaders.For(ctx)
	for _, f := range resourceSelections(oc, fc.Field.Selections, conn) {
		switch f.Name {
		case "parent":
			var ids []string
			for _, r := range res {
				if !r.IsMainResource && r.ParentResourceID != nil && *r.ParentResourceID != "" && *r.ParentResourceID != r.ResourceID {
					ids = append(ids, *r.ParentResourceID)
				}
			}
			l.ResourceByID.Prefetch(ctx, ids)
		case "attachedResources":
			var ids []string
			for _, r := range res {
				if r.IsMainResource {
					ids = append(ids, r.ResourceID)
				}
			}
			l.AttachedByPrimary.Prefetch(ctx, ids)
		case "renewalPrice":
			args := f.ArgumentMap(oc.Variables)
			typ, _ := args["periodType"].(string)
			num, ok := argInt32(args["periodNum"])
			if !ok {
				continue
			}
			var keys []loaders.RenewalKey
			for _, r := range res {
				if !r.IsMainResource {
					continue
				}
				if key, err := renewalKey(r.ResourceID, model.PeriodType(typ), num, false); err == nil {
					keys = append(keys, key)
				}
			}
			l.RenewalPrice.Prefetch(ctx, keys)
		case "cost":
			in, ok := costArgs(f.ArgumentMap(oc.Variables))
			if !ok {
				continue
			}
			var keys []loaders.CostKey
			for _, r := range res {
				if key, err := resourceCostKey(r.ResourceID, in); err == nil {
					keys = append(keys, key)
				}
			}
			l.ResourceCost.Prefetch(ctx, keys)
		}
	}
}

// resourceSelections returns the fields selected on the resources of a
// list field's selection set: on nodes and edges.node for a connection,
// directly otherwise.
func resourceSelections(oc *graphql.OperationContext, sel ast.SelectionSet, conn bool) []graphql.CollectedField {
	resource := []string{"Resource", "Node"}
	if !conn {
		return graphql.CollectFields(oc, sel, resource)
	}
	var out []graphql.CollectedField
	for _, f := range graphql.CollectFields(oc, sel, []string{"ResourceConnection"}) {
		switch f.Name {
		case "nodes":
			out = append(out, graphql.CollectFields(oc, f.Selections, resource)...)
		case "edges":
			for _, e := range graphql.CollectFields(oc, f.Selections, []string{"ResourceEdge"}) {
				if e.Name == "node" {
					out = append(out, graphql.CollectFields(oc, e.Selections, resource)...)
				}
			}
		}
	}
	return out
}

// argInt32 reads an Int argument as ArgumentMap gives it (a literal or a
// variable).
func argInt32(v any) (int32, bool) {
	n, ok := intArgument(v)
	return int32(n), ok
}

// intArgument reads an Int argument as gqlparser gives it (int64 from a
// literal, the JSON decoder's json.Number from a variable, or an int).
func intArgument(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int32:
		return int64(n), true
	case int:
		return int64(n), true
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}

// ---- mutations ----

// mutationIDs validates the resource ids of a mutation: 1 to max distinct
// ids of at most 64 characters (bssID; field names the input field).
func mutationIDs(field string, ids []string, max int) ([]string, error) {
	if len(ids) == 0 || len(ids) > max {
		return nil, badInput("%s: 1 to %d resource ids, got %d", field, max, len(ids))
	}
	seen := make(map[string]bool, len(ids))
	out := make([]string, len(ids))
	for i, id := range ids {
		key, err := bssID(fmt.Sprintf("%s[%d]", field, i), id, "Resource")
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, badInput("%s: %q is listed twice", field, key)
		}
		seen[key] = true
		out[i] = key
	}
	return out, nil
}

// forgetResources drops resources a mutation changed from ResourceByID, so
// the payload re-reads them.
func forgetResources(ctx context.Context, ids []string) {
	l := loaders.For(ctx).ResourceByID
	for _, id := range ids {
		l.Clear(ctx, id)
	}
}

func failedResourcesOf(fs []upstream.ResourceFailure) []*model.FailedResource {
	out := make([]*model.FailedResource, len(fs))
	for i, f := range fs {
		out[i] = &model.FailedResource{ResourceID: f.ResourceID, Code: strPtr(f.ErrorCode), Message: strPtr(f.ErrorMsg)}
	}
	return out
}

// renewResources renews resources once (6.3.2). A 400 may still carry the
// orders it created (CBC.30050006: created, automatic payment failed) or
// the ids it could not renew (CBC.99003016): both reach the payload.
func (r *Resolver) renewResources(ctx context.Context, in model.RenewResourcesInput) (*model.RenewResourcesPayload, error) {
	ids, err := mutationIDs("resourceIds", in.ResourceIds, maxRenewIDs)
	if err != nil {
		return nil, err
	}
	periodType, periodNum, err := renewalPeriodArgs(in.PeriodType, in.PeriodNum)
	if err != nil {
		return nil, err
	}
	req := &upstream.RenewResourcesRequest{ResourceIDs: ids, PeriodType: periodType, PeriodNum: periodNum}
	if in.AutoPay != nil && *in.AutoPay {
		req.IsAutoPay = 1
	}
	o, err := placeResourceOrders(ctx, ids, model.OrderTypeRenewal, "renewal", func() ([]string, []upstream.ResourceFailure, error) {
		res, err := r.bss.Resources.Renew(ctx, req)
		if err != nil {
			return nil, nil, err
		}
		return res.OrderIDs, res.FailedResources, nil
	})
	if err != nil {
		return nil, err
	}
	p := &model.RenewResourcesPayload{OrderIds: o.orderIDs, FailedResources: o.failed, ExpiredResourceIds: []string{},
		UserErrors: o.userErrors, RequestedIDs: ids}
	var ue *upstream.Error
	var body upstream.RenewErrorBody
	if errors.As(o.refusal, &ue) && ue.DecodeBody(&body) == nil {
		p.OrderIds = append(p.OrderIds, body.OrderIDs...)
		p.ExpiredResourceIds = append(p.ExpiredResourceIds, body.ExpiredResourceIDs...)
	}
	return p, nil
}

// unsubscribeResources unsubscribes once (6.3.3); the input must confirm
// it, because it cannot be undone.
func (r *Resolver) unsubscribeResources(ctx context.Context, in model.UnsubscribeResourcesInput) (*model.UnsubscribeResourcesPayload, error) {
	ids, err := mutationIDs("resourceIds", in.ResourceIds, maxUnsubscribeIDs)
	if err != nil {
		return nil, err
	}
	if !in.Confirm {
		return nil, badInput("confirm: unsubscription cannot be undone; set confirm: true to go ahead")
	}
	req := &upstream.UnsubscribeResourcesRequest{ResourceIDs: ids, UnsubscribeType: unsubscribeTypes[in.Type]}
	if req.UnsubscribeType == 0 {
		return nil, badInput("type: %s is not an unsubscription type", in.Type)
	}
	if in.ReasonType != nil {
		req.UnsubscribeReasonType = unsubscribeReasons[*in.ReasonType]
	}
	if in.Reason != nil {
		if err := tooLong("reason", *in.Reason, maxReasonLength); err != nil {
			return nil, err
		}
		req.UnsubscribeReason = *in.Reason
	}
	o, err := placeResourceOrders(ctx, ids, model.OrderTypeUnsubscription, "unsubscription", func() ([]string, []upstream.ResourceFailure, error) {
		res, err := r.bss.Resources.Unsubscribe(ctx, req)
		if err != nil {
			return nil, nil, err
		}
		return res.OrderIDs, res.FailedResources, nil
	})
	if err != nil {
		return nil, err
	}
	return &model.UnsubscribeResourcesPayload{OrderIds: o.orderIDs, FailedResources: o.failed, UserErrors: o.userErrors, RequestedIDs: ids}, nil
}

// resourceOrders is the outcome of a §6.3 mutation that places orders
// (6.3.2 renewal, 6.3.3 unsubscription): the orders, the resources BSS
// could not act on, or the refusal BSS documented (refusal is its error,
// whose body may say more).
type resourceOrders struct {
	orderIDs   []string
	failed     []*model.FailedResource
	userErrors []*model.UserError
	refusal    error
}

// placeResourceOrders makes call, the mutation of resources ids, once and
// forgets their cached reads. A refusal BSS documents becomes user errors;
// any other failure leaves the outcome unknown, and the error tells to look
// for orderType orders of the resources (what names the mutation).
func placeResourceOrders(ctx context.Context, ids []string, orderType model.OrderType, what string, call func() ([]string, []upstream.ResourceFailure, error)) (resourceOrders, error) {
	orderIDs, failed, err := call()
	forgetResources(ctx, ids)
	o := resourceOrders{orderIDs: append([]string{}, orderIDs...), failed: failedResourcesOf(failed), userErrors: []*model.UserError{}}
	if err == nil {
		return o, nil
	}
	var unknown error
	if o.userErrors, unknown = userErrors(err, "resourceIds"); unknown != nil {
		return o, outcomeUnknown(unknown, what+" of "+joinIDs(ids)+"; look for their "+what+" orders", map[string]any{"resourceIds": ids, "orderType": orderType})
	}
	o.refusal = err
	return o, nil
}

// codeAutoRenewAlreadyOff is 6.3.5's answer when auto-renewal is already
// disabled.
const codeAutoRenewAlreadyOff = "CBC.99003605"

// setAutoRenew enables or disables auto-renewal once (6.3.4, 6.3.5).
// Disabling it when it is already off is reported as done (unchanged).
func (r *Resolver) setAutoRenew(ctx context.Context, id string, enable bool) (*model.AutoRenewPayload, error) {
	key, err := bssID("resourceId", id, "Resource")
	if err != nil {
		return nil, err
	}
	if enable {
		err = r.bss.Resources.EnableAutoRenew(ctx, key)
	} else {
		err = r.bss.Resources.DisableAutoRenew(ctx, key)
	}
	forgetResources(ctx, []string{key})
	p := &model.AutoRenewPayload{ResourceID: key, UserErrors: []*model.UserError{}}
	var ue *upstream.Error
	switch {
	case err == nil:
	case !enable && errors.As(err, &ue) && ue.Code == codeAutoRenewAlreadyOff:
		p.Unchanged = true
	default:
		var failed error
		if p.UserErrors, failed = userErrors(err, "resourceId"); failed != nil {
			return nil, outcomeUnknown(failed, "resource "+key, map[string]any{"resourceId": key})
		}
	}
	return p, nil
}

// setPayPerUseAfterExpiry sets or cancels the change to pay-per-use at
// expiry once (6.3.6). BSS reports refused resources with HTTP 200 in
// error_details.
func (r *Resolver) setPayPerUseAfterExpiry(ctx context.Context, in model.SetPayPerUseAfterExpiryInput) (*model.SetPayPerUseAfterExpiryPayload, error) {
	ids, err := mutationIDs("resourceIds", in.ResourceIds, maxOnDemandIDs)
	if err != nil {
		return nil, err
	}
	op, ok := payPerUseOperations[in.Operation]
	if !ok {
		return nil, badInput("operation: %s is not SET_UP or CANCEL", in.Operation)
	}
	res, err := r.bss.Resources.SetPayPerUseAfterExpiry(ctx, &upstream.PayPerUseAfterExpiryRequest{Operation: op, ResourceIDs: ids})
	forgetResources(ctx, ids)
	p := &model.SetPayPerUseAfterExpiryPayload{FailedResources: []*model.FailedResource{}, UserErrors: []*model.UserError{}, RequestedIDs: ids}
	if err != nil {
		var failed error
		if p.UserErrors, failed = userErrors(err, "resourceIds"); failed != nil {
			return nil, outcomeUnknown(failed, "resources "+joinIDs(ids), map[string]any{"resourceIds": ids})
		}
		return p, nil
	}
	for _, d := range res.ErrorDetails {
		p.FailedResources = append(p.FailedResources, &model.FailedResource{ResourceID: d.ID, Code: strPtr(d.ErrorCode), Message: strPtr(d.ErrorMsg)})
	}
	return p, nil
}

// joinIDs lists ids for a message.
func joinIDs(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ", "
		}
		s += id
	}
	return s
}

// resourceCosts is the upstream cost model of this domain's fields (limits.go).
func resourceCosts() map[string]fieldCost {
	return map[string]fieldCost{
		"Customer.resources":                       sortCosts(loaders.ResourcePageLimit),
		"Customer.resource":                        batched(loaders.ResourceIDsPerCall),
		"Resource.parent":                          batched(loaders.ResourceIDsPerCall),
		"Resource.attachedResources":               {calls: batched(loaders.ResourceIDsPerCall).calls, items: func(map[string]any) int { return 10 }},
		"Resource.serviceType":                     once(1),
		"Resource.resourceType":                    once(1),
		"Resource.specSizeUnit":                    once(1),
		"Resource.renewalPrice":                    batched(maxRenewIDs),
		"Resource.cost":                            batched(loaders.CostResourcesPerCall),
		"Mutation.renewResources":                  perParent(1),
		"RenewResourcesPayload.orders":             perParentList(2*maxRenewIDs, maxRenewIDs),
		"RenewResourcesPayload.resources":          perParentList(1, maxRenewIDs),
		"Mutation.unsubscribeResources":            perParent(1),
		"UnsubscribeResourcesPayload.orders":       perParentList(2*maxUnsubscribeIDs, maxUnsubscribeIDs),
		"UnsubscribeResourcesPayload.resources":    perParentList(1, maxUnsubscribeIDs),
		"Mutation.enableAutoRenew":                 perParent(1),
		"Mutation.disableAutoRenew":                perParent(1),
		"AutoRenewPayload.resource":                perParent(1),
		"Mutation.setPayPerUseAfterExpiry":         perParent(1),
		"SetPayPerUseAfterExpiryPayload.resources": perParentList(ceilDiv(maxOnDemandIDs, loaders.ResourceIDsPerCall), maxOnDemandIDs),
	}
}

// resourceNodeOrNil turns a resource BSS no longer lists into null (a
// payload's re-read after the resource went away).
func resourceNodeOrNil(res *model.Resource, err error) (*model.Resource, error) {
	if errors.Is(err, upstream.ErrNotFound) {
		return nil, nil
	}
	return res, err
}
