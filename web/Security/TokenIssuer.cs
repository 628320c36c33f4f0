using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ServiceGrid.Web.Security;

/// <summary>The key that signs and checks the built-in endpoint's tokens: from configuration, or made up at start in embedded mode.</summary>
public sealed class SigningKey(IOptions<AuthOptions> options)
{
    readonly Lazy<SymmetricSecurityKey> _key = new(() =>
        new SymmetricSecurityKey(options.Value.SigningKeyBytes() ?? System.Security.Cryptography.RandomNumberGenerator.GetBytes(AuthOptions.MinSigningKeyBytes)));

    public SymmetricSecurityKey Key => _key.Value;
}

/// <summary>Access tokens of the built-in token endpoint (<c>POST /api/auth/token</c>).</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, SigningKey signingKey, TimeProvider clock)
{
    readonly JsonWebTokenHandler _handler = new();

    public (string AccessToken, DateTimeOffset ExpiresAt) Issue(GridUser user)
    {
        var now = clock.GetUtcNow();
        var expiresAt = now + options.Value.TokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Subject = new System.Security.Claims.ClaimsIdentity(user.ToClaims()),
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expiresAt);
    }
}
