using PdfSharp.Fonts;

namespace OtpSessions.Infrastructure.Evidence;

/// <summary>
/// The certificate's only fonts: Noto Sans Regular and Bold (SIL Open Font License, <c>Fonts/OFL.txt</c>), embedded in this
/// assembly, so no system font is ever looked up (Azure's workers have none to rely on). Every family resolves to them.
/// </summary>
public sealed class EvidenceFontResolver : IFontResolver
{
    public const string Family = "Noto Sans";

    private const string Regular = "NotoSans-Regular";
    private const string Bold = "NotoSans-Bold";

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? Bold : Regular);

    public byte[] GetFont(string faceName)
    {
        using var stream = typeof(EvidenceFontResolver).Assembly.GetManifestResourceStream($"OtpSessions.Evidence.Fonts.{faceName}.ttf")
            ?? throw new InvalidOperationException($"The font {faceName} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
