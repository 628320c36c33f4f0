namespace ServiceGrid;

/// <summary>Why a command was refused; the web maps each kind to one HTTP status.</summary>
public enum FailureKind
{
    /// <summary>Unknown case, branch, engineer, depot or customer (404).</summary>
    NotFound,
    /// <summary>The current state does not allow this (409).</summary>
    Conflict,
    /// <summary>A business rule of the service plan refuses it (422).</summary>
    BusinessRule,
    /// <summary>The actor's region or role may not do this (403).</summary>
    Forbidden,
    /// <summary>A field is missing or out of range (400).</summary>
    Invalid,
}

/// <summary>A refused command. It crosses grain boundaries, so it carries only serializable data.</summary>
[GenerateSerializer, Alias("ServiceGrid.DomainException")]
public sealed class DomainException : Exception
{
    public DomainException(FailureKind kind, string message) : base(message) => Kind = kind;

    [Id(0)] public FailureKind Kind { get; private set; }

    /// <summary>The request field at fault, for <see cref="FailureKind.Invalid"/>.</summary>
    [Id(1)] public string? Field { get; private set; }

    public static DomainException NotFound(string what, string id) => new(FailureKind.NotFound, $"{what} '{id}' was not found.");
    public static DomainException Conflict(string message) => new(FailureKind.Conflict, message);
    public static DomainException Rule(string message) => new(FailureKind.BusinessRule, message);
    public static DomainException Forbidden(string message) => new(FailureKind.Forbidden, message);
    public static DomainException Invalid(string field, string message) => new(FailureKind.Invalid, message) { Field = field };
}
