package sandbox

import (
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"bssgraph/upstream"
)

// The public product catalog (§4.1): service types, resource types, the
// resources of each service, usage types, measurement units and their
// conversions. It is the same for every account and every seed, bilingual
// (X-Language zh_CN, the default, or en_US), and it covers every service
// type, resource type, usage factor and measure_id of the product table in
// products.go, so any code a price, order, resource or bill carries can be
// resolved here.

// catalog is the public product catalog shared by all accounts (§4.1). It is
// read-only once built.
type catalog struct {
	services    []*catService
	resources   []*catResource
	usages      []*catUsage
	measures    []*measureUnit
	conversions []upstream.Conversion

	serviceByCode  map[string]*catService
	resourceByCode map[string]*catResource
	measureByID    map[int]*measureUnit
}

// catService is a cloud service type (§4.1.1) and the resource types a
// customer prices with it (§4.1.3).
type catService struct {
	code, abbr, en, zh string
	// related are resource types of other services listed by §4.1.3 for
	// this one, as the reference's example lists VPC resources for a
	// compute service (an ECS is bought with an EIP and bandwidth).
	related []string
}

// catResource is a resource type (§4.1.2).
type catResource struct {
	code, service          string
	en, zh, descEN, descZH string
	usages                 []string // usage type codes (§4.1.4), in catalog order
}

// catUsage is one (resource type, usage type) row of §4.1.4.
type catUsage struct {
	code     string
	resource *catResource
}

// usageDef describes a usage type code: its names and the unit in which the
// sandbox meters and prices it (a measure_id of §4.1.5). Pay-per-use usage
// may be given in any unit of the same measure_type (§4.1.6).
type usageDef struct {
	en, zh  string
	measure int
}

// measureUnit is a measurement unit (§4.1.5). scale is its size in the
// smallest unit of its measure_type, so a value converts between two units
// of one type by the ratio of their scales.
type measureUnit struct {
	id         int
	en, zh     string
	abbr       string
	typ        int
	scale      decimal.Decimal
	convertsTo []int // units this one has a conversion row to (§4.1.6)
}

// Measure types of §4.1.5 used by the sandbox's units.
const (
	mtCurrency       = 1
	mtDuration       = 2
	mtTraffic        = 3
	mtQuantity       = 4
	mtLength         = 6
	mtCapacity       = 7
	mtLines          = 9
	mtPeriod         = 10
	mtFrequency      = 11
	mtCount          = 12
	mtCapDuration    = 15
	mtBandwidth      = 16
	mtCapDuration2   = 17
	mtQueryRate      = 18
	mtBandwidth1000  = 19
	mtArea           = 21
	mtVideo          = 22
	mtThroughput     = 23
	mtPackageUnit    = 26
	mtCoresDuration  = 27
	mtMemoryDuration = 28
	mtIOPSDuration   = 29
	mtThroughputDur  = 30
	mtNumberDuration = 31
	mtTraffic1000    = 40
	mtKiloTokens     = 41
	mtHKD            = 103
	mtTokens         = 104
)

// Measurement units (measure_id) the sandbox uses everywhere. Other domains
// must use these ids: 1 USD and 3 cents for money, 4 hours, 10 GB of
// traffic, 14 times, 15 Mbit/s, 17 GB of capacity.
const (
	muDay       = 0
	muUSD       = 1
	muJiao      = 2
	muCent      = 3
	muHour      = 4
	muMinute    = 5
	muSecond    = 6
	muMonth     = 7
	muYear      = 8
	muPiece     = 9
	muGB        = 10 // traffic
	muMB        = 11 // traffic
	muKB        = 12 // traffic
	muByte      = 13 // traffic
	muTimes     = 14
	muMbps      = 15
	muKbps      = 16
	muGBCap     = 17 // capacity
	muMBCap     = 18 // capacity
	muTBCap     = 19 // capacity
	muTB        = 20 // traffic
	muGbps      = 21
	muTenK      = 22 // 10,000 times
	muMillion   = 23 // 1,000,000 times
	muGBHour    = 24 // capacity × duration
	muGBDay     = 25
	muCoreHour  = 26
	muGBMemHour = 27
	muIOPSHour  = 28
	muMBpsHour  = 29
	muGBs       = 30 // GB-second (function compute)
	muKTokens   = 31
	muTokens    = 32
	muLine      = 33
	muKm        = 34
	muSqM       = 35
	muQPS       = 36
	muVideoMin  = 37 // video minutes (transcoding)
	muMBps      = 38 // throughput
	muUnitPkg   = 39 // general package deduction unit
	muGB1000    = 40 // traffic, 1000-based
	muMbps1000  = 41 // bandwidth, 1000-based
	muHKD       = 42
	muTimesHour = 43 // number × duration
	muTimesSec  = 44 // frequency: times per second
)

var (
	catalogOnce   sync.Once
	sharedCatalog *catalog
)

// newCatalog returns the catalog. It is static (g is unused: the catalog
// does not depend on the seed), so every world shares one read-only copy.
func newCatalog(g *gen) *catalog {
	catalogOnce.Do(func() { sharedCatalog = buildCatalog() })
	return sharedCatalog
}

// serviceTypes are the cloud service types (§4.1.1): code suffix,
// abbreviation, English and Chinese names, and the resource types of other
// services that §4.1.3 lists with them.
var serviceTypes = []catService{
	{"ec2", "ECS", "Elastic Cloud Server", "弹性云服务器", []string{"volume", "ip", "bandwidth"}},
	{"ebs", "EVS", "Elastic Volume Service", "云硬盘", nil},
	{"vpc", "VPC", "Virtual Private Cloud", "虚拟私有云", nil},
	{"rds", "RDS", "Relational Database Service", "云数据库 RDS", []string{"ip", "bandwidth"}},
	{"dcs", "DCS", "Distributed Cache Service", "分布式缓存服务", nil},
	{"dds", "DDS", "Document Database Service", "文档数据库服务", nil},
	{"cce", "CCE", "Cloud Container Engine", "云容器引擎", []string{"vm", "volume", "ip", "bandwidth"}},
	{"elb", "ELB", "Elastic Load Balance", "弹性负载均衡", []string{"ip", "bandwidth"}},
	{"nat", "NAT", "NAT Gateway", "NAT网关", []string{"ip"}},
	{"waf", "WAF", "Web Application Firewall", "Web应用防火墙", nil},
	{"vpn", "VPN", "Virtual Private Network", "虚拟专用网络", []string{"ip", "bandwidth"}},
	{"css", "CSS", "Cloud Search Service", "云搜索服务", []string{"volume"}},
	{"gaussdb", "GaussDB", "GaussDB", "云数据库 GaussDB", nil},
	{"obs", "OBS", "Object Storage Service", "对象存储服务", []string{"general"}},
	{"cdn", "CDN", "Content Delivery Network", "内容分发网络", nil},
	{"sfs", "SFS", "Scalable File Service", "弹性文件服务", nil},
	{"cbr", "CBR", "Cloud Backup and Recovery", "云备份", nil},
	{"dms", "DMS", "Distributed Message Service", "分布式消息服务", nil},
	{"dns", "DNS", "Domain Name Service", "云解析服务", nil},
	{"ims", "IMS", "Image Management Service", "镜像服务", nil},
	{"smn", "SMN", "Simple Message Notification", "消息通知服务", nil},
	{"apig", "APIG", "API Gateway", "API网关", []string{"ip", "bandwidth"}},
	{"functiongraph", "FunctionGraph", "FunctionGraph", "函数工作流", nil},
	{"lts", "LTS", "Log Tank Service", "云日志服务", nil},
	{"ces", "CES", "Cloud Eye", "云监控服务", nil},
	{"mrs", "MRS", "MapReduce Service", "MapReduce服务", []string{"volume"}},
	{"dws", "DWS", "Data Warehouse Service", "数据仓库服务", []string{"volume"}},
	{"kms", "DEW", "Data Encryption Workshop", "数据加密服务", nil},
	{"ccm", "CCM", "Cloud Certificate Manager", "云证书管理服务", nil},
	{"live", "Live", "Live", "视频直播", nil},
	{"vod", "VOD", "Video on Demand", "视频点播", nil},
	{"workspacehost", "Workspace", "Workspace", "云桌面", []string{"volume", "ip", "bandwidth"}},
	{"hss", "HSS", "Host Security Service", "企业主机安全", nil},
	{"antiddos", "AAD", "Advanced Anti-DDoS", "DDoS高防", nil},
	{"dcaas", "DC", "Direct Connect", "云专线", nil},
	{"cfw", "CFW", "Cloud Firewall", "云防火墙", nil},
	{"swr", "SWR", "Software Repository for Container", "容器镜像服务", nil},
	{"bms", "BMS", "Bare Metal Server", "裸金属服务器", []string{"volume", "ip", "bandwidth"}},
	{"modelarts", "ModelArts", "ModelArts", "AI开发平台ModelArts", []string{"obs"}},
	{"offline", "Offline", "Offline services", "线下服务", nil},
}

// resourceTypes are the resource types (§4.1.2): code suffix, service code
// suffix, names, descriptions and usage type codes (§4.1.4).
var resourceTypes = []catResource{
	// Compute.
	{"vm", "ec2", "ECS", "云主机", "Elastic Cloud Server instance", "弹性云服务器实例", []string{"Duration", "vcpuDuration", "memDuration"}},
	{"vm.image", "ec2", "ECS image", "云主机镜像", "Marketplace image of an ECS", "云主机的市场镜像", []string{"Duration"}},
	{"vm.spot", "ec2", "Spot ECS", "竞价云主机", "Spot price ECS instance", "竞价计费云主机实例", []string{"Duration", "spotDuration"}},
	{"bms", "bms", "Bare metal server", "裸金属服务器", "Bare Metal Server instance", "裸金属服务器实例", []string{"Duration"}},
	{"image", "ims", "Private image", "私有镜像", "Private image storage", "私有镜像存储", []string{"capacity", "Duration"}},
	// Storage.
	{"volume", "ebs", "EVS disk", "云硬盘", "Elastic Volume Service disk", "云硬盘", []string{"Duration", "capacity", "iopsDuration", "throughputDuration"}},
	{"volume.snapshot", "ebs", "EVS snapshot", "云硬盘快照", "Snapshot of an EVS disk", "云硬盘快照", []string{"capacity", "Duration"}},
	{"obs", "obs", "OBS storage", "对象存储", "Object Storage Service bucket storage and requests", "对象存储服务桶存储与请求", []string{"capacity", "upflow", "downflow", "reqNumber", "retrieval", "putRequests", "getRequests", "crossRegionFlow"}},
	{"obs.archive", "obs", "OBS Archive storage", "对象存储归档存储", "OBS Archive storage class", "对象存储归档存储类别", []string{"capacity", "retrieval", "reqNumber"}},
	{"general", "offline", "General specifications", "通用规格", "General specifications", "通用规格", []string{"Duration", "reqNumber"}},
	{"sfs.turbo", "sfs", "SFS Turbo file system", "SFS Turbo文件系统", "SFS Turbo file system", "SFS Turbo文件系统", []string{"Duration", "capacity"}},
	{"sfs.capacity", "sfs", "SFS Capacity-Oriented", "SFS容量型", "SFS Capacity-Oriented file system", "SFS容量型文件系统", []string{"capacity"}},
	{"cbr.vault", "cbr", "Backup vault", "备份存储库", "CBR server or disk backup vault", "云备份存储库", []string{"Duration", "capacity", "crossRegionFlow"}},
	// Network.
	{"ip", "vpc", "EIP", "弹性公网IP", "Elastic IP address", "弹性公网IP地址", []string{"Duration"}},
	{"bandwidth", "vpc", "Bandwidth", "带宽", "EIP or shared bandwidth", "弹性公网IP带宽或共享带宽", []string{"Duration", "upflow", "downflow", "95peakBandwidth"}},
	{"vpc.peering", "vpc", "VPC peering", "对等连接", "VPC peering connection", "VPC对等连接", []string{"Duration"}},
	{"elb", "elb", "Load balancer", "负载均衡器", "Dedicated load balancer", "独享型负载均衡器", []string{"Duration", "lcuDuration"}},
	{"elb.lcu", "elb", "Load balancer capacity unit", "负载均衡容量单位", "ELB capacity units", "负载均衡容量单位（LCU）", []string{"lcuDuration"}},
	{"nat_gateway", "nat", "Public NAT gateway", "公网NAT网关", "Public NAT gateway", "公网NAT网关", []string{"Duration"}},
	{"nat_gateway.private", "nat", "Private NAT gateway", "私网NAT网关", "Private NAT gateway", "私网NAT网关", []string{"Duration"}},
	{"vpn.gateway", "vpn", "VPN gateway", "VPN网关", "Enterprise VPN gateway", "企业版VPN网关", []string{"Duration"}},
	{"vpn.connection", "vpn", "VPN connection", "VPN连接", "VPN connection of a gateway", "VPN网关连接", []string{"Duration"}},
	{"dns.zone", "dns", "Private zone", "内网域名", "Private DNS zone", "内网DNS域名", []string{"Duration", "reqNumber"}},
	{"dcaas.connection", "dcaas", "Direct connection", "物理连接", "Direct Connect physical connection", "云专线物理连接", []string{"Duration", "upflow"}},
	{"cdn", "cdn", "CDN traffic", "CDN流量", "CDN acceleration billed by traffic", "CDN按流量计费加速", []string{"downflow", "peakBandwidth", "95peakBandwidth", "reqNumber", "httpsReqNumber"}},
	// Databases and middleware.
	{"rds.vm", "rds", "RDS instance", "RDS实例", "Relational database instance", "关系型数据库实例", []string{"Duration"}},
	{"rds.volume", "rds", "RDS storage", "RDS存储", "Storage of a database instance", "数据库实例存储", []string{"Duration", "capacity"}},
	{"rds.backup", "rds", "RDS backup storage", "RDS备份存储", "Backup storage beyond the free quota", "超出免费额度的备份存储", []string{"capacity"}},
	{"dcs", "dcs", "DCS instance", "缓存实例", "Redis or Memcached instance", "Redis或Memcached实例", []string{"Duration"}},
	{"dds.vm", "dds", "DDS node", "文档数据库节点", "Document database node", "文档数据库节点", []string{"Duration"}},
	{"dds.volume", "dds", "DDS storage", "文档数据库存储", "Storage of a document database", "文档数据库存储", []string{"Duration", "capacity"}},
	{"gaussdb.vm", "gaussdb", "GaussDB instance", "GaussDB实例", "GaussDB database instance", "GaussDB数据库实例", []string{"Duration"}},
	{"gaussdb.volume", "gaussdb", "GaussDB storage", "GaussDB存储", "Storage of a GaussDB instance", "GaussDB实例存储", []string{"Duration", "capacity"}},
	{"kafka", "dms", "Kafka instance", "Kafka实例", "Distributed Message Service for Kafka instance", "分布式消息服务Kafka实例", []string{"Duration", "capacity"}},
	{"rabbitmq", "dms", "RabbitMQ instance", "RabbitMQ实例", "Distributed Message Service for RabbitMQ instance", "分布式消息服务RabbitMQ实例", []string{"Duration"}},
	{"css.node", "css", "CSS node", "云搜索节点", "Cloud Search Service cluster node", "云搜索服务集群节点", []string{"Duration"}},
	{"mrs.node", "mrs", "MRS node", "MRS节点", "MapReduce cluster node", "MapReduce集群节点", []string{"Duration"}},
	{"mrs.service", "mrs", "MRS service management", "MRS服务管理", "MRS cluster management fee", "MRS集群管理费", []string{"Duration"}},
	{"dws.node", "dws", "DWS node", "数据仓库节点", "Data warehouse cluster node", "数据仓库集群节点", []string{"Duration", "capacity"}},
	// Containers and serverless.
	{"cce.cluster", "cce", "CCE cluster", "CCE集群", "Cloud Container Engine cluster", "云容器引擎集群", []string{"Duration"}},
	{"cce.turbo", "cce", "CCE Turbo cluster", "CCE Turbo集群", "CCE Turbo cluster", "CCE Turbo集群", []string{"Duration"}},
	{"swr.enterprise", "swr", "SWR Enterprise instance", "SWR企业版实例", "Container image repository instance", "容器镜像仓库实例", []string{"Duration", "capacity", "downflow"}},
	{"functiongraph", "functiongraph", "Function", "函数", "FunctionGraph function invocations and compute", "函数工作流调用与计算", []string{"reqNumber", "gbSeconds", "downflow"}},
	{"apig.instance", "apig", "APIG dedicated gateway", "API网关专享版实例", "API Gateway dedicated gateway", "API网关专享版网关", []string{"Duration", "reqNumber", "downflow"}},
	{"smn.sms", "smn", "SMN SMS", "SMN短信", "SMS notifications", "短信通知", []string{"smsNumber"}},
	{"smn.message", "smn", "SMN message", "SMN消息", "Email, HTTP and push notifications", "邮件、HTTP与推送通知", []string{"reqNumber", "emailNumber", "downflow"}},
	// Operations and security.
	{"lts", "lts", "LTS log", "日志", "Log ingestion, indexing and storage", "日志读写、索引与存储", []string{"logIngest", "logIndex", "capacity"}},
	{"ces", "ces", "CES monitoring", "云监控", "Custom metrics, alarms and notifications", "自定义指标、告警与通知", []string{"metricNumber", "dailyalarmnum", "smsNumber"}},
	{"kms.key", "kms", "KMS key", "密钥", "Customer master key", "用户主密钥", []string{"Duration", "reqNumber"}},
	{"pca.quantity", "ccm", "Private certificate quantity", "私有证书数量", "Number of private certificates", "私有证书的数量", []string{"reqNumber", "certNumber"}},
	{"waf", "waf", "WAF instance", "WAF实例", "Cloud WAF edition", "云模式WAF版本", []string{"Duration", "reqNumber"}},
	{"hss.host", "hss", "HSS protected host", "主机防护配额", "Host protection quota", "主机防护配额", []string{"Duration"}},
	{"antiddos", "antiddos", "Anti-DDoS instance", "DDoS高防实例", "Advanced Anti-DDoS protection", "DDoS高防防护", []string{"Duration", "elasticBandwidth"}},
	{"cfw", "cfw", "CFW instance", "云防火墙实例", "Cloud Firewall edition", "云防火墙版本", []string{"Duration", "upflow"}},
	// Media and end-user computing.
	{"live.videoconnect", "live", "Video connection", "视频连接", "Live streaming video connection", "直播视频连接", []string{"flow", "peakBandwidth"}},
	{"live.transcode", "live", "Live transcoding", "直播转码", "Live transcoding minutes", "直播转码时长", []string{"transcodeDuration"}},
	{"vod.storage", "vod", "VOD storage", "点播存储", "Media asset storage", "媒资存储", []string{"capacity", "downflow"}},
	{"vod.transcode", "vod", "VOD transcoding", "点播转码", "Media transcoding minutes", "媒资转码时长", []string{"transcodeDuration"}},
	{"workspacehost.desktop", "workspacehost", "Cloud Desktop", "云桌面", "Cloud Desktop", "云桌面", []string{"Duration"}},
	{"modelarts.train", "modelarts", "ModelArts training", "ModelArts训练", "Training job compute", "训练作业算力", []string{"Duration", "vcpuDuration"}},
	{"modelarts.tokens", "modelarts", "ModelArts inference tokens", "ModelArts推理tokens", "Tokens of hosted model inference", "托管模型推理tokens", []string{"tokens"}},
}

// usageDefs are the usage type codes of §4.1.4: names and metering units.
// Duration, upflow, downflow and capacity are the usage factors of the
// product table (products.go).
var usageDefs = map[string]usageDef{
	"Duration":           {"Duration", "时长", muHour},
	"vcpuDuration":       {"vCPU duration", "vCPU时长", muCoreHour},
	"memDuration":        {"Memory duration", "内存时长", muGBMemHour},
	"spotDuration":       {"Spot duration", "竞价时长", muHour},
	"capacity":           {"Storage capacity", "存储容量", muGBCap},
	"iopsDuration":       {"Provisioned IOPS duration", "预配置IOPS时长", muIOPSHour},
	"throughputDuration": {"Provisioned throughput duration", "预配置吞吐量时长", muMBpsHour},
	"upflow":             {"Upstream traffic", "上行流量", muGB},
	"downflow":           {"Downstream traffic", "下行流量", muGB},
	"flow":               {"Video connection traffic", "视频连接流量", muGB},
	"crossRegionFlow":    {"Cross-region replication traffic", "跨区域复制流量", muGB},
	"retrieval":          {"Data retrieval", "数据取回量", muGB},
	"reqNumber":          {"Requests", "请求次数", muTimes},
	"putRequests":        {"PUT requests", "PUT类请求次数", muTimes},
	"getRequests":        {"GET requests", "GET类请求次数", muTimes},
	"httpsReqNumber":     {"HTTPS requests", "HTTPS请求次数", muTimes},
	"peakBandwidth":      {"Peak bandwidth", "峰值带宽", muMbps},
	"95peakBandwidth":    {"95th percentile peak bandwidth", "95峰值带宽", muMbps},
	"elasticBandwidth":   {"Elastic protection bandwidth", "弹性防护带宽", muGbps},
	"lcuDuration":        {"LCU duration", "LCU时长", muTimesHour},
	"gbSeconds":          {"Execution resources", "执行资源量", muGBs},
	"smsNumber":          {"SMS messages", "短信条数", muTimes},
	"emailNumber":        {"Email notifications", "邮件通知条数", muTimes},
	"logIngest":          {"Log read/write traffic", "日志读写流量", muGB},
	"logIndex":           {"Log indexing traffic", "日志索引流量", muGB},
	"metricNumber":       {"Custom metrics", "自定义指标数", muTimesHour},
	"dailyalarmnum":      {"Alarms", "告警次数", muTimes},
	"certNumber":         {"Issued certificates", "签发证书数", muPiece},
	"transcodeDuration":  {"Transcoding duration", "转码时长", muVideoMin},
	"tokens":             {"Inference tokens", "推理tokens", muKTokens},
}

// measureUnits are the measurement units of §4.1.5. The scale is in the
// smallest unit of the measure type (seconds, cents, bytes, ...).
var measureUnits = []measureUnit{
	{muDay, "Day", "天", "d", mtDuration, d("86400"), []int{muHour, muMinute}},
	{muUSD, "USD", "美元", "YDollar", mtCurrency, d("100"), []int{muJiao, muCent}},
	{muJiao, "Dime", "角", "Jiao", mtCurrency, d("10"), []int{muCent}},
	{muCent, "Cent", "分", "Fen", mtCurrency, d("1"), nil},
	{muHour, "Hour", "小时", "h", mtDuration, d("3600"), []int{muMinute}},
	{muMinute, "Minute", "分钟", "min", mtDuration, d("60"), []int{muSecond}},
	{muSecond, "Second", "秒", "s", mtDuration, d("1"), nil},
	{muMonth, "Month", "月", "mon", mtPeriod, d("1"), nil},
	{muYear, "Year", "年", "yr", mtPeriod, d("12"), []int{muMonth}},
	{muPiece, "Piece", "个", "pcs", mtQuantity, d("1"), nil},
	{muGB, "GB", "GB", "G", mtTraffic, d("1073741824"), []int{muMB}},
	{muMB, "MB", "MB", "M", mtTraffic, d("1048576"), []int{muKB}},
	{muKB, "KB", "KB", "K", mtTraffic, d("1024"), []int{muByte}},
	{muByte, "Byte", "字节", "B", mtTraffic, d("1"), nil},
	{muTimes, "Times", "次", "times", mtCount, d("1"), nil},
	{muMbps, "Mbit/s", "Mbit/s", "Mbps", mtBandwidth, d("1024"), []int{muKbps}},
	{muKbps, "Kbit/s", "Kbit/s", "Kbps", mtBandwidth, d("1"), nil},
	{muGBCap, "GB", "GB", "G", mtCapacity, d("1024"), []int{muMBCap}},
	{muMBCap, "MB", "MB", "M", mtCapacity, d("1"), nil},
	{muTBCap, "TB", "TB", "T", mtCapacity, d("1048576"), []int{muGBCap}},
	{muTB, "TB", "TB", "T", mtTraffic, d("1099511627776"), []int{muGB}},
	{muGbps, "Gbit/s", "Gbit/s", "Gbps", mtBandwidth, d("1048576"), []int{muMbps}},
	{muTenK, "10,000 times", "万次", "10k times", mtCount, d("10000"), []int{muTimes}},
	{muMillion, "1,000,000 times", "百万次", "M times", mtCount, d("1000000"), []int{muTenK, muTimes}},
	{muGBHour, "GB-hour", "GB*小时", "GB*h", mtCapDuration, d("1"), nil},
	{muGBDay, "GB-day", "GB*天", "GB*d", mtCapDuration, d("24"), []int{muGBHour}},
	{muCoreHour, "vCPU-hour", "核*小时", "vCPU*h", mtCoresDuration, d("1"), nil},
	{muGBMemHour, "GB-hour (memory)", "GB*小时（内存）", "GiB*h", mtMemoryDuration, d("1"), nil},
	{muIOPSHour, "IOPS-hour", "IOPS*小时", "IOPS*h", mtIOPSDuration, d("1"), nil},
	{muMBpsHour, "MB/s-hour", "MB/s*小时", "MBps*h", mtThroughputDur, d("1"), nil},
	{muGBs, "GB-second", "GB*秒", "GB*s", mtCapDuration2, d("1"), nil},
	{muKTokens, "1K tokens", "千tokens", "1K tokens", mtKiloTokens, d("1"), nil},
	{muTokens, "Tokens", "tokens", "tokens", mtTokens, d("1"), nil},
	{muLine, "Line", "条", "line", mtLines, d("1"), nil},
	{muKm, "Kilometer", "千米", "km", mtLength, d("1"), nil},
	{muSqM, "Square meter", "平方米", "m2", mtArea, d("1"), nil},
	{muQPS, "QPS", "QPS", "QPS", mtQueryRate, d("1"), nil},
	{muVideoMin, "Video minute", "视频分钟", "min", mtVideo, d("1"), nil},
	{muMBps, "MB/s", "MB/s", "MBps", mtThroughput, d("1"), nil},
	{muUnitPkg, "Deduction unit", "抵扣单位", "unit", mtPackageUnit, d("1"), nil},
	{muGB1000, "GB (1000)", "GB（1000进制）", "G", mtTraffic1000, d("1000000000"), nil},
	{muMbps1000, "Mbit/s (1000)", "Mbit/s（1000进制）", "Mbps", mtBandwidth1000, d("1000"), nil},
	{muHKD, "HKD", "港元", "HKD", mtHKD, d("1"), nil},
	{muTimesHour, "Unit-hour", "个*小时", "unit*h", mtNumberDuration, d("1"), nil},
	{muTimesSec, "Times/second", "次/秒", "times/s", mtFrequency, d("1"), nil},
}

func buildCatalog() *catalog {
	c := &catalog{
		serviceByCode:  make(map[string]*catService),
		resourceByCode: make(map[string]*catResource),
		measureByID:    make(map[int]*measureUnit),
	}
	for i := range serviceTypes {
		s := serviceTypes[i]
		s.code = "hws.service.type." + s.code
		s.related = nil
		for _, r := range serviceTypes[i].related {
			s.related = append(s.related, "hws.resource.type."+r)
		}
		c.services = append(c.services, &s)
		c.serviceByCode[s.code] = &s
	}
	for i := range resourceTypes {
		r := resourceTypes[i]
		r.code = "hws.resource.type." + r.code
		r.service = "hws.service.type." + r.service
		c.resources = append(c.resources, &r)
		c.resourceByCode[r.code] = &r
	}
	// Usage types are listed by usage code, then resource type, as BSS
	// lists them in no particular order a caller could rely on.
	for _, r := range c.resources {
		for _, u := range r.usages {
			c.usages = append(c.usages, &catUsage{code: u, resource: r})
		}
	}
	for i := range measureUnits {
		m := &measureUnits[i]
		c.measures = append(c.measures, m)
		c.measureByID[m.id] = m
	}
	for _, m := range c.measures {
		for _, to := range m.convertsTo {
			ref := c.measureByID[to]
			c.conversions = append(c.conversions, upstream.Conversion{
				MeasureID: m.id, RefMeasureID: to, MeasureType: m.typ,
				ConversionRatio: m.scale.Div(ref.scale).IntPart(),
			})
		}
	}
	return c
}

// usageOf returns the usage type code of a resource type that equals usage
// case-insensitively (usage_factor is case-insensitive in §4.2.1).
func (c *catalog) usageOf(resourceType, usage string) (string, bool) {
	r, ok := c.resourceByCode[resourceType]
	if !ok {
		return "", false
	}
	for _, u := range r.usages {
		if strings.EqualFold(u, usage) {
			return u, true
		}
	}
	return "", false
}

// convert converts v from measure unit from into unit to, which must be of
// the same measure type; ok is false otherwise or for unknown units.
func (c *catalog) convert(v decimal.Decimal, from, to int) (decimal.Decimal, bool) {
	f, ok1 := c.measureByID[from]
	t, ok2 := c.measureByID[to]
	if !ok1 || !ok2 || f.typ != t.typ {
		return decimal.Zero, false
	}
	if from == to {
		return v, true
	}
	return v.Mul(f.scale).DivRound(t.scale, 16), true
}

// Names in the caller's language.
func (s *catService) name(en bool) string  { return catLang(en, s.en, s.zh) }
func (r *catResource) name(en bool) string { return catLang(en, r.en, r.zh) }
func (r *catResource) desc(en bool) string { return catLang(en, r.descEN, r.descZH) }
func (m *measureUnit) name(en bool) string { return catLang(en, m.en, m.zh) }
func (u *catUsage) name(en bool) string {
	return catLang(en, usageDefs[u.code].en, usageDefs[u.code].zh)
}
func catLang(en bool, e, z string) string {
	if en {
		return e
	}
	return z
}

// catalogServiceName returns the name of a service type code in the caller's
// language, or the code itself when the catalog does not know it. Other
// domains use it to fill service_type_name fields.
func catalogServiceName(code string, en bool) string {
	if s, ok := newCatalog(nil).serviceByCode[code]; ok {
		return s.name(en)
	}
	return code
}

// catalogResourceName returns the name of a resource type code in the caller's
// language, or the code itself when the catalog does not know it.
func catalogResourceName(code string, en bool) string {
	if r, ok := newCatalog(nil).resourceByCode[code]; ok {
		return r.name(en)
	}
	return code
}

// Offset bounds of the catalog APIs (Tables 4-2, 4-5, 4-8, 4-12). Table 4-5
// prints "0 to 100000 0000", a line break in the PDF; the larger reading is
// accepted so no valid request is refused.
const (
	maxOffsetServiceTypes     = 100000000
	maxOffsetResourceTypes    = 1000000000
	maxOffsetServiceResources = 1000000
	maxOffsetUsageTypes       = 100000000
)

// catCheckLen validates an optional string query parameter's length.
func catCheckLen(name, v string, maxLen int) error {
	if len([]rune(v)) > maxLen {
		return badParam("%s must be at most %d characters", name, maxLen)
	}
	return nil
}

// listServiceTypes answers 4.1.1.
func (s *Server) listServiceTypes(a *account, r *request) (any, error) {
	offset, limit, err := r.pageParams(maxOffsetServiceTypes, 1000)
	if err != nil {
		return nil, err
	}
	c, en := r.world.catalog, r.en()
	types := pageViews(c.services, offset, limit, func(st *catService) upstream.ServiceType {
		return upstream.ServiceType{ServiceTypeName: st.name(en), ServiceTypeCode: st.code, Abbreviation: st.abbr}
	})
	return &upstream.ServiceTypePage{TotalCount: len(c.services), ServiceTypes: types}, nil
}

// listResourceTypes answers 4.1.2.
func (s *Server) listResourceTypes(a *account, r *request) (any, error) {
	offset, limit, err := r.pageParams(maxOffsetResourceTypes, 1000)
	if err != nil {
		return nil, err
	}
	c, en := r.world.catalog, r.en()
	types := pageViews(c.resources, offset, limit, func(rt *catResource) upstream.ResourceType {
		return upstream.ResourceType{ResourceTypeCode: rt.code, ResourceTypeName: rt.name(en), ResourceTypeDesc: rt.desc(en), ServiceTypeCode: rt.service}
	})
	return &upstream.ResourceTypePage{TotalCount: len(c.resources), ResourceTypes: types}, nil
}

// serviceResources returns the resource types §4.1.3 lists for a service:
// its own, then the related ones of other services.
func (c *catalog) serviceResources(code string) []*catResource {
	st, ok := c.serviceByCode[code]
	if !ok {
		return nil
	}
	var out []*catResource
	for _, rt := range c.resources {
		if rt.service == code {
			out = append(out, rt)
		}
	}
	for _, rc := range st.related {
		out = append(out, c.resourceByCode[rc])
	}
	return out
}

// listServiceResources answers 4.1.3. An unknown service type has no
// resources (an empty page, as BSS answers for a service without any).
func (s *Server) listServiceResources(a *account, r *request) (any, error) {
	code, err := r.requiredParam("service_type_code")
	if err != nil {
		return nil, err
	}
	if err := catCheckLen("service_type_code", code, 64); err != nil {
		return nil, err
	}
	offset, limit, err := r.pageParams(maxOffsetServiceResources, 100)
	if err != nil {
		return nil, err
	}
	all, en := r.world.catalog.serviceResources(code), r.en()
	infos := pageViews(all, offset, limit, func(rt *catResource) upstream.ServiceResource {
		return upstream.ServiceResource{BasicInfo: upstream.ResourceBasicInfo{
			ResourceTypeCode: rt.code, ProductOwnerService: rt.service, Name: rt.name(en), Description: rt.desc(en),
		}}
	})
	return &upstream.ServiceResourcePage{TotalCount: len(all), Infos: infos}, nil
}

// listUsageTypes answers 4.1.4. A resource_type_code present but empty is a
// filter of its own (Table 4-12) that no usage type matches.
func (s *Server) listUsageTypes(a *account, r *request) (any, error) {
	q := r.query()
	_, filtered := q["resource_type_code"]
	code := q.Get("resource_type_code")
	if err := catCheckLen("resource_type_code", code, 64); err != nil {
		return nil, err
	}
	offset, limit, err := r.pageParams(maxOffsetUsageTypes, 100)
	if err != nil {
		return nil, err
	}
	c := r.world.catalog
	all := c.usages
	if filtered {
		all = nil
		for _, u := range c.usages {
			if u.resource.code == code {
				all = append(all, u)
			}
		}
	}
	en := r.en()
	types := pageViews(all, offset, limit, func(u *catUsage) upstream.UsageType {
		st := c.serviceByCode[u.resource.service]
		return upstream.UsageType{
			Code: u.code, Name: u.name(en),
			ResourceTypeCode: u.resource.code, ServiceTypeCode: st.code,
			ResourceTypeName: u.resource.name(en), ServiceTypeName: st.name(en),
		}
	})
	return &upstream.UsageTypePage{TotalCount: len(all), UsageTypes: types}, nil
}

// listMeasureUnits answers 4.1.5: every unit, no paging.
func (s *Server) listMeasureUnits(a *account, r *request) (any, error) {
	out := &upstream.MeasureUnitList{MeasureUnits: []upstream.MeasureUnit{}}
	for _, m := range r.world.catalog.measures {
		out.MeasureUnits = append(out.MeasureUnits, upstream.MeasureUnit{
			MeasureID: m.id, MeasureName: m.name(r.en()), Abbreviation: m.abbr, MeasureType: m.typ,
		})
	}
	return out, nil
}

// listConversions answers 4.1.6, optionally filtered by measure_type.
func (s *Server) listConversions(a *account, r *request) (any, error) {
	mt, err := r.intParam("measure_type", 0, 1, 2147483647)
	if err != nil {
		return nil, err
	}
	out := &upstream.ConversionList{Conversions: []upstream.Conversion{}}
	for _, cv := range r.world.catalog.conversions {
		if mt == 0 || cv.MeasureType == mt {
			out.Conversions = append(out.Conversions, cv)
		}
	}
	return out, nil
}
