package upstream

// ResourcesService talks to the yearly/monthly resource APIs (§6.3).
type ResourcesService service
