package demo

import (
	"errors"
	"fmt"

	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// local is a product a prefecture's signals are about: where it comes
// from (a GB/T 2260 county code), what it is and what went wrong.
type local struct {
	region, product, hs, hazard, what string
}

// locals are one product of each of Hunan's 14 市州, in the order of the
// regions catalogue.
var locals = []local{
	{"430111", "电动自行车充电器", "8504401400", "fire", "充电时外壳过热冒烟"},
	{"430281", "日用陶瓷碗", "6912001000", "chemical", "釉面彩绘脱落，怀疑铅溶出超标"},
	{"430302", "不锈钢炒锅", "7323930000", "cuts", "锅柄铆钉断裂，使用者手部割伤"},
	{"430405", "婴幼儿配方奶粉", "1901101000", "food-pathogens", "冲调后婴儿腹泻，怀疑微生物污染"},
	{"430582", "一次性打火机", "9613100000", "burns", "火焰高度无法调节，点火时窜火"},
	{"430602", "冻鮰鱼片", "0304620000", "food-vet-drug-residues", "快检显示疑似孔雀石绿残留"},
	{"430702", "绿茶", "0902109000", "food-pesticide-residues", "出口前自检农残接近限量"},
	{"430802", "木制旅游纪念玩具", "9503006000", "choking", "小部件松动，可被儿童拉下"},
	{"430902", "竹制筷子", "4419121000", "chemical", "有刺鼻气味，怀疑甲醛超标"},
	{"431002", "锡制工艺品", "8306290000", "chemical", "标称食品接触用，怀疑铅含量超标"},
	{"431102", "塑料玩具车", "9503001000", "choking", "车轮脱落，可被儿童放入口中"},
	{"431202", "中药材（黄精）", "1211903999", "food-pesticide-residues", "抽检二氧化硫残留偏高"},
	{"431322", "USB 充电器", "8504401400", "electric-shock", "插脚间距不符，外壳可被拆开触及带电部件"},
	{"433101", "白酒", "2208901000", "chemical", "酒精度与标签不符，怀疑勾兑"},
}

// localChannel is how each signal of the province arrives, in turn.
var localChannels = []struct {
	channel, ref, reporter, lead string
}{
	{"12360", "12360", "", "来电反映："},
	{"public-opinion", "YQ", "舆情监测", "网络舆情："},
	{"monitoring-sample", "JCCY", "长沙海关风险监测点", "监测抽样："},
	{"injury-report", "SH", "市州医院伤害监测哨点", "伤害报告："},
	{"inter-department", "SJ", "市州市场监管局", "部门转来："},
}

// localDays are the days before today the province's signals arrive:
// one every other day over twelve weeks, so that every week of the
// workbench's trend has some and every 市州 appears on its map.
const localDays = 82

// planRegional plans the province's everyday signals — hotline calls,
// public opinion, monitoring samples, injury reports and referrals from
// other departments, each from one of the 14 市州 — recorded by the
// officer as they arrive; those more than three weeks old were looked into
// and dismissed (isolated cases, handed to the local regulator), the
// recent ones wait in the triage queue.
func (d *demo) planRegional() error {
	first := d.localRef(0)
	if _, err := d.a.DB.Signals().ByRef(d.ctx, localChannels[0].channel, first); err == nil {
		return nil
	} else if !errors.Is(err, risk.ErrNotFound) {
		return err
	}
	for i := 0; 2*i <= localDays-2; i++ {
		day := localDays - 2*i
		l, ch := locals[i%len(locals)], localChannels[i%len(localChannels)]
		in := signal.Input{Channel: ch.channel, ExternalRef: d.localRef(i), ReceivedAt: d.tl.at(day, 9+i%8, 5*(i%12)), Region: l.region,
			Product: signal.Product{Name: l.product, HSCode: l.hs, Origin: "CN"}, Hazard: l.hazard,
			Description: ch.lead + l.product + l.what + "。", Reporter: signal.Reporter{Name: ch.reporter}}
		if ch.channel == "injury-report" {
			in.Injuries = signal.Injuries{Count: 1, Severity: 1}
		}
		var id risk.ID
		d.tl.add(in.ReceivedAt.Add(20*60e9), "signal "+in.ExternalRef, func() error {
			res, err := d.a.Signals.Create(d.ctx, d.as("officer"), []signal.Input{in})
			if err == nil {
				id = res[0].ID
			}
			return err
		})
		if day > 21 {
			d.tl.add(d.tl.at(day-1, 10, 0), "signal dismissed "+in.ExternalRef, func() error {
				return d.a.Signals.Dismiss(d.ctx, d.as("officer"), id, "已核实：个案问题，已转属地监管部门处理，未发现系统性风险。")
			})
		}
	}
	return nil
}

// localRef is the external reference of the province's i-th signal.
func (d *demo) localRef(i int) string {
	day := localDays - 2*i
	return fmt.Sprintf("%s-%s-%04d", localChannels[i%len(localChannels)].ref, d.tl.at(day, 0, 0).Format("20060102"), 500+i)
}
