// Package gateway is the enterprise gateway's two filings that are not
// recalls or petitions: task 15 of 湘政发〔2019〕4号 (落实企业主体责任).
//
// An Answer (整改报告) is a firm's answer to a 通告 addressed to it: what it
// found and corrected, when, and the evidence (files kept with their
// SHA-256, of a few accepted types and at most 10 MiB each, the limit
// signals' attachments have). The officers of the issuing department
// review it — accept, ask for more with a reason, reject with a reason —
// and the firm, asked for more, adds to it and submits it again:
//
//	submitted ─accept→ accepted
//	    │  └─reject→ rejected
//	    └─request more→ more requested ─resubmit→ submitted
//	                         └─reject→ rejected
//
// A SelfDeclaration (标准自我声明) is a firm's public statement of the
// standards a product of its implements, as on the 企业标准信息公共服务平台
// (标准化法 第二十七条: 企业应当公开其执行的标准的编号和名称; an enterprise
// standard also its functional and performance indicators). Each standard
// number is checked for its form (GB, GB/T, industry, DB, T/, Q/ and the
// common international series); officers review it — accepted, or
// rejected with a reason.
//
// A firm sees only its own filings. Who else sees them is in CanReadAnswer
// and CanReadDeclaration.
package gateway
