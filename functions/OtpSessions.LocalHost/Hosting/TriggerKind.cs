namespace OtpSessions.LocalHost.Hosting;

public enum TriggerKind { Http, Queue, Timer }
