package matching

import (
	"strings"
	"unicode"
)

// Importers abroad write a Chinese brand in the romanisations older than
// pinyin — Wade–Giles, the postal system, Cantonese-coloured spellings — as
// often as in pinyin: 联好 (Lianhao) is sold as "Lian How", 青岛 as
// "Tsingtao", 周 as "Chow". A brand of two to four words each a pinyin
// syllable or such a spelling of one is also read as the pinyin it stands
// for, so that it meets the declared Chinese brand read as pinyin.

// oldSpellings maps the spellings of the older systems to the pinyin
// syllable each most often stands for (the conversion tables of the
// Wade–Giles and postal systems; Cantonese-coloured forms common in
// importers' brand names).
var oldSpellings = map[string]string{
	"how": "hao", "hsiang": "xiang", "hsin": "xin", "hsing": "xing", "hsu": "xu", "hsia": "xia", "hsiao": "xiao", "hsueh": "xue",
	"hsien": "xian", "hsi": "xi", "hsiung": "xiong", "hsiu": "xiu", "chow": "zhou", "chou": "zhou", "tsai": "cai", "tsao": "cao",
	"tsang": "cang", "tse": "ze", "tso": "zuo", "tsui": "cui", "tsun": "cun", "tsung": "zong", "tsing": "qing", "tze": "zi", "tzu": "zi",
	"sze": "si", "szu": "si", "kwang": "guang", "kwok": "guo", "kwan": "guan", "kwong": "guang", "wong": "wang", "yuen": "yuan",
	"yeung": "yang", "cheung": "zhang", "chung": "zhong", "tung": "dong", "foo": "fu", "fook": "fu", "hing": "xing", "kee": "ji",
	"lee": "li", "lau": "liu", "loong": "long", "lung": "long", "teh": "de", "tak": "de", "wah": "hua", "fong": "fang", "kiang": "jiang",
	"king": "jing", "chiang": "jiang", "chien": "jian", "chiao": "jiao", "ching": "jing", "chiu": "qiu", "chih": "zhi", "jen": "ren",
	"jih": "ri", "jung": "rong", "jou": "rou", "hoo": "hu", "soo": "su", "yee": "yi", "hung": "hong", "kung": "gong",
	"yick": "yi", "yip": "ye", "choy": "cai", "hoi": "hai", "sing": "xing", "shing": "cheng", "keung": "qiang", "kam": "jin",
}

// pinyinSyllables are the syllables of Mandarin in pinyin, without tones.
var pinyinSyllables = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen
		ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo
		da dai dan dang dao de dei den deng di dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fo
		fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu
		hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke ken keng kong kou
		ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu long lou lu luan lun luo lv
		lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni nian niang niao
		nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian
		qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri rong rou ru ruan rui run ruo sa sai san sang sao se sen
		seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo
		ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang
		xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen
		zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui
		zun zuo`) {
		pinyinSyllables[s] = true
	}
}

// romanisedPinyin returns the pinyin a brand of two to four words stands
// for when each word is a pinyin syllable or an older spelling of one and at
// least one is the latter ("Lian How": lianhao), "" for any other brand.
func romanisedPinyin(brand string) string {
	ws := strings.FieldsFunc(strings.ToLower(fold(brand)), func(r rune) bool { return !unicode.IsLetter(r) })
	if len(ws) < 2 || len(ws) > 4 {
		return ""
	}
	var b strings.Builder
	old := false
	for _, w := range ws {
		switch py, ok := oldSpellings[w]; {
		case ok && py != w:
			b.WriteString(py)
			old = true
		case pinyinSyllables[w]:
			b.WriteString(w)
		default:
			return ""
		}
	}
	if !old {
		return ""
	}
	return b.String()
}
