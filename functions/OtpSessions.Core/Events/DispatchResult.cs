using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Common;
using OtpSessions.Core.Events;

namespace OtpSessions.Core.Events;

/// <param name="Parked">Events of this pass refused by the safety net and parked.</param>
public sealed record DispatchResult(int Published, DispatchOutcome Outcome, int Parked = 0);
