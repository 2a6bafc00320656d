package graph

// catalogCosts is the upstream cost model of this domain's fields (limits.go).
func catalogCosts() map[string]fieldCost { return nil }
