package matching

import (
	_ "embed"
	"io"
	"strings"
	"unicode"
)

// A brand owned abroad is often declared by the Chinese name its owner
// sells under in China: Giant's bicycles as 捷安特, Shimano's parts as 禧玛诺,
// Yamaha's as 雅马哈. data/brandnames.csv gives the English names of such
// brands, from CC-CEDICT's proper names whose glosses call them a brand,
// a company, a maker or a retailer (scripts/cedict/brands.py); a declared
// brand that is one of them is also read as each of its English names.

//go:embed data/brandnames.csv
var brandNamesCSV string

// BrandNames are the English names of brands known by a Chinese name, each
// written as a brand form (normBrand).
type BrandNames map[string][]string

var brandNamesTable = table{field: "brandnames", zh: "外国品牌中文名表", en: "Chinese names of brands", header: "zh,en,source", fields: 3}

// ParseBrandNames reads the table (columns zh, en, source; "|" separates
// names) and checks every row: two to eight Chinese characters, once;
// names of letters, digits, spaces and & ' . ! -; source cedict or trade.
// The first bad row is an error naming its line and field; nothing of a
// bad file is used.
func ParseBrandNames(r io.Reader) (BrandNames, error) {
	b := BrandNames{}
	err := brandNamesTable.read(r, func(rec []string) *rowError {
		zh := strings.TrimSpace(rec[0])
		if n := len([]rune(zh)); n < 2 || n > 8 || strings.ContainsFunc(zh, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
			return &rowError{"zh", "须为二至八个汉字。", "must be two to eight Chinese characters."}
		}
		if _, dup := b[zh]; dup {
			return &rowError{"zh", "品牌 " + zh + " 重复。", "the brand " + zh + " repeats."}
		}
		var forms []string
		for _, name := range strings.Split(rec[1], "|") {
			name = strings.TrimSpace(name)
			if name == "" || strings.ContainsFunc(name, func(r rune) bool {
				return r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" &'.!-", r))
			}) {
				return &rowError{"en", "英文名须为字母、数字、空格或 & ' . ! -。", "the English names must be letters, digits, spaces or & ' . ! -."}
			}
			if f := normBrand(name); f != "" && !genericBrand(f) {
				forms = append(forms, f)
			}
		}
		if len(forms) == 0 {
			return &rowError{"en", "缺少英文名。", "the English name is missing."}
		}
		switch strings.TrimSpace(rec[2]) {
		case "cedict", "trade":
		default:
			return &rowError{"source", "来源须为 cedict 或 trade。", "the source must be cedict or trade."}
		}
		b[zh] = forms
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// forms are the English names of a declared brand known by its Chinese
// name, none for any other brand.
func (b BrandNames) forms(brand string) []string {
	// A transliterated name may be written with a middle dot between its
	// parts (哈雷·戴维森).
	return b[nameDots.Replace(strings.TrimSpace(fold(brand)))]
}

// nameDots are the marks between a transliterated name's parts.
var nameDots = strings.NewReplacer("·", "", "•", "", "・", "", " ", "")
