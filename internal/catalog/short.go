package catalog

import (
	"strings"
	"unicode/utf8"
)

// Short returns the entry's name in lang cut to its first clause (HS
// headings run to a paragraph: 香烟打火机及其他打火器，不论是否… gives
// 香烟打火机及其他打火器) and to at most 24 Chinese or 48 other
// characters, for labels and lists.
func (e *Entry) Short(lang string) string {
	name, limit, cuts := e.Name(lang), 24, "；，;"
	if lang == "en" && e.NameEn != "" {
		limit, cuts = 48, ";"
	}
	if i := strings.IndexAny(name, cuts); i > 0 {
		name = name[:i]
	}
	if utf8.RuneCountInString(name) > limit {
		name = strings.TrimSpace(string([]rune(name)[:limit-1])) + "…"
	}
	return strings.TrimSpace(name)
}
