package model

// Connection is every Relay connection of the schema: each XConnection type
// is an alias of Connection[*X], so paging is written once (graph/pagination.go).
// gqlgen binds the aliases below through gqlgen.yml's autobind and generates
// no struct for them; a new connection in the schema needs its two aliases
// added here by hand (without them gqlgen generates plain structs, which
// graph/pagination.go does not accept, so the build says so).
type Connection[T any] struct {
	Edges      []*Edge[T]
	Nodes      []T
	PageInfo   *PageInfo
	TotalCount int32
}

// Edge is one element of a connection with its cursor.
type Edge[T any] struct {
	Cursor string
	Node   T
}

// The connections of the schema.
type (
	CouponConnection             = Connection[*Coupon]
	CouponEdge                   = Edge[*Coupon]
	ExpenditureConnection        = Connection[*Expenditure]
	ExpenditureEdge              = Edge[*Expenditure]
	InvoiceConnection            = Connection[*Invoice]
	InvoiceEdge                  = Edge[*Invoice]
	MemberAccountConnection      = Connection[*MemberAccount]
	MemberAccountEdge            = Edge[*MemberAccount]
	OrderConnection              = Connection[*Order]
	OrderEdge                    = Edge[*Order]
	OrderLineItemConnection      = Connection[*OrderLineItem]
	OrderLineItemEdge            = Edge[*OrderLineItem]
	RefundRecordConnection       = Connection[*RefundRecord]
	RefundRecordEdge             = Edge[*RefundRecord]
	ResourceConnection           = Connection[*Resource]
	ResourceEdge                 = Edge[*Resource]
	ResourcePackageConnection    = Connection[*ResourcePackage]
	ResourcePackageEdge          = Edge[*ResourcePackage]
	ResourceTypeConnection       = Connection[*ResourceType]
	ResourceTypeEdge             = Edge[*ResourceType]
	ServiceResourceConnection    = Connection[*ServiceResource]
	ServiceResourceEdge          = Edge[*ServiceResource]
	ServiceTypeConnection        = Connection[*ServiceType]
	ServiceTypeEdge              = Edge[*ServiceType]
	UsageRecordConnection        = Connection[*UsageRecord]
	UsageRecordEdge              = Edge[*UsageRecord]
	UsageTypeConnection          = Connection[*UsageType]
	UsageTypeEdge                = Edge[*UsageType]
	CostRowConnection            = Connection[*CostRow]
	CostRowEdge                  = Edge[*CostRow]
	FreeResourceRecordConnection = Connection[*FreeResourceRecord]
	FreeResourceRecordEdge       = Edge[*FreeResourceRecord]
)
