package graph

// pricingCosts is the upstream cost model of this domain's fields (limits.go).
func pricingCosts() map[string]fieldCost { return nil }
