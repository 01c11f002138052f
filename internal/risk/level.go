package risk

// Level is the risk level of a product (Decision (EU) 2019/417; the UK
// PRISM method). Values are stored: never rename them.
type Level string

// Risk levels, from the most to the least severe.
const (
	LevelSerious Level = "serious" // 严重风险
	LevelHigh    Level = "high"    // 高风险
	LevelMedium  Level = "medium"  // 中风险
	LevelLow     Level = "low"     // 低风险
)

// Levels lists the levels from the most severe down.
var Levels = []Level{LevelSerious, LevelHigh, LevelMedium, LevelLow}

// ParseLevel checks that s names a level.
func ParseLevel(s string) (Level, error) {
	for _, l := range Levels {
		if string(l) == s {
			return l, nil
		}
	}
	return "", Invalid("level", "风险等级无效，应为 serious、high、medium 或 low。", "the risk level must be serious, high, medium or low.")
}

// Rank orders levels: serious 4, high 3, medium 2, low 1, unknown 0.
func (l Level) Rank() int {
	switch l {
	case LevelSerious:
		return 4
	case LevelHigh:
		return 3
	case LevelMedium:
		return 2
	case LevelLow:
		return 1
	}
	return 0
}

// Label returns the level's Chinese and English names.
func (l Level) Label() (zh, en string) {
	switch l {
	case LevelSerious:
		return "严重风险", "Serious risk"
	case LevelHigh:
		return "高风险", "High risk"
	case LevelMedium:
		return "中风险", "Medium risk"
	case LevelLow:
		return "低风险", "Low risk"
	}
	return string(l), string(l)
}

// Grade is a warning grade under 国发〔2017〕43号 §8: I (the most severe) to IV.
type Grade string

// Warning grades.
const (
	GradeI   Grade = "I"   // 特别严重，红色
	GradeII  Grade = "II"  // 严重，橙色
	GradeIII Grade = "III" // 较重，黄色
	GradeIV  Grade = "IV"  // 一般，蓝色
)

// Grades lists the grades from I down.
var Grades = []Grade{GradeI, GradeII, GradeIII, GradeIV}

// ParseGrade checks that s names a grade.
func ParseGrade(s string) (Grade, error) {
	for _, g := range Grades {
		if string(g) == s {
			return g, nil
		}
	}
	return "", Invalid("grade", "预警等级无效，应为 I、II、III 或 IV。", "the grade must be I, II, III or IV.")
}

// Rank orders grades: I 4 … IV 1, unknown 0.
func (g Grade) Rank() int {
	for i, x := range Grades {
		if x == g {
			return 4 - i
		}
	}
	return 0
}

// GradeOfRank is the inverse of Rank, clamped to I–IV.
func GradeOfRank(r int) Grade {
	switch {
	case r >= 4:
		return GradeI
	case r <= 1:
		return GradeIV
	}
	return Grades[4-r]
}

// Label returns the grade's Chinese and English names with its colour.
func (g Grade) Label() (zh, en string) {
	switch g {
	case GradeI:
		return "I级（特别严重，红色）", "Grade I (very severe, red)"
	case GradeII:
		return "II级（严重，橙色）", "Grade II (severe, orange)"
	case GradeIII:
		return "III级（较重，黄色）", "Grade III (serious, yellow)"
	case GradeIV:
		return "IV级（一般，蓝色）", "Grade IV (general, blue)"
	}
	return string(g), string(g)
}
