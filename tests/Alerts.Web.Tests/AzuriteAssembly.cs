// One Azurite for the whole assembly; each test class still gets its own web host over it (SubscriptionPagesHost).
[assembly: AssemblyFixture(typeof(Alerts.Testing.AzuriteFixture))]
