namespace OtpSessions.Core.Evidence;

/// <summary>Port: the PDF certificate of a signed record (a page per participant, the payload's SHA-256 printed).</summary>
public interface IEvidenceCertificate
{
    byte[] Render(SignedEvidence evidence);
}
