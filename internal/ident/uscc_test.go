package ident_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/ident"
)

func TestParseUSCC(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ident.USCC
		err  string // the error's message; "" for none
	}{
		{name: "example enterprise", in: "91512081MA62K0260E", want: "91512081MA62K0260E"},
		{name: "example with digit check", in: "91350100M000100Y43", want: "91350100M000100Y43"},
		{name: "lower case is upper-cased", in: "91512081ma62k0260e", want: "91512081MA62K0260E"},
		{name: "surrounding space is trimmed", in: " \t91350100M000100Y43\u3000\n", want: "91350100M000100Y43"},
		{name: "central registration 100000", in: "11100000000013127D", want: "11100000000013127D"},
		{name: "category outside table 1 accepted for lenient authority", in: "37430100MA4L0000XW", want: "37430100MA4L0000XW"},
		{name: "agriculture village collective", in: "N2430181MA4L3K2P10", want: "N2430181MA4L3K2P10"},
		{name: "other authority", in: "Y1430181MA4L3K2P7D", want: "Y1430181MA4L3K2P7D"},
		{name: "wrong embedded org check is not an error", in: "91430100MA4L00001J", want: "91430100MA4L00001J"},
		{
			name: "wrong check character",
			in:   "91512081MA62K0260F",
			err:  "第 18 位校验码应为 E，实为 F。 / check character at position 18 should be E, got F.",
		},
		{
			name: "wrong check character in lower case",
			in:   "91350100m000100y44",
			err:  "第 18 位校验码应为 3，实为 4。 / check character at position 18 should be 3, got 4.",
		},
		{
			name: "forbidden letter I",
			in:   "91512081MA62KI260E",
			err:  "第 14 位字符 I 不可用：统一社会信用代码不使用字母 I、O、S、V、Z。 / character I at position 14 is not allowed: the code does not use the letters I, O, S, V and Z.",
		},
		{
			name: "forbidden letter O for zero",
			in:   "91512081MA62K0O60E",
			err:  "第 15 位字符 O 不可用：统一社会信用代码不使用字母 I、O、S、V、Z。 / character O at position 15 is not allowed: the code does not use the letters I, O, S, V and Z.",
		},
		{
			name: "forbidden letter S",
			in:   "91512081MS62K0260E",
			err:  "第 10 位字符 S 不可用：统一社会信用代码不使用字母 I、O、S、V、Z。 / character S at position 10 is not allowed: the code does not use the letters I, O, S, V and Z.",
		},
		{
			name: "forbidden letter V as check character",
			in:   "91512081MA62K0260V",
			err:  "第 18 位字符 V 不可用：统一社会信用代码不使用字母 I、O、S、V、Z。 / character V at position 18 is not allowed: the code does not use the letters I, O, S, V and Z.",
		},
		{
			name: "forbidden letter z in lower case",
			in:   "91512081MA62K026zE",
			err:  "第 17 位字符 z 不可用：统一社会信用代码不使用字母 I、O、S、V、Z。 / character z at position 17 is not allowed: the code does not use the letters I, O, S, V and Z.",
		},
		{
			name: "punctuation",
			in:   "91512081-A62K0260E",
			err:  "第 9 位字符 - 不可用：统一社会信用代码只由数字和除 I、O、S、V、Z 外的大写字母组成。 / character - at position 9 is not allowed: the code consists of digits and capital letters other than I, O, S, V and Z.",
		},
		{
			name: "full-width character counted as one",
			in:   "91512081ＭA62K0260E",
			err:  "第 9 位字符 Ｍ 不可用：统一社会信用代码只由数字和除 I、O、S、V、Z 外的大写字母组成。 / character Ｍ at position 9 is not allowed: the code consists of digits and capital letters other than I, O, S, V and Z.",
		},
		{
			name: "inner space",
			in:   "91512081 A62K0260E",
			err:  "第 9 位字符 U+0020 不可用：统一社会信用代码只由数字和除 I、O、S、V、Z 外的大写字母组成。 / character U+0020 at position 9 is not allowed: the code consists of digits and capital letters other than I, O, S, V and Z.",
		},
		{
			name: "too short",
			in:   "91512081MA62K0260",
			err:  "统一社会信用代码应为 18 位，实为 17 位。 / a unified social credit code has 18 characters, got 17.",
		},
		{
			name: "too long",
			in:   "91512081MA62K0260EE",
			err:  "统一社会信用代码应为 18 位，实为 19 位。 / a unified social credit code has 18 characters, got 19.",
		},
		{
			name: "old 15-digit registration number",
			in:   "110108012345678",
			err:  "统一社会信用代码应为 18 位，实为 15 位。 / a unified social credit code has 18 characters, got 15.",
		},
		{
			name: "empty",
			in:   "   ",
			err:  "统一社会信用代码为空。 / the unified social credit code is empty.",
		},
		{
			name: "unknown registration authority",
			in:   "B1512081MA62K0260E",
			err:  "第 1 位登记管理部门代码 B 不存在，应为 1–9、A、N 或 Y。 / registration authority code B at position 1 does not exist; it must be 1–9, A, N or Y.",
		},
		{
			name: "registration authority zero",
			in:   "01512081MA62K0260E",
			err:  "第 1 位登记管理部门代码 0 不存在，应为 1–9、A、N 或 Y。 / registration authority code 0 at position 1 does not exist; it must be 1–9, A, N or Y.",
		},
		{
			name: "category not used by market regulation",
			in:   "94512081MA62K0260E",
			err:  "第 2 位机构类别代码 4 不存在：登记管理部门 9 工商（市场监管）只用 1、2、3。 / organisation category code 4 at position 2 does not exist: registration authority 9, industry and commerce (market regulation), uses only 1, 2, 3.",
		},
		{
			name: "category not used by other",
			in:   "Y2430181MA4L3K2P7D",
			err:  "第 2 位机构类别代码 2 不存在：登记管理部门 Y 其他只用 1。 / organisation category code 2 at position 2 does not exist: registration authority Y, other, uses only 1.",
		},
		{
			name: "letter category for lenient authority",
			in:   "3A430100MA4L0000XW",
			err:  "第 2 位机构类别代码 A 不存在：登记管理部门 3 司法行政只用 1–9。 / organisation category code A at position 2 does not exist: registration authority 3, justice administration, uses only 1–9.",
		},
		{
			name: "letter in region code",
			in:   "9151A081MA62K0260E",
			err:  "第 5 位应为数字（第 3–8 位是登记管理机关行政区划码），实为 A。 / position 5 must be a digit (positions 3–8 are the registering authority's region code), got A.",
		},
		{
			name: "first fault from the left wins",
			in:   "9X51208IMA62K0260E",
			err:  "第 2 位机构类别代码 X 不存在：登记管理部门 9 工商（市场监管）只用 1、2、3。 / organisation category code X at position 2 does not exist: registration authority 9, industry and commerce (market regulation), uses only 1, 2, 3.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ident.ParseUSCC(tt.in)
			var want problem
			if tt.err != "" {
				want = problem{Field: "uscc", Message: tt.err}
			}
			if diff := cmp.Diff(want, problemOf(t, err)); diff != "" {
				t.Errorf("ParseUSCC(%q) error mismatch (-want +got):\n%s", tt.in, diff)
			}
			if got != tt.want {
				t.Errorf("ParseUSCC(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if valid := ident.ValidUSCC(tt.in); valid != (tt.err == "") {
				t.Errorf("ValidUSCC(%q) = %v, want %v", tt.in, valid, tt.err == "")
			}
		})
	}
}

func TestCheckUSCC(t *testing.T) {
	const (
		dept9     = "登记管理部门 9：工商（市场监管）。 / registration authority 9: industry and commerce (market regulation)."
		category1 = "机构类别 1：企业。 / organisation category 1: enterprise."
	)
	tests := []struct {
		name string
		in   string
		want ident.Result
	}{
		{
			name: "valid",
			in:   "91512081MA62K0260E",
			want: ident.Result{Valid: true, Details: []string{
				dept9,
				category1,
				"登记管理机关行政区划码 512081。 / registering authority's region code 512081.",
				"组织机构代码 MA62K026-0 校验码正确。 / embedded organisation code MA62K026-0: check character correct.",
			}},
		},
		{
			name: "valid with wrong embedded org check",
			in:   "91430100MA4L00001J",
			want: ident.Result{Valid: true, Details: []string{
				dept9,
				category1,
				"登记管理机关行政区划码 430100。 / registering authority's region code 430100.",
				"组织机构代码 MA4L0000-1 的校验码应为 3，实为 1；这不影响统一社会信用代码的有效性。 / embedded organisation code MA4L0000-1: check character should be 3, got 1; the credit code itself is unaffected.",
			}},
		},
		{
			name: "valid with category outside table 1",
			in:   "37430100MA4L0000XW",
			want: ident.Result{Valid: true, Details: []string{
				"登记管理部门 3：司法行政。 / registration authority 3: justice administration.",
				"机构类别 7 不在 GB 32100-2015 表 1 中，对登记管理部门 3 按宽松规则接受。 / organisation category 7 is not in GB 32100-2015 table 1; accepted under the lenient rule for registration authority 3.",
				"登记管理机关行政区划码 430100。 / registering authority's region code 430100.",
				"组织机构代码 MA4L0000-X 的校验码应为 3，实为 X；这不影响统一社会信用代码的有效性。 / embedded organisation code MA4L0000-X: check character should be 3, got X; the credit code itself is unaffected.",
			}},
		},
		{
			name: "wrong check character",
			in:   "91512081MA62K0260F",
			want: ident.Result{
				Reason:   "第 18 位校验码应为 E，实为 F。 / check character at position 18 should be E, got F.",
				Position: 18,
				Details: []string{
					dept9,
					category1,
					"登记管理机关行政区划码 512081。 / registering authority's region code 512081.",
					"组织机构代码 MA62K026-0 校验码正确。 / embedded organisation code MA62K026-0: check character correct.",
				},
			},
		},
		{
			name: "forbidden letter in region",
			in:   "9151208IMA62K0260E",
			want: ident.Result{
				Reason:   "第 8 位字符 I 不可用：统一社会信用代码不使用字母 I、O、S、V、Z。 / character I at position 8 is not allowed: the code does not use the letters I, O, S, V and Z.",
				Position: 8,
				Details:  []string{dept9, category1},
			},
		},
		{
			name: "wrong length",
			in:   "9151208",
			want: ident.Result{Reason: "统一社会信用代码应为 18 位，实为 7 位。 / a unified social credit code has 18 characters, got 7."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ident.CheckUSCC(tt.in)); diff != "" {
				t.Errorf("CheckUSCC(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestUSCCParts(t *testing.T) {
	u, err := ident.ParseUSCC("91512081MA62K0260E")
	if err != nil {
		t.Fatal(err)
	}
	type parts struct {
		Region   ident.Region
		Province string
		OrgCode  string
	}
	want := parts{Region: "512081", Province: "51", OrgCode: "MA62K0260"}
	got := parts{Region: u.Region(), Province: u.Region().Province(), OrgCode: u.OrgCode()}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parts mismatch (-want +got):\n%s", diff)
	}
	var zero ident.USCC
	if zero.Region() != "" || zero.OrgCode() != "" {
		t.Errorf("zero USCC has parts %q, %q", zero.Region(), zero.OrgCode())
	}
}

func TestMakeUSCC(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		want   string
		err    string
	}{
		{name: "letter check", prefix: "91512081MA62K0260", want: "91512081MA62K0260E"},
		{name: "digit check", prefix: "91350100M000100Y4", want: "91350100M000100Y43"},
		{name: "check 31 written 0", prefix: "N2430181MA4L3K2P1", want: "N2430181MA4L3K2P10"},
		{name: "lower case", prefix: "91512081ma62k0260", want: "91512081MA62K0260E"},
		{
			name:   "whole code given",
			prefix: "91512081MA62K0260E",
			err:    "生成校验码需要统一社会信用代码的前 17 位，实为 18 位。 / the check character is computed from the first 17 characters of the code, got 18.",
		},
		{
			name:   "forbidden letter",
			prefix: "91512081MA62K026Z",
			err:    "第 17 位字符 Z 不可用：统一社会信用代码不使用字母 I、O、S、V、Z。 / character Z at position 17 is not allowed: the code does not use the letters I, O, S, V and Z.",
		},
		{
			name:   "bad category",
			prefix: "Y3512081MA62K0260",
			err:    "第 2 位机构类别代码 3 不存在：登记管理部门 Y 其他只用 1。 / organisation category code 3 at position 2 does not exist: registration authority Y, other, uses only 1.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ident.MakeUSCC(tt.prefix)
			var want problem
			if tt.err != "" {
				want = problem{Field: "uscc", Message: tt.err}
			}
			if diff := cmp.Diff(want, problemOf(t, err)); diff != "" {
				t.Errorf("MakeUSCC(%q) error mismatch (-want +got):\n%s", tt.prefix, diff)
			}
			if got != tt.want {
				t.Errorf("MakeUSCC(%q) = %q, want %q", tt.prefix, got, tt.want)
			}
		})
	}
}

// TestMakeUSCCEveryCheck makes codes until every one of the 31 check
// characters has appeared, and checks that each parses.
func TestMakeUSCCEveryCheck(t *testing.T) {
	seen := map[byte]bool{}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; len(seen) < 31 && i < 100000; i++ {
		s, err := ident.MakeUSCC(randomPrefix(r))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ident.ParseUSCC(s); err != nil {
			t.Fatalf("ParseUSCC(MakeUSCC(…) = %q): %v", s, err)
		}
		seen[s[17]] = true
	}
	if len(seen) != 31 {
		t.Errorf("saw %d check characters, want 31", len(seen))
	}
}

func TestValidUSCCAllocs(t *testing.T) {
	for _, s := range []string{"91512081MA62K0260E", " 91350100M000100Y43 ", "91512081MA62K0260F", "9151208IMA62K0260E"} {
		if n := testing.AllocsPerRun(100, func() { ident.ValidUSCC(s) }); n != 0 {
			t.Errorf("ValidUSCC(%q) allocates %v times, want 0", s, n)
		}
	}
	for _, s := range []string{"91512081MA62K0260E", " 91350100M000100Y43 "} {
		if n := testing.AllocsPerRun(100, func() { _, _ = ident.ParseUSCC(s) }); n != 0 {
			t.Errorf("ParseUSCC(%q) allocates %v times, want 0", s, n)
		}
	}
}

// randomPrefix returns the first 17 characters of a plausible code: an
// enterprise, business or cooperative (9), a public body (1, 5) or other
// (Y), a Hunan region and a random organisation code.
func randomPrefix(r *rand.Rand) string {
	const (
		alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
		org      = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	)
	heads := []string{"91", "91", "91", "91", "92", "93", "12", "11", "51", "52", "Y1"}
	regions := []string{"430100", "430102", "430181", "430200", "430281", "430500", "431000", "433100"}
	var b strings.Builder
	b.WriteString(heads[r.IntN(len(heads))])
	b.WriteString(regions[r.IntN(len(regions))])
	if r.IntN(2) == 0 {
		b.WriteString("MA4") // post-2015 market-regulation organisation codes
	} else {
		for range 3 {
			b.WriteByte(alphabet[r.IntN(10)])
		}
	}
	for range 6 {
		b.WriteByte(org[r.IntN(len(org))])
	}
	return b.String()
}

// usccMix returns n codes as they arrive in declarations: mostly valid, some
// lower case or padded, and a few with each common mistake.
func usccMix(tb testing.TB, n int) []string {
	tb.Helper()
	r := rand.New(rand.NewPCG(2026, 4))
	codes := make([]string, n)
	for i := range codes {
		s, err := ident.MakeUSCC(randomPrefix(r))
		if err != nil {
			tb.Fatal(err)
		}
		switch i % 20 {
		case 0: // wrong check character
			c := "0123456789ABCDEFGHJKLMNPQRTUWXY"[r.IntN(31)]
			if c == s[17] {
				c = '0' + (s[17]+1)%10
			}
			s = s[:17] + string(c)
		case 1: // forbidden letter
			p := r.IntN(18)
			s = s[:p] + string("IOSVZ"[r.IntN(5)]) + s[p+1:]
		case 2: // truncated
			s = s[:17]
		case 3: // lower case
			s = strings.ToLower(s)
		case 4: // padded
			s = " " + s + " "
		}
		codes[i] = s
	}
	return codes
}

func BenchmarkValidateUSCC(b *testing.B) {
	mix := usccMix(b, 1024)
	var stored []string // valid, upper case, no padding: codes as a database holds them
	for _, s := range mix {
		if ident.ValidUSCC(s) && s == strings.ToUpper(strings.TrimSpace(s)) {
			stored = append(stored, s)
		}
	}
	bench := func(codes []string, check func(string) bool) func(*testing.B) {
		return func(b *testing.B) {
			b.ReportAllocs()
			i, ok := 0, 0
			for b.Loop() {
				if check(codes[i%len(codes)]) {
					ok++
				}
				i++
			}
			b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "codes/s")
			if ok == 0 {
				b.Fatal("no code was valid")
			}
		}
	}
	parse := func(s string) bool { _, err := ident.ParseUSCC(s); return err == nil }
	check := func(s string) bool { return ident.CheckUSCC(s).Valid }
	b.Run("fn=ValidUSCC/codes=mix", bench(mix, ident.ValidUSCC))
	b.Run("fn=ValidUSCC/codes=stored", bench(stored, ident.ValidUSCC))
	b.Run("fn=ParseUSCC/codes=mix", bench(mix, parse))
	b.Run("fn=ParseUSCC/codes=stored", bench(stored, parse))
	b.Run("fn=CheckUSCC/codes=mix", bench(mix, check))
}

func FuzzUSCC(f *testing.F) {
	for _, s := range []string{
		"91512081MA62K0260E", "91350100M000100Y43", "91512081ma62k0260e", "9151208IMA62K0260E",
		"", "  ", "91512081MA62K0260", "91512081ＭA62K0260E", "\xff\xfe", "Y1430181MA4L3K2P7D",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ident.ParseUSCC(s)
		r := ident.CheckUSCC(s)
		if valid := ident.ValidUSCC(s); valid != (err == nil) || valid != r.Valid {
			t.Fatalf("%q: ValidUSCC %v, ParseUSCC error %v, CheckUSCC %+v disagree", s, valid, err, r)
		}
		if err == nil {
			if len(u) != 18 || strings.ToUpper(string(u)) != string(u) {
				t.Fatalf("ParseUSCC(%q) = %q, not 18 upper-case characters", s, u)
			}
		} else if r.Reason == "" {
			t.Fatalf("CheckUSCC(%q) is invalid without a reason", s)
		}
		// MakeUSCC either refuses a prefix or makes a code that validates:
		// try the input itself, and the input shaped into a well-formed
		// prefix so that the success path is exercised as often.
		prefix := s
		if len(prefix) > 17 {
			prefix = prefix[:17]
		}
		for _, p := range []string{prefix, shapePrefix(s)} {
			made, err := ident.MakeUSCC(p)
			if err != nil {
				if p != prefix {
					t.Fatalf("MakeUSCC(%q) refused a well-formed prefix: %v", p, err)
				}
				continue
			}
			if _, err := ident.ParseUSCC(made); err != nil {
				t.Fatalf("MakeUSCC(%q) = %q, which does not parse: %v", p, made, err)
			}
			if !strings.EqualFold(made[:17], strings.TrimSpace(p)) {
				t.Fatalf("MakeUSCC(%q) = %q changed the prefix", p, made)
			}
		}
	})
}

// shapePrefix maps the bytes of s onto a well-formed 17-character prefix:
// a registration authority with category 1, six digits and nine characters
// of the alphabet.
func shapePrefix(s string) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	at := func(i int) int {
		if len(s) == 0 {
			return 0
		}
		return int(s[i%len(s)])
	}
	b := make([]byte, 17)
	b[0] = "123456789ANY"[at(0)%12]
	b[1] = '1'
	for i := 2; i < 8; i++ {
		b[i] = '0' + byte(at(i)%10)
	}
	for i := 8; i < 17; i++ {
		b[i] = alphabet[at(i)%31]
	}
	return string(b)
}

func ExampleCheckUSCC() {
	r := ident.CheckUSCC("91512081MA62K0260F")
	fmt.Println(r.Valid, r.Position)
	fmt.Println(r.Reason)
	// Output:
	// false 18
	// 第 18 位校验码应为 E，实为 F。 / check character at position 18 should be E, got F.
}

func ExampleMakeUSCC() {
	s, err := ident.MakeUSCC("91512081MA62K0260")
	fmt.Println(s, err)
	// Output: 91512081MA62K0260E <nil>
}
