package graph

// costCosts is the upstream cost model of this domain's fields (limits.go).
func costCosts() map[string]fieldCost { return nil }
