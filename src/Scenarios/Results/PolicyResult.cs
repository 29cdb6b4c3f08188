using TraceLab.Scenarios.Format;
using TraceLab.Scenarios.Matching;

namespace TraceLab.Scenarios.Results;

/// <summary>One policy in one scenario: what was expected (if anything), what the replay showed, and the cell.</summary>
public sealed record PolicyResult(string Policy, PolicyExpectation? Expected, ObservedOutcome Actual, MatrixCell Cell);
