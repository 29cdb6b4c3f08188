namespace TraceLab.Policies.Model;

/// <summary>Maps an operation to the operation kinds of the policy language.</summary>
/// <remarks>
/// The command categories stay as they are (reports print them, and COPY is category <c>copy</c>); the language's kinds
/// are derived here. COPY FROM is a write and COPY TO a read; a COPY whose direction the recording does not give
/// (<see cref="Operation.Copy"/> is <c>null</c>) counts as both, so a rule guarding either never misses it, and its
/// PROGRAM form cannot be recognised. The <c>COPY FROM</c> tag is a write whatever the details say.
/// </remarks>
internal static class GuardedOperationsOf
{
    public static GuardedOperations Operation(Operation operation)
    {
        switch (operation.Kind)
        {
            case OperationKind.FunctionCall:
                return GuardedOperations.FunctionExecution;
            case OperationKind.RoleSwitch:
                return GuardedOperations.RoleSwitch;
        }

        var category = CommandCategories.Classify(operation.Command);
        return category switch
        {
            CommandCategory.Ddl => GuardedOperations.Ddl,
            CommandCategory.Role => GuardedOperations.Role,
            CommandCategory.Grant => GuardedOperations.Grant,
            CommandCategory.DmlWrite => GuardedOperations.DmlWrite,
            CommandCategory.DmlRead => GuardedOperations.DmlRead,
            CommandCategory.Maintenance => GuardedOperations.Maintenance,
            CommandCategory.Copy => Copy(operation),
            _ => GuardedOperations.None,
        };
    }

    private static GuardedOperations Copy(Operation operation)
    {
        if (operation.Copy is not { } copy)
        {
            return string.Equals(operation.Command.Trim(), "COPY FROM", StringComparison.OrdinalIgnoreCase)
                ? GuardedOperations.DmlWrite
                : GuardedOperations.DmlWrite | GuardedOperations.DmlRead;
        }

        var direction = copy.IsFrom ? GuardedOperations.DmlWrite : GuardedOperations.DmlRead;
        return copy.IsProgram ? direction | GuardedOperations.CopyProgram : direction;
    }
}
