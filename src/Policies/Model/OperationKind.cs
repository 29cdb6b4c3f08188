namespace TraceLab.Policies.Model;

/// <summary>What PostgreSQL was about to do.</summary>
public enum OperationKind
{
    /// <summary>Run a planned statement (SELECT, INSERT, …) in the executor, at any depth.</summary>
    PlannedStatement = 0,

    /// <summary>Run a utility command (DDL, SET, …), at any depth.</summary>
    UtilityCommand = 1,

    /// <summary>Call a user function or procedure.</summary>
    FunctionCall = 2,

    /// <summary>Switch roles: SET/RESET ROLE, SET/RESET SESSION AUTHORIZATION (<see cref="Operation.Switch"/>).</summary>
    RoleSwitch = 3,
}
