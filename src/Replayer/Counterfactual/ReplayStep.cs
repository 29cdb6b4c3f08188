using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>One frame after provenance building (<see cref="SessionReplay.Build"/>), ready to be judged.</summary>
/// <param name="Frame">The frame.</param>
/// <param name="Operation">The operation the frame starts, if it starts one.</param>
/// <param name="Skipped">The frame's seq was not above the previous one: the builder skipped it and nothing else sees it.</param>
/// <param name="ParentIsFunction">For a SubtransactionStarted, whether its parent is a function call still running (an
/// EXCEPTION block), as the builder knew it at this frame.</param>
/// <param name="Decisions">What the policies decided about the operation, if there is one: deciding depends on the
/// operation alone, so it is done while building, and judging only makes the verdicts.</param>
internal readonly record struct ReplayStep(
    IRecordedFrame Frame, Operation? Operation, bool Skipped, bool ParentIsFunction, PolicyDecisions? Decisions = null);
