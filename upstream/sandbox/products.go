package sandbox

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// The sandbox's product model. Every price the sandbox shows — price quotes,
// order amounts, bills, refunds — is computed from this one table by the
// functions below, so they agree with each other and with the catalog APIs.

// region is a cloud region of the international site; factor scales list
// prices there.
type region struct {
	code   string
	nameEN string
	zones  []string
	factor decimal.Decimal
}

var regions = []region{
	{"ap-southeast-1", "CN-Hong Kong", []string{"ap-southeast-1a", "ap-southeast-1b"}, decimal.RequireFromString("1.00")},
	{"ap-southeast-2", "AP-Bangkok", []string{"ap-southeast-2a", "ap-southeast-2b"}, decimal.RequireFromString("0.95")},
	{"ap-southeast-3", "AP-Singapore", []string{"ap-southeast-3a", "ap-southeast-3b"}, decimal.RequireFromString("1.00")},
	{"af-south-1", "AF-Johannesburg", []string{"af-south-1a"}, decimal.RequireFromString("1.10")},
	{"la-south-2", "LA-Santiago", []string{"la-south-2a"}, decimal.RequireFromString("1.05")},
	{"sa-brazil-1", "LA-Sao Paulo1", []string{"sa-brazil-1a"}, decimal.RequireFromString("1.15")},
	{"eu-west-101", "EU-Dublin", []string{"eu-west-101a"}, decimal.RequireFromString("1.08")},
}

// exampleRegions are regions the reference's own examples price in (the
// price calculator guide, §12.8) beyond those the seeded data use. They are
// kept apart so adding them changes no seeded data.
var exampleRegions = []region{
	{"cn-north-4", "CN North-Beijing4", []string{"cn-north-4a", "cn-north-4b", "cn-north-4c"}, decimal.RequireFromString("0.90")},
}

func regionByCode(code string) (region, bool) {
	for _, list := range [][]region{regions, exampleRegions} {
		for _, r := range list {
			if r.code == code {
				return r, true
			}
		}
	}
	return region{}, false
}

// product is one sellable specification of a resource type.
type product struct {
	serviceType  string // hws.service.type.*
	resourceType string // hws.resource.type.*
	spec         string // resource_spec / resource_spec_code
	descEN       string
	descZH       string
	// monthly is the list price of one month in USD, per unit of size for
	// linear products.
	monthly decimal.Decimal
	// Linear products are priced by size (disk GB, bandwidth Mbit/s);
	// sizeMeasure is the measure_id of the size (17 GB, 15 Mbit/s).
	linear      bool
	sizeMeasure int
	minSize     int
	maxSize     int
	// yearlyMonthly marks products sold by period; all are sold pay-per-use.
	yearlyMonthly bool
	usageFactor   string // usage type code for pay-per-use pricing, e.g. Duration
	// attached are the resources provisioned with this one as its primary,
	// e.g. an ECS's system disk.
	attached []attachment
}

// attachment is a resource provisioned with a primary resource.
type attachment struct {
	resourceType, spec string
	size               int // for linear attachments
}

// productID is the BSS-style product id of p in a region.
func (p *product) productID(region string) string {
	h := 0
	for _, c := range p.resourceType + "|" + p.spec + "|" + region {
		h = (h*31 + int(c)) % 1000000000
	}
	return fmt.Sprintf("00301-%09d-0--0", h)
}

// products is the sandbox's price list. Prices are in USD per month.
var products = []*product{
	// Elastic Cloud Server: a VM with its system disk.
	{serviceType: "hws.service.type.ec2", resourceType: "hws.resource.type.vm", spec: "s6.small.1.linux", descEN: "General computing | s6.small.1 | 1 vCPU | 1 GB | Linux", descZH: "通用计算型 | s6.small.1 | 1vCPUs | 1GB | Linux", monthly: d("7.20"), yearlyMonthly: true, usageFactor: "Duration", attached: []attachment{{"hws.resource.type.volume", "SAS", 40}}},
	{serviceType: "hws.service.type.ec2", resourceType: "hws.resource.type.vm", spec: "s6.large.2.linux", descEN: "General computing | s6.large.2 | 2 vCPUs | 4 GB | Linux", descZH: "通用计算型 | s6.large.2 | 2vCPUs | 4GB | Linux", monthly: d("27.60"), yearlyMonthly: true, usageFactor: "Duration", attached: []attachment{{"hws.resource.type.volume", "SAS", 40}}},
	{serviceType: "hws.service.type.ec2", resourceType: "hws.resource.type.vm", spec: "c6.large.2.linux", descEN: "General computing-plus | c6.large.2 | 2 vCPUs | 4 GB | Linux", descZH: "通用计算增强型 | c6.large.2 | 2vCPUs | 4GB | Linux", monthly: d("41.30"), yearlyMonthly: true, usageFactor: "Duration", attached: []attachment{{"hws.resource.type.volume", "GPSSD", 40}}},
	{serviceType: "hws.service.type.ec2", resourceType: "hws.resource.type.vm", spec: "c6.2xlarge.4.win", descEN: "General computing-plus | c6.2xlarge.4 | 8 vCPUs | 32 GB | Windows", descZH: "通用计算增强型 | c6.2xlarge.4 | 8vCPUs | 32GB | Windows", monthly: d("274.60"), yearlyMonthly: true, usageFactor: "Duration", attached: []attachment{{"hws.resource.type.volume", "SSD", 100}, {"hws.resource.type.ip", "5_bgp", 0}, {"hws.resource.type.bandwidth", "19_bgp", 5}}},
	{serviceType: "hws.service.type.ec2", resourceType: "hws.resource.type.vm", spec: "m6.xlarge.8.linux", descEN: "Memory-optimized | m6.xlarge.8 | 4 vCPUs | 32 GB | Linux", descZH: "内存优化型 | m6.xlarge.8 | 4vCPUs | 32GB | Linux", monthly: d("158.40"), yearlyMonthly: true, usageFactor: "Duration", attached: []attachment{{"hws.resource.type.volume", "GPSSD", 60}}},
	// Elastic Volume Service: linear, per GB.
	{serviceType: "hws.service.type.ebs", resourceType: "hws.resource.type.volume", spec: "SAS", descEN: "High I/O", descZH: "高IO", monthly: d("0.069"), linear: true, sizeMeasure: 17, minSize: 10, maxSize: 32768, yearlyMonthly: true, usageFactor: "Duration"},
	{serviceType: "hws.service.type.ebs", resourceType: "hws.resource.type.volume", spec: "GPSSD", descEN: "General Purpose SSD", descZH: "通用型SSD", monthly: d("0.084"), linear: true, sizeMeasure: 17, minSize: 10, maxSize: 32768, yearlyMonthly: true, usageFactor: "Duration"},
	{serviceType: "hws.service.type.ebs", resourceType: "hws.resource.type.volume", spec: "SSD", descEN: "Ultra-high I/O", descZH: "超高IO", monthly: d("0.138"), linear: true, sizeMeasure: 17, minSize: 10, maxSize: 32768, yearlyMonthly: true, usageFactor: "Duration"},
	// Virtual Private Cloud: EIPs and bandwidth.
	{serviceType: "hws.service.type.vpc", resourceType: "hws.resource.type.ip", spec: "5_bgp", descEN: "Dynamic BGP EIP", descZH: "全动态BGP公网IP", monthly: d("3.00"), yearlyMonthly: true, usageFactor: "Duration"},
	{serviceType: "hws.service.type.vpc", resourceType: "hws.resource.type.ip", spec: "5_sbgp", descEN: "Static BGP EIP", descZH: "静态BGP公网IP", monthly: d("2.50"), yearlyMonthly: true, usageFactor: "Duration"},
	{serviceType: "hws.service.type.vpc", resourceType: "hws.resource.type.bandwidth", spec: "19_bgp", descEN: "Dynamic BGP bandwidth, billed by bandwidth", descZH: "全动态BGP带宽（按带宽计费）", monthly: d("22.80"), linear: true, sizeMeasure: 15, minSize: 1, maxSize: 2000, yearlyMonthly: true, usageFactor: "Duration"},
	{serviceType: "hws.service.type.vpc", resourceType: "hws.resource.type.bandwidth", spec: "19_share", descEN: "Shared bandwidth, billed by bandwidth", descZH: "共享带宽（按带宽计费）", monthly: d("18.90"), linear: true, sizeMeasure: 15, minSize: 5, maxSize: 2000, yearlyMonthly: true, usageFactor: "Duration"},
	{serviceType: "hws.service.type.vpc", resourceType: "hws.resource.type.bandwidth", spec: "12_bgp", descEN: "Dynamic BGP bandwidth, billed by traffic", descZH: "全动态BGP带宽（按流量计费）", monthly: d("0.12"), usageFactor: "upflow"},
	// Relational Database Service: an instance with its storage.
	{serviceType: "hws.service.type.rds", resourceType: "hws.resource.type.rds.vm", spec: "rds.mysql.n1.large.2.single", descEN: "MySQL 8.0 | Single | 2 vCPUs | 4 GB", descZH: "MySQL 8.0 | 单机 | 2vCPUs | 4GB", monthly: d("66.00"), yearlyMonthly: true, usageFactor: "Duration", attached: []attachment{{"hws.resource.type.rds.volume", "CLOUDSSD", 100}}},
	{serviceType: "hws.service.type.rds", resourceType: "hws.resource.type.rds.vm", spec: "rds.pg.n1.xlarge.4.ha", descEN: "PostgreSQL 14 | Primary/Standby | 4 vCPUs | 16 GB", descZH: "PostgreSQL 14 | 主备 | 4vCPUs | 16GB", monthly: d("312.80"), yearlyMonthly: true, usageFactor: "Duration", attached: []attachment{{"hws.resource.type.rds.volume", "CLOUDSSD", 200}}},
	{serviceType: "hws.service.type.rds", resourceType: "hws.resource.type.rds.volume", spec: "CLOUDSSD", descEN: "Cloud SSD storage", descZH: "SSD云盘存储", monthly: d("0.115"), linear: true, sizeMeasure: 17, minSize: 40, maxSize: 4000, yearlyMonthly: true, usageFactor: "Duration"},
	// Distributed Cache Service.
	{serviceType: "hws.service.type.dcs", resourceType: "hws.resource.type.dcs", spec: "redis.ha.xu1.large.r2.2", descEN: "Redis 6.0 | Master/Standby | 2 GB", descZH: "Redis 6.0 | 主备 | 2GB", monthly: d("43.20"), yearlyMonthly: true, usageFactor: "Duration"},
	{serviceType: "hws.service.type.dcs", resourceType: "hws.resource.type.dcs", spec: "redis.cluster.xu1.large.r2.8", descEN: "Redis 6.0 | Cluster | 8 GB", descZH: "Redis 6.0 | 集群 | 8GB", monthly: d("172.80"), yearlyMonthly: true, usageFactor: "Duration"},
	// Document Database Service.
	{serviceType: "hws.service.type.dds", resourceType: "hws.resource.type.dds.vm", spec: "dds.mongodb.s6.large.2.repset", descEN: "DDS Community | Replica set | 2 vCPUs | 4 GB", descZH: "文档数据库 | 副本集 | 2vCPUs | 4GB", monthly: d("124.50"), yearlyMonthly: true, usageFactor: "Duration", attached: []attachment{{"hws.resource.type.dds.volume", "ULTRAHIGH", 60}}},
	{serviceType: "hws.service.type.dds", resourceType: "hws.resource.type.dds.volume", spec: "ULTRAHIGH", descEN: "DDS ultra-high I/O storage", descZH: "文档数据库超高IO存储", monthly: d("0.14"), linear: true, sizeMeasure: 17, minSize: 10, maxSize: 3000, yearlyMonthly: true, usageFactor: "Duration"},
	// Cloud Container Engine.
	{serviceType: "hws.service.type.cce", resourceType: "hws.resource.type.cce.cluster", spec: "cce.s2.small", descEN: "CCE cluster | HA | up to 50 nodes", descZH: "CCE集群 | 高可用 | 最多50节点", monthly: d("97.20"), yearlyMonthly: true, usageFactor: "Duration"},
	// Elastic Load Balance.
	{serviceType: "hws.service.type.elb", resourceType: "hws.resource.type.elb", spec: "L7_flavor.elb.s1.small", descEN: "Dedicated load balancer | Application (HTTP/HTTPS) | Small I", descZH: "独享型负载均衡 | 应用型 | 小型I", monthly: d("31.68"), yearlyMonthly: true, usageFactor: "Duration"},
	// NAT Gateway.
	{serviceType: "hws.service.type.nat", resourceType: "hws.resource.type.nat_gateway", spec: "nat_gateway.small", descEN: "Public NAT gateway | Small", descZH: "公网NAT网关 | 小型", monthly: d("45.36"), yearlyMonthly: true, usageFactor: "Duration"},
	// Web Application Firewall.
	{serviceType: "hws.service.type.waf", resourceType: "hws.resource.type.waf", spec: "waf.professional", descEN: "WAF Professional edition", descZH: "WAF专业版", monthly: d("499.00"), yearlyMonthly: true, usageFactor: "Duration"},
	// Virtual Private Network.
	{serviceType: "hws.service.type.vpn", resourceType: "hws.resource.type.vpn.gateway", spec: "vpngw.professional1", descEN: "Enterprise VPN gateway | Professional 1", descZH: "企业版VPN网关 | 专业型1", monthly: d("86.40"), yearlyMonthly: true, usageFactor: "Duration"},
	// Cloud Search Service.
	{serviceType: "hws.service.type.css", resourceType: "hws.resource.type.css.node", spec: "ess.spec-4u8g", descEN: "CSS Elasticsearch node | 4 vCPUs | 8 GB", descZH: "云搜索服务节点 | 4vCPUs | 8GB", monthly: d("118.08"), yearlyMonthly: true, usageFactor: "Duration"},
	// GaussDB.
	{serviceType: "hws.service.type.gaussdb", resourceType: "hws.resource.type.gaussdb.vm", spec: "gaussdb.opengauss.ee.m6.2xlarge.x868.ha", descEN: "GaussDB Enterprise | Primary/Standby | 8 vCPUs | 64 GB", descZH: "GaussDB 企业版 | 主备 | 8vCPUs | 64GB", monthly: d("1024.00"), yearlyMonthly: true, usageFactor: "Duration"},
	// Object Storage Service and CDN: pay-per-use only (and resource packages).
	{serviceType: "hws.service.type.obs", resourceType: "hws.resource.type.obs", spec: "obs.standard.storage", descEN: "OBS Standard storage", descZH: "OBS标准存储", monthly: d("0.0245"), usageFactor: "capacity"},
	{serviceType: "hws.service.type.cdn", resourceType: "hws.resource.type.cdn", spec: "cdn.traffic.asia", descEN: "CDN traffic, Asia Pacific", descZH: "CDN流量（亚太）", monthly: d("0.09"), usageFactor: "downflow"},
}

// exampleProducts are the specifications the reference's example price
// inquiries ask for (§4.2.1, §4.2.2) beyond the seeded ones. They are sold
// and priced like the others; the seeded data never use them, so adding
// them changes no seeded answer.
var exampleProducts = []*product{
	{serviceType: "hws.service.type.ec2", resourceType: "hws.resource.type.vm", spec: "c3.3xlarge.2.linux", descEN: "General computing-plus | c3.3xlarge.2 | 12 vCPUs | 24 GB | Linux", descZH: "通用计算增强型 | c3.3xlarge.2 | 12vCPUs | 24GB | Linux", monthly: d("248.40"), yearlyMonthly: true, usageFactor: "Duration", attached: []attachment{{"hws.resource.type.volume", "SAS", 40}}},
	{serviceType: "hws.service.type.ec2", resourceType: "hws.resource.type.vm", spec: "s3.medium.4.linux", descEN: "General computing | s3.medium.4 | 1 vCPU | 4 GB | Linux", descZH: "通用计算型 | s3.medium.4 | 1vCPUs | 4GB | Linux", monthly: d("17.80"), yearlyMonthly: true, usageFactor: "Duration", attached: []attachment{{"hws.resource.type.volume", "SAS", 40}}},
	{serviceType: "hws.service.type.vpc", resourceType: "hws.resource.type.bandwidth", spec: "12_sbgp", descEN: "Static BGP bandwidth, billed by traffic", descZH: "静态BGP带宽（按流量计费）", monthly: d("0.10"), usageFactor: "upflow"},
}

// d parses a literal decimal of the price table.
func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// findProduct returns the product of a resource type and spec.
func findProduct(resourceType, spec string) (*product, bool) {
	for _, list := range [][]*product{products, exampleProducts} {
		for _, p := range list {
			if p.resourceType == resourceType && p.spec == spec {
				return p, true
			}
		}
	}
	return nil, false
}

// yearlyMonthlyPrimaries returns the products that can be bought by period
// as a primary resource.
func yearlyMonthlyPrimaries() []*product {
	var out []*product
	for _, p := range products {
		if p.yearlyMonthly {
			out = append(out, p)
		}
	}
	return out
}

// Period types of the reference (§4.2.2 Table 4-21, §6.3.2).
const (
	periodDay   = 0
	periodMonth = 2
	periodYear  = 3
	periodHour  = 4
)

// periodPrice is the list price of p for periodNum periods of periodType in
// region r, for size units of a linear product (size is ignored otherwise).
// A year costs ten months; days and hours are prorated from 30-day months
// and rounded to the cent (days) or to 4 places (hours).
func periodPrice(p *product, r region, size, periodType, periodNum int) decimal.Decimal {
	m := p.monthly.Mul(r.factor)
	if p.linear {
		m = m.Mul(decimal.NewFromInt(int64(size)))
	}
	n := decimal.NewFromInt(int64(periodNum))
	switch periodType {
	case periodYear:
		return m.Mul(decimal.NewFromInt(10)).Mul(n).Round(2)
	case periodDay:
		return m.Div(decimal.NewFromInt(30)).Round(2).Mul(n)
	case periodHour:
		return m.Div(decimal.NewFromInt(720)).Round(4).Mul(n)
	}
	return m.Mul(n).Round(2)
}

// hourlyOnDemand is the pay-per-use price of one hour of p: the monthly
// price over 720 hours with a 40% on-demand premium, kept to 10 places
// (inquiry_precision 1); callers round to 6 places for precision 0.
func hourlyOnDemand(p *product, r region, size int) decimal.Decimal {
	m := p.monthly.Mul(r.factor).Mul(d("1.4"))
	if p.linear {
		m = m.Mul(decimal.NewFromInt(int64(size)))
	}
	return m.DivRound(decimal.NewFromInt(720), 10)
}
