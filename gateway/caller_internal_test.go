package gateway

import "testing"

func TestLanguage(t *testing.T) {
	t.Parallel()
	tests := []struct{ xLanguage, accept, want string }{
		{"zh_CN", "", "zh_CN"},
		{"en_US", "zh-CN", "en_US"},
		{"en-gb", "", "en_US"},
		{"ZH", "", "zh_CN"},
		{"fr", "en", "en_US"},
		{"", "zh-CN,zh;q=0.9,en;q=0.8", "zh_CN"},
		{"", "en;q=0.5, zh-TW;q=0.7", "zh_CN"},
		{"", "de, en-US;q=0.3", "en_US"},
		{"", "zh;q=0, en;q=0.1", "en_US"},
		{"", "de, fr", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := language(tt.xLanguage, tt.accept); got != tt.want {
			t.Errorf("language(%q, %q) = %q, want %q", tt.xLanguage, tt.accept, got, tt.want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		accept string
		want   string
		ok     bool
	}{
		{"", mediaJSON, true},
		{"application/json", mediaJSON, true},
		{"application/graphql-response+json", mediaGraphQLResponse, true},
		{"application/graphql-response+json, application/json", mediaGraphQLResponse, true},
		{"application/json, application/graphql-response+json", mediaJSON, true},
		{"application/json;q=0.9, application/graphql-response+json", mediaGraphQLResponse, true},
		{"text/html, */*;q=0.8", mediaJSON, true},
		{"application/*", mediaJSON, true},
		{"application/graphql-response+json; charset=utf-8", mediaGraphQLResponse, true},
		{"text/html", "", false},
		{"application/json;q=0", "", false},
	}
	for _, tt := range tests {
		got, ok := negotiate(tt.accept)
		if got != tt.want || ok != tt.ok {
			t.Errorf("negotiate(%q) = %q, %v, want %q, %v", tt.accept, got, ok, tt.want, tt.ok)
		}
	}
}
