using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OtpSessions.Core.Events;

namespace OtpSessions.Core.Events;

public sealed record SweepResult(int PendingRows, int Sessions, int DispatchedSessions, int Published, int FailedSessions, int Stuck);
