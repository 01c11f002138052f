package risk

import "time"

// China is China Standard Time (UTC+8 all year, no daylight saving): the zone
// in which riskgate decides, shows and publishes dates.
var China = time.FixedZone("CST", 8*3600)

// Day returns the midnight, China time, that starts t's day.
func Day(t time.Time) time.Time {
	t = t.In(China)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, China)
}

// Monday returns the midnight, China time, that starts the week (Monday to
// Sunday) holding t.
func Monday(t time.Time) time.Time {
	d := Day(t)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}
