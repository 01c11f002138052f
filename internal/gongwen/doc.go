// Package gongwen renders warnings as official documents (公文) in the
// national format GB/T 9704-2012 《党政机关公文格式》: A4 with a type area
// of 156 mm × 225 mm, 22 lines of 28 characters in 3号仿宋, the issuing
// authority's mark and the separator in red, the document number with
// 〔〕, the title in 2号小标宋, 主送, the body with headings in 黑体 and
// 楷体, 附件说明, the authority and the date (成文日期) in Arabic
// numerals, and 版记 with 抄送 and 印发 at the foot of the last, even, page.
//
// Lay computes where every character and rule goes (pure, so that tests
// check the geometry); PDF draws the layout with the embedded open fonts
// that stand in for the standard's 方正小标宋, 仿宋_GB2312, 黑体 and
// 楷体_GB2312 (fonts/NOTICE.md). FromMessage maps a published warning
// message — an issue, an update, a lifting — to a Document, so that each
// message has its document and a document never changes once issued.
// docs/GONGWEN.md lists the rules and clauses.
package gongwen
