package upstream

// PricingService talks to the price inquiry APIs (§4.2).
type PricingService service
