/*-------------------------------------------------------------------------
 *
 * scratch.c
 *	  Short-lived memory for one hook call, reused instead of created.
 *
 * The hooks that collect something (an analysis, a plan's call sites, a
 * utility statement's targets) need memory for the length of one call.
 * Creating and deleting a memory context for each costs more than the
 * rest of such a hook on a busy server, so a few contexts are kept for
 * the life of the backend, one per nesting level (an analysis can nest in
 * another through a function it calls while planning), and reset after
 * each use.  An ERROR that escapes a hook between begin and end leaves its
 * level taken; the end of the next top-level transaction gives every level
 * back, since no hook call spans a transaction end.
 *
 * src/Recorder/Probe/scratch.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "tracelab_probe.h"

/* Nesting levels with a kept context; deeper calls create their own. */
#define TL_SCRATCH_LEVELS	16

static MemoryContext levels[TL_SCRATCH_LEVELS];
static int	depth = 0;

/*
 * tracelab_scratch_begin
 *		A context for the caller's use until tracelab_scratch_end.
 */
MemoryContext
tracelab_scratch_begin(void)
{
	if (depth >= TL_SCRATCH_LEVELS)
		return AllocSetContextCreate(CurrentMemoryContext, "TraceLab scratch",
									 ALLOCSET_SMALL_SIZES);
	if (levels[depth] == NULL)
		levels[depth] = AllocSetContextCreate(TopMemoryContext,
											  "TraceLab scratch",
											  ALLOCSET_SMALL_SIZES);
	return levels[depth++];
}

/*
 * tracelab_scratch_end
 *		Give back a context from tracelab_scratch_begin, freeing its memory.
 */
void
tracelab_scratch_end(MemoryContext context)
{
	if (depth > 0 && levels[depth - 1] == context)
	{
		MemoryContextReset(context);
		depth--;
	}
	else
		MemoryContextDelete(context);
}

/*
 * tracelab_scratch_reset
 *		At the end of a top-level transaction: every level is free again.
 */
void
tracelab_scratch_reset(void)
{
	while (depth > 0)
		MemoryContextReset(levels[--depth]);
}
