package upstream

// CostsService talks to the cost data API (§8.1).
type CostsService service
