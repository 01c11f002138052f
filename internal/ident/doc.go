// Package ident validates the identifiers that cross riskgate's boundaries:
// enterprise credit codes, product numbers, tariff codes, countries and
// regions. Every import, form and API call that carries one parses it here,
// so that an invalid identifier never reaches a domain package. Errors are
// risk.ErrInvalid with a message in Chinese and English that names the wrong
// position (1-based, counted in characters after trimming surrounding space)
// where there is one.
//
// # 统一社会信用代码 (USCC)
//
// Since 2015 every legal person and other organisation in China has one
// unified social credit code, defined by GB 32100-2015 《法人和其他组织统一社会
// 信用代码编码规则》. It has 18 characters drawn from the digits and the
// capital letters other than I, O, S, V and Z (which are too easily misread):
//
//	position 1     登记管理部门代码, the registration authority: 1 机构编制,
//	               2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会,
//	               9 工商 (now 市场监管, the authority for enterprises),
//	               A 中央军委改革和编制办公室, N 农业, Y 其他
//	position 2     机构类别代码, the organisation category within that
//	               authority (9 1 is an enterprise, 9 2 an individual business)
//	positions 3–8  登记管理机关行政区划码, the GB/T 2260 code of the registering
//	               authority's area (100000 for central registrations)
//	positions 9–17 主体标识码, the organisation code of GB 11714-1997: eight
//	               body characters and a mod-11 check character
//	position 18    校验码, the check character over positions 1–17
//
// The check character is computed over the 31-character alphabet
// 0123456789ABCDEFGHJKLMNPQRTUWXY, whose characters have the values 0 to 30:
// with the weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28 (3^(i−1)
// mod 31) the check value is 31 − (Σ value·weight mod 31), and 31 is written 0.
//
// Position 2 is checked against the categories of GB 32100-2015 table 1. For
// the authorities that issue nearly all codes (1, 5, 9 and Y) the check is
// strict; for the others any digit 1–9 is accepted and an unlisted one is
// noted in Result.Details, because a genuine code refused at the border costs
// more than an unusual one let through. The GB 11714 check of the embedded
// organisation code is reported as a detail, never as an error: the credit
// code's own check character is what GB 32100 makes binding.
//
// ValidUSCC is the allocation-free fast path for bulk checks (declarations,
// imports); ParseUSCC returns the typed, upper-cased code; CheckUSCC explains
// a result for the UI and the API.
//
// # GTIN
//
// GS1 Global Trade Item Numbers identify trade items: GTIN-8 for small
// packs, GTIN-12 (UPC-A) in North America, GTIN-13 (EAN-13, Chinese prefixes
// 690–699) elsewhere and GTIN-14 for cases and logistics units. The last digit
// is the GS1 mod-10 check digit (GS1 General Specifications 7.9.1): weights 3
// and 1 alternate from the right. Different lengths name the same item when
// their 14-digit forms, padded with leading zeros, are equal; GTIN.Normalize14
// gives that form, which is also the one inside GS1 EPCIS events.
//
// # HS codes
//
// The Harmonized System of the World Customs Organization classifies goods
// in chapters (2 digits), headings (4) and subheadings (6); China's customs
// tariff (《中华人民共和国进出口税则》) adds two digits for the 8-digit tariff line
// (税则号列) and the customs commodity code (商品编码) adds two more for
// supervision and statistics, 10 in all. ParseHS accepts any of these lengths
// as people write them, with dots and spaces, and keeps the digits. Whether a
// code exists is a question for the catalogue, which builds an HSSet from the
// nomenclature it holds; the set checks the internationally defined
// 2-, 4- and 6-digit prefixes, while digits 7–10 are national and not
// checked. FormatHS gives the tariff's dotted display form, 3604.10.00.00.
//
// # Countries and regions
//
// Countries and areas of origin and destination are ISO 3166-1 alpha-2 codes
// (CN, DE, US). GB/T 2260 codes name Chinese administrative divisions with six
// digits: two for the province (43 湖南), two for the prefecture (4301 长沙)
// and two for the county (430181 浏阳). This package checks only their shape;
// the lists change over time and belong to the catalogue, which checks
// country codes through a CountrySet.
package ident
