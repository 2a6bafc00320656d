package upstream

// PackagesService talks to the resource package APIs (§6.4).
type PackagesService service
