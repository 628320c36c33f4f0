using ServiceGrid.Web.Hosting;

namespace ServiceGrid.Web.Field;

public static class FieldWebExtensions
{
    /// <summary>The engineer's app: its options and the sweep of old idempotency keys (the stores are the mode's, <see cref="ReadSideServices"/>).</summary>
    public static WebApplicationBuilder AddField(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<IdempotencyOptions>(builder.Configuration, IdempotencyOptions.Section);
        builder.Services.AddValidatedOptions<FieldOptions>(builder.Configuration, FieldOptions.Section);
        builder.Services.AddHostedService<IdempotencySweep>();
        return builder;
    }
}
