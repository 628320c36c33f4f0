using System.Text.RegularExpressions;

namespace ServiceGrid.Web.Api;

/// <summary>
/// Route constraint for ids in paths: a request for an id that cannot exist is answered 404 by routing, before it can
/// activate (let alone store) a grain.
/// </summary>
public sealed partial class GridIdConstraint : IRouteConstraint
{
    public const string Name = "gridId";
    public const int MaxLength = 64;

    public static bool IsValid(string value) => value.Length <= MaxLength && Pattern().IsMatch(value);

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && value is string id && IsValid(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex Pattern();
}
