package matching

import (
	"slices"
	"strings"
)

// The colour of food often tells one commodity from another of the same
// name: black and white sesame, red and black-speckled kidney beans, a
// green jalapeño and a red bird's-eye chilli. Where an alert about food
// names its goods' colour, a declared name that says the goods' colour
// just before their word (红辣椒干, 黑花芸豆, 青辣椒干) agrees with it or
// not; a line of another colour is of the alert's kind only by heading
// (Index.Review). A colour that is part of a lexicon term ("black tea",
// 红茶; "green pepper", 青椒) is the term's, not a colour of the goods.

// foodColour is a basic colour: its words in the alert's languages, and
// the characters a declared name writes it with.
type foodColour struct {
	words map[string]bool
	zh    string
}

var foodColours = []foodColour{
	{cueSet(`green vert verte verts vertes verde verdes verdi grun grune gruner groen groene zielony zielona zielone zelene zold`), "青绿"},
	{cueSet(`red rouge rouges rojo roja rojos rojas rosso rossa rossi rosse rot rote roter rood rode czerwony czerwona czerwone rosu cerveny voros`), "红赤"},
	{cueSet(`black noir noire noirs noires negro negra negros negras nero nera neri nere schwarz schwarze schwarzer zwart zwarte czarny czarna czarne negru cerny fekete`), "黑乌"},
	{cueSet(`white blanc blanche blancs blanches blanco blanca blancos blancas bianco bianca bianchi bianche weiss weisse weisser wit witte bialy biala biale alb bily feher`), "白"},
	{cueSet(`yellow jaune jaunes amarillo amarilla amarillos amarillas giallo gialla gialli gialle gelb gelbe gelber geel gele zolty zolta zolte galben zluty sarga`), "黄"},
	{cueSet(`purple violet violette morado morada viola lila paars fioletowy`), "紫"},
}

// notColourZh are words of declared names whose colour character is no
// colour of the goods (红烧, braised).
var notColourZh = []string{"红烧", "红油", "黄油", "黄酒", "白酒", "白糖", "红糖"}

// alertColours returns the colours the alert's product name gives its
// goods (asked for food only); a colour word one of the terms holds is the
// term's.
func alertColours(product string, terms []*Term) []int {
	var out []int
	for _, w := range termWords(product) {
		if slices.ContainsFunc(terms, func(t *Term) bool { return slices.Contains(t.words, w) }) {
			continue
		}
		for i, c := range foodColours {
			if c.words[w] && !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	return out
}

// colourAgree is 1 when the line's name gives its goods one of the
// alert's colours in the two characters before their word, -1 when it
// gives them another colour, 0 when the alert names no colour or the line
// none.
func colourAgree(colours []int, terms []*Term, l *prepared) int {
	if len(colours) == 0 {
		return 0
	}
	name := l.Name
	for _, z := range notColourZh {
		name = strings.ReplaceAll(name, z, "")
	}
	for _, t := range terms {
		for _, z := range t.Zh {
			at := strings.Index(name, z)
			if at < 0 {
				continue
			}
			before := []rune(name[:at])
			before = before[max(0, len(before)-2):]
			for _, r := range slices.Backward(before) {
				for i, c := range foodColours {
					if strings.ContainsRune(c.zh, r) {
						if slices.Contains(colours, i) {
							return 1
						}
						return -1
					}
				}
			}
		}
	}
	return 0
}
