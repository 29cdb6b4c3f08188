namespace TraceLab.Policies.Compiled;

/// <summary>The constants of the compiled policy form (src/Recorder/Probe/POLICY_FORMAT.md), written by
/// <see cref="PolicyFormatWriter"/> and read by <see cref="PolicyFormatReader"/> and the probe's <c>policy_load.c</c>.</summary>
/// <remarks>The numbers of every enum the form carries are the values of the C# enums themselves
/// (<c>PolicyAction</c>, <c>TrustScope</c>, <c>MembershipTrust</c>, <c>TrustedInfrastructure</c>,
/// <c>GuardedOperations</c>, <c>ChainEntryKind</c>, <c>ChainPhase</c>); <c>policy.h</c> repeats them for C and a unit test
/// checks that the two agree.</remarks>
public static class PolicyFormat
{
    /// <summary>The first eight bytes of every compiled policy: <c>TLPOLICY</c>.</summary>
    public static ReadOnlySpan<byte> Magic => "TLPOLICY"u8;

    /// <summary>The one layout this build writes and reads. Any change of layout or meaning gets a new number; readers
    /// accept only the numbers they know.</summary>
    public const ushort Version = 1;

    /// <summary>Magic, version, flags, length and checksum.</summary>
    public const int HeaderBytes = 20;

    /// <summary>Where the CRC-32C of everything after the header is stored.</summary>
    public const int ChecksumOffset = 16;

    /// <summary>The largest compiled policy either reader accepts: 16 MiB (a policy file has at most 1 MiB).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>A string index or list count meaning "absent": no message, or no <c>commands</c>/<c>objects</c> limit.</summary>
    public const uint Absent = 0xFFFFFFFF;

    /// <summary>Trust flags byte: <c>self</c>.</summary>
    public const byte TrustSelf = 0x01;

    /// <summary>Trust flags byte: <c>superusers</c>.</summary>
    public const byte TrustSuperusers = 0x02;

    /// <summary>When flags byte: <c>entry-kinds</c> is given (the entry-kinds mask applies).</summary>
    public const byte WhenEntryKinds = 0x01;

    /// <summary>When flags byte: <c>planner</c> is listed among the entry kinds.</summary>
    public const byte WhenPlanner = 0x02;

    /// <summary>When flags byte: <c>phases</c> is given (the phases mask applies).</summary>
    public const byte WhenPhases = 0x04;

    /// <summary>When flags byte: <c>executor-is-superuser</c> is given.</summary>
    public const byte WhenExecutorCondition = 0x08;

    /// <summary>When flags byte: the value of <c>executor-is-superuser</c>.</summary>
    public const byte WhenExecutorIsSuperuser = 0x10;
}
