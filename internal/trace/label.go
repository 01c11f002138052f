package trace

import "riskgate/internal/risk"

// EventType is an EPCIS event type as pages name it.
type EventType string

var eventTypeLabels = risk.Labels{
	"ObjectEvent": {"对象事件", "object event"}, "AggregationEvent": {"组合事件", "aggregation event"},
	"TransactionEvent": {"交易事件", "transaction event"}, "TransformationEvent": {"加工转化事件", "transformation event"},
	"AssociationEvent": {"关联事件", "association event"},
}

// Label names the event type.
func (t EventType) Label() (zh, en string) { return eventTypeLabels.Of(string(t)) }

// BizStep is a CBV 2.0 business step (bare term) or a private URI.
type BizStep string

var bizStepLabels = risk.Labels{
	"accepting": {"验收", "accepting"}, "arriving": {"到达", "arriving"}, "assembling": {"组装", "assembling"},
	"collecting": {"收集", "collecting"}, "commissioning": {"生产赋码", "commissioning"}, "consigning": {"托运", "consigning"},
	"creating_class_instance": {"批次生产", "creating class instance"}, "cycle_counting": {"循环盘点", "cycle counting"},
	"decommissioning": {"注销", "decommissioning"}, "departing": {"离开", "departing"}, "destroying": {"销毁", "destroying"},
	"disassembling": {"拆解", "disassembling"}, "dispensing": {"分发", "dispensing"}, "encoding": {"编码", "encoding"},
	"entering_exiting": {"进出", "entering or exiting"}, "holding": {"扣留", "holding"}, "inspecting": {"检验", "inspecting"},
	"installing": {"安装", "installing"}, "killing": {"屠宰", "killing"}, "loading": {"装载", "loading"}, "other": {"其他", "other"},
	"packing": {"包装组托", "packing"}, "picking": {"拣货", "picking"}, "receiving": {"接收", "receiving"}, "removing": {"移除", "removing"},
	"repackaging": {"重新包装", "repackaging"}, "repairing": {"维修", "repairing"}, "replacing": {"更换", "replacing"},
	"reserving": {"预留", "reserving"}, "retail_selling": {"零售", "retail selling"}, "sampling": {"抽样", "sampling"},
	"sensor_reporting": {"传感器报告", "sensor reporting"}, "shipping": {"发运", "shipping"}, "staging_outbound": {"待发", "staging outbound"},
	"stock_taking": {"盘点", "stock taking"}, "stocking": {"上架", "stocking"}, "storing": {"仓储", "storing"},
	"transporting": {"运输", "transporting"}, "unloading": {"卸载", "unloading"}, "unpacking": {"拆托", "unpacking"},
	"void_shipping": {"取消发运", "void shipping"},
}

// Label names the business step; a private URI names itself.
func (b BizStep) Label() (zh, en string) { return bizStepLabels.Of(string(b)) }

// Role is what an identifier is to an event, as pages name it.
type Role string

var roleLabels = risk.Labels{
	"epc": {"标的", "object"}, "parent": {"容器", "parent"}, "child": {"内装", "child"}, "input": {"投入", "input"}, "output": {"产出", "output"},
}

// Label names the role.
func (r Role) Label() (zh, en string) { return roleLabels.Of(string(r)) }
