using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace Alerts.Core.Email.Templates;

/// <summary>
/// Liquid templates (Fluid) kept as embedded resources next to the code that fills them. HTML output goes
/// through an HTML encoder, so every <c>{{ value }}</c> is encoded; only values piped through <c>raw</c>
/// (our own pre-rendered fragments) are not. Text output is not encoded. Parsed templates are cached per
/// instance (registered as a singleton).
/// </summary>
public sealed class LiquidTemplates
{
    private static readonly TextEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly FluidParser _parser = new();
    private readonly TemplateOptions _options = new() { MemberAccessStrategy = new UnsafeMemberAccessStrategy() };
    private readonly ConcurrentDictionary<string, IFluidTemplate> _cache = new(StringComparer.Ordinal);

    /// <summary>Renders <c>name</c> (e.g. <c>Email/Templates/alert.html.liquid</c>) with HTML encoding.</summary>
    public string RenderHtml(string name, object model) => Render(name, model, Html);

    /// <summary>Renders <c>name</c> as plain text (no encoding: for text/plain bodies and subjects).</summary>
    public string RenderText(string name, object model) => Render(name, model, NullEncoder.Default);

    private string Render(string name, object model, TextEncoder encoder)
    {
        var template = _cache.GetOrAdd(name, Load);
        var context = new TemplateContext(model, _options);
        return template.Render(context, encoder);
    }

    private IFluidTemplate Load(string name)
    {
        var resource = "Alerts.Core." + name.Replace('/', '.');
        using var stream = typeof(LiquidTemplates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Template '{name}' is not embedded (looked for resource '{resource}').");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd();
        return _parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Template '{name}' does not parse: {error}");
    }
}
