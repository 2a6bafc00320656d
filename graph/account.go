package graph

// accountCosts is the upstream cost model of this domain's fields (limits.go).
func accountCosts() map[string]fieldCost { return nil }
