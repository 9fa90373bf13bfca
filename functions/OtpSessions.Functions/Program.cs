using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using OtpSessions.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseOtpSessionsMiddleware();
builder.Services.AddOtpSessionsApp(builder.Configuration);
builder.Build().Run();
