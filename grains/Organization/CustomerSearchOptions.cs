using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Grains.Organization;

/// <summary>The customer search of the customer service center (bound from <c>ServiceGrid:CustomerSearch</c>).</summary>
public sealed class CustomerSearchOptions
{
    public const string Section = "ServiceGrid:CustomerSearch";

    /// <summary>
    /// How many stored shards the customers' cards are spread over: each write stores one shard, so more shards mean
    /// smaller writes and more reads when the index is rebuilt. Fixed once cards are stored: a changed count leaves
    /// cards in shards the index no longer reads until their customers register again.
    /// </summary>
    [Range(1, 1024)]
    public int Shards { get; set; } = 32;
}
