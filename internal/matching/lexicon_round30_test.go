package matching

import "testing"

// TestLexiconRowsOfRound30: the rows added after eval34's and eval35's
// misses read the Latin species and family names and the trade names
// RASFF notifies fish, seafood, meat, pet food and additives under, as
// declarants write them in Chinese: 箭齿鲽 for Atheresthes stomias, 茎柔鱼
// for Dosidicus gigas, 驼背大马哈鱼 for Oncorhynchus gorbuscha, 泛酸钙 for
// vitamin B5; a species is not another of its genus or family.
func TestLexiconRowsOfRound30(t *testing.T) {
	checkFits(t, []fitCase{
		// aquatic species
		{"Atheresthes stomias", "冷冻箭齿鲽（整条）", "0303390000", true},
		{"Atheresthes stomias", "冻狭鳕鱼片", "0304750000", false},
		{"Dosidicus gigas", "冻茎柔鱼片（秘鲁鱿鱼）", "0307430000", true},
		{"Illex argentinus", "冻阿根廷滑柔鱼（整只）", "0307430000", true},
		{"Todarodes pacificus and Octopus vulgaris", "冻太平洋褶柔鱼及真蛸（混装）", "0307430000", true},
		{"Humpback salmon (Oncorhynchus gorbuscha)", "冷冻驼背大马哈鱼（粉鲑，去脏）", "0303130000", true},
		{"Oncorhynchus gorbuscha", "冻驼背大麻哈鱼片（粉鲑）", "0304810000", true},
		{"frozen atlantic cods", "冷冻大西洋鳕鱼（整条）", "0303630000", true},
		{"Polędwica z dorsza Atlantyckiego // Atlantic cod tenderloin", "冻大西洋鳕鱼柳", "0304710000", true},
		{"Alaska pollock fillets", "冻明太鱼片", "0304750000", true},
		{"Haddock fillets", "冻黑线鳕鱼片", "0304720000", true},
		{"Whiteleg shrimp", "冻南美白对虾仁", "0306171000", true},
		{"Chinese mitten crab", "冻大闸蟹", "0306339000", true},
		{"Chinese mitten crab", "冻梭子蟹", "0306339000", false},
		{"Yesso scallop meat", "冻虾夷扇贝柱", "0307220000", true},
		{"Crab sticks", "冷冻蟹味棒（鱼糜制品）", "1604200000", true},
		// after the merge: Suidae without the casings, Swedish, maca as an extract
		{"Suidae", "冷冻猪肉（分割，去骨）", "0203290000", true},
		{"Suidae", "猪肠衣（盐渍）", "0504000000", false},
		{"Hundtugg(230910)", "狗咬胶（鸡肉卷）", "2309100000", true},
		{"Maca Extract", "玛卡提取物（粉，10:1）", "1302199099", true},
		// animals by Latin and family names
		{"Sus scrofa", "冷冻猪肉（分割，去骨）", "0203290000", true},
		{"Bos taurus", "牛皮狗咬胶（卷）", "2309100000", true},
		{"Aves Ruminantia Bos taurus", "犬粮（鸡肉牛肉味）", "2309100000", true},
		{"Sus scrofa domesticus", "冷冻牛肉（去骨）", "0202300000", false},
		// vitamins, minerals, amino acids
		{"vitamin B5 and vitamin D3", "维生素B5（D-泛酸钙）及维生素D3（饲料级）", "2936240000", true},
		{"Manganese Bisglycinate 20%", "甘氨酸锰（20%）", "2922499990", true},
		{"Manganese Bisglycinate 20%", "甘氨酸锌", "2922499990", false},
		{"L-icoleucine", "L-异亮氨酸（饲料级）", "2922499990", true},
		{"Choline chloride 60%", "氯化胆碱（60%，玉米芯型）", "2923100000", true},
		{"Astaxanthin", "虾青素粉（饲料添加剂）", "3204190000", true},
		// oils, botanicals, insects, snacks
		{"Evening Primrose Oil", "月见草油（精制）", "1515900000", true},
		{"Equisetum arvense", "问荆（木贼草，干，饲料原料）", "1211909999", true},
		{"Dried worms", "烘干黄粉虫（宠物饲料）", "2309909000", true},
		{"Dried worms", "冻干牛肉粒（宠物零食）", "2309909000", false},
		{"Nacho mexicanos", "玉米片（墨西哥风味，200克/袋）", "1904100000", true},
		{"Organic soya press cake", "有机大豆饼（压榨）", "2304001000", true},
		{"Pet chews", "狗咬胶（牛皮骨，混装）", "2309100000", true},
		{"Kauknochen", "狗咬胶（牛皮骨）", "2309100000", true},
	})
}
