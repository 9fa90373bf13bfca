namespace OtpSessions.Core.Policy;

/// <summary>Error codes of the approval of weaker policy changes (<c>…/policy/changes/{changeId}/approve|reject</c>).</summary>
public static class PolicyErrorCodes
{
    /// <summary>403: the administrator who asked for a change cannot approve it; another administrator of the team must.</summary>
    public const string ApprovalByRequester = "approval_by_requester";

    /// <summary>404: no such change for this team.</summary>
    public const string ChangeNotFound = "change_not_found";

    /// <summary>409: the change was already approved or rejected, or it expired.</summary>
    public const string ChangeNotPending = "change_not_pending";
}
