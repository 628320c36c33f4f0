using System.Security.Cryptography;
using System.Text;

namespace ServiceGrid.Parts;

/// <summary>A return's id comes from its case and the part's serial number: taking the same part back twice is one return.</summary>
public static class ReturnIds
{
    public static string For(string caseId, string serial)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{caseId}\n{serial}"));
        return $"ret-{Convert.ToHexStringLower(hash)[..20]}";
    }
}
