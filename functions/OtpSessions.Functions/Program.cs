using Microsoft.Extensions.Hosting;
using OtpSessions.Functions;

OtpSessionsWorker.CreateBuilder(args).Build().Run();
