package upstream

// EnterpriseService talks to the enterprise APIs (§9): enterprise projects and member accounts.
type EnterpriseService service
