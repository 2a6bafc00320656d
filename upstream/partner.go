package upstream

// PartnerService talks to the partner-side APIs (seed 000).
type PartnerService service
