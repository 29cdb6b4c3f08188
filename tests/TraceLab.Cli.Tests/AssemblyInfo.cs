// The CLI is Linux-only (Unix file modes, runuser); so are its tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
