using System.Collections.Immutable;
using ServiceGrid.Organization;

namespace ServiceGrid.Grains.Organization;

/// <summary>
/// Prefix search over customer cards, as an operator types while the caller talks: every key (a word of the name or a
/// contact, the whole name, the id, a serial, a phone's digits) sits in one sorted set, so a prefix is one range of it,
/// found in O(log n) whatever the number of customers.
/// </summary>
public sealed class CustomerSearchIndex
{
    /// <summary>A query of this many digits or more (and nothing but digits and phone punctuation) is a phone number.</summary>
    const int MinPhoneDigits = 3;
    static readonly char[] WordSeparators = [' ', ',', '.', '&', '(', ')', '/', '\t'];

    readonly Dictionary<string, CustomerCard> _cards = new(StringComparer.Ordinal);
    readonly Dictionary<string, string[]> _keysOf = new(StringComparer.Ordinal);
    readonly SortedSet<(string Key, string Id)> _keys = new(KeyOrder.Instance);

    public int Count => _cards.Count;

    public IEnumerable<CustomerCard> Cards => _cards.Values;

    public void Put(CustomerCard card)
    {
        if (_keysOf.TryGetValue(card.Id, out var old))
            foreach (var key in old) _keys.Remove((key, card.Id));
        var keys = KeysOf(card).Distinct(StringComparer.Ordinal).ToArray();
        foreach (var key in keys) _keys.Add((key, card.Id));
        _keysOf[card.Id] = keys;
        _cards[card.Id] = card;
    }

    public ImmutableArray<CustomerCard> Search(string query, int limit)
    {
        var text = query.Trim().ToLowerInvariant();
        if (text.Length == 0 || limit <= 0) return [];
        var exact = _cards.TryGetValue(text, out var byId) ? byId.Id : null;
        // The whole query as one prefix: "cust-17", "sn-17-2", the start of a company name.
        var found = new List<string>(Matches(text, limit));
        if (PhoneDigits(text) is { } digits) found.AddRange(Matches(digits, limit));
        var words = text.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries);
        // Word by word only when the whole query as one prefix did not fill the answer ("huaxin beij" after "beijing huaxin").
        if (words.Length > 1 && found.Count < limit) found.AddRange(AllWords(words).Take(limit));
        return
        [
            .. found.Distinct(StringComparer.Ordinal)
                .OrderByDescending(id => id == exact || ExactSerial(id, text))
                .Take(limit)
                .Select(id => _cards[id]),
        ];
    }

    bool ExactSerial(string id, string text) => _cards[id].Units.Any(unit => unit.Serial.Equals(text, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Customers matching every word (each as a prefix of one of their keys), lazily: the longest word's matches, kept
    /// when the customer's own few keys match the other words, so a short common word costs no large set.
    /// </summary>
    IEnumerable<string> AllWords(string[] words)
    {
        var longest = words.MaxBy(word => word.Length)!;
        var others = words.Where(word => !ReferenceEquals(word, longest)).ToArray();
        return Matches(longest, int.MaxValue)
            .Where(id => others.All(word => _keysOf[id].Any(key => key.StartsWith(word, StringComparison.Ordinal))));
    }

    /// <summary>Distinct customers with a key that starts with <paramref name="prefix"/>, in key order.</summary>
    IEnumerable<string> Matches(string prefix, int limit)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, id) in _keys.GetViewBetween((prefix, ""), (prefix + char.MaxValue, "")))
        {
            if (!seen.Add(id)) continue;
            yield return id;
            if (seen.Count >= limit) yield break;
        }
    }

    static IEnumerable<string> KeysOf(CustomerCard card)
    {
        yield return card.Id.ToLowerInvariant();
        foreach (var key in TextKeys(card.Name)) yield return key;
        foreach (var contact in card.Contacts)
        {
            foreach (var key in TextKeys(contact.Name)) yield return key;
            var digits = Digits(contact.Phone);
            if (digits.Length == 0) continue;
            yield return digits;
            // Callers give the number without the trunk prefix or the area code as often as with them.
            if (digits.StartsWith('0')) yield return digits[1..];
            if (digits.Length > 8) yield return digits[^8..];
        }
        foreach (var unit in card.Units) yield return unit.Serial.ToLowerInvariant();
    }

    static IEnumerable<string> TextKeys(string text)
    {
        var lower = text.Trim().ToLowerInvariant();
        if (lower.Length == 0) yield break;
        yield return lower;
        foreach (var word in lower.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries)) yield return word;
    }

    /// <summary>The digits of a query that reads as a phone number (an international prefix dropped), else null.</summary>
    static string? PhoneDigits(string text)
    {
        if (!text.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '+' or '(' or ')')) return null;
        var digits = Digits(text);
        if (text.StartsWith('+') && digits.StartsWith("86")) digits = digits[2..];
        else if (digits.StartsWith("0086")) digits = digits[4..];
        return digits.Length >= MinPhoneDigits ? digits : null;
    }

    static string Digits(string text) => new([.. text.Where(char.IsAsciiDigit)]);

    sealed class KeyOrder : IComparer<(string Key, string Id)>
    {
        public static readonly KeyOrder Instance = new();

        public int Compare((string Key, string Id) x, (string Key, string Id) y)
        {
            var byKey = string.CompareOrdinal(x.Key, y.Key);
            return byKey != 0 ? byKey : string.CompareOrdinal(x.Id, y.Id);
        }
    }
}
