using System.Security.Cryptography;

namespace ServiceGrid.Cases;

/// <summary>
/// Case ids: short, URL-safe and sortable by creation time. 10 Crockford base-32 characters of milliseconds since
/// the Unix epoch, then 6 random ones (30 bits), lower case: <c>01jdq3v8k2x7m4pa</c>.
/// </summary>
public static class CaseIds
{
    const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    const int TimeChars = 10;
    const int RandomChars = 6;

    public static string New(TimeProvider clock)
    {
        Span<char> id = stackalloc char[TimeChars + RandomChars];
        var millis = (ulong)clock.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = TimeChars - 1; i >= 0; i--, millis >>= 5) id[i] = Alphabet[(int)(millis & 31)];
        var random = (uint)RandomNumberGenerator.GetInt32(1 << (5 * RandomChars));
        for (var i = TimeChars + RandomChars - 1; i >= TimeChars; i--, random >>= 5) id[i] = Alphabet[(int)(random & 31)];
        return new string(id);
    }
}
