package upstream

// CouponsService talks to the coupon API (§6.1).
type CouponsService service
