// Package tbt tracks the WTO notifications of technical regulations (TBT)
// and sanitary and phytosanitary measures (SPS) that other members make
// (seed task 16, 技术性贸易措施), and what they mean for Hunan's exporters.
//
// Under the TBT Agreement (Art. 2.9, 5.6) and the SPS Agreement (Annex B),
// a member notifies a draft measure to the WTO Secretariat, which
// distributes it under a document symbol — G/TBT/N/EU/1234, G/SPS/N/CHN/123
// — and other members may comment until the final date for comments,
// through their national enquiry point (for China, the WTO/TBT and WTO/SPS
// 国家通报咨询中心). Later documents under the same symbol with /Add.n,
// /Corr.n or /Rev.n change the notification: an addendum usually moves a
// date (the comment period extended, the adoption announced) or adds a
// document; a corrigendum corrects; a revision replaces the notified text.
// riskgate keeps each as its own record linked to its base notification and
// applies what it changes to the base, noting each change.
//
// Notifications are entered by hand or imported from the spreadsheet that
// WTO ePing exports (all rows or none). For each, Impact ranks the Hunan
// exporters whose export declarations of the last twelve months went to the
// notifying member (the European Union: any of its member states) under
// one of the notified HS codes; officials and firms subscribe by HS code
// and market and are told of new notifications and of comment deadlines in
// their reminders (and by e-mail when they chose it). A comment is
// recorded from its draft to its sending through the enquiry point, and a
// special study (专项调查评估) on a notification or a market records
// findings and guidance, which is published to the affected firms' users.
//
// The anchors are WTO ePing (alerts by product and market), the WTO
// documents' symbol conventions, and China's provincial TBT/SPS 通报预警
// platforms.
package tbt
