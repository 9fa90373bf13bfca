using OtpSessions.LocalHost;

if (args.FirstOrDefault() == DevAgentToken.Command)
{
    return DevAgentToken.Run(args);
}

var app = LocalFunctionsHost.Build(args);
await app.RunAsync();
return 0;
