using System.ComponentModel.DataAnnotations;

namespace ServiceGrid.Tests.Infrastructure;

public static class OptionsValidation
{
    /// <summary>What <c>ValidateDataAnnotations</c> refuses at start: the attributes, then <see cref="IValidatableObject"/>.</summary>
    public static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
