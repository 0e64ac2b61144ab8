using Alerts.Functions;
using Microsoft.Extensions.Hosting;

AlertsFunctionsApp.CreateBuilder(args).Build().Run();
