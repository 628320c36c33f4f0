namespace ServiceGrid.Web.Api;

/// <summary>Who issues a command, for the case timeline. Until sign-in exists (#5) the client names itself.</summary>
public static class Actors
{
    public const string Header = "X-Actor";
    public const string Anonymous = "anonymous";

    public static string Of(HttpRequest request, RequestErrors errors) =>
        errors.Id(Header, request.Headers[Header].ToString(), required: false) ?? Anonymous;
}
