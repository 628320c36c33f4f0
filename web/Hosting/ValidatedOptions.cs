using ServiceGrid.Grains;

namespace ServiceGrid.Web.Hosting;

/// <summary>The grains' options helper, offered here to the web code outside the composition root, which sees no grains code.</summary>
public static class ValidatedOptions
{
    /// <summary>Binds <typeparamref name="TOptions"/> to <paramref name="section"/>; its data annotations are checked at start.</summary>
    public static IServiceCollection AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class =>
        GrainServiceCollectionExtensions.AddValidatedOptions<TOptions>(services, configuration, section);
}
