package gongwen

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"fmt"
	"io"
	"sync"
)

// Style is a typeface of the standard (GB/T 9704-2012 §5.2.2 and §7): the
// open font that stands in for each is in fonts/NOTICE.md.
type Style uint8

// Styles.
const (
	FangSong     Style = iota // 仿宋: most elements (FandolFang)
	HeiTi                     // 黑体: first-level headings, 附件 labels (Noto Sans CJK SC)
	KaiTi                     // 楷体: second-level headings, 签发人's name (LXGW WenKai)
	XiaoBiaoSong              // 小标宋: the authority's mark, titles (Noto Serif CJK SC Bold)
	SongTi                    // 宋体: page numbers, digits and dashes only (Noto Serif CJK SC)
	numStyles
)

var fontFiles = [numStyles]string{"fangsong.ttf.gz", "heiti.ttf.gz", "kaiti.ttf.gz", "xbsong.ttf.gz", "songti.ttf.gz"}

// family is the name a style's font is registered under in a PDF.
func (s Style) family() string {
	return [numStyles]string{"fangsong", "heiti", "kaiti", "xbsong", "songti"}[s]
}

//go:embed fonts/*.ttf.gz
var fontFS embed.FS

// face is what layout needs of a TrueType font: which characters it has,
// their advances, and glyph boxes.
type face struct {
	ttf      []byte
	upem     float64
	glyph    map[rune]uint16
	advances []uint16
	loca     []uint32
	glyf     []byte
}

var (
	facesOnce sync.Once
	faces     [numStyles]*face
	facesErr  error
)

// loadFaces decompresses and parses the embedded fonts, once.
func loadFaces() ([numStyles]*face, error) {
	facesOnce.Do(func() {
		for s, name := range fontFiles {
			b, err := fontFS.ReadFile("fonts/" + name)
			if err == nil {
				b, err = gunzip(b)
			}
			if err == nil {
				faces[s], err = parseFace(b)
			}
			if err != nil {
				facesErr = fmt.Errorf("gongwen: font %s: %w", name, err)
				return
			}
		}
	})
	return faces, facesErr
}

func gunzip(b []byte) ([]byte, error) {
	z, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(z)
}

// parseFace reads the head, hhea, hmtx, cmap (format 4), loca and glyf
// tables of a TrueType font.
func parseFace(b []byte) (*face, error) {
	if len(b) < 12 || binary.BigEndian.Uint32(b) != 0x00010000 {
		return nil, fmt.Errorf("not a TrueType font")
	}
	tables := map[string][]byte{}
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := range n {
		rec := b[12+16*i:]
		off, size := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if int(off)+int(size) > len(b) {
			return nil, fmt.Errorf("table %q out of range", rec[:4])
		}
		tables[string(rec[:4])] = b[off : off+size]
	}
	for _, t := range []string{"head", "hhea", "hmtx", "cmap", "loca", "glyf", "maxp"} {
		if tables[t] == nil {
			return nil, fmt.Errorf("no %s table", t)
		}
	}
	f := &face{ttf: b, glyph: map[rune]uint16{}, glyf: tables["glyf"]}
	head := tables["head"]
	f.upem = float64(binary.BigEndian.Uint16(head[18:]))
	longLoca := binary.BigEndian.Uint16(head[50:]) == 1
	glyphs := int(binary.BigEndian.Uint16(tables["maxp"][4:]))
	metrics := int(binary.BigEndian.Uint16(tables["hhea"][34:]))
	hmtx := tables["hmtx"]
	f.advances = make([]uint16, glyphs)
	for g := range glyphs {
		f.advances[g] = binary.BigEndian.Uint16(hmtx[4*min(g, metrics-1):])
	}
	loca := tables["loca"]
	f.loca = make([]uint32, glyphs+1)
	for g := range glyphs + 1 {
		if longLoca {
			f.loca[g] = binary.BigEndian.Uint32(loca[4*g:])
		} else {
			f.loca[g] = 2 * uint32(binary.BigEndian.Uint16(loca[2*g:]))
		}
	}
	return f, f.parseCmap(tables["cmap"])
}

// parseCmap reads the Windows Unicode BMP subtable (format 4), the one
// fpdf reads too.
func (f *face) parseCmap(c []byte) error {
	n := int(binary.BigEndian.Uint16(c[2:]))
	for i := range n {
		rec := c[4+8*i:]
		platform, encoding := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		sub := c[binary.BigEndian.Uint32(rec[4:]):]
		if platform != 3 || encoding != 1 || binary.BigEndian.Uint16(sub) != 4 {
			continue
		}
		segs := int(binary.BigEndian.Uint16(sub[6:])) / 2
		ends, starts := sub[14:], sub[16+2*segs:]
		deltas, offsets := sub[16+4*segs:], sub[16+6*segs:]
		for s := range segs {
			end, start := int(binary.BigEndian.Uint16(ends[2*s:])), int(binary.BigEndian.Uint16(starts[2*s:]))
			delta, ro := binary.BigEndian.Uint16(deltas[2*s:]), int(binary.BigEndian.Uint16(offsets[2*s:]))
			for r := start; r <= end && r != 0xFFFF; r++ {
				g := uint16(r) + delta
				if ro != 0 {
					at := 16 + 6*segs + 2*s + ro + 2*(r-start)
					if at+2 > len(sub) {
						return fmt.Errorf("cmap glyph index out of range")
					}
					if g = binary.BigEndian.Uint16(sub[at:]); g != 0 {
						g += delta
					}
				}
				if g != 0 {
					f.glyph[rune(r)] = g
				}
			}
		}
		return nil
	}
	return fmt.Errorf("no Unicode BMP cmap (format 4)")
}

// has reports whether the font has a glyph for r.
func (f *face) has(r rune) bool { _, ok := f.glyph[r]; return ok }

// advance is r's advance width in em.
func (f *face) advance(r rune) float64 {
	return float64(f.advances[f.glyph[r]]) / f.upem
}

// box is r's glyph bounding box in em (yMin, yMax), zero for an empty glyph.
func (f *face) box(r rune) (yMin, yMax float64) {
	g := f.glyph[r]
	start, end := f.loca[g], f.loca[g+1]
	if end <= start || int(start)+10 > len(f.glyf) {
		return 0, 0
	}
	d := f.glyf[start:]
	return float64(int16(binary.BigEndian.Uint16(d[4:]))) / f.upem, float64(int16(binary.BigEndian.Uint16(d[8:]))) / f.upem
}

// TrueType returns the TrueType font of a style (fonts/NOTICE.md), for
// other PDFs that need Chinese and Latin text in one face: the 督查 report
// sets its tables in 黑体.
func TrueType(s Style) ([]byte, error) {
	fs, err := loadFaces()
	if err != nil {
		return nil, err
	}
	if s >= numStyles {
		return nil, fmt.Errorf("gongwen: no style %d", s)
	}
	return fs[s].ttf, nil
}
