using System.Globalization;

namespace OtpSessions.FaultHarness;

/// <summary>
/// One scenario's figures: <see cref="Lost"/> (what should have happened and did not: a code never delivered, an event
/// never published, a delivery left neither done nor failed), <see cref="Duplicated"/> (a second message for one send, an
/// event sent twice), <see cref="ServerErrors"/> (5xx answers), the longest recovery on the wall clock, and the rest of
/// what was counted. <see cref="Problems"/> lists what broke a promise; a scenario passes when it is empty.
/// </summary>
public sealed record ScenarioResult(
    int Number, string Name, int Lost, int Duplicated, int ServerErrors, TimeSpan? MaxRecovery, string Figures, IReadOnlyList<string> Problems,
    TimeSpan Took)
{
    public bool Passed => Problems.Count == 0;

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"{Number}. {Name}: {(Passed ? "PASS" : "FAIL")} · lost {Lost} · duplicated {Duplicated} · 5xx {ServerErrors} · max recovery {(MaxRecovery is { } r ? $"{r.TotalSeconds:F1} s wall" : "n/a")} · {Figures} · took {Took.TotalSeconds:F0} s");
}
