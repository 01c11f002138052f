package gongwen

import (
	"fmt"
	"math"
	"riskgate/internal/risk"
	"strings"
	"time"
	"unicode"
)

// Geometry of GB/T 9704-2012, in millimetres (§5.1, §5.2).
const (
	PageWidth  = 210.0 // A4 (§5.1)
	PageHeight = 297.0
	Top        = 37.0  // 天头 (§5.2.1: 37 mm ± 1 mm)
	Left       = 28.0  // 订口 (§5.2.1: 28 mm ± 1 mm)
	Width      = 156.0 // 版心 156 mm × 225 mm (§5.2.1)
	Height     = 225.0
	Lines      = 22 // lines on a page (§5.2.3)
	Chars      = 28 // characters on a line (§5.2.3)

	Cell  = Width / Chars  // one 字 of the body grid: 28 fill the type area
	Pitch = Height / Lines // one 行: 22 fill it

	pt = 25.4 / 72 // millimetres in a point

	// Type sizes (号) in points.
	Size2 = 22.0 // 二号: the title (§7.3.1)
	Size3 = 16.0 // 三号: the body and most elements (§5.2.2)
	Size4 = 14.0 // 四号: 版记 and page numbers (§7.4, §7.5)

	ascent = 0.88 // a CJK em box's top above the baseline, in em (all the fonts here)

	markTop      = 35.0 // the mark's top edge below the type area's top (§7.2.4)
	markMaxSize  = 54.0 // the mark's largest size in points (the standard leaves it open)
	ruleGap      = 4.0  // the red separator's distance below the number (§7.2.7)
	redRule      = 0.5  // its thickness (not set by the standard)
	thickRule    = 0.35 // 版记's first and last separators (§7.4.1)
	thinRule     = 0.25 // 版记's middle separators (§7.4.1)
	pageNumberAt = 7.0  // page number's dash below the type area (§7.5)
	eps          = 1e-6
)

// RGB is a colour.
type RGB [3]uint8

// Colours: black text, and red for the mark and the separator (§7.2.4,
// §7.2.7).
var (
	Black = RGB{0, 0, 0}
	Red   = RGB{255, 0, 0}
)

// Part names the element a glyph or rule belongs to.
type Part uint8

// Parts of a document (§7.1: 版头, 主体, 版记, and the page numbers).
const (
	PartMark Part = iota + 1
	PartNumber
	PartSigner
	PartSeparator
	PartTitle
	PartTo
	PartBody
	PartAttachments // 附件说明
	PartAuthority
	PartDate
	PartAttachment // an attached document
	PartRecord     // 版记
	PartPageNumber
)

// Glyph is one character set on a page.
type Glyph struct {
	X, Y  float64 // left edge and baseline, mm from the page's top left corner
	W     float64 // the room it takes on its line, mm
	Size  float64 // points
	Style Style
	Color RGB
	R     rune
	Part  Part
	Line  int // grid line on its page (0–21), -1 off the grid
	wide  bool
}

// Top and bottom edges of the glyph's em box.
func (g Glyph) emTop() float64    { return g.Y - ascent*g.Size*pt }
func (g Glyph) emBottom() float64 { return g.Y + (1-ascent)*g.Size*pt }

// Rule is a horizontal line: its top edge at Y, T thick.
type Rule struct {
	X, Y, W, T float64
	Color      RGB
	Part       Part
}

// Page is one laid-out page. Number is its page number, 0 where none is
// shown (§7.5: a blank page before 版记 and the 版记 page).
type Page struct {
	Glyphs []Glyph
	Rules  []Rule
	Number int
}

// Text of the page's glyphs of one part, in order.
func (p *Page) Text(part Part) string {
	var b strings.Builder
	for _, g := range p.Glyphs {
		if g.Part == part {
			b.WriteRune(g.R)
		}
	}
	return b.String()
}

// Layout is a document laid out on pages.
type Layout struct {
	Pages []Page
}

// Span is text in one style.
type Span struct {
	Text  string
	Style Style
}

// Paragraph is a paragraph of the body: its first line is indented two
// characters, the others start flush left (§7.3.3).
type Paragraph []Span

// P is a paragraph of 仿宋 text.
func P(text string) Paragraph { return Paragraph{{text, FangSong}} }

// Heading is a first-level heading (一、…) in 黑体 (§7.3.3).
func Heading(text string) Paragraph { return Paragraph{{text, HeiTi}} }

// Attachment is an attached document: its name in the 附件说明 and its
// own pages before 版记 (§7.3.4, §7.3.7).
type Attachment struct {
	Name string
	Body []Paragraph
}

// Document is an official document (公文) as GB/T 9704-2012 lays it out.
type Document struct {
	Mark        string // 发文机关标志, e.g. 长沙海关文件
	Number      string // 发文字号, e.g. 湘关预警〔2026〕12号; empty: none
	Upward      bool   // 上行文: the number on the left, 签发人 on the right (§7.2.5, §7.2.6)
	Signers     []string
	Title       string
	To          []string // 主送机关
	Body        []Paragraph
	Attachments []Attachment
	Authority   string    // 发文机关署名
	Date        time.Time // 成文日期
	CC          []string  // 抄送机关
	Printer     string    // 印发机关
	PrintDate   time.Time // 印发日期
}

// Date writes a date as the standard asks (§7.3.5.4): Arabic numerals,
// the year in full, no leading zeros: 2026年12月4日.
func Date(t time.Time) string {
	t = t.In(risk.China)
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

// Forbidden at the start and at the end of a line (the 禁则 of Chinese
// typesetting, GB/T 15834's rules for punctuation).
const (
	noStart = "。，、；：？！）》」』】〕〉”’…·%‰℃,.;:?!)]}"
	noEnd   = "（《「『【〔〈“‘([{"
)

// layouter holds the fonts while a document is laid out.
type layouter struct {
	faces [numStyles]*face
}

// fallback is the order in which styles stand in for a character a font
// lacks.
var fallback = []Style{FangSong, KaiTi, HeiTi, XiaoBiaoSong}

// glyph makes the glyph of r in style st at size points; on the body
// grid (grid) a full-width character takes one Cell.
func (l *layouter) glyph(r rune, st Style, size float64, grid bool, part Part) Glyph {
	if r == '\t' || r == '\u00a0' {
		r = ' '
	}
	f := l.faces[st]
	if !f.has(r) {
		found := false
		for _, alt := range fallback {
			if l.faces[alt].has(r) {
				st, f, found = alt, l.faces[alt], true
				break
			}
		}
		if !found {
			r = '〓' // GB 2312's mark for a character that cannot be set
			if !f.has(r) {
				st, f = FangSong, l.faces[FangSong]
			}
		}
	}
	em := size * pt
	g := Glyph{R: r, Style: st, Size: size, Color: Black, Part: part, Line: -1}
	adv := f.advance(r) * em
	g.wide = adv >= 0.9*em
	g.W = adv
	if grid && g.wide {
		g.W = Cell
	}
	return g
}

func (l *layouter) glyphs(spans []Span, size float64, grid bool, part Part) []Glyph {
	var out []Glyph
	for _, s := range spans {
		for _, r := range s.Text {
			if r == '\n' || r == '\r' || unicode.IsControl(r) {
				continue
			}
			out = append(out, l.glyph(r, s.Style, size, grid, part))
		}
	}
	return out
}

func width(gs []Glyph) float64 {
	w := 0.0
	for _, g := range gs {
		w += g.W
	}
	return w
}

// unit is what a line never splits: a full-width character, a word of
// Latin letters and digits (a year, a number: §7.3.3's practice of never
// breaking a number), or a space.
type unit struct {
	g     []Glyph
	w     float64
	space bool
}

func units(gs []Glyph) []unit {
	var out []unit
	for i := 0; i < len(gs); {
		g := gs[i]
		switch {
		case g.R == ' ':
			out = append(out, unit{g: gs[i : i+1], w: g.W, space: true})
			i++
		case g.wide:
			out = append(out, unit{g: gs[i : i+1], w: g.W})
			i++
		default:
			j := i
			for j < len(gs) && !gs[j].wide && gs[j].R != ' ' {
				j++
			}
			out = append(out, unit{g: gs[i:j], w: width(gs[i:j])})
			i = j
		}
	}
	return out
}

func (u unit) first() rune { return u.g[0].R }
func (u unit) last() rune  { return u.g[len(u.g)-1].R }

// textLine is a line of text before it is placed on a page.
type textLine struct {
	units []unit
	x     float64 // start, from Left
	avail float64 // room on the line, mm
	final bool    // the last line of its paragraph: not justified
}

// breakLines breaks units into lines of avail(i) millimetres for line i,
// starting at x(i), with the 禁则: no closing punctuation at the start of
// a line, no opening one at its end — a character moves down to the next
// line with it, and the line is justified to the full width.
func breakLines(us []unit, x func(i int) float64, right float64) []textLine {
	var lines []textLine
	var cur []unit
	w := 0.0
	avail := func() float64 { return Width - right - x(len(lines)) }
	flush := func(final bool) {
		for len(cur) > 0 && cur[len(cur)-1].space {
			cur = cur[:len(cur)-1]
		}
		lines = append(lines, textLine{units: cur, x: x(len(lines)), avail: avail(), final: final})
		cur, w = nil, 0
	}
	for i := 0; i < len(us); i++ {
		u := us[i]
		if u.space && len(cur) == 0 {
			continue
		}
		if w+u.w <= avail()+eps {
			cur, w = append(cur, u), w+u.w
			continue
		}
		if u.space {
			flush(false)
			continue
		}
		if len(cur) == 0 {
			// A word wider than the line: split it where it must.
			var head unit
			for _, g := range u.g {
				if head.w+g.W > avail()+eps && len(head.g) > 0 {
					break
				}
				head.g, head.w = append(head.g, g), head.w+g.W
			}
			rest := unit{g: u.g[len(head.g):], w: u.w - head.w}
			cur = []unit{head}
			flush(false)
			if len(rest.g) > 0 {
				us = append(us[:i+1:i+1], append([]unit{rest}, us[i+1:]...)...)
			}
			continue
		}
		// Move characters down until the break obeys the 禁则.
		moved := 0
		for len(cur)-moved > 1 {
			prev, next := cur[len(cur)-moved-1], u
			if moved > 0 {
				next = cur[len(cur)-moved]
			}
			if !strings.ContainsRune(noStart, next.first()) && !strings.ContainsRune(noEnd, prev.last()) {
				break
			}
			moved++
		}
		cur = cur[:len(cur)-moved]
		flush(false)
		i -= moved + 1 // set the moved units and u again on the new line
	}
	if len(cur) > 0 || len(lines) == 0 {
		flush(true)
	}
	return lines
}

// place sets a line's glyphs from Left+x: justified unless final, and
// aligned right (end > 0: its right edge end mm from Left) or centred.
func (t textLine) place(align int) []Glyph {
	used := 0.0
	for _, u := range t.units {
		used += u.w
	}
	x, gap := Left+t.x, 0.0
	switch {
	case align == alignCentre:
		x += (t.avail - used) / 2
	case align == alignRight:
		x += t.avail - used
	case !t.final && len(t.units) > 1:
		gap = (t.avail - used) / float64(len(t.units)-1)
	}
	var out []Glyph
	for _, u := range t.units {
		for _, g := range u.g {
			g.X = x
			x += g.W
			out = append(out, g)
		}
		x += gap
	}
	return out
}

const (
	alignJustify = iota
	alignCentre
	alignRight
)

// flowLine is a line of the flow that pagination places on the grid.
type flowLine struct {
	glyphs  []Glyph
	blank   bool
	keep    bool // keep with the next line on one page
	newPage bool // start a new page
	at      int  // the grid line it must be on (attachment titles), or -1
}

// baseline is the baseline of text of size points on grid line i: its em
// box centred in the line.
func baseline(i int, size float64) float64 {
	em := size * pt
	return Top + float64(i)*Pitch + (Pitch-em)/2 + ascent*em
}

// Lay lays d out on pages.
func Lay(d *Document) (*Layout, error) {
	fs, err := loadFaces()
	if err != nil {
		return nil, err
	}
	l := &layouter{faces: fs}
	return l.lay(d), nil
}

func (l *layouter) lay(d *Document) *Layout {
	first := Page{}
	start := l.header(d, &first)
	var flow []flowLine
	add := func(gs []Glyph, keep bool) { flow = append(flow, flowLine{glyphs: gs, keep: keep, at: -1}) }
	blank := func(keep bool) { flow = append(flow, flowLine{blank: true, keep: keep, at: -1}) }

	// Title (§7.3.1), 2号小标宋, centred, in balanced lines.
	title := l.titleLines(d.Title, PartTitle)
	for _, t := range title {
		add(t, true)
	}
	// 主送机关 (§7.3.2): a line below the title, flush left; moved to 版记
	// when it would leave the first page without body text.
	var to []textLine
	if len(d.To) > 0 {
		to = breakLines(units(l.glyphs([]Span{{strings.Join(d.To, "、") + "：", FangSong}}, Size3, true, PartTo)), func(int) float64 { return 0 }, 0)
	}
	toInRecord := start+len(title)+1+len(to) >= Lines
	if len(to) > 0 && !toInRecord {
		blank(true)
		for _, t := range to {
			add(t.place(alignJustify), false)
		}
	} else {
		blank(false)
	}
	// Body (§7.3.3).
	for _, p := range d.Body {
		lines := breakLines(units(l.glyphs(p, Size3, true, PartBody)), func(i int) float64 {
			if i == 0 {
				return 2 * Cell
			}
			return 0
		}, 0)
		heading := len(p) == 1 && p[0].Style == HeiTi
		for i, t := range lines {
			// Keep a heading with the line after it, and the first two
			// lines of a paragraph together.
			add(t.place(alignJustify), heading || (i == 0 && len(lines) > 1))
		}
	}
	// 附件说明 (§7.3.4): a blank line, then 附件：1.… two characters in.
	if len(d.Attachments) > 0 {
		blank(true)
		label := l.glyphs([]Span{{"附件：", FangSong}}, Size3, true, PartAttachments)
		lw := width(label)
		for i, a := range d.Attachments {
			name := a.Name
			if len(d.Attachments) > 1 {
				name = fmt.Sprintf("%d.%s", i+1, a.Name)
			}
			gs := l.glyphs([]Span{{name, FangSong}}, Size3, true, PartAttachments)
			num := 0.0
			if len(d.Attachments) > 1 {
				num = width(gs[:len(fmt.Sprint(i+1))+1])
			}
			for j, t := range breakLines(units(gs), func(k int) float64 {
				if k == 0 {
					return 2*Cell + lw
				}
				return 2*Cell + lw + num
			}, 0) {
				t.final = true // names are not justified
				line := t.place(alignJustify)
				if i == 0 && j == 0 {
					for k := range label {
						label[k].X = Left + 2*Cell + width(label[:k])
					}
					line = append(append([]Glyph{}, label...), line...)
				}
				add(line, true)
			}
		}
	}
	// Authority and date, not sealed (§7.3.5.2): a blank line, the
	// authority two characters from the right, the date below it two
	// characters further right — or, when the date is longer, the date
	// two from the right and the authority two left of it.
	if len(flow) > 0 {
		flow[len(flow)-1].keep = true // never the signature alone on a page
	}
	blank(true)
	auth := l.glyphs([]Span{{d.Authority, FangSong}}, Size3, true, PartAuthority)
	date := l.glyphs([]Span{{Date(d.Date), FangSong}}, Size3, true, PartDate)
	right := Left + Width - 2*Cell
	ax := right - width(auth)
	dx := ax + 2*Cell
	if dx+width(date) > right+eps {
		dx = right - width(date)
		ax = dx - 2*Cell
	}
	add(at(auth, ax), true)
	add(at(date, dx), false)
	// Attachments (§7.3.7): each on new pages, 附件N in 黑体 at the top
	// left, its name centred on the third line, then its text.
	for i, a := range d.Attachments {
		label := "附件"
		if len(d.Attachments) > 1 {
			label = fmt.Sprintf("附件%d", i+1)
		}
		flow = append(flow, flowLine{glyphs: at(l.glyphs([]Span{{label, HeiTi}}, Size3, true, PartAttachment), Left), newPage: true, at: -1})
		for j, t := range l.titleLines(a.Name, PartAttachment) {
			f := flowLine{glyphs: t, keep: true, at: -1}
			if j == 0 {
				f.at = 2
			}
			flow = append(flow, f)
		}
		blank(true)
		for _, p := range a.Body {
			for k, t := range breakLines(units(l.glyphs(p, Size3, true, PartAttachment)), func(i int) float64 {
				if i == 0 {
					return 2 * Cell
				}
				return 0
			}, 0) {
				add(t.place(alignJustify), k == 0 && len(p) == 1 && p[0].Style == HeiTi)
			}
		}
	}
	pages := l.paginate(flow, first, start)
	l.record(d, &pages, to, toInRecord)
	l.pageNumbers(pages)
	return &Layout{Pages: pages}
}

// at sets glyphs one after the other from x.
func at(gs []Glyph, x float64) []Glyph {
	for i := range gs {
		gs[i].X = x
		x += gs[i].W
	}
	return gs
}

// header sets the 版头 on the first page (§7.2) and returns the grid line
// the title starts on.
func (l *layouter) header(d *Document, p *Page) int {
	// The mark (§7.2.4): red 小标宋, centred, its top 35 mm below the type
	// area's top, as large as fits up to markMaxSize.
	n := float64(len([]rune(d.Mark)))
	size := markMaxSize
	if n > 0 && n*size*pt > Width {
		size = Width / n / pt
	}
	mark := l.glyphs([]Span{{d.Mark, XiaoBiaoSong}}, size, false, PartMark)
	x := Left + (Width-width(mark))/2
	for i := range mark {
		mark[i].X, mark[i].Y, mark[i].Color = x, Top+markTop+ascent*size*pt, Red
		x += mark[i].W
	}
	p.Glyphs = append(p.Glyphs, mark...)
	markBottom := Top + markTop + size*pt
	// The number two blank lines below the mark (§7.2.5), centred; for a
	// 上行文 one character in from the left, with 签发人 one character in
	// from the right on the same line (§7.2.6).
	line := int(math.Ceil((markBottom-Top)/Pitch-eps)) + 2
	num := l.glyphs([]Span{{d.Number, FangSong}}, Size3, true, PartNumber)
	if d.Upward {
		at(num, Left+Cell)
		if len(d.Signers) > 0 {
			sig := l.glyphs([]Span{{"签发人：", FangSong}}, Size3, true, PartSigner)
			sig = append(sig, l.glyphs([]Span{{strings.Join(d.Signers, "　"), KaiTi}}, Size3, true, PartSigner)...)
			p.Glyphs = append(p.Glyphs, l.onLine(at(sig, Left+Width-Cell-width(sig)), line)...)
		}
	} else {
		at(num, Left+(Width-width(num))/2)
	}
	p.Glyphs = append(p.Glyphs, l.onLine(num, line)...)
	// The red separator 4 mm below the number, as wide as the type area
	// (§7.2.7).
	y := baseline(line, Size3) + (1-ascent)*Size3*pt + ruleGap
	p.Rules = append(p.Rules, Rule{X: Left, Y: y, W: Width, T: redRule, Color: Red, Part: PartSeparator})
	// The title two blank lines below it (§7.3.1).
	return int(math.Ceil((y+redRule-Top)/Pitch-eps)) + 2
}

// onLine puts glyphs on grid line i.
func (l *layouter) onLine(gs []Glyph, i int) []Glyph {
	for k := range gs {
		gs[k].Y, gs[k].Line = baseline(i, gs[k].Size), i
	}
	return gs
}

// titleWords are words of warning titles that a line break must not
// split (a title breaks so that words stay whole, §7.3.1).
var titleWords = []string{"进出口", "进口", "出口", "风险", "警示", "预警", "通报", "通告", "公告", "请示", "检验", "检疫", "监管",
	"监督", "打火机", "烟花", "爆竹", "陶瓷", "餐具", "玩具", "竹筷", "化妆品", "奶粉", "婴幼儿", "食品", "产品", "商品", "质量",
	"安全", "召回", "解除", "调整", "加强", "有关", "发布", "报请", "新奇", "造型", "儿童", "消费者", "企业", "工程机械", "跨境", "电子商务"}

// splits reports, for each rune boundary of s (after rune i), whether it
// falls inside one of titleWords.
func splits(s []rune) []bool {
	in := make([]bool, len(s))
	for _, w := range titleWords {
		ws := []rune(w)
		for i := 0; i+len(ws) <= len(s); i++ {
			if string(s[i:i+len(ws)]) == w {
				for k := i; k < i+len(ws)-1; k++ {
					in[k] = true
				}
			}
		}
	}
	return in
}

// titleLines breaks a title in 2号小标宋 into as few lines as fit, of
// nearly equal length, each centred (a trapezoid, §7.3.1); a break keeps
// words whole and prefers to follow 的 or 关于.
func (l *layouter) titleLines(s string, part Part) [][]Glyph {
	gs := l.glyphs([]Span{{s, XiaoBiaoSong}}, Size2, false, part)
	runes := make([]rune, len(gs))
	for i, g := range gs {
		runes[i] = g.R
	}
	inWord := splits(runes)
	us := units(gs)
	total := 0.0
	for _, u := range us {
		total += u.w
	}
	n := max(1, int(math.Ceil(total/Width-eps)))
	done := 0 // runes already set
	var out [][]Glyph
	for len(us) > 0 {
		if n == 1 {
			out = append(out, textLine{units: us, avail: Width, final: true}.place(alignCentre))
			break
		}
		// The break nearest the balanced length, within the line's room.
		target := total / float64(n)
		best, bestScore, w, r := 0, math.Inf(1), 0.0, done
		for i := 0; i < len(us)-1; i++ {
			w += us[i].w
			r += len(us[i].g)
			if w > Width+eps {
				break
			}
			if strings.ContainsRune(noStart, us[i+1].first()) || strings.ContainsRune(noEnd, us[i].last()) {
				continue
			}
			score := math.Abs(w - target)
			if w < target {
				score += Size2 * pt / 4 // longer above, other things equal
			}
			if inWord[r-1] {
				score += 6 * Size2 * pt
			}
			if strings.ContainsRune("的于、，", us[i].last()) {
				score -= 1.5 * Size2 * pt
			}
			if score < bestScore {
				best, bestScore = i+1, score
			}
		}
		if best == 0 {
			best = 1
		}
		line := textLine{units: us[:best], avail: Width, final: true}
		out = append(out, line.place(alignCentre))
		for _, u := range us[:best] {
			total -= u.w
			done += len(u.g)
		}
		us = us[best:]
		n--
	}
	return out
}

// paginate places the flow on pages of 22 lines, the first starting at
// line start: a chain of lines kept together moves to the next page
// whole, a blank line at the top of a page is dropped.
func (l *layouter) paginate(flow []flowLine, first Page, start int) []Page {
	pages := []Page{first}
	cur := start
	for i := 0; i < len(flow); i++ {
		f := flow[i]
		if f.newPage {
			pages = append(pages, Page{})
			cur = 0
		}
		if f.at > cur {
			cur = f.at
		}
		chain := 1
		for j := i; j < len(flow)-1 && flow[j].keep; j++ {
			chain++
		}
		if cur+chain > Lines && chain <= Lines && cur > 0 && !f.newPage {
			pages = append(pages, Page{})
			cur = 0
		}
		if cur >= Lines {
			pages = append(pages, Page{})
			cur = 0
		}
		if f.blank {
			if cur > 0 {
				cur++
			}
			continue
		}
		pages[len(pages)-1].Glyphs = append(pages[len(pages)-1].Glyphs, l.onLine(f.glyphs, cur)...)
		cur++
	}
	return pages
}

// used is the number of grid lines a page's text reaches.
func used(p *Page) int {
	n := 0
	for _, g := range p.Glyphs {
		n = max(n, g.Line+1)
	}
	return n
}

// record sets 版记 (§7.4) at the foot of the last page, which must be an
// even page: 抄送 (and 主送 when it did not fit the first page) and the
// 印发 line in 4号仿宋 between separators, the last on the type area's
// bottom edge. A page is added when the last is odd; when an even last
// page has no room, a blank page and a 版记 page, neither numbered.
func (l *layouter) record(d *Document, pages *[]Page, to []textLine, toInRecord bool) {
	c4 := Size4 * pt
	var groups [][][]Glyph
	list := func(label string, names []string, part Part) {
		if len(names) == 0 {
			return
		}
		head := l.glyphs([]Span{{label, FangSong}}, Size4, false, part)
		body := l.glyphs([]Span{{strings.Join(names, "，") + "。", FangSong}}, Size4, false, part)
		hw := width(head)
		var g [][]Glyph
		// 左右各空一字, continued lines under the first name (§7.4.2).
		for i, t := range breakLines(units(body), func(int) float64 { return c4 + hw }, c4) {
			line := t.place(alignJustify)
			if i == 0 {
				line = append(at(head, Left+c4), line...)
			}
			g = append(g, line)
		}
		groups = append(groups, g)
	}
	if toInRecord && len(to) > 0 {
		list("主送：", d.To, PartRecord)
	}
	list("抄送：", d.CC, PartRecord)
	printer := at(l.glyphs([]Span{{d.Printer, FangSong}}, Size4, false, PartRecord), Left+c4)
	date := l.glyphs([]Span{{Date(d.PrintDate) + "印发", FangSong}}, Size4, false, PartRecord)
	groups = append(groups, [][]Glyph{append(printer, at(date, Left+Width-c4-width(date))...)})
	n := 0
	for _, g := range groups {
		n += len(g)
	}
	last := len(*pages) - 1
	numbered := true
	switch {
	case (last+1)%2 == 0 && used(&(*pages)[last])+1+n <= Lines:
	case (last+1)%2 == 1:
		*pages = append(*pages, Page{})
	default:
		*pages = append(*pages, Page{}, Page{})
		numbered = false
	}
	p := &(*pages)[len(*pages)-1]
	line := Lines - n
	rule := func(i int, t float64) {
		y := Top + float64(i)*Pitch
		if i == Lines {
			y -= t // the last separator's bottom on the type area's edge
		}
		p.Rules = append(p.Rules, Rule{X: Left, Y: y, W: Width, T: t, Color: Black, Part: PartRecord})
	}
	rule(line, thickRule)
	for gi, g := range groups {
		for _, gs := range g {
			p.Glyphs = append(p.Glyphs, l.onLine(gs, line)...)
			line++
		}
		if gi < len(groups)-1 {
			rule(line, thinRule)
		}
	}
	rule(Lines, thickRule)
	if !numbered {
		(*pages)[len(*pages)-2].Number = -1
		p.Number = -1
	}
}

// pageNumbers sets "— N —" in 4号宋体 under the type area, the dash 7 mm
// below it: odd pages one character from the right, even pages one from
// the left (§7.5).
func (l *layouter) pageNumbers(pages []Page) {
	for i := range pages {
		p := &pages[i]
		if p.Number < 0 {
			p.Number = 0
			continue
		}
		p.Number = i + 1
		gs := l.glyphs([]Span{{fmt.Sprintf("— %d —", p.Number), SongTi}}, Size4, false, PartPageNumber)
		yMin, yMax := l.faces[SongTi].box('—')
		y := Top + Height + pageNumberAt + (yMin+yMax)/2*Size4*pt
		x := Left + Cell
		if p.Number%2 == 1 {
			x = Left + Width - Cell - width(gs)
		}
		for k := range at(gs, x) {
			gs[k].Y = y
		}
		p.Glyphs = append(p.Glyphs, gs...)
	}
}
