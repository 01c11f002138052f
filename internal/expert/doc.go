// Package expert is the register of experts (专家库) who review risk
// assessments: the province's share of the national expert committee for
// the quality and safety risk assessment of import and export goods, which
// seed task 6 (湘政发〔2019〕4号) asks Hunan to staff and to draw on.
//
// Each expert has a field (食品, 烟花爆竹, 陶瓷, …), an organisation, a title,
// optionally the account they sign in with (to give their opinions
// themselves), and conflicts of interest: the enterprises, by unified
// social credit code, whose cases they must not review (they work for
// them, advise them or own a share of them). An expert with a conflict on
// any enterprise of a case cannot sit on its assessment's panel
// (assess.Service.AddPanelist), and an expert taken off the register
// (inactive) cannot be added to new panels.
package expert
