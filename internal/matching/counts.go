package matching

import (
	"regexp"
	"slices"
	"strconv"
)

// The number of lights of a light chain or lamp is the product's size: an
// alert of a "200 LED" chain is not about a firm's 100-light chains (灯串
// （100灯）), though both are LED chains of the same heading, as a 140-LED
// Christmas chain is not a 100-light one. Other counts (pieces in a pack,
// kernels an ounce) say less about which goods were found and are not
// read.

// alertLights finds "200 LED", "140 LEDs", "100-light", "50 bulbs".
var alertLights = regexp.MustCompile(`(?i)\b(\d{2,4})\s*-?\s*(?:leds?|lights?|bulbs?|lampen|lampes|luces|luci|lampki|lampiček)\b`)

// lineLights finds 100灯, 200颗灯珠, 50头, 100 LED in a declared name.
var lineLights = regexp.MustCompile(`(?i)(\d{2,4})\s*(?:个|颗|粒)?\s*(?:led|灯珠|灯头|灯泡|灯|头|珠)`)

// lightCounts returns the light counts a text gives, by the pattern.
func lightCounts(re *regexp.Regexp, text string) []int {
	var out []int
	for _, m := range re.FindAllStringSubmatch(text, 4) {
		if v, err := strconv.Atoi(m[1]); err == nil && v > 0 && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// sizeAgree is 1 when a declared line has the alert's number of pieces
// (piecesAgree) or, when the alert gives none, of lights; -1 when it has
// another; 0 when either does not say.
func sizeAgree(pieces int, lights []int, l *prepared) int {
	if pieces != 0 {
		return piecesAgree(pieces, l.Name)
	}
	if len(lights) == 0 {
		return 0
	}
	switch own := lightCounts(lineLights, l.Name); {
	case len(own) == 0:
		return 0
	case slices.ContainsFunc(own, func(v int) bool { return slices.Contains(lights, v) }):
		return 1
	}
	return -1
}

// otherLightCount returns the line's light count when the alert gives one
// and the line's name gives only others; 0 when they agree or either is
// silent.
func otherLightCount(alert []int, l *prepared) int {
	if len(alert) == 0 {
		return 0
	}
	own := lightCounts(lineLights, l.Name)
	if len(own) == 0 || slices.ContainsFunc(own, func(v int) bool { return slices.Contains(alert, v) }) {
		return 0
	}
	return own[0]
}
