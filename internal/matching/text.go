package matching

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	pinyin "github.com/mozillazg/go-pinyin"
	"golang.org/x/text/width"

	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// MaxText bounds, in characters, the text of a notification that matching
// reads (product name, brand, model and description together). A longer
// notification is refused rather than read in part: a model number cut off
// at the limit would be a guess.
const MaxText = 20_000

// Check refuses a notification whose text is too long to read whole.
func (n Notification) Check() error {
	size := 0
	for _, s := range []string{n.Product, n.Brand, n.Model, n.GTIN, n.Manufacturer, n.Words} {
		size += utf8.RuneCountInString(s)
	}
	if size > MaxText {
		return risk.Invalid("description",
			fmt.Sprintf("通报 %s 的产品描述共 %d 个字符，超过可比对的上限 %d。", n.Ref, size, MaxText),
			fmt.Sprintf("notification %s has %d characters of product text, over the %d that matching reads.", n.Ref, size, MaxText))
	}
	return nil
}

// fold reads full-width letters, digits and punctuation (ＢＲＩＧＨＴ　ＳＴＡＲ,
// ＴＸ－３３０) as their ASCII forms.
func fold(s string) string { return width.Fold.String(s) }

// normBrand compares brands: full-width forms read as ASCII, letters
// without their accents, then letters and digits only, lower case (`Bright
// Star` = `BRIGHTSTAR` = `bright-star`, `Cervélo` = `CERVELO`).
func normBrand(s string) string { return norm(foldLatin(fold(s))) }

// foldLatin writes Latin letters without their diacritics (é: e, ł: l) and
// leaves every other script as it is: a Korean or Japanese brand keeps its
// composed letters and its voicing marks (ブラザー is not フラサー).
func foldLatin(s string) string {
	latin := func(r rune) bool { return r >= 0xC0 && r <= 0x24F }
	if !strings.ContainsFunc(s, latin) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if latin(r) {
			b.WriteString(foldAccents(string(r)))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// brandForms are the forms under which a brand field may be written: its
// normalised form and, for a Chinese brand, its pinyin (星辰 = xingchen);
// a field naming several brands ("KeKe, XinHua Electronics") gives the
// forms of each as well.
func brandForms(s string) []string {
	out := oneBrandForms(s)
	if parts := strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",;/|，；、", r) }); len(parts) > 1 {
		for _, p := range parts {
			for _, f := range oneBrandForms(p) {
				if !slices.Contains(out, f) {
					out = append(out, f)
				}
			}
		}
	}
	return out
}

func oneBrandForms(s string) []string {
	b := normBrand(s)
	if b == "" || genericBrand(b) {
		return nil
	}
	out := []string{b}
	// A brand written as a firm's name ("Fu Xiang Yuan Trading", "XinHua
	// Electronics Co., Ltd") is also the name without its trade and legal
	// words.
	// "TheKiddoSpace", "The North Face": the article is often left out.
	if f := fold(strings.TrimSpace(s)); len(b) > 6 && strings.HasPrefix(f, "The") && (f[3] == ' ' || f[3] >= 'A' && f[3] <= 'Z') {
		out = append(out, b[3:])
	}
	if core := normBrand(strings.Join(slices.DeleteFunc(strings.Fields(strings.ToLower(fold(s))), func(w string) bool { return stopwords[norm(w)] }), "")); core != b && len(core) >= 4 {
		out = append(out, core)
	}
	// A retailer's brand is written with or without its trade ("Whole
	// Foods Market", "Whole Foods"): a name of two words or more before it,
	// as one word before it is too often an ordinary word ("Beauty Store").
	if ws := strings.Fields(strings.ToLower(fold(s))); len(ws) > 2 && retailWords[norm(ws[len(ws)-1])] {
		if ws[0] == "the" {
			ws = ws[1:]
		}
		if f := normBrand(strings.Join(ws[:len(ws)-1], " ")); len(ws) > 2 && len(f) >= 5 && !genericBrand(f) && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	// A brand numbered in Roman numerals is written with digits as often
	// ("Stimuloid II" declared STIMULOID 2): the numeral of two letters or
	// more that ends it is also read as its number. A lone I, V or X is
	// as often a letter of the name.
	if ws := strings.Fields(fold(s)); len(ws) > 1 {
		if d, ok := romanNumerals[strings.ToUpper(ws[len(ws)-1])]; ok {
			if f := normBrand(strings.Join(ws[:len(ws)-1], " ")) + d; !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	// An older romanisation of a Chinese brand ("Lian How" for 联好) is
	// also the pinyin it stands for.
	if py := romanisedPinyin(s); py != "" && !slices.Contains(out, py) {
		out = append(out, py)
	}
	if hasHan(s) {
		var han strings.Builder
		var rest strings.Builder
		for _, r := range fold(s) {
			switch {
			case unicode.Is(unicode.Han, r):
				han.WriteRune(r)
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				rest.WriteRune(unicode.ToLower(r))
			}
		}
		if py := strings.Join(pinyin.LazyPinyin(han.String(), pinyin.NewArgs()), ""); py != "" {
			out = append(out, py+rest.String())
		}
		// And its meaning, as an importer may sell it (金香: Golden Smell).
		for _, f := range mustReference().glosses.forms(s) {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
		// And the name its owner sells under abroad (捷安特: Giant).
		for _, f := range mustReference().brandNames.forms(s) {
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// retailWords end a retailer's name after its brand.
var retailWords = map[string]bool{"market": true, "markets": true, "store": true, "stores": true, "supermarket": true, "supermarkets": true}

// romanNumerals are the Roman numerals of two letters or more a brand may
// end with, and the number each stands for.
var romanNumerals = map[string]string{"II": "2", "III": "3", "IV": "4", "VI": "6", "VII": "7", "VIII": "8", "IX": "9", "XI": "11", "XII": "12"}

// normModel compares model, type and article numbers the way declarants
// vary them: full-width forms read as ASCII, case, spaces, hyphens and other
// punctuation ignored, and leading zeros of each run of digits dropped
// (`TX-0330`, `tx 330` and `ＴＸ３３０` are one model).
func normModel(s string) string {
	s = norm(fold(s))
	var b strings.Builder
	b.Grow(len(s))
	inDigits := false
	isDigit := func(i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }
	for i := 0; i < len(s); i++ {
		c := s[i]
		digit := c >= '0' && c <= '9'
		if digit && !inDigits && c == '0' {
			// Drop a leading zero unless it is the run's last digit.
			if isDigit(i + 1) {
				continue
			}
		}
		inDigits = digit
		b.WriteByte(c)
	}
	return b.String()
}

// oAsZero returns a normalised model with each letter o beside a digit
// read as the digit 0, normalised again (xoplmo4sr: xoplm4sr), or "" when
// it has none: recalls and declarants confuse the two (XOP-LMO4-SR printed
// on a box declared XOP-LM04-SR).
func oAsZero(m string) string {
	b := []byte(m)
	changed := false
	for i, c := range b {
		if c == 'o' && (i > 0 && b[i-1] >= '0' && b[i-1] <= '9' || i+1 < len(b) && b[i+1] >= '0' && b[i+1] <= '9') {
			b[i] = '0'
			changed = true
		}
	}
	if !changed {
		return ""
	}
	return normModel(string(b))
}

// usableModel reports a normalised model specific enough to count: three
// characters or more with a digit ("1", "A", "xl" name no product).
func usableModel(m string) bool {
	if len(m) < 3 {
		return false
	}
	return strings.ContainsAny(m, "0123456789")
}

// codeLike reports a model of letters only that is still written as a code
// after its cue: capitals with a hyphen or of three letters or more
// ("model OM-TD", "models OWT and OWM"), never a word ("model unknown").
func codeLike(raw, m string) bool {
	if len(m) < 3 || raw != strings.ToUpper(raw) || notModels[m] {
		return false
	}
	return strings.ContainsAny(raw, "-_/.") || len(m) >= 3
}

// shortCode reports a model of one letter and one digit named after its
// cue ("Model H-1"): specific enough after the cue, though it counts for
// less than a longer model (shortModelStrength).
func shortCode(m string) bool {
	if len(m) != 2 {
		return false
	}
	letter := func(c byte) bool { return c >= 'a' && c <= 'z' }
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	return letter(m[0]) && digit(m[1]) || digit(m[0]) && letter(m[1])
}

// notModels are words written where a model would be.
var notModels = map[string]bool{"unknown": true, "none": true, "various": true, "all": true, "see": true, "not": true, "n/a": true, "na": true, "nil": true, "tbc": true, "tbd": true}

// modelCue finds the words that announce a model, type, article or batch
// number in an alert's text, in the languages the connectors bring, and
// the list of numbers after it.
var modelCue = regexp.MustCompile(`(?i)(?:\b(?:model(?:s|l)?|mod|type|typ|ref|reference|art\.?-?nr|art(?:icle)?|item|style|sku|batch(?:es)?|lot(?:s)?|catalog(?:ue)?|series|modèle|référence|modell|artikel(?:nummer)?|modelo|modello|lotto)\b\.?(?:\s*(?:(?:no|nr|number|numbers|nummer|número|numero|code|codes)\b\.?|n°))?|型号|货号|款号|批号|批次)\s*[:：#=]?\s*`)

// modelToken is one number in the list after a cue: letters, digits and
// joining marks, starting with a letter or digit.
var modelToken = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9\-_/.]*[A-Za-z0-9]|^[A-Za-z0-9]`)

// spacedDigits is the digits of a model whose letters were written apart.
var spacedDigits = regexp.MustCompile(`^ ([0-9]+)\b`)

// listSep joins numbers of one list: ", ", " / ", " and ", " & ", "、".
var listSep = regexp.MustCompile(`^(?:\s*[,，/&、;]\s*|\s+(?:and|or|und|et|y|e)\s+|\s+)`)

// ModelsIn extracts the model, type, article and batch numbers an alert
// names in its free text (`Type TX-330`, `model AB12`, `Art. 4471`,
// `models AB12, AB13 and AB14`, 型号 TX-330), normalised with normModel.
func ModelsIn(text string) []string {
	text = fold(text)
	seen := map[string]bool{}
	var out []string
	for _, loc := range modelCue.FindAllStringIndex(text, -1) {
		rest := text[loc[1]:]
		for range 8 { // at most eight numbers in one list
			tok := modelToken.FindString(rest)
			if tok == "" {
				break
			}
			rest = rest[len(tok):]
			// "TX 330": a letter prefix and its digits written apart.
			if sp := spacedDigits.FindStringSubmatch(rest); sp != nil && !strings.ContainsAny(tok, "0123456789") && len(tok) <= 4 {
				tok += sp[1]
				rest = rest[len(sp[0]):]
			}
			m := normModel(tok)
			if !usableModel(m) && !codeLike(tok, m) && !shortCode(m) {
				break
			}
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
			sep := listSep.FindString(rest)
			if sep == "" {
				break
			}
			// The list goes on with numbers, or with codes of capitals after
			// a comma or "and" when it began with one ("models OWT and OWM";
			// not "model OM-TD BIKE").
			next := modelToken.FindString(rest[len(sep):])
			if next == "" || !strings.ContainsAny(next, "0123456789") &&
				(strings.ContainsAny(m, "0123456789") || strings.TrimSpace(sep) == "" || !codeLike(next, normModel(next))) {
				break
			}
			rest = rest[len(sep):]
		}
	}
	return out
}

// modelListSep separates the models of a declared list
// ("JHRE5/JHRE6/JHRE7/JHRE8", "AB12, AB13").
var modelListSep = regexp.MustCompile(`\s*[/,;|、，；]\s*`)

// modelList returns the models of a declared list, each normalised with
// normModel: the usable ones (codes), and apart the names of six Latin
// letters or more ("RIPPER JR/RIPPER MIPS JR"), which count only with the
// brand named (Match); nil, nil when the field names one model.
func modelList(s string) (codes, names []string) {
	parts := modelListSep.Split(fold(s), -1)
	if len(parts) < 2 {
		return nil, nil
	}
	for _, p := range parts {
		switch m := normModel(p); {
		case slices.Contains(codes, m) || slices.Contains(names, m):
		case usableModel(m):
			codes = append(codes, m)
		case len(m) >= 6 && latinForm(m) && !notModels[m]:
			names = append(names, m)
		}
	}
	if len(codes)+len(names) < 2 {
		return nil, nil
	}
	return codes, names
}

// bareToken is a run of letters and digits joined by hyphens, underscores
// or dots, as a code is written.
var bareToken = regexp.MustCompile(`[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*`)

// standardPrefix is the start of a standard's or a regulation's number
// (EN71, ISO8124, ASTM F963, UN3480), or of an additive's (E171), which
// names no product.
var standardPrefix = regexp.MustCompile(`^(?:EN|ISO|IEC|ASTM|CFR|GB|DIN|BS|ANSI|UL|CSA|JIS|NF|UNI|UN|EC|EU|CE|E)[-_.]?[0-9]`)

// BareModelsIn extracts, normalised with normModel, the codes an alert's
// text names without a "model" or "type" before them ("Lunch box
// bambusowy szary JH-RE6", "the OBB-20 Olympic Dumbbell handles"): a token
// that starts with a letter, has a digit, is written in capitals, holds no
// run of five letters or more (a word: "Omega-3", "COVID-19") and is five
// characters or more once normalised — not a size (5L, 250G, 390ml), a
// year, an index number, an additive (E171) or a standard (EN71).
func BareModelsIn(text string) []string {
	text = fold(text)
	seen := map[string]bool{}
	var out []string
	for _, loc := range bareToken.FindAllStringIndex(text, -1) {
		tok := text[loc[0]:loc[1]]
		// Part of a longer run of letters and other marks ("JH-RE6/JH-RE7"
		// is split at the slash, each a token) or of a word.
		if loc[0] > 0 && isLetterByte(text[loc[0]-1]) || loc[1] < len(text) && isLetterByte(text[loc[1]]) {
			continue
		}
		if !bareCode(tok) {
			continue
		}
		if m := normModel(tok); !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}

// codesInName returns the product codes a declared goods name writes
// among its Chinese words and specifications, as written (bareCode: "FS-101"
// of 电动滑板车（FS-101/FS-102，250W，钢架）, not the power 250W).
func codesInName(name string) []string {
	name = fold(name)
	var out []string
	for _, loc := range bareToken.FindAllStringIndex(name, -1) {
		tok := name[loc[0]:loc[1]]
		ascii := func(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
		if loc[0] > 0 && ascii(name[loc[0]-1]) || loc[1] < len(name) && ascii(name[loc[1]]) || !bareCode(tok) || slices.Contains(out, tok) {
			continue
		}
		out = append(out, tok)
	}
	return out
}

func isLetterByte(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80 }

// leadingArticle returns the number of five to seven digits a product name
// begins with, as a model (normModel), or "": not the tariff code the alert
// gives (hs) nor one of its headings, and not a barcode, whose eight or
// more digits are read as one.
func leadingArticle(product, hs string) string {
	product = strings.TrimSpace(fold(product))
	// After a label that says so ("Artnummer: 310225(230910) - dog
	// chews").
	if m := articleLabel.FindStringIndex(product); m != nil {
		product = product[m[1]:]
	}
	i := 0
	for i < len(product) && product[i] >= '0' && product[i] <= '9' {
		i++
	}
	if i < 5 || i > 7 || i < len(product) && (isLetterByte(product[i]) || product[i] == '.' || product[i] == ',') {
		return ""
	}
	d := product[:i]
	if hs != "" && (strings.HasPrefix(d, hs) || strings.HasPrefix(hs, d)) {
		return ""
	}
	return normModel(d)
}

// articleLabel is the label an article number may follow at the head of a
// product's name, in the languages RASFF notifies in.
var articleLabel = regexp.MustCompile(`(?i)^(?:art(?:ikel)?\.?\s*-?\s*(?:nr|no|nummer)\.?|artnummer|artikelnummer|varenummer|varenr\.?|tuotenumero|item\s+(?:no\.?|number))\s*[:：#]?\s*`)

// bareCode reports a token written as a product code (bareModelsIn).
func bareCode(tok string) bool {
	if tok[0] < 'A' || tok[0] > 'Z' || tok != strings.ToUpper(tok) || !strings.ContainsAny(tok, "0123456789") || standardPrefix.MatchString(tok) {
		return false
	}
	run := 0
	for i := 0; i < len(tok); i++ {
		if tok[i] >= 'A' && tok[i] <= 'Z' {
			run++
			if run >= 5 {
				return false
			}
		} else {
			run = 0
		}
	}
	// A technique's or an interface's abbreviation with its version or
	// count (USB3.0, LED100) names no maker's product.
	if lead := strings.ToLower(strings.TrimRightFunc(tok[:strings.IndexAny(tok, "0123456789")], func(r rune) bool { return r == '-' || r == '_' || r == '.' })); abbreviations[lead] || lead == "hdmi" {
		return false
	}
	m := normModel(tok)
	return len(m) >= 5 && !notModels[m]
}

// barcodeWord says that the number after it is a barcode, in the
// languages the connectors bring.
var barcodeWord = regexp.MustCompile(`(?i)(?:(?:ean|gtin|upc)(?:\s*-?\s*\d{1,2})?|bar\s*code|code[\s-]*barres?|codice\s+a\s+barre|codigo\s+de\s+barras|strichcode|kod\s+kreskowy)\W{0,12}$`)

// cnCode reports eight digits that are rather a tariff code of the EU's
// Combined Nomenclature (eight digits, RASFF's "Tea (09023000)") than a
// GTIN-8 whose check digit happens to be right: their first four are an
// HS heading, and no barcode word stands before them.
func cnCode(text string, from int) bool {
	if _, ok := mustReference().hs.words[text[from:from+4]]; !ok {
		return false
	}
	return !barcodeWord.MatchString(text[max(0, from-24):from])
}

// digitRun finds runs of digits, which may be barcodes.
var digitRun = regexp.MustCompile(`\d{8,14}`)

// GTINsIn extracts the barcodes an alert's text names: runs of 8, 12, 13 or
// 14 digits whose GS1 check digit is right, as GTIN-14; not eight digits
// that read as a tariff code (cnCode).
func GTINsIn(text string) []string {
	text = fold(text)
	seen := map[string]bool{}
	var out []string
	for _, loc := range digitRun.FindAllStringIndex(text, -1) {
		// A run inside a longer number is not a barcode.
		if loc[0] > 0 && text[loc[0]-1] >= '0' && text[loc[0]-1] <= '9' || loc[1] < len(text) && text[loc[1]] >= '0' && text[loc[1]] <= '9' {
			continue
		}
		if loc[1]-loc[0] == 8 && cnCode(text, loc[0]) {
			continue
		}
		g, err := ident.ParseGTIN(text[loc[0]:loc[1]])
		if err != nil {
			continue
		}
		d := string(g.Normalize14())
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}
