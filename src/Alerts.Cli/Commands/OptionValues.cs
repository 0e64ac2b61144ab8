using System.CommandLine.Parsing;
using System.Globalization;

namespace Alerts.Cli.Commands;

/// <summary>
/// Parsers for option values that must be in a range: the problem is reported as a usage error in the option's
/// own words (a validator reading the value would throw on text that is no number at all).
/// </summary>
internal static class OptionValues
{
    public static Func<ArgumentResult, int> WholeNumber(int minimum, int maximum, string problem) => result =>
    {
        if (result.Tokens.Count == 0)
        {
            return 0; // the parser has already said the value is missing
        }

        if (!int.TryParse(result.Tokens[0].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < minimum || value > maximum)
        {
            result.AddError(problem);
        }

        return value;
    };

    /// <summary>A number written with a '.' whatever the machine's culture, as in the README and the scripts.</summary>
    public static double InvariantNumber(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return 0;
        }

        var text = result.Tokens[0].Value;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            result.AddError($"'{text}' is not a number.");
        }

        return value;
    }
}
