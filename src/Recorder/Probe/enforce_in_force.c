/*-------------------------------------------------------------------------
 *
 * enforce_in_force.c
 *	  EnforcementInForce: the policy and mode a recorded stream's
 *	  operations were judged under.
 *
 * PolicyEnforced records the decisions that block or warn.  Allowed
 * decisions are not written one by one (that would be a frame per
 * operation); instead this frame says, before the first operation judged
 * under it, which policy and mode are in force: every operation recorded
 * after it with no PolicyEnforced frame was allowed by that policy.  It is
 * written again whenever the policy (by checksum) or the mode changes,
 * including to "off", and at the head of every new stream in which
 * enforcement is on.  Checking costs one comparison per statement while no
 * setting changed.
 *
 * src/Recorder/Probe/enforce_in_force.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "tracelab_probe.h"
#include "enforce.h"
#include "policy.h"

/* The settings generation and stream last looked at. */
static uint64 seen_generation = 0;
static uint64 seen_stream = 0;

/* What the stream was last told (written_mode off: nothing, or off). */
static int	written_mode = TL_ENFORCE_OFF;
static uint32 written_checksum = 0;

/*
 * tracelab_note_enforcement_in_force
 *		Write EnforcementInForce under parent when what is in force differs
 *		from what this stream was last told.
 */
void
tracelab_note_enforcement_in_force(uint64 parent, int depth)
{
	const TracelabPolicy *policy;
	int			mode;
	uint32		checksum = 0;
	char		hex[9];

	if (likely(seen_generation == tracelab_settings_generation &&
			   seen_stream == tracelab_stream_generation))
		return;
	if (!tracelab_recording())
		return;
	if (seen_stream != tracelab_stream_generation)
	{
		/* a new stream has been told nothing */
		written_mode = TL_ENFORCE_OFF;
		written_checksum = 0;
	}

	policy = tracelab_enforce_policy();
	mode = policy != NULL ? tracelab_enforce_mode : TL_ENFORCE_OFF;
	if (mode != TL_ENFORCE_OFF)
		checksum = tracelab_enforce_policy_checksum();
	if (mode != written_mode || checksum != written_checksum)
	{
		/* not written: try again at the next statement */
		if (tracelab_frame_begin(TL_ENFORCEMENT_IN_FORCE, 4, parent,
								 depth) == 0)
			return;
		snprintf(hex, sizeof(hex), "%08x", checksum);
		tracelab_put_str(mode != TL_ENFORCE_OFF ? policy->name : "");
		tracelab_put_str(mode != TL_ENFORCE_OFF ?
						 tracelab_enforce_policy_path() : "");
		tracelab_put_str(mode != TL_ENFORCE_OFF ? hex : "");
		tracelab_put_str(tracelab_enforce_mode_name(mode));
		tracelab_frame_end();
		written_mode = mode;
		written_checksum = checksum;
	}
	seen_generation = tracelab_settings_generation;
	seen_stream = tracelab_stream_generation;
}
