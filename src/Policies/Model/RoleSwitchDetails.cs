namespace TraceLab.Policies.Model;

/// <summary>What a role switch changed: the roles in effect after it, as recorded.</summary>
/// <param name="SessionUser">The session user after the switch (changed by SET SESSION AUTHORIZATION).</param>
/// <param name="OuterUser">The role set by SET ROLE after the switch (the session user after RESET ROLE).</param>
/// <param name="Local">The switch was SET LOCAL: it ends with the transaction.</param>
public sealed record RoleSwitchDetails(RoleFacts SessionUser, RoleFacts OuterUser, bool Local);
