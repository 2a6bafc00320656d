package upstream

// AccountsService talks to the account balance API (§5.1).
type AccountsService service
