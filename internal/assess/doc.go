// Package assess is risk assessment (风险评估) by the EU/UK method: harm
// scenarios, each a chain of steps with probabilities and a severity of
// harm from 1 (first aid) to 4 (fatal); the scenario's probability is the
// product of its steps; a matrix profile maps probability × severity to a
// risk level; the product's risk is that of its worst scenario.
//
// The matrix is data: a named, versioned Profile (rag-2019, from Decision
// (EU) 2019/417, is the default), so that another method can be added
// without code. Probabilities are exact rationals ("1/10" is exactly one
// tenth), so a product landing on a row boundary belongs to the
// higher-probability row as the method requires, with no floating-point
// surprises.
//
// An assessment moves draft → submitted → approved, or back to draft when
// an approver returns it; an approved assessment is immutable and a new
// version supersedes it.
package assess
