package upstream

// BillsService talks to the bill APIs (§7): summary bills, resource usage records and expenditures.
type BillsService service
