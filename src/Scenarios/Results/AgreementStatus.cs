namespace TraceLab.Scenarios.Results;

/// <summary>One cell of the agreement matrix (scenario × policy) of <c>suite run --enforce</c>.</summary>
/// <remarks>Spelled by <see cref="AgreementStatusNames"/>.</remarks>
public enum AgreementStatus
{
    /// <summary>Every compared operation, and the reality check where judged, went as the replay predicted.</summary>
    Agree = 0,

    /// <summary>Some did not.</summary>
    Disagree = 1,

    /// <summary>The run under the policy could not be made (or the unenforced run could not, so there is no
    /// prediction).</summary>
    CouldNotRun = 2,
}

/// <summary>The one spelling of each <see cref="AgreementStatus"/>.</summary>
public static class AgreementStatusNames
{
    public static string Of(AgreementStatus status) => status switch
    {
        AgreementStatus.Agree => "agree",
        AgreementStatus.Disagree => "disagree",
        AgreementStatus.CouldNotRun => ScenarioStatusNames.Of(ScenarioStatus.CouldNotRun),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown agreement status."),
    };
}
