using Alerts.Core.Officials;
using Alerts.Core.Statements;

namespace Alerts.Testing;

/// <summary>Officials the unit and the storage tests both attribute statements to.</summary>
public static class TestOfficials
{
    /// <summary>Pakistan's defence minister, with the X user id the fake X API serves.</summary>
    public static readonly Official Asif = new(
        "khawaja-asif",
        "Khawaja Muhammad Asif",
        ["Khawaja Asif", "Asif", "Pakistan's Defence Minister"],
        "Minister of Defence",
        "Pakistan",
        "1000000000000000001");
}
