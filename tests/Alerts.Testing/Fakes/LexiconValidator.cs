using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Alerts.Testing;

/// <summary>
/// Checks JSON values and XRPC query parameters against AT Protocol lexicons (the schema language Bluesky
/// publishes; not JSON Schema, so no schema library reads it). Loaded from the official lexicon files in
/// ../shared/fixtures/social/bluesky/lexicons. Covers what those files use: object (required, nullable),
/// string (formats, length in UTF-8 bytes and graphemes, enum, const), integer (range, enum, const), boolean,
/// array (items, length), ref, union (open unless closed: an unknown <c>$type</c> is accepted, as the spec
/// says), unknown (a typed record inside is checked against its record lexicon), blob, bytes, cid-link, params.
/// </summary>
public sealed partial class LexiconValidator
{
    private readonly Dictionary<string, JsonElement> _defs = new(StringComparer.Ordinal);
    private bool _untypedUnionMembers;

    public LexiconValidator(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            var id = document.RootElement.GetProperty("id").GetString()!;
            foreach (var def in document.RootElement.GetProperty("defs").EnumerateObject())
            {
                _defs[$"{id}#{def.Name}"] = def.Value.Clone();
            }
        }
    }

    public int DefinitionCount => _defs.Count;

    /// <summary>Problems with a query's parameters (names, required, types, ranges); empty when valid.</summary>
    public IReadOnlyList<string> ValidateParams(string nsid, IReadOnlyDictionary<string, string> query)
    {
        var problems = new List<string>();
        var parameters = Def(nsid + "#main").GetProperty("parameters");
        var properties = parameters.GetProperty("properties");
        foreach (var required in Strings(parameters, "required"))
        {
            if (!query.ContainsKey(required))
            {
                problems.Add($"params: required '{required}' missing");
            }
        }

        foreach (var (name, value) in query)
        {
            if (!properties.TryGetProperty(name, out var schema))
            {
                problems.Add($"params: '{name}' is not a parameter of {nsid}");
                continue;
            }

            switch (schema.GetProperty("type").GetString())
            {
                case "integer":
                    if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                    {
                        problems.Add($"params.{name}: '{value}' is not an integer");
                    }
                    else
                    {
                        CheckInteger($"params.{name}", number, schema, problems);
                    }

                    break;
                case "boolean":
                    if (value is not ("true" or "false"))
                    {
                        problems.Add($"params.{name}: '{value}' is not a boolean");
                    }

                    break;
                default:
                    CheckString($"params.{name}", value, schema, problems);
                    break;
            }
        }

        return problems;
    }

    /// <summary>
    /// Problems with a query's JSON output; empty when valid. <paramref name="untypedUnionMembers"/> accepts a
    /// union member without <c>$type</c> when it is valid as one of the union's refs: AppViews of early 2023
    /// sent <c>reply.root</c>/<c>reply.parent</c> that way, and the captured 2023 body shows it.
    /// </summary>
    public IReadOnlyList<string> ValidateOutput(string nsid, JsonElement value, bool untypedUnionMembers = false)
    {
        _untypedUnionMembers = untypedUnionMembers;
        var problems = new List<string>();
        Check("$", value, Def(nsid + "#main").GetProperty("output").GetProperty("schema"), nsid, problems);
        return problems;
    }

    private JsonElement Def(string reference) =>
        _defs.TryGetValue(reference, out var def) ? def : throw new InvalidOperationException($"lexicon definition {reference} is not loaded");

    private static string Resolve(string reference, string lexicon) =>
        reference.StartsWith('#') ? lexicon + reference : reference.Contains('#', StringComparison.Ordinal) ? reference : reference + "#main";

    private void Check(string path, JsonElement value, JsonElement schema, string lexicon, List<string> problems)
    {
        var type = schema.GetProperty("type").GetString();
        switch (type)
        {
            case "ref":
                var target = Resolve(schema.GetProperty("ref").GetString()!, lexicon);
                if (!_defs.ContainsKey(target))
                {
                    problems.Add($"{path}: ref {target} does not resolve");
                    return;
                }

                Check(path, value, Def(target), target[..target.IndexOf('#', StringComparison.Ordinal)], problems);
                return;
            case "union":
                CheckUnion(path, value, schema, lexicon, problems);
                return;
            case "object":
            case "record" when schema.TryGetProperty("record", out _):
                CheckObject(path, value, type == "record" ? schema.GetProperty("record") : schema, lexicon, problems);
                return;
            case "string":
                if (value.ValueKind != JsonValueKind.String)
                {
                    problems.Add($"{path}: expected a string, got {value.ValueKind}");
                    return;
                }

                CheckString(path, value.GetString()!, schema, problems);
                return;
            case "integer":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
                {
                    problems.Add($"{path}: expected an integer, got {value.ValueKind}");
                    return;
                }

                CheckInteger(path, number, schema, problems);
                return;
            case "boolean":
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problems.Add($"{path}: expected a boolean, got {value.ValueKind}");
                }
                else if (schema.TryGetProperty("const", out var constant) && constant.GetBoolean() != value.GetBoolean())
                {
                    problems.Add($"{path}: must be {constant.GetBoolean()}");
                }

                return;
            case "array":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    problems.Add($"{path}: expected an array, got {value.ValueKind}");
                    return;
                }

                var length = value.GetArrayLength();
                if (schema.TryGetProperty("maxLength", out var maxItems) && length > maxItems.GetInt32())
                {
                    problems.Add($"{path}: {length} items, more than {maxItems.GetInt32()}");
                }

                if (schema.TryGetProperty("minLength", out var minItems) && length < minItems.GetInt32())
                {
                    problems.Add($"{path}: {length} items, fewer than {minItems.GetInt32()}");
                }

                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Check($"{path}[{index++}]", item, schema.GetProperty("items"), lexicon, problems);
                }

                return;
            case "unknown":
                if (value.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"{path}: 'unknown' must be an object, got {value.ValueKind}");
                }
                else if (value.TryGetProperty("$type", out var recordType) && recordType.GetString() is { } nsid && _defs.TryGetValue(Resolve(nsid, lexicon), out var recordDef) && recordDef.GetProperty("type").GetString() == "record")
                {
                    // A typed record whose lexicon we hold is checked against it (post records in post views).
                    CheckObject(path, value, recordDef.GetProperty("record"), nsid.Split('#')[0], problems);
                }

                return;
            case "blob":
                if (value.ValueKind != JsonValueKind.Object || !(value.TryGetProperty("ref", out _) || value.TryGetProperty("cid", out _)) || !value.TryGetProperty("mimeType", out _))
                {
                    problems.Add($"{path}: not a blob (ref/cid and mimeType)");
                }

                return;
            case "cid-link":
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("$link", out _))
                {
                    problems.Add($"{path}: not a cid-link");
                }

                return;
            case "bytes":
                if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("$bytes", out _))
                {
                    problems.Add($"{path}: not bytes");
                }

                return;
            default:
                problems.Add($"{path}: schema type '{type}' is not supported by this validator");
                return;
        }
    }

    private void CheckUnion(string path, JsonElement value, JsonElement schema, string lexicon, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("$type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            var fits = _untypedUnionMembers && value.ValueKind == JsonValueKind.Object && Strings(schema, "refs").Select(r => Resolve(r, lexicon)).Any(r =>
            {
                var attempt = new List<string>();
                Check(path, value, Def(r), r[..r.IndexOf('#', StringComparison.Ordinal)], attempt);
                return attempt.Count == 0;
            });
            if (!fits)
            {
                problems.Add($"{path}: a union member must be an object with $type");
            }

            return;
        }

        var type = Resolve(typeElement.GetString()!, lexicon);
        var refs = Strings(schema, "refs").Select(r => Resolve(r, lexicon)).ToList();
        if (refs.Contains(type, StringComparer.Ordinal))
        {
            Check(path, value, Def(type), type[..type.IndexOf('#', StringComparison.Ordinal)], problems);
        }
        else if (schema.TryGetProperty("closed", out var closed) && closed.GetBoolean())
        {
            problems.Add($"{path}: $type {type} is not one of the closed union's refs");
        }
    }

    private void CheckObject(string path, JsonElement value, JsonElement schema, string lexicon, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: expected an object, got {value.ValueKind}");
            return;
        }

        var nullable = Strings(schema, "nullable").ToHashSet(StringComparer.Ordinal);
        foreach (var required in Strings(schema, "required"))
        {
            if (!value.TryGetProperty(required, out var present) || (present.ValueKind == JsonValueKind.Null && !nullable.Contains(required)))
            {
                problems.Add($"{path}: required '{required}' missing");
            }
        }

        if (!schema.TryGetProperty("properties", out var properties))
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (!properties.TryGetProperty(property.Name, out var propertySchema))
            {
                // Lexicon objects are open to new fields; only declared ones are checked.
                continue;
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                if (!nullable.Contains(property.Name))
                {
                    problems.Add($"{path}.{property.Name}: null but not nullable");
                }

                continue;
            }

            Check($"{path}.{property.Name}", property.Value, propertySchema, lexicon, problems);
        }
    }

    private static void CheckInteger(string path, long number, JsonElement schema, List<string> problems)
    {
        if (schema.TryGetProperty("minimum", out var min) && number < min.GetInt64())
        {
            problems.Add($"{path}: {number} below the minimum {min.GetInt64()}");
        }

        if (schema.TryGetProperty("maximum", out var max) && number > max.GetInt64())
        {
            problems.Add($"{path}: {number} above the maximum {max.GetInt64()}");
        }

        if (schema.TryGetProperty("enum", out var allowed) && allowed.EnumerateArray().All(a => a.GetInt64() != number))
        {
            problems.Add($"{path}: {number} not in the enum");
        }

        if (schema.TryGetProperty("const", out var constant) && constant.GetInt64() != number)
        {
            problems.Add($"{path}: must be {constant.GetInt64()}");
        }
    }

    private static void CheckString(string path, string text, JsonElement schema, List<string> problems)
    {
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (schema.TryGetProperty("maxLength", out var maxLength) && bytes > maxLength.GetInt32())
        {
            problems.Add($"{path}: {bytes} UTF-8 bytes, more than {maxLength.GetInt32()}");
        }

        if (schema.TryGetProperty("minLength", out var minLength) && bytes < minLength.GetInt32())
        {
            problems.Add($"{path}: {bytes} UTF-8 bytes, fewer than {minLength.GetInt32()}");
        }

        if (schema.TryGetProperty("maxGraphemes", out var maxGraphemes) && new StringInfo(text).LengthInTextElements > maxGraphemes.GetInt32())
        {
            problems.Add($"{path}: more than {maxGraphemes.GetInt32()} graphemes");
        }

        if (schema.TryGetProperty("enum", out var allowed) && allowed.EnumerateArray().All(a => a.GetString() != text))
        {
            problems.Add($"{path}: '{text}' not in the enum");
        }

        if (schema.TryGetProperty("const", out var constant) && constant.GetString() != text)
        {
            problems.Add($"{path}: must be '{constant.GetString()}'");
        }

        if (schema.TryGetProperty("format", out var format) && !FormatHolds(format.GetString()!, text))
        {
            problems.Add($"{path}: '{(text.Length > 80 ? text[..80] : text)}' is not a valid {format.GetString()}");
        }
    }

    private static bool FormatHolds(string format, string text) => format switch
    {
        "datetime" => DateTimeRegex().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "did" => DidRegex().IsMatch(text),
        "handle" => HandleRegex().IsMatch(text),
        "at-identifier" => DidRegex().IsMatch(text) || HandleRegex().IsMatch(text),
        "at-uri" => text.StartsWith("at://", StringComparison.Ordinal) && text.Length <= 8192,
        "cid" => CidRegex().IsMatch(text),
        "uri" => UriRegex().IsMatch(text) && text.Length <= 8192,
        "language" => LanguageRegex().IsMatch(text),
        "nsid" => NsidRegex().IsMatch(text),
        "tid" => TidRegex().IsMatch(text),
        "record-key" => RecordKeyRegex().IsMatch(text),
        _ => true,
    };

    private static IEnumerable<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().Select(e => e.GetString()!) : [];

    // The syntaxes of atproto.com/specs (datetime needs a zone and whole seconds or a fraction).
    [GeneratedRegex(@"^[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{1,20})?(Z|([+-][0-2][0-9]:[0-5][0-9]))$")]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex(@"^did:[a-z]+:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-]$")]
    private static partial Regex DidRegex();

    [GeneratedRegex(@"^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$")]
    private static partial Regex HandleRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9+=]{8,256}$")]
    private static partial Regex CidRegex();

    [GeneratedRegex(@"^[a-z][a-z.+-]*:\S+$")]
    private static partial Regex UriRegex();

    [GeneratedRegex(@"^(i|[a-z]{2,3})(-[a-zA-Z0-9]+)*$")]
    private static partial Regex LanguageRegex();

    [GeneratedRegex(@"^[a-zA-Z]([a-zA-Z0-9-]{0,62})?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,62})?)+$")]
    private static partial Regex NsidRegex();

    [GeneratedRegex(@"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")]
    private static partial Regex TidRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9_~.:-]{1,512}$")]
    private static partial Regex RecordKeyRegex();
}
