package upstream

// OrdersService talks to the yearly/monthly order APIs (§6.2).
type OrdersService service
