package gongwen

import (
	"bytes"
	"fmt"
	"math"
	"riskgate/internal/risk"
	"strings"
	"testing"
	"time"

	"riskgate/internal/catalog"
)

var day = time.Date(2026, 12, 4, 10, 0, 0, 0, risk.China)

// long is a body of many paragraphs: Chinese with punctuation at every
// place a line may end, Latin words and numbers.
func long() []Paragraph {
	var ps []Paragraph
	for i := range 12 {
		ps = append(ps, Heading(fmt.Sprintf("%s、第%d部分", ordinals[i%10], i+1)))
		ps = append(ps, P(strings.Repeat("欧盟通报中国产新奇造型打火机存在烧伤风险，产品外形似玩具、无防止儿童开启装置（不符合2006/502/EC决定）；", i%4+1)+
			"依据《消费品安全法》，抽检“GTIN 06901234567892”批次，合格率为87.5%。"))
		ps = append(ps, Paragraph{{"（一）口岸查验。", KaiTi}, {strings.Repeat("各口岸对出口打火机加严查验并抽样检测，", 3) + "发现问题及时报告。", FangSong}})
	}
	return ps
}

func sample() *Document {
	return &Document{Mark: "长沙海关文件", Number: "湘关预警〔2026〕12号", Title: "关于加强新奇造型打火机进出口检验监管的风险警示通报",
		To: []string{"湖南省市场监督管理局", "湖南省商务厅"}, Body: long(),
		Attachments: []Attachment{{Name: "预警范围明细", Body: []Paragraph{P("商品编码：9613。")}}, {Name: "抽检结果汇总表（2026年11月）", Body: long()[:3]}},
		Authority:   "长沙海关", Date: day, CC: []string{"海关总署", "湖南省人民政府", "湖南省人民政府口岸办公室", "湖南省商务厅", "湖南省公安厅", "湖南省生态环境厅"},
		Printer: "长沙海关办公室", PrintDate: day}
}

func lay(t *testing.T, d *Document) *Layout {
	t.Helper()
	l, err := Lay(d)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// lines groups a page's glyphs of the given parts by grid line.
func lines(p *Page, parts ...Part) map[int][]Glyph {
	out := map[int][]Glyph{}
	for _, g := range p.Glyphs {
		for _, part := range parts {
			if g.Part == part {
				out[g.Line] = append(out[g.Line], g)
			}
		}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestTypeArea(t *testing.T) {
	docs := map[string]*Document{"long": sample(), "short": {Mark: "长沙海关", Title: "关于警惕新奇造型打火机烧伤风险的风险警示公告", Body: []Paragraph{P("请勿购买。")},
		Authority: "长沙海关", Date: day, Printer: "长沙海关办公室", PrintDate: day}}
	for name, d := range docs {
		l := lay(t, d)
		n := 0
		for pi, p := range l.Pages {
			for _, g := range p.Glyphs {
				if g.Part == PartPageNumber {
					continue
				}
				n++
				if g.X < Left-1e-6 || g.X+g.W > Left+Width+1e-6 || g.emTop() < Top-1e-6 || g.emBottom() > Top+Height+1e-6 {
					t.Errorf("%s page %d: %q (part %d) at x %.2f–%.2f, y %.2f–%.2f is outside the type area", name, pi+1, g.R, g.Part, g.X, g.X+g.W, g.emTop(), g.emBottom())
				}
				if g.Line >= Lines {
					t.Errorf("%s page %d: %q on line %d", name, pi+1, g.R, g.Line+1)
				}
			}
			for _, r := range p.Rules {
				if r.X < Left-1e-6 || r.X+r.W > Left+Width+1e-6 || r.Y < Top-1e-6 || r.Y+r.T > Top+Height+1e-6 {
					t.Errorf("%s page %d: rule %+v outside the type area", name, pi+1, r)
				}
			}
		}
		if n < 20 {
			t.Errorf("%s: only %d glyphs checked", name, n)
		}
	}
}

func TestGrid(t *testing.T) {
	// A page of plain text: 22 lines of 28 characters at 3号.
	d := sample()
	d.Body = []Paragraph{P(strings.Repeat("进出口商品质量安全风险预警", 200))}
	d.Attachments = nil
	l := lay(t, d)
	full := 0
	for pi, p := range l.Pages {
		body := lines(&p, PartBody)
		if len(body) == Lines {
			full++
		}
		for i, gs := range body {
			if len(gs) > Chars {
				t.Errorf("page %d line %d: %d characters", pi+1, i+1, len(gs))
			}
			for k, g := range gs {
				if g.Size != Size3 || g.Style != FangSong || !near(g.Y, baseline(i, Size3)) {
					t.Fatalf("page %d line %d: %q at %.1f pt, style %d, baseline %.3f", pi+1, i+1, g.R, g.Size, g.Style, g.Y)
				}
				if k > 0 && !near(g.X-gs[k-1].X, Cell) {
					t.Fatalf("page %d line %d: characters %.3f mm apart, want %.3f", pi+1, i+1, g.X-gs[k-1].X, Cell)
				}
			}
			last := gs[len(gs)-1]
			if len(gs) == Chars && (!near(gs[0].X, Left) || !near(last.X+last.W, Left+Width)) {
				t.Errorf("page %d line %d: a full line spans %.2f–%.2f", pi+1, i+1, gs[0].X, last.X+last.W)
			}
		}
	}
	if full == 0 {
		t.Fatal("no page has 22 lines of body text")
	}
	// The paragraph's first line is indented two characters, 26 of them.
	first := lines(&l.Pages[0], PartBody)
	min := Lines
	for i := range first {
		min = int(math.Min(float64(min), float64(i)))
	}
	if gs := first[min]; len(gs) != Chars-2 || !near(gs[0].X, Left+2*Cell) {
		t.Errorf("first line: %d characters from %.2f", len(gs), gs[0].X)
	}
	if !near(Cell*Chars, Width) || !near(Pitch*Lines, Height) || !near(Size3*pt, 5.644444) {
		t.Errorf("grid: cell %.3f, pitch %.3f", Cell, Pitch)
	}
}

func TestLineBreakingRules(t *testing.T) {
	l := lay(t, sample())
	checked := 0
	for pi, p := range l.Pages {
		for i, gs := range lines(&p, PartBody, PartAttachment, PartRecord) {
			if len(gs) < 2 || gs[0].Part == PartRecord && i == Lines-1 {
				continue // the 印发 line has two parts
			}
			checked++
			if strings.ContainsRune(noStart, gs[0].R) {
				t.Errorf("page %d line %d starts with %q", pi+1, i+1, gs[0].R)
			}
			if strings.ContainsRune(noEnd, gs[len(gs)-1].R) {
				t.Errorf("page %d line %d ends with %q", pi+1, i+1, gs[len(gs)-1].R)
			}
			// Numbers and Latin words are never split across lines.
			next := lines(&p, gs[0].Part)[i+1]
			if len(next) > 0 && isWordRune(gs[len(gs)-1].R) && isWordRune(next[0].R) {
				t.Errorf("page %d line %d splits a word: …%c|%c…", pi+1, i+1, gs[len(gs)-1].R, next[0].R)
			}
		}
	}
	if checked < 50 {
		t.Fatalf("only %d lines checked", checked)
	}
	// A comma that would start a line takes the character before it along.
	gs := (&layouter{faces: mustFaces(t)}).glyphs([]Span{{strings.Repeat("风", Chars) + "，险（验）", FangSong}}, Size3, true, PartBody)
	ls := breakLines(units(gs), func(int) float64 { return 0 }, 0)
	if len(ls) != 2 || len(ls[0].units) != Chars-1 || ls[1].units[0].first() != '风' {
		t.Fatalf("lines %d, first %d units", len(ls), len(ls[0].units))
	}
	if g := ls[0].place(alignJustify); !near(g[len(g)-1].X+g[len(g)-1].W, Left+Width) {
		t.Errorf("the shortened line is not justified: ends at %.2f", g[len(g)-1].X+g[len(g)-1].W)
	}
}

func isWordRune(r rune) bool { return r < 0x80 && r != ' ' && !strings.ContainsRune(noStart+noEnd, r) }

func mustFaces(t *testing.T) [numStyles]*face {
	fs, err := loadFaces()
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestHeader(t *testing.T) {
	l := lay(t, sample())
	p := &l.Pages[0]
	var mark, num []Glyph
	for _, g := range p.Glyphs {
		switch g.Part {
		case PartMark:
			mark = append(mark, g)
		case PartNumber:
			num = append(num, g)
		}
	}
	if p.Text(PartMark) != "长沙海关文件" || p.Text(PartNumber) != "湘关预警〔2026〕12号" {
		t.Fatalf("mark %q, number %q", p.Text(PartMark), p.Text(PartNumber))
	}
	// The mark: red 小标宋, centred, its top 35 mm below the type area's.
	for _, g := range mark {
		if g.Color != Red || g.Style != XiaoBiaoSong || !near(g.emTop(), Top+35) {
			t.Errorf("mark %q: colour %v, style %d, top %.2f", g.R, g.Color, g.Style, g.emTop())
		}
	}
	if c := (mark[0].X + mark[len(mark)-1].X + mark[len(mark)-1].W) / 2; !near(c, Left+Width/2) {
		t.Errorf("mark centred at %.2f", c)
	}
	// The number two blank lines below the mark, centred.
	markLine := int(math.Ceil((mark[0].emBottom() - Top) / Pitch))
	if num[0].Line != markLine+2 {
		t.Errorf("number on line %d, mark ends in line %d", num[0].Line, markLine)
	}
	if c := (num[0].X + num[len(num)-1].X + num[len(num)-1].W) / 2; !near(c, Left+Width/2) {
		t.Errorf("number centred at %.2f", c)
	}
	// The red separator 4 mm below the number, the width of the type area.
	var sep *Rule
	for i, r := range p.Rules {
		if r.Part == PartSeparator {
			sep = &p.Rules[i]
		}
	}
	if sep == nil || sep.Color != Red || !near(sep.Y, num[0].emBottom()+4) || !near(sep.W, Width) {
		t.Fatalf("separator %+v", sep)
	}
	// The title two blank lines below the separator, 2号, centred, in two
	// lines that keep 进出口 whole.
	title := lines(p, PartTitle)
	sepLine := int(math.Ceil((sep.Y + sep.T - Top) / Pitch))
	if len(title) != 2 || title[sepLine+2] == nil {
		t.Fatalf("title lines %v, separator in line %d", len(title), sepLine)
	}
	var text []string
	for i := sepLine + 2; i < sepLine+4; i++ {
		gs := title[i]
		var b strings.Builder
		for _, g := range gs {
			b.WriteRune(g.R)
			if g.Size != Size2 || g.Style != XiaoBiaoSong || g.Color != Black {
				t.Errorf("title %q: %.0f pt, style %d", g.R, g.Size, g.Style)
			}
		}
		if c := (gs[0].X + gs[len(gs)-1].X + gs[len(gs)-1].W) / 2; !near(c, Left+Width/2) {
			t.Errorf("title line centred at %.2f", c)
		}
		text = append(text, b.String())
	}
	if text[0] != "关于加强新奇造型打火机进出口" || text[1] != "检验监管的风险警示通报" {
		t.Errorf("title lines %q", text)
	}
	// 主送 a blank line below the title, flush left; the body below it.
	to := lines(p, PartTo)
	if gs := to[sepLine+5]; len(gs) == 0 || !near(gs[0].X, Left) || gs[len(gs)-1].R != '：' {
		t.Errorf("主送 %q", p.Text(PartTo))
	}
	if lines(p, PartBody)[sepLine+6] == nil {
		t.Error("the body does not follow 主送")
	}
	// Every other glyph is black.
	for _, pg := range l.Pages {
		for _, g := range pg.Glyphs {
			if g.Part != PartMark && g.Color != Black {
				t.Errorf("%q (part %d) is not black", g.R, g.Part)
			}
		}
	}
}

func TestUpward(t *testing.T) {
	d := sample()
	d.Upward, d.Signers = true, []string{"张伟"}
	p := &lay(t, d).Pages[0]
	var num, sig []Glyph
	for _, g := range p.Glyphs {
		switch g.Part {
		case PartNumber:
			num = append(num, g)
		case PartSigner:
			sig = append(sig, g)
		}
	}
	last := sig[len(sig)-1]
	if !near(num[0].X, Left+Cell) || !near(last.X+last.W, Left+Width-Cell) || num[0].Line != sig[0].Line {
		t.Errorf("number from %.2f on line %d, 签发人 to %.2f on line %d", num[0].X, num[0].Line, last.X+last.W, sig[0].Line)
	}
	if p.Text(PartSigner) != "签发人：张伟" || sig[0].Style != FangSong || last.Style != KaiTi {
		t.Errorf("签发人 %q in %d/%d", p.Text(PartSigner), sig[0].Style, last.Style)
	}
}

func TestSignature(t *testing.T) {
	for _, tt := range []struct{ authority, date string }{
		{"长沙海关", "2026年12月4日"},         // the date is longer: two from the right
		{"湖南省人民政府口岸办公室", "2026年12月4日"}, // the authority is longer: two from the right
	} {
		d := sample()
		d.Body, d.Attachments, d.Authority = d.Body[:2], nil, tt.authority
		l := lay(t, d)
		var auth, date []Glyph
		for _, p := range l.Pages {
			for _, g := range p.Glyphs {
				switch g.Part {
				case PartAuthority:
					auth = append(auth, g)
				case PartDate:
					date = append(date, g)
				}
			}
		}
		right := func(gs []Glyph) float64 { return gs[len(gs)-1].X + gs[len(gs)-1].W }
		text := func(gs []Glyph) string {
			var b strings.Builder
			for _, g := range gs {
				b.WriteRune(g.R)
			}
			return b.String()
		}
		if text(date) != tt.date || text(auth) != tt.authority || date[0].Line != auth[0].Line+1 {
			t.Fatalf("%q / %q on lines %d, %d", text(auth), text(date), auth[0].Line, date[0].Line)
		}
		if !near(date[0].X-auth[0].X, 2*Cell) {
			t.Errorf("%s: the date starts %.2f mm right of the authority, want two characters", tt.authority, date[0].X-auth[0].X)
		}
		edge := math.Max(right(auth), right(date))
		if !near(edge, Left+Width-2*Cell) {
			t.Errorf("%s: right edge %.2f, want two characters from the right", tt.authority, edge)
		}
	}
	for _, tt := range []struct {
		t    time.Time
		want string
	}{{day, "2026年12月4日"}, {time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC), "2027年1月5日"}, {time.Date(2026, 12, 3, 20, 0, 0, 0, time.UTC), "2026年12月4日"}} {
		if got := Date(tt.t); got != tt.want {
			t.Errorf("Date(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestPagesAndRecord(t *testing.T) {
	tests := []struct {
		name  string
		doc   func() *Document
		pages int
		blank bool // a blank page before the 版记 page, both unnumbered
	}{
		{"one page of text", func() *Document { d := sample(); d.Body, d.Attachments = d.Body[:2], nil; return d }, 2, false},
		{"long", sample, 0, false},
		{"even page full", func() *Document {
			d := sample()
			d.Attachments = nil
			// Fill the second page to its last line (found by trying).
			for n := 1; n < 400; n++ {
				d.Body = []Paragraph{P(strings.Repeat("风", 26+28*n))}
				l := lay(t, d)
				if len(l.Pages) == 4 && l.Pages[1].Number == 2 && l.Pages[2].Number == 0 {
					return d
				}
			}
			t.Fatal("no length fills the second page")
			return nil
		}, 4, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := lay(t, tt.doc())
			if len(l.Pages)%2 != 0 || tt.pages > 0 && len(l.Pages) != tt.pages {
				t.Fatalf("%d pages", len(l.Pages))
			}
			for i, p := range l.Pages {
				var num []Glyph
				for _, g := range p.Glyphs {
					if g.Part == PartPageNumber {
						num = append(num, g)
					}
				}
				unnumbered := tt.blank && i >= len(l.Pages)-2
				if unnumbered {
					if len(num) > 0 || p.Number != 0 {
						t.Errorf("page %d is numbered", i+1)
					}
					continue
				}
				want := fmt.Sprintf("— %d —", i+1)
				if p.Text(PartPageNumber) != want || p.Number != i+1 {
					t.Fatalf("page %d: number %q", i+1, p.Text(PartPageNumber))
				}
				last := num[len(num)-1]
				if (i+1)%2 == 1 && !near(last.X+last.W, Left+Width-Cell) || (i+1)%2 == 0 && !near(num[0].X, Left+Cell) {
					t.Errorf("page %d: number at %.2f–%.2f", i+1, num[0].X, last.X+last.W)
				}
				if num[0].Size != Size4 || num[0].Style != SongTi || num[0].emTop() < Top+Height {
					t.Errorf("page %d: number %.0f pt style %d at %.2f", i+1, num[0].Size, num[0].Style, num[0].Y)
				}
			}
			// 版记 on the last page, its last separator on the type
			// area's bottom edge, 印发 on the last line.
			p := &l.Pages[len(l.Pages)-1]
			rec := lines(p, PartRecord)
			if len(rec[Lines-1]) == 0 || !strings.Contains(p.Text(PartRecord), "抄送：海关总署，") || !strings.HasSuffix(p.Text(PartRecord), "长沙海关办公室2026年12月4日印发") {
				t.Fatalf("版记 %q", p.Text(PartRecord))
			}
			var rules []Rule
			for _, r := range p.Rules {
				if r.Part == PartRecord {
					rules = append(rules, r)
				}
			}
			if len(rules) != 3 || !near(rules[0].T, 0.35) || !near(rules[1].T, 0.25) || !near(rules[2].Y+rules[2].T, Top+Height) {
				t.Errorf("版记 rules %+v", rules)
			}
			body := 0
			for _, g := range p.Glyphs {
				if g.Part != PartRecord && g.Part != PartPageNumber {
					body = max(body, g.Line+1)
				}
			}
			if first := Lines - len(rec); body >= first {
				t.Errorf("text reaches line %d, 版记 starts on %d", body, first+1)
			}
		})
	}
}

func TestToMovesToRecord(t *testing.T) {
	d := sample()
	d.To = nil
	for i := range 40 {
		d.To = append(d.To, fmt.Sprintf("第%d市州人民政府", i+1))
	}
	l := lay(t, d)
	if l.Pages[0].Text(PartTo) != "" || !strings.HasPrefix(l.Pages[len(l.Pages)-1].Text(PartRecord), "主送：第1市州人民政府，") {
		t.Errorf("主送 on page 1 %q, in 版记 %q", l.Pages[0].Text(PartTo), l.Pages[len(l.Pages)-1].Text(PartRecord))
	}
	if len(lines(&l.Pages[0], PartBody)) == 0 {
		t.Error("the first page shows no body text")
	}
}

func TestAttachments(t *testing.T) {
	l := lay(t, sample())
	var said string
	var starts []int
	for i, p := range l.Pages {
		said += p.Text(PartAttachments)
		if gs := lines(&p, PartAttachment); len(gs[0]) > 0 && gs[0][0].Style == HeiTi {
			starts = append(starts, i)
			if p.Text(PartAttachment)[:len("附件")] != "附件" || len(gs[2]) == 0 || gs[2][0].Size != Size2 {
				t.Errorf("attachment page %d: %q", i+1, p.Text(PartAttachment))
			}
		}
	}
	if said != "附件：1.预警范围明细2.抽检结果汇总表（2026年11月）" {
		t.Errorf("附件说明 %q", said)
	}
	if len(starts) != 2 || len(l.Pages[starts[0]].Text(PartBody)) > 0 {
		t.Errorf("attachments start on pages %v", starts)
	}
}

func TestPDF(t *testing.T) {
	d := sample()
	a, err := PDF(d)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := PDF(d)
	if !bytes.Equal(a, b) || !bytes.HasPrefix(a, []byte("%PDF-")) {
		t.Fatal("the same document gives different bytes")
	}
	for _, f := range []string{"/FontName /", "/Subtype /CIDFontType2"} {
		if !bytes.Contains(a, []byte(f)) {
			t.Errorf("PDF lacks %s", f)
		}
	}
	// Seven pages of text and fonts stay well under a megabyte.
	if len(a) > 1<<20 {
		t.Errorf("PDF of %d bytes", len(a))
	}
}

// Every character of the catalogues' Chinese names, and the characters
// documents write, has a glyph in one of the fonts.
func TestFontCoverage(t *testing.T) {
	fs := mustFaces(t)
	ts, err := catalog.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	text := "〔〕湘邵醴浏阳Ⅰ级Ⅱ级Ⅲ级Ⅳ级（特别严重，红色）“”‘’《》—…·％①②" + noStart + noEnd
	for _, tb := range ts {
		for _, e := range tb.Entries {
			text += e.NameZh
		}
	}
	missing := map[rune]bool{}
	for _, r := range text {
		if r < 0x20 {
			continue
		}
		if !fs[FangSong].has(r) && !fs[KaiTi].has(r) && !fs[HeiTi].has(r) && !fs[XiaoBiaoSong].has(r) {
			missing[r] = true
		}
	}
	if len(missing) > 0 {
		t.Errorf("no font has %q", keys(missing))
	}
	for _, r := range "〔〕湘邵醴Ⅱ2026年12月4日" {
		for _, s := range []Style{FangSong, HeiTi, KaiTi, XiaoBiaoSong} {
			if !fs[s].has(r) {
				t.Errorf("%s lacks %q", s.family(), r)
			}
		}
	}
	for _, r := range "— 0123456789" {
		if !fs[SongTi].has(r) {
			t.Errorf("songti lacks %q", r)
		}
	}
}

func keys(m map[rune]bool) string {
	var b strings.Builder
	for r := range m {
		b.WriteRune(r)
	}
	return b.String()
}
