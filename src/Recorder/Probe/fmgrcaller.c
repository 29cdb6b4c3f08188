/*-------------------------------------------------------------------------
 *
 * fmgrcaller.c
 *	  Who asks needs_fmgr_hook: fmgr_info, which the probe must answer
 *	  "yes", or the planner's inliner, which must get "no".
 *
 * needs_fmgr_hook is not told who asks, so the probe tells the callers
 * apart by their return address (inline.c's header explains why the
 * answers differ).  The addresses of the fmgr callers are learnt once per
 * backend, the first time the hook is asked about a user function: the
 * probe then calls fmgr_info, fmgr_info_cxt and fmgr_symbol itself on that
 * function, and the hook, seeing the calibration flag, notes the address
 * it returns to and answers "yes", which makes those functions return at
 * once without loading anything.  Any other caller is an inliner.  When
 * calibration cannot be done (the function is SECURITY DEFINER or has
 * proconfig, so fmgr_info never asks), the hook answers "yes" until a
 * later question calibrates it: such a function is never inlined anyway.
 * Another extension that installs needs_fmgr_hook after the probe calls
 * it from one address for every caller; the probe then hooks every call
 * and inlining stops for user functions, as with probe 0.3.  Compilers
 * without __builtin_return_address take that path too.
 *
 * src/Recorder/Probe/fmgrcaller.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"

#include "tracelab_probe.h"

/* Callers of needs_fmgr_hook that prepare a call: fmgr_info paths. */
#define TL_MAX_FMGR_CALLERS		4

static void *fmgr_callers[TL_MAX_FMGR_CALLERS];
static int	fmgr_caller_count = 0;
static bool calibrated = false;
static bool calibrating = false;
static void *calibration_caller = NULL;

/*
 * note_fmgr_caller
 *		Remember the address of a caller that prepares a function call.
 */
static void
note_fmgr_caller(void)
{
	int			i;

	if (calibration_caller == NULL)
		return;
	for (i = 0; i < fmgr_caller_count; i++)
	{
		if (fmgr_callers[i] == calibration_caller)
			return;
	}
	if (fmgr_caller_count < TL_MAX_FMGR_CALLERS)
		fmgr_callers[fmgr_caller_count++] = calibration_caller;
}

/*
 * calibrate
 *		Learn the return addresses of fmgr_info, fmgr_info_cxt, fmgr_symbol.
 *
 * fmgr_info asks needs_fmgr_hook only for a function that is neither
 * SECURITY DEFINER nor has proconfig; for any other the addresses stay
 * unknown and calibration is tried again with the next function.
 */
static void
calibrate(Oid fnoid)
{
	FmgrInfo	flinfo;
	char	   *module = NULL;
	char	   *symbol = NULL;

	calibrating = true;
	calibration_caller = NULL;
	fmgr_info(fnoid, &flinfo);
	note_fmgr_caller();
	if (calibration_caller != NULL)
	{
		calibration_caller = NULL;
		fmgr_info_cxt(fnoid, &flinfo, CurrentMemoryContext);
		note_fmgr_caller();
		calibration_caller = NULL;
		fmgr_symbol(fnoid, &module, &symbol);
		note_fmgr_caller();
		calibrated = true;
	}
	calibrating = false;
	if (symbol != NULL)
		pfree(symbol);
	if (module != NULL)
		pfree(module);
}

/*
 * tracelab_fmgr_calibrating
 *		Whether the hook is being asked by calibrate(); notes the caller.
 */
bool
tracelab_fmgr_calibrating(void *caller)
{
	if (!calibrating)
		return false;
	calibration_caller = caller;
	return true;
}

/*
 * tracelab_fmgr_hook_wanted
 *		needs_fmgr_hook's answer for a user function while recording.
 *
 * caller is the hook's return address.  Only the callers that prepare a
 * call get "yes"; an inliner gets "no", and the function it asks about is
 * noted for the plan being built.
 */
bool
tracelab_fmgr_hook_wanted(void *caller, Oid fnoid)
{
	int			i;

	if (caller == NULL)
		return true;
	if (!calibrated)
		calibrate(fnoid);
	if (!calibrated)
		return true;
	for (i = 0; i < fmgr_caller_count; i++)
	{
		if (fmgr_callers[i] == caller)
			return true;
	}

	tracelab_inline_note_considered(fnoid);
	return false;
}
