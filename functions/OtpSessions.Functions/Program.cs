using Microsoft.Extensions.Hosting;
using OtpSessions.Functions;

OtpSessionsApplication.CreateBuilder(args).Build().Run();
