package ident

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"riskgate/internal/risk"
)

// USCC is a 统一社会信用代码 (unified social credit code, GB 32100-2015)
// that has passed ParseUSCC: 18 upper-case characters with a correct check
// character. Convert a string to USCC only through ParseUSCC.
type USCC string

// Region returns the 登记管理机关行政区划码 (positions 3–8): the GB/T 2260
// code of the registering authority's area, or "100000" for central-level
// registrations.
func (u USCC) Region() Region {
	if len(u) != usccLen {
		return ""
	}
	return Region(u[2:8])
}

// OrgCode returns the 主体标识码 (positions 9–17): the nine-character GB 11714
// organisation code, eight body characters and their check character,
// without the hyphen that certificates print before the last one.
func (u USCC) OrgCode() string {
	if len(u) != usccLen {
		return ""
	}
	return string(u[8:17])
}

// Result is the outcome of CheckUSCC, shaped for the API's answer
// {"valid": true|false, "reason": "…"}.
type Result struct {
	Valid bool `json:"valid"`
	// Reason says why the code is invalid, Chinese then English; empty when valid.
	Reason string `json:"reason"`
	// Position is the 1-based position of the offending character, 0 when the
	// code is valid or the fault has no single position (empty, wrong length).
	Position int `json:"position,omitempty"`
	// Details describes the parts that could be read: registration
	// authority, category, region and the embedded organisation code with
	// its GB 11714 check (a mismatch there is reported here, not as an error).
	Details []string `json:"details,omitempty"`
}

const (
	usccLen      = 18
	usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY" // GB 32100-2015 4.1: no I, O, S, V, Z
)

// usccWeights are the weights of positions 1–17 (GB 32100-2015 5.2), which
// are 3^(i−1) mod 31.
var usccWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// usccValue maps a byte to its value 0–30 in usccAlphabet, or −1 for a byte
// outside it. Lower-case letters map like their capitals, so validation
// never has to convert case.
var usccValue = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for v := range len(usccAlphabet) {
		c := usccAlphabet[v]
		t[c] = int8(v)
		if 'A' <= c && c <= 'Z' {
			t[c+'a'-'A'] = int8(v)
		}
	}
	return t
}()

// department is a 登记管理部门 (registration authority), the first character
// of a USCC, with the 机构类别 (organisation categories) it may put in the
// second, after GB 32100-2015 table 1.
type department struct {
	code       byte
	zh, en     string
	categories []category
	// lenient departments also accept any digit 1–9 as category, with a note
	// in Result.Details. They register few bodies and we have no register of
	// their real codes to confirm the table against; refusing a genuine code
	// at the border costs more than accepting an unusual one. Departments 1,
	// 5, 9 and Y, which issue nearly all codes, are checked strictly.
	lenient bool
}

type category struct {
	code   byte
	zh, en string
}

var other = category{'9', "其他", "other"}

// departments is GB 32100-2015 table 1.
var departments = []department{
	{code: '1', zh: "机构编制", en: "institutional establishment", categories: []category{
		{'1', "机关", "government organ"},
		{'2', "事业单位", "public institution"},
		{'3', "中央编办直接管理机构编制的群众团体", "mass organisation staffed by the central establishment office"},
		other}},
	{code: '2', zh: "外交", en: "foreign affairs", lenient: true, categories: []category{
		{'1', "外国常驻新闻机构", "resident foreign news agency"},
		other}},
	{code: '3', zh: "司法行政", en: "justice administration", lenient: true, categories: []category{
		{'1', "律师执业机构", "law firm"},
		{'2', "公证处", "notary office"},
		{'3', "基层法律服务所", "grassroots legal service office"},
		{'4', "司法鉴定机构", "forensic appraisal institution"},
		{'5', "仲裁委员会", "arbitration commission"},
		other}},
	{code: '4', zh: "文化", en: "culture", lenient: true, categories: []category{
		{'1', "外国在华文化中心", "foreign cultural centre in China"},
		other}},
	{code: '5', zh: "民政", en: "civil affairs", categories: []category{
		{'1', "社会团体", "social organisation"},
		{'2', "民办非企业单位", "private non-enterprise unit"},
		{'3', "基金会", "foundation"},
		other}},
	{code: '6', zh: "旅游", en: "tourism", lenient: true, categories: []category{
		{'1', "外国旅游部门常驻代表机构", "resident office of a foreign tourism authority"},
		{'2', "港澳台地区旅游部门常驻内地（大陆）代表机构", "resident office of a Hong Kong, Macao or Taiwan tourism authority"},
		other}},
	{code: '7', zh: "宗教", en: "religious affairs", lenient: true, categories: []category{
		{'1', "宗教活动场所", "place of religious activity"},
		{'2', "宗教院校", "religious college"},
		other}},
	{code: '8', zh: "工会", en: "trade unions", lenient: true, categories: []category{
		{'1', "基层工会", "grassroots trade union"},
		other}},
	{code: '9', zh: "工商（市场监管）", en: "industry and commerce (market regulation)", categories: []category{
		{'1', "企业", "enterprise"},
		{'2', "个体工商户", "individual business"},
		{'3', "农民专业合作社", "farmers' specialised cooperative"}}},
	{code: 'A', zh: "中央军委改革和编制办公室", en: "CMC reform and establishment office", lenient: true, categories: []category{
		{'1', "军队事业单位", "military public institution"},
		other}},
	{code: 'N', zh: "农业", en: "agriculture", lenient: true, categories: []category{
		{'1', "组级集体经济组织", "group-level collective economic organisation"},
		{'2', "村级集体经济组织", "village-level collective economic organisation"},
		{'3', "乡镇级集体经济组织", "township-level collective economic organisation"},
		other}},
	{code: 'Y', zh: "其他", en: "other", categories: []category{
		{'1', "不再细分", "not subdivided"}}},
}

// categoryMask is indexed by the first character of a code (either case).
// Bit v is set when the character of value v is accepted in position 2 for
// that department; zero means the character is no department at all. One
// table answers both questions in the hot path.
var categoryMask = func() (t [256]uint32) {
	for _, d := range departments {
		var m uint32
		for _, c := range d.categories {
			m |= 1 << usccValue[c.code]
		}
		if d.lenient {
			for c := byte('1'); c <= '9'; c++ {
				m |= 1 << usccValue[c]
			}
		}
		t[d.code] = m
		t[unicode.ToLower(rune(d.code))] = m
	}
	return t
}()

func findDepartment(c byte) *department {
	for i := range departments {
		if departments[i].code == c {
			return &departments[i]
		}
	}
	return nil
}

func (d *department) category(c byte) *category {
	for i := range d.categories {
		if d.categories[i].code == c {
			return &d.categories[i]
		}
	}
	return nil
}

// usccCheck returns the value of the check character for the weighted sum
// of positions 1–17: 31 − (sum mod 31), with 31 written as 0.
func usccCheck(sum int) int {
	return (31 - sum%31) % 31
}

// ValidUSCC reports whether s is a valid USCC. It accepts exactly what
// ParseUSCC accepts, is the fast path for bulk checks, and does not
// allocate.
func ValidUSCC(s string) bool {
	return validUSCC(strings.TrimSpace(s))
}

// validUSCC is the hot path: table lookups only, no allocation, no case
// conversion. When it says no, diagnoseUSCC finds out why.
func validUSCC(t string) bool {
	if len(t) != usccLen {
		return false
	}
	v1 := usccValue[t[1]]
	if v1 < 0 || categoryMask[t[0]]>>uint(v1)&1 == 0 {
		return false
	}
	for i := 2; i < 8; i++ {
		if !isDigit(t[i]) {
			return false
		}
	}
	sum := 0
	for i, w := range usccWeights {
		v := usccValue[t[i]]
		if v < 0 {
			return false
		}
		sum += int(v) * w
	}
	return int(usccValue[t[17]]) == usccCheck(sum)
}

// ParseUSCC trims surrounding space from s, upper-cases it and validates it
// as a USCC: length, character set, registration authority (position 1),
// organisation category (2), region digits (3–8) and the check character
// (18). The GB 11714 check of the embedded organisation code is not
// enforced; CheckUSCC reports it. Errors are risk.ErrInvalid and name the
// 1-based position of the first wrong character.
func ParseUSCC(s string) (USCC, error) {
	t := strings.TrimSpace(s)
	if validUSCC(t) {
		return USCC(upperASCII(t)), nil
	}
	return "", diagnoseUSCC(t, usccLen).err()
}

// CheckUSCC validates s as ParseUSCC does and explains the result, for
// answering "is this code valid, and why not" in the UI and the API.
func CheckUSCC(s string) Result {
	t := strings.TrimSpace(s)
	f := diagnoseUSCC(t, usccLen)
	r := Result{Valid: f.kind == faultNone}
	if !r.Valid {
		r.Reason = f.message()
		r.Position = f.pos
	}
	r.Details = usccDetails(upperASCII(t), f)
	return r
}

// MakeUSCC validates the first 17 characters of a USCC and returns the
// whole code with its check character appended, upper-cased. It is meant
// for demo and test data.
func MakeUSCC(prefix17 string) (string, error) {
	t := strings.TrimSpace(prefix17)
	if f := diagnoseUSCC(t, usccLen-1); f.kind != faultNone {
		return "", f.err()
	}
	t = upperASCII(t)
	sum := 0
	for i, w := range usccWeights {
		sum += int(usccValue[t[i]]) * w
	}
	return t + string(usccAlphabet[usccCheck(sum)]), nil
}

type faultKind uint8

const (
	faultNone faultKind = iota
	faultEmpty
	faultLength   // n characters where length were wanted
	faultChar     // got at pos is outside the alphabet
	faultDept     // got at pos 1 is no registration authority
	faultCategory // got at pos 2 is not a category of dept
	faultRegion   // got at pos 3–8 is not a digit
	faultCheck    // got at pos 18 should be want
)

// usccFault says why a trimmed code failed, without allocating; its message
// is formatted only when asked for.
type usccFault struct {
	kind   faultKind
	length int  // the length wanted: 18, or 17 for MakeUSCC
	n      int  // characters counted (faultLength)
	pos    int  // 1-based position of the offending character
	got    rune // the offending character
	want   byte // the correct check character (faultCheck)
	dept   byte // position 1, upper case (faultCategory)
}

// diagnoseUSCC checks the trimmed code t of the given length (18, or 17
// without the check character) position by position, left to right, and
// returns the first fault. It accepts exactly what validUSCC accepts.
func diagnoseUSCC(t string, length int) usccFault {
	f := usccFault{length: length}
	if t == "" {
		f.kind = faultEmpty
		return f
	}
	if n := utf8.RuneCountInString(t); n != length {
		f.kind, f.n = faultLength, n
		return f
	}
	sum, pos := 0, 0
	var dept byte
	for _, r := range t { // an invalid UTF-8 byte counts as one character, as in RuneCountInString
		pos++
		f.pos, f.got = pos, r
		if r >= utf8.RuneSelf || usccValue[r] < 0 {
			f.kind = faultChar
			return f
		}
		c := byte(r)
		v := int(usccValue[c])
		switch {
		case pos == 1:
			if categoryMask[c] == 0 {
				f.kind = faultDept
				return f
			}
			dept = usccAlphabet[v]
		case pos == 2:
			if categoryMask[dept]>>uint(v)&1 == 0 {
				f.kind, f.dept = faultCategory, dept
				return f
			}
		case pos <= 8:
			if !isDigit(c) {
				f.kind = faultRegion
				return f
			}
		case pos == usccLen:
			if want := usccCheck(sum); v != want {
				f.kind, f.want = faultCheck, usccAlphabet[want]
				return f
			}
			continue
		}
		sum += v * usccWeights[pos-1]
	}
	return usccFault{}
}

func (f usccFault) err() error {
	zh, en := f.text()
	return risk.Invalid("uscc", zh, en)
}

func (f usccFault) message() string {
	return risk.Bilingual(f.text())
}

// text returns the fault's message in Chinese and English.
func (f usccFault) text() (zh, en string) {
	got := showRune(f.got)
	switch f.kind {
	case faultEmpty:
		return "统一社会信用代码为空。", "the unified social credit code is empty."
	case faultLength:
		if f.length == usccLen-1 {
			return fmt.Sprintf("生成校验码需要统一社会信用代码的前 17 位，实为 %d 位。", f.n),
				fmt.Sprintf("the check character is computed from the first 17 characters of the code, got %d.", f.n)
		}
		return fmt.Sprintf("统一社会信用代码应为 18 位，实为 %d 位。", f.n),
			fmt.Sprintf("a unified social credit code has 18 characters, got %d.", f.n)
	case faultChar:
		if strings.ContainsRune("IOSVZ", unicode.ToUpper(f.got)) {
			return fmt.Sprintf("第 %d 位字符 %s 不可用：统一社会信用代码不使用字母 I、O、S、V、Z。", f.pos, got),
				fmt.Sprintf("character %s at position %d is not allowed: the code does not use the letters I, O, S, V and Z.", got, f.pos)
		}
		return fmt.Sprintf("第 %d 位字符 %s 不可用：统一社会信用代码只由数字和除 I、O、S、V、Z 外的大写字母组成。", f.pos, got),
			fmt.Sprintf("character %s at position %d is not allowed: the code consists of digits and capital letters other than I, O, S, V and Z.", got, f.pos)
	case faultDept:
		return fmt.Sprintf("第 1 位登记管理部门代码 %s 不存在，应为 1–9、A、N 或 Y。", got),
			fmt.Sprintf("registration authority code %s at position 1 does not exist; it must be 1–9, A, N or Y.", got)
	case faultCategory:
		d := findDepartment(f.dept)
		zhCodes, enCodes := "1–9", "1–9"
		if !d.lenient {
			cs := make([]string, len(d.categories))
			for i, c := range d.categories {
				cs[i] = string(c.code)
			}
			zhCodes, enCodes = strings.Join(cs, "、"), strings.Join(cs, ", ")
		}
		return fmt.Sprintf("第 2 位机构类别代码 %s 不存在：登记管理部门 %c %s只用 %s。", got, d.code, d.zh, zhCodes),
			fmt.Sprintf("organisation category code %s at position 2 does not exist: registration authority %c, %s, uses only %s.", got, d.code, d.en, enCodes)
	case faultRegion:
		return fmt.Sprintf("第 %d 位应为数字（第 3–8 位是登记管理机关行政区划码），实为 %s。", f.pos, got),
			fmt.Sprintf("position %d must be a digit (positions 3–8 are the registering authority's region code), got %s.", f.pos, got)
	case faultCheck:
		return fmt.Sprintf("第 18 位校验码应为 %c，实为 %c。", f.want, unicode.ToUpper(f.got)),
			fmt.Sprintf("check character at position 18 should be %c, got %c.", f.want, unicode.ToUpper(f.got))
	}
	return "", ""
}

// usccDetails describes the parts of the upper-cased code u that lie before
// the fault f (all of them when f is none).
func usccDetails(u string, f usccFault) []string {
	if f.kind != faultNone && f.pos == 0 {
		return nil // empty or wrong length: nothing can be read reliably
	}
	// before reports whether position pos lies before the fault.
	before := func(pos int) bool { return f.kind == faultNone || pos < f.pos }
	var ds []string
	if !before(1) {
		return ds
	}
	d := findDepartment(u[0])
	ds = append(ds, risk.Bilingual(
		fmt.Sprintf("登记管理部门 %c：%s。", d.code, d.zh),
		fmt.Sprintf("registration authority %c: %s.", d.code, d.en)))
	if !before(2) {
		return ds
	}
	if c := d.category(u[1]); c != nil {
		ds = append(ds, risk.Bilingual(
			fmt.Sprintf("机构类别 %c：%s。", c.code, c.zh),
			fmt.Sprintf("organisation category %c: %s.", c.code, c.en)))
	} else {
		ds = append(ds, risk.Bilingual(
			fmt.Sprintf("机构类别 %c 不在 GB 32100-2015 表 1 中，对登记管理部门 %c 按宽松规则接受。", u[1], d.code),
			fmt.Sprintf("organisation category %c is not in GB 32100-2015 table 1; accepted under the lenient rule for registration authority %c.", u[1], d.code)))
	}
	if !before(8) {
		return ds
	}
	ds = append(ds, risk.Bilingual(
		fmt.Sprintf("登记管理机关行政区划码 %s。", u[2:8]),
		fmt.Sprintf("registering authority's region code %s.", u[2:8])))
	if !before(17) {
		return ds
	}
	org := u[8:17]
	shown := org[:8] + "-" + org[8:]
	if want := orgCheck(org[:8]); want == org[8] {
		ds = append(ds, risk.Bilingual(
			fmt.Sprintf("组织机构代码 %s 校验码正确。", shown),
			fmt.Sprintf("embedded organisation code %s: check character correct.", shown)))
	} else {
		ds = append(ds, risk.Bilingual(
			fmt.Sprintf("组织机构代码 %s 的校验码应为 %c，实为 %c；这不影响统一社会信用代码的有效性。", shown, want, org[8]),
			fmt.Sprintf("embedded organisation code %s: check character should be %c, got %c; the credit code itself is unaffected.", shown, want, org[8])))
	}
	return ds
}

// orgWeights are the GB 11714-1997 weights of the eight body characters.
var orgWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// orgCheck returns the GB 11714 check character of an eight-character
// organisation code body (digits and capital letters, A = 10 … Z = 35):
// 11 − (Σ value·weight mod 11), with 10 written X and 11 written 0.
func orgCheck(body string) byte {
	sum := 0
	for i, w := range orgWeights {
		c := body[i]
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * w
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}
