// Package demo loads riskgate's demonstration data. Load loads the core —
// one account per role, a register of fictitious Hunan enterprises and one
// real risk carried through the whole walk — on which the web tests build;
// LoadAll loads the whole demonstration that `riskgate demo` serves (see
// full.go). Both go through the services, audit entries and all, and both
// are idempotent: a second load adds nothing.
package demo

import (
	"context"
	"fmt"

	"riskgate/internal/app"
	"riskgate/internal/auth"
	"riskgate/internal/enterprise"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Account is a demo login.
type Account struct {
	Login, Password, Role, Name, Dept string
}

// Accounts are the demo logins of the core. The passwords are public:
// demo data only.
var Accounts = []Account{
	{"admin", "admin-demo-2026", "admin", "系统管理员 王强", "hn-gov"},
	{"officer", "officer-demo-2026", "officer", "风险管理员 李敏", "cs-customs"},
	{"approver", "approver-demo-2026", "approver", "审批领导 张伟", "cs-customs"},
	{"inspector", "inspector-demo-2026", "inspector", "查验员 刘洋", "cs-customs"},
	{"enterprise", "enterprise-demo-2026", "enterprise", "企业用户 陈静", ""},
	{"lab", "lab-demo-2026", "lab", "检测员 赵磊", ""},
}

type firm struct {
	body   string // first 17 characters of the USCC
	nameZh string
	nameEn string
	region string
	roles  []string
	tier   string
	addr   string
}

// The firms are fictitious; their codes carry real Hunan region digits and
// valid check characters. The enterprise account belongs to the first.
var firms = []firm{
	{"91430100MA4L1A2B3", "湖南湘江烟花进出口有限公司", "Hunan Xiangjiang Fireworks Import & Export Co., Ltd.", "430181", []string{"exporter", "manufacturer"}, "advanced", "浏阳市集里街道花炮大道 88 号"},
	{"91430100MA4L2C3D4", "长沙星城跨境电子商务有限公司", "Changsha Xingcheng Cross-border E-commerce Co., Ltd.", "430104", []string{"ecommerce-platform", "importer"}, "certified", "长沙市岳麓区麓谷大道 627 号"},
	{"91430200MA4M3E4F5", "株洲动力机电出口有限公司", "Zhuzhou Power Electromechanical Export Co., Ltd.", "430211", []string{"exporter", "manufacturer"}, "certified", "株洲市天元区泰山路 188 号"},
	{"91430300MA4N4G5H6", "湘潭钢铁制品贸易有限公司", "Xiangtan Steel Products Trading Co., Ltd.", "430302", []string{"exporter"}, "routine", "湘潭市雨湖区建设北路 19 号"},
	{"91430400MA4P5J6K7", "衡阳雁城食品进出口有限公司", "Hengyang Yancheng Food Import & Export Co., Ltd.", "430405", []string{"importer", "exporter"}, "routine", "衡阳市珠晖区东风路 66 号"},
	{"91430500MA4Q6L7M8", "邵阳宝庆箱包制造有限公司", "Shaoyang Baoqing Luggage Manufacturing Co., Ltd.", "430502", []string{"manufacturer", "exporter"}, "routine", "邵阳市双清区宝庆大道 300 号"},
	{"91430600MA4R7N8P9", "岳阳洞庭湖水产品有限公司", "Yueyang Dongting Aquatic Products Co., Ltd.", "430602", []string{"exporter", "manufacturer"}, "dishonest", "岳阳市岳阳楼区洞庭南路 12 号"},
	{"91430700MA4T8Q9R0", "常德桃源茶业进出口有限公司", "Changde Taoyuan Tea Import & Export Co., Ltd.", "430702", []string{"exporter"}, "routine", "常德市武陵区朗州路 45 号"},
	{"91430800MA4U9T0T1", "张家界武陵山特产贸易有限公司", "Zhangjiajie Wulingshan Specialties Trading Co., Ltd.", "430802", []string{"exporter", "agent"}, "routine", "张家界市永定区大庸路 8 号"},
	{"91430900MA4W0U1W2", "益阳竹艺家居出口有限公司", "Yiyang Bamboo Homeware Export Co., Ltd.", "430902", []string{"manufacturer", "exporter"}, "certified", "益阳市资阳区长春路 77 号"},
	{"91431000MA4X1X2Y3", "郴州有色金属进出口有限公司", "Chenzhou Nonferrous Metals Import & Export Co., Ltd.", "431002", []string{"importer", "exporter"}, "routine", "郴州市北湖区国庆路 5 号"},
	{"91431100MA4Y2A3B4", "永州潇湘玩具制造有限公司", "Yongzhou Xiaoxiang Toys Manufacturing Co., Ltd.", "431102", []string{"manufacturer", "exporter"}, "seriously-dishonest", "永州市零陵区潇水路 21 号"},
	{"91431200MA4Y3C4D5", "怀化五溪药材贸易有限公司", "Huaihua Wuxi Herbal Materials Trading Co., Ltd.", "431202", []string{"exporter"}, "routine", "怀化市鹤城区迎丰路 9 号"},
	{"91431300MA4Y4E5F6", "娄底新化农机出口有限公司", "Loudi Xinhua Agricultural Machinery Export Co., Ltd.", "431302", []string{"exporter", "manufacturer"}, "routine", "娄底市娄星区长青路 31 号"},
	{"91433100MA4Y5G6H7", "湘西酒鬼酒业进出口有限公司", "Xiangxi Spirits Import & Export Co., Ltd.", "433101", []string{"exporter", "brand-owner"}, "certified", "吉首市人民北路 2 号"},
	{"91430100MA4L6J7K8", "长沙金霞报关代理有限公司", "Changsha Jinxia Customs Brokerage Co., Ltd.", "430105", []string{"agent"}, "advanced", "长沙市开福区金霞路 100 号"},
}

// labBody is the first 17 characters of the demo laboratory's USCC.
const labBody = "12430000MB1C2D3E4"

// Load creates the core's enterprises and accounts that do not yet exist,
// carries the core's risk through the walk once, and returns the accounts.
func Load(ctx context.Context, a *app.App) ([]Account, error) {
	if err := register(ctx, a, firms, Accounts); err != nil {
		return nil, err
	}
	if err := loadLifecycle(ctx, a); err != nil {
		return nil, err
	}
	return Accounts, nil
}

// register creates the firms, the demo laboratory and the accounts that do
// not yet exist. The enterprise account belongs to the first firm.
func register(ctx context.Context, a *app.App, fs []firm, accounts []Account) error {
	created := 0
	var first string
	for i, f := range fs {
		uscc, err := ident.MakeUSCC(f.body)
		if err != nil {
			return fmt.Errorf("demo firm %s: %w", f.nameZh, err)
		}
		if i == 0 {
			first = uscc
		}
		if _, err := a.DB.Enterprises().GetByUSCC(ctx, uscc); err == nil {
			continue
		}
		in := enterprise.Input{USCC: uscc, NameZh: f.nameZh, NameEn: f.nameEn, Address: "湖南省" + f.addr, Region: f.region,
			Roles: f.roles, CreditTier: f.tier, ContactName: "联系人", ContactPhone: "0731-8800" + fmt.Sprintf("%04d", i+1),
			ContactEmail: fmt.Sprintf("contact%02d@example.cn", i+1), Dept: "cs-customs"}
		if _, err := a.Enterprises.Create(ctx, risk.System, in); err != nil {
			return fmt.Errorf("demo firm %s: %w", f.nameZh, err)
		}
		created++
	}
	labUSCC, err := ident.MakeUSCC(labBody)
	if err != nil {
		return err
	}
	if _, err := a.DB.Auth().EnsureLab(ctx, risk.System, "湖南省产商品质量检验研究院（演示）", "Hunan Institute of Product and Goods Quality Inspection (demo)", labUSCC); err != nil {
		return fmt.Errorf("demo laboratory: %w", err)
	}
	for _, acc := range accounts {
		nu := auth.NewUser{Login: acc.Login, Name: acc.Name, Dept: acc.Dept, Role: acc.Role, Password: acc.Password}
		switch acc.Role {
		case "enterprise":
			nu.EnterpriseUSCC = first
		case "lab":
			nu.LabUSCC = labUSCC
		}
		if _, err := a.Auth.EnsureUser(ctx, risk.System, nu); err != nil {
			return fmt.Errorf("demo account %s: %w", acc.Login, err)
		}
	}
	if created > 0 {
		a.Log.Info("demo data loaded", "enterprises", created)
	}
	return nil
}
