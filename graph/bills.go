package graph

// billCosts is the upstream cost model of this domain's fields (limits.go).
func billCosts() map[string]fieldCost { return nil }
