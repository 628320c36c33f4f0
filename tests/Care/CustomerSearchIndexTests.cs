using ServiceGrid.Grains.Organization;
using ServiceGrid.Organization;

namespace ServiceGrid.Tests.Care;

public sealed class CustomerSearchIndexTests
{
    static CustomerCard Card(string id, string name, string phone, params string[] serials) => new()
    {
        Id = id,
        Name = name,
        Contacts = [new CustomerContact("Zhao Lei", phone)],
        Regions = ["north"],
        Units = [.. serials.Select(serial => new CardUnit(serial, "SV-720 rack server"))],
    };

    static CustomerSearchIndex Index(params CustomerCard[] cards)
    {
        var index = new CustomerSearchIndex();
        foreach (var card in cards) index.Put(card);
        return index;
    }

    static IEnumerable<string> Ids(CustomerSearchIndex index, string query, int limit = 20) => index.Search(query, limit).Select(card => card.Id);

    [Fact]
    public void An_exact_customer_id_or_serial_comes_first_before_longer_ids_with_the_same_start()
    {
        var index = Index(Card("cust-17", "Harbin Huaxin Water", "0451-60000119", "SN-17-1"),
            Card("cust-170", "Harbin Xinda Water", "0451-60001190", "SN-170-1"), Card("cust-171", "Harbin Boyuan Water", "0451-60001197"));

        Assert.Equal("cust-17", Ids(index, "cust-17").First());
        Assert.Equal(["cust-170"], Ids(index, "SN-170-1"));
        Assert.Equal(3, Ids(index, "cust-17").Count());
    }

    [Fact]
    public void Every_word_of_a_query_must_match_some_key_of_the_customer()
    {
        var index = Index(Card("c1", "Harbin Huaxin Water Group", "010-1"), Card("c2", "Harbin Steel", "010-2"), Card("c3", "Wuhan Huaxin Steel", "010-3"));

        Assert.Equal(["c1"], Ids(index, "huaxin harb"));
        Assert.Equal(["c2", "c3"], Ids(index, "steel").Order());
        Assert.Empty(Ids(index, "wuhan water"));
    }

    [Fact]
    public void A_phone_matches_with_or_without_trunk_prefix_area_code_country_code_and_punctuation()
    {
        var index = Index(Card("c1", "A", "0451-60000119"), Card("c2", "B", "010-60000119"));

        Assert.Equal(["c1"], Ids(index, "0451 6000 0119"));
        Assert.Equal(["c1"], Ids(index, "+86 451 60000119"));
        Assert.Equal(["c1"], Ids(index, "0086-451-6000"));
        Assert.Equal(["c1", "c2"], Ids(index, "60000119").Order());
    }

    [Fact]
    public void A_changed_card_is_found_by_its_new_keys_only_and_a_limit_caps_the_answer()
    {
        var index = Index(Card("c1", "Old Name Works", "010-1"), Card("c2", "Other Works", "010-2"), Card("c3", "Third Works", "010-3"));
        index.Put(Card("c1", "New Name Works", "010-1"));

        Assert.Empty(Ids(index, "old"));
        Assert.Equal(["c1"], Ids(index, "new name"));
        Assert.Equal(2, Ids(index, "works", limit: 2).Count());
        Assert.Equal(3, index.Count);
        Assert.Empty(Ids(index, "  "));
    }

    [Fact]
    public void Ten_thousand_customers_take_prefix_searches_without_scanning_them_all()
    {
        var index = Index([.. Enumerable.Range(1, 10_000).Select(n => Card($"cust-{n}", $"City{n % 14} Trade{n % 16} Co", $"010-{60_000_000 + n * 7}", $"SN-{n}-1"))]);

        Assert.Equal("cust-9999", Ids(index, "cust-9999").First());
        Assert.Equal(["cust-4321"], Ids(index, "SN-4321-1"));
        Assert.Equal(["cust-5000"], Ids(index, $"010-{60_000_000 + 5000 * 7}"));
        Assert.Equal(20, Ids(index, "city3").Count());
    }
}
