// Package risk is riskgate's shared kernel: the identifiers, error kinds, actors
// and roles that every domain package speaks. It imports only the standard library.
//
// riskgate implements the provincial import/export commodity quality-safety risk
// early-warning and rapid-response system ordered by 湘政发〔2019〕4号. A risk walks
// from a signal (风险信息) through assessment, a graded warning, measures and port
// screening to lifting; every domain package handles one step of that walk and
// meets the others through the types defined here.
package risk
