package sandbox

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// The reference's own example requests (seed 001), replayed as documented:
// §4's catalog and price inquiries (with §12.8's price calculator bodies)
// answer with data; the other chapters' examples answer as BSS would for
// their made-up ids and dates — 200, or a documented error code, never
// "Product not found", an unknown path or a 5xx. {domain_id} is the
// caller's.
var referenceExamples = []struct {
	section, token, method, path, body string
	status                             int
	code                               string // the error_code of a non-200 answer
}{
	{"4.1.1", TokenCustomer, "GET", "/v2/products/service-types?offset=0&limit=10", "", 200, ""},
	{"4.1.2", TokenCustomer, "GET", "/v2/products/resource-types?offset=0&limit=10", "", 200, ""},
	{"4.1.3", TokenCustomer, "GET", "/v2/products/service-resources?service_type_code=hws.service.type.obs&limit=5&offset=0", "", 200, ""},
	{"4.1.4", TokenCustomer, "GET", "/v2/products/usage-types?offset=0&limit=3", "", 200, ""},
	{"4.1.5", TokenCustomer, "GET", "/v2/bases/measurements", "", 200, ""},
	{"4.1.6", TokenCustomer, "GET", "/v2/bases/conversions?measure_type=3", "", 200, ""},
	{"4.2.1", TokenCustomer, "POST", "/v2/bills/ratings/on-demand-resources", `{"project_id":"06488a*****832f55c016b0e337d7","product_infos":[
 {"id":"1","cloud_service_type":"hws.service.type.ec2","resource_type":"hws.resource.type.vm","resource_spec":"c3.3xlarge.2.linux","region":"ap-southeast-1","usage_factor":"Duration","usage_value":2,"usage_measure_id":4,"subscription_num":1,"available_zone":null},
 {"id":"2","cloud_service_type":"hws.service.type.ebs","resource_type":"hws.resource.type.volume","resource_spec":"SSD","region":"ap-southeast-1","usage_factor":"Duration","usage_value":2,"usage_measure_id":4,"subscription_num":1,"resource_size":10,"size_measure_id":17},
 {"id":"3","cloud_service_type":"hws.service.type.vpc","resource_type":"hws.resource.type.ip","resource_spec":"5_bgp","region":"ap-southeast-1","usage_factor":"Duration","usage_value":3,"usage_measure_id":4,"subscription_num":1,"available_zone":null},
 {"id":"4","cloud_service_type":"hws.service.type.vpc","resource_type":"hws.resource.type.bandwidth","resource_spec":"12_sbgp","region":"ap-southeast-1","usage_factor":"upflow","usage_value":4,"usage_measure_id":10,"subscription_num":1,"available_zone":"cn-north-1a","resource_size":1,"size_measure_id":15}],
 "inquiry_precision":1}`, 200, ""},
	{"4.2.2", TokenCustomer, "POST", "/v2/bills/ratings/period-resources/subscribe-rate", `{"project_id":"84c53ec51e794a4888fb0f5c0cfb2420","product_infos":[
 {"id":"1","cloud_service_type":"hws.service.type.ec2","resource_type":"hws.resource.type.vm","resource_spec":"s3.medium.4.linux","region":"ap-southeast-1","available_zone":"ap-southeast-1a","resource_size":null,"size_measure_id":null,"period_type":2,"period_num":1,"subscription_num":1},
 {"id":"2","cloud_service_type":"hws.service.type.vpc","resource_type":"hws.resource.type.ip","resource_spec":"5_bgp","region":"ap-southeast-1","available_zone":null,"resource_size":null,"size_measure_id":15,"period_type":2,"period_num":1,"subscription_num":1},
 {"id":"3","cloud_service_type":"hws.service.type.ebs","resource_type":"hws.resource.type.volume","resource_spec":"GPSSD","region":"ap-southeast-1","available_zone":"ap-southeast-1a","resource_size":40,"size_measure_id":17,"period_type":2,"period_num":1,"subscription_num":1},
 {"id":"4","cloud_service_type":"hws.service.type.vpc","resource_type":"hws.resource.type.bandwidth","resource_spec":"19_bgp","region":"ap-southeast-1","available_zone":"ap-southeast-1a","resource_size":40,"size_measure_id":15,"period_type":2,"period_num":1,"subscription_num":1}]}`, 200, ""},
	{"4.2.3", TokenCustomer, "POST", "/v2/bills/ratings/period-resources/renew-rate", `{"resource_ids":["230221_169ee*****9d5b8af6a38f099abea"],"period_type":2,"period_num":1,"include_relative_resources":false}`, 200, ""},
	{"12.8.1", TokenCustomer, "POST", "/v2/bills/ratings/period-resources/subscribe-rate", `{"project_id":"84c5*****fb2420","product_infos":[
 {"id":"1","cloud_service_type":"hws.service.type.ec2","resource_type":"hws.resource.type.vm","resource_spec":"c6.large.2.linux","region":"cn-north-4","period_type":2,"period_num":1,"subscription_num":1},
 {"id":"2","cloud_service_type":"hws.service.type.ebs","resource_type":"hws.resource.type.volume","resource_spec":"GPSSD","region":"cn-north-4","resource_size":40,"size_measure_id":17,"period_type":2,"period_num":1,"subscription_num":1}]}`, 200, ""},
	{"12.8.2", TokenCustomer, "POST", "/v2/bills/ratings/on-demand-resources", `{"project_id":"c4c24*****599c2","product_infos":[
 {"id":"1","cloud_service_type":"hws.service.type.ec2","resource_type":"hws.resource.type.vm","resource_spec":"c6.large.2.linux","region":"cn-north-4","usage_factor":"Duration","usage_value":1,"usage_measure_id":4,"subscription_num":1},
 {"id":"2","cloud_service_type":"hws.service.type.ebs","resource_type":"hws.resource.type.volume","resource_spec":"GPSSD","region":"cn-north-4","resource_size":40,"size_measure_id":17,"usage_factor":"Duration","usage_value":1,"usage_measure_id":4,"subscription_num":1}]}`, 200, ""},
	{"5.1", TokenCustomer, "GET", "/v2/accounts/customer-accounts/balances", "", 200, ""},
	{"6.1.1", TokenCustomer, "GET", "/v2/promotions/benefits/coupons", "", 200, ""},
	{"6.2.1", TokenCustomer, "GET", "/v2/orders/customer-orders?order_id=CS1905251035OA1AF&customer_id=c9e731c4663646988ef4cdb3122837b6&create_time_begin=2020-05-06T08:05:01Z&create_time_end=2020-05-07T08:05:01Z&service_type_code=hws.service.type.obs&status=5&order_type=1&limit=10&offset=0&order_by=-createTime&payment_time_begin=2020-05-06T08:05:01Z&payment_time_end=2020-05-07T08:05:01Z", "", 200, ""},
	{"6.2.2", TokenCustomer, "GET", "/v2/orders/customer-orders/details/CS19040119281JMYC?limit=10&offset=0", "", 400, "CBC.30000010"},
	{"6.2.3", TokenCustomer, "GET", "/v2/orders/customer-orders/order-discounts?order_id=CS2011091132EMKL9", "", 400, "CBC.30000010"},
	{"6.2.4", TokenCustomer, "POST", "/v3/orders/customer-orders/pay", `{"use_coupon":"YES","use_discount":"YES","coupon_infos":[{"id":"CP200527025610NGSC","type":301}],"discount_infos":[{"id":"PDP2011260815047721TYT48G0BA02EI","type":1}],"order_id":"CS20052715001E4CR"}`, 400, "CBC.30000010"},
	{"6.2.5", TokenCustomer, "PUT", "/v2/orders/customer-orders/cancel", `{"order_id":"CS170926155954NO7"}`, 400, "CBC.30000010"},
	{"6.2.6", TokenCustomer, "GET", "/v2/orders/customer-orders/refund-orders?order_id=CS1904190917GIBHC", "", 400, "CBC.99005026"},
	{"6.3.1", TokenCustomer, "POST", "/v2/orders/subscriptions/resources/query", `{"resource_ids":["0A063A*****BC8548E65D0089A905"],"order_id":"CS1905251035OA***","only_main_resource":1,"status_list":[2],"offset":0,"limit":10,"expire_time_begin":"2021-09-01T08:05:01Z","expire_time_end":"2021-09-03T08:05:01Z","service_type_code":"hws.service.type.obs"}`, 200, ""},
	{"6.3.2", TokenCustomer, "POST", "/v2/orders/subscriptions/resources/renew", `{"resource_ids":["0A063A*****BC8548E65D0089A905"],"period_type":2,"period_num":1,"is_auto_pay":0}`, 400, "CBC.99003016"},
	{"6.3.3", TokenCustomer, "POST", "/v2/orders/subscriptions/resources/unsubscribe", `{"resource_ids":["21e09f37c5c9420c8746ad5c71fb3aab"],"unsubscribe_type":1,"unsubscribe_reason_type":5,"unsubscribe_reason":"test"}`, 400, "CBC.99003012"},
	{"6.3.4", TokenCustomer, "POST", "/v2/orders/subscriptions/resources/autorenew/eb1cac79-773b-414b-8915-6c3eed8ddf24", "", 400, "CBC.99003012"},
	{"6.3.5", TokenCustomer, "DELETE", "/v2/orders/subscriptions/resources/autorenew/eb1cac79-773b-414b-8915-6c3eed8ddf24", "", 400, "CBC.99003012"},
	{"6.3.6", TokenCustomer, "POST", "/v2/orders/subscriptions/resources/to-on-demand", `{"operation":"SET_UP","resource_ids":["0c3248018ed54b1e8e3ecbab1b0989ce"]}`, 200, ""},
	{"6.4.1", TokenCustomer, "POST", "/v3/payments/free-resources/query", `{"region_code":"cn-north-7","order_id":"CS21043011259RWXXTA","product_id":"90301-296014-0--0","product_name":"HUAWEI CLOUD WeLink","enterprise_project_id":null,"status":1,"offset":0,"limit":10,"service_type_code_list":["hws.service.type.obs","hws.service.type.vpc"]}`, 200, ""},
	{"6.4.2", TokenCustomer, "POST", "/v2/payments/free-resources/usages/details/query", `{"free_resource_ids":["d4463497-991b-439d-9ab6-23f9ed197fe9"]}`, 200, ""},
	{"6.4.3", TokenCustomer, "GET", "/v2/bills/customer-bills/free-resources-usage-records?free_resource_id=free_resource_id&product_id=product_id&resource_type_code=resource_type_code&deduct_time_begin=2021-10-01&deduct_time_end=2021-10-31&offset=0&limit=10", "", 200, ""},
	{"7.1", TokenCustomer, "GET", "/v1.0/{domain_id}/customer/account-mgr/bill/monthly-sum?cycle=2018-05&type=0", "", 200, ""},
	{"7.2", TokenEnterprise, "POST", "/v2/bills/customer-bills/res-records/query", `{"cycle":"2018-12","cloud_service_type":"hws.service.type.ec2","resource_type":"hws.resource.type.vm","region":"ap-southeast-1","res_instance_id":"76****7f","charge_mode":1,"bill_type":1,"enterprise_project_id":"6***f3-3**4-4**2-9a3e-a****c24","include_zero_record":"true","method":"sub_customer","sub_customer_id":"05b5fef62300d2ad0f98c00befba72c0","offset":1,"limit":10}`, 403, "CBC.0151"},
	{"7.3", TokenEnterprise, "GET", "/v2/bills/customer-bills/res-fee-records?cycle=2020-09&charge_mode=1&method=sub_customer&sub_customer_id=05b5fef62300d2ad0f98c00befba72c0&trade_id=CS1908201442ZLEPW476&bill_date_begin=2020-09-01&bill_date_end=2020-09-30&statistic_type=1", "", 403, "CBC.0151"},
	{"8.1", TokenCustomer, "POST", "/v4/costs/cost-analysed-bills/query", `{"amount_type":"PAYMENT_AMOUNT","offset":0,"cost_type":"ORIGINAL_COST","limit":10,"groupby":[{"type":"dimension","key":"CLOUD_SERVICE_TYPE"}],"filters":[{"filter_factor":{"value":["cn-north-1"],"key":"REGION_CODE"},"operator":0}],"time_condition":{"end_time":"2021-07-15","begin_time":"2021-07-14","time_measure_id":1}}`, 400, "CBC.0100"},
	{"9.1.1", TokenEnterprise, "POST", "/v2/enterprises/enterprise-projects/authority", "", 400, "CBC.99007004"},
	{"9.2.1", TokenEnterprise, "GET", "/v2/enterprises/multi-accounts/sub-customers?offset=0&limit=10&sub_customer_account_name=d_2035&sub_customer_display_name=m&fuzzy_query=1&org_id=65419", "", 200, ""},
	{"10.1.1", TokenCustomer, "GET", "/v1.0/{domain_id}/payments/intl-invoices?start_time=2019-01-28T11:48:41Z&end_time=2019-12-28T11:48:41Z&offset=1&limit=10", "", 200, ""},
}

// examplePrices is how many products each price inquiry example names:
// each must come back priced.
var examplePrices = map[string]int{"4.2.1": 4, "4.2.2": 4, "12.8.1": 2, "12.8.2": 2}

func TestReferenceExamples(t *testing.T) {
	t.Parallel()
	_, srv := newTestServer(t, Options{QuotaScale: -1})
	domains := map[string]string{TokenCustomer: DomainCustomer, TokenEnterprise: DomainEnterprise}
	for _, ex := range referenceExamples {
		t.Run(ex.section, func(t *testing.T) {
			path := strings.ReplaceAll(ex.path, "{domain_id}", domains[ex.token])
			status, body := call(t, srv, ex.method, path, ex.token, ex.body)
			var answer map[string]any
			jd := json.NewDecoder(strings.NewReader(body))
			jd.UseNumber() // prices stay decimal
			if err := jd.Decode(&answer); err != nil {
				t.Fatalf("%s %s: not a JSON object: %d %s", ex.method, ex.path, status, body)
			}
			code, _ := answer["error_code"].(string)
			if code == "CBC.0000" {
				code = "" // 7.1 reports success in error_code
			}
			if status != ex.status || code != ex.code {
				t.Fatalf("%s %s = %d %s, want %d %s: %.400s", ex.method, ex.path, status, code, ex.status, ex.code, body)
			}
			if n, ok := examplePrices[ex.section]; ok {
				if got := pricedProducts(answer); got != n {
					t.Errorf("%d of %d products priced: %.600s", got, n, body)
				}
			}
		})
	}
}

// pricedProducts counts the product results (objects with a product_id)
// anywhere in an answer that have a positive official price.
func pricedProducts(v any) int {
	n := 0
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["product_id"]; ok {
			if price, ok := v["official_website_amount"].(json.Number); ok {
				if d, err := decimal.NewFromString(string(price)); err == nil && d.IsPositive() {
					n++
				}
			}
		}
		for _, x := range v {
			n += pricedProducts(x)
		}
	case []any:
		for _, x := range v {
			n += pricedProducts(x)
		}
	}
	return n
}
