package graph

// partnerCosts is the upstream cost model of this domain's fields (limits.go).
func partnerCosts() map[string]fieldCost { return nil }
