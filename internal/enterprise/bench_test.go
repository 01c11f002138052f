package enterprise_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskgate/internal/enterprise"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/store/storetest"
)

var bigXLSX struct {
	once sync.Once
	data []byte
	err  error
}

// importFile builds an XLSX file of n enterprises in the template layout.
func importFile(n int) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	head := []any{"统一社会信用代码 USCC", "企业名称 Chinese name", "英文名称 English name", "地址 Address", "行政区划代码 Region code",
		"企业角色 Roles", "信用等级 Credit tier", "联系人 Contact name", "联系电话 Contact phone", "电子邮箱 Contact e-mail"}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	regions := []string{"430102", "430181", "430211", "430302", "430405", "430602", "430702", "431002", "431102", "433101"}
	tiers := []string{"常规企业", "认证企业", "高级认证企业", "失信企业"}
	for i := 0; i < n; i++ {
		u, err := ident.MakeUSCC(fmt.Sprintf("91430100MA%07d", i))
		if err != nil {
			return nil, err
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		row := []any{u, fmt.Sprintf("湖南基准测试第%d号贸易有限公司", i), fmt.Sprintf("Hunan Benchmark Trading No. %d Co., Ltd.", i),
			fmt.Sprintf("湖南省长沙市岳麓区麓谷大道%d号", i), regions[i%len(regions)], "进口商;出口商", tiers[i%len(tiers)],
			"张三", "0731-88880000", fmt.Sprintf("firm%d@example.cn", i)}
		if err := sw.SetRow(cell, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = f.Write(&buf)
	return buf.Bytes(), err
}

// BenchmarkImportXLSX100k imports 100,000 new enterprises from one XLSX
// file into a fresh SQLite database: parse, validate, insert and audit, in
// one transaction. Goal: under 20 s per import.
//
//	go test -run x -bench ImportXLSX100k -benchtime 3x ./internal/enterprise/
func BenchmarkImportXLSX100k(b *testing.B) {
	const n = 100_000
	bigXLSX.once.Do(func() { bigXLSX.data, bigXLSX.err = importFile(n) })
	if bigXLSX.err != nil {
		b.Fatal(bigXLSX.err)
	}
	officer := risk.Actor{UserID: 2, Login: "officer", Dept: "cs-customs", Role: risk.RoleOfficer}
	b.SetBytes(int64(len(bigXLSX.data)))
	for b.Loop() {
		b.StopTimer()
		db := storetest.Open(b, "sqlite")
		svc := service(b, db)
		b.StartTimer()
		p, err := enterprise.Parse(bytes.NewReader(bigXLSX.data), enterprise.XLSX)
		if err != nil {
			b.Fatal(err)
		}
		res, err := svc.Import(context.Background(), officer, p)
		if err != nil || res.Created != n {
			b.Fatalf("import: %+v %v", res, err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
