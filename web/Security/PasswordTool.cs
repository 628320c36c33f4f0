namespace ServiceGrid.Web.Security;

/// <summary><c>dotnet run --project web -- hash-password</c>: reads a password from standard input and prints its hash for configuration.</summary>
public static class PasswordTool
{
    public const string Command = "hash-password";

    public static bool TryRun(string[] args)
    {
        if (args is not [Command]) return false;
        var password = Console.In.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            Console.Error.WriteLine("Type the password on standard input, e.g.: read -s p; echo \"$p\" | dotnet run --project web -- hash-password");
            Environment.ExitCode = 2;
            return true;
        }
        Console.WriteLine(PasswordHashing.Hash(password));
        return true;
    }
}
