using ServiceGrid.Tests.Web;

namespace ServiceGrid.Tests.Board;

/// <summary>
/// The web process on a real Kestrel port (SignalR clients, a second web node and a browser connect to it), with
/// P4 response targets of seconds so that a breach happens during a test.
/// </summary>
public sealed class BoardWebFixture : WebFixture
{
    public static readonly TimeSpan ResponseTarget = TimeSpan.FromSeconds(2);

    public BoardWebFixture()
    {
        Settings["ServiceGrid:Sla:P4:Response"] = ResponseTarget.ToString();
        Settings["ServiceGrid:Sla:P4:Onsite"] = "";
        Settings["ServiceGrid:Sla:P4:Resolution"] = "00:00:30";
        Settings["ServiceGrid:Auth:SigningKey"] = SigningKey;
        Port = FreePort();
        UseKestrel(Port);
    }

    /// <summary>Shared by every web node of the cluster, as a deployment would, so each accepts the others' tokens.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public int GatewayPort => int.Parse(Settings["Orleans:GatewayPort"]!);
    public string ClusterId => Settings["Orleans:ClusterId"]!;
}

[CollectionDefinition(Name)]
public sealed class BoardCollection : ICollectionFixture<BoardWebFixture>
{
    public const string Name = "board";
}
