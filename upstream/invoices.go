package upstream

// InvoicesService talks to the invoice API (§10.1).
type InvoicesService service
