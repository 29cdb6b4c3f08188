// The tests drive the Linux-only tracelab CLI code (Unix file modes, runuser).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
