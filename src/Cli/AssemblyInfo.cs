// The embedded cluster uses Unix file modes, runuser and PostgreSQL's Debian layout: tracelab runs on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
