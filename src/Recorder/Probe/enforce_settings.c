/*-------------------------------------------------------------------------
 *
 * enforce_settings.c
 *	  The enforcement settings and the policy in force.
 *
 * tracelab.enforce_policy names a compiled policy file (POLICY_FORMAT.md)
 * and tracelab.enforce_mode says what to do with its decisions: off,
 * warn or block.  Both are superuser-only settings (PGC_SUSET): they can be
 * set in postgresql.conf or with ALTER SYSTEM and are picked up on reload,
 * and a superuser may also set them per database, per role or per session.
 *
 * The check hook reads and parses the file, so a file that cannot be
 * loaded is refused the way any invalid setting is: on reload the server
 * logs why and keeps the previous value, and so the previous policy; in
 * ALTER SYSTEM or SET the command fails.  At server start a refused file
 * would only give a WARNING and leave enforcement off, which is not what a
 * DBA who configured a policy wants: _PG_init stops the server instead,
 * the way a broken pg_hba.conf does (tracelab_enforce_check_startup).
 *
 * The setting's "extra" is the file's bytes, read once per process by the
 * check hook; the parsed policy is made from them when a decision first
 * needs it, in the process that needs it.
 *
 * src/Recorder/Probe/enforce_settings.c
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "policy.h"
#include "tracelab_probe.h"

/* the file's bytes as the check hook read them (the setting's extra) */
typedef struct PolicyFileImage
{
	TimestampTz loaded_at;
	Size		len;
	char		data[FLEXIBLE_ARRAY_MEMBER];
} PolicyFileImage;

static const struct config_enum_entry enforce_mode_options[] = {
	{"off", TL_ENFORCE_OFF, false},
	{"warn", TL_ENFORCE_WARN, false},
	{"block", TL_ENFORCE_BLOCK, false},
	{NULL, 0, false}
};

int			tracelab_enforce_mode = TL_ENFORCE_OFF;
static char *enforce_policy_path = NULL;

/* the image in force, and the policy parsed from it in this process */
static PolicyFileImage *current_image = NULL;
static PolicyFileImage *parsed_image = NULL;
static TracelabPolicy *parsed_policy = NULL;

/* a file refused while shared_preload_libraries was being processed */
static char *startup_failure = NULL;

PG_FUNCTION_INFO_V1(tracelab_enforcement);

/*
 * read_policy_file
 *		Read a whole compiled policy file; NULL and *reason on failure.
 *
 * Plain POSIX calls: this runs in the postmaster too, outside any
 * transaction, and must never raise an ERROR.
 */
static PolicyFileImage *
read_policy_file(const char *path, char **reason)
{
	PolicyFileImage *image;
	struct stat st;
	Size		done = 0;
	int			fd;

	fd = open(path, O_RDONLY | PG_BINARY, 0);
	if (fd < 0)
	{
		*reason = psprintf("Could not open file \"%s\": %m.", path);
		return NULL;
	}
	if (fstat(fd, &st) < 0)
	{
		*reason = psprintf("Could not stat file \"%s\": %m.", path);
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > TL_POLICY_MAX_BYTES)
	{
		*reason = S_ISREG(st.st_mode) ?
			psprintf("File \"%s\" is larger than %d bytes.", path,
					 TL_POLICY_MAX_BYTES) :
			psprintf("\"%s\" is not a regular file.", path);
		close(fd);
		return NULL;
	}
	/* a setting's extra is malloc'd: the GUC machinery free()s it */
	image = malloc(offsetof(PolicyFileImage, data) + st.st_size + 1);
	if (image == NULL)
	{
		*reason = pstrdup("Out of memory.");
		close(fd);
		return NULL;
	}
	while (done < (Size) st.st_size)
	{
		ssize_t		n = read(fd, image->data + done, st.st_size - done);

		if (n <= 0)
		{
			*reason = (n < 0) ?
				psprintf("Could not read file \"%s\": %m.", path) :
				psprintf("File \"%s\" changed while it was read.", path);
			free(image);
			close(fd);
			return NULL;
		}
		done += n;
	}
	close(fd);
	image->len = done;
	image->data[done] = '\0';
	image->loaded_at = GetCurrentTimestamp();
	return image;
}

/*
 * check_enforce_policy
 *		Read and parse the file; refuse the setting if either fails.
 */
static bool
check_enforce_policy(char **newval, void **extra, GucSource source)
{
	PolicyFileImage *image;
	MemoryContext cxt;
	TracelabPolicy *policy;
	char	   *reason = NULL;

	if (*newval == NULL || (*newval)[0] == '\0')
	{
		*extra = NULL;
		return true;
	}
	image = read_policy_file(*newval, &reason);
	if (image != NULL)
	{
		cxt = AllocSetContextCreate(CurrentMemoryContext,
									"tracelab policy check",
									ALLOCSET_SMALL_SIZES);
		policy = tracelab_policy_load(image->data, image->len, cxt, &reason);
		MemoryContextDelete(cxt);
		if (policy == NULL)
		{
			reason = psprintf("The file is not a compiled policy this probe can read: %s.",
							  reason);
			free(image);
			image = NULL;
		}
	}
	if (image == NULL)
	{
		GUC_check_errmsg("could not load enforcement policy from file \"%s\"",
						 *newval);
		GUC_check_errdetail("%s", reason);
		GUC_check_errhint("Write the file with \"tracelab policies compile\", or set tracelab.enforce_policy to an empty string.");
		if (process_shared_preload_libraries_in_progress &&
			startup_failure == NULL)
			startup_failure = MemoryContextStrdup(TopMemoryContext,
												  psprintf("%s\n%s", *newval,
														   reason));
		return false;
	}
	*extra = image;
	return true;
}

/*
 * assign_enforce_policy
 *		The image in force changes; it is parsed when first needed.
 */
static void
assign_enforce_policy(const char *newval, void *extra)
{
	current_image = (PolicyFileImage *) extra;
	tracelab_enforce_changed();
}

/*
 * assign_enforce_mode
 *		Whether sessions that do not record must follow their frames changes.
 */
static void
assign_enforce_mode(int newval, void *extra)
{
	tracelab_enforce_changed();
}

/*
 * tracelab_enforce_policy
 *		The policy in force in this process, or NULL when there is none.
 *
 * Parsing cannot fail: the check hook parsed the same bytes.  The previous
 * parse is freed when the image changes.
 */
const TracelabPolicy *
tracelab_enforce_policy(void)
{
	char	   *reason = NULL;

	if (likely(current_image == parsed_image))
		return parsed_policy;
	if (parsed_policy != NULL)
		MemoryContextDelete(GetMemoryChunkContext(parsed_policy));
	parsed_policy = NULL;
	parsed_image = current_image;
	if (current_image != NULL)
		parsed_policy = tracelab_policy_load(current_image->data,
											 current_image->len,
											 TopMemoryContext, &reason);
	return parsed_policy;
}

/*
 * tracelab_enforce_policy_checksum
 *		The CRC-32C of the policy file in force (its header's), 0 when none.
 */
uint32
tracelab_enforce_policy_checksum(void)
{
	const unsigned char *crc;

	if (tracelab_enforce_policy() == NULL || parsed_image == NULL)
		return 0;
	crc = (const unsigned char *) parsed_image->data + TL_POLICY_CHECKSUM_OFFSET;
	return (uint32) crc[0] | ((uint32) crc[1] << 8) |
		((uint32) crc[2] << 16) | ((uint32) crc[3] << 24);
}

/*
 * tracelab_enforce_policy_path
 *		tracelab.enforce_policy as set ("" when unset).
 */
const char *
tracelab_enforce_policy_path(void)
{
	return enforce_policy_path != NULL ? enforce_policy_path : "";
}

/*
 * tracelab_enforce_mode_name
 *		The setting's spelling of mode.
 */
const char *
tracelab_enforce_mode_name(int mode)
{
	return enforce_mode_options[mode].name;
}

/*
 * tracelab_define_enforce_settings
 *		Define tracelab.enforce_policy and tracelab.enforce_mode.
 */
void
tracelab_define_enforce_settings(void)
{
	DefineCustomEnumVariable("tracelab.enforce_mode",
							 "Sets what the probe does with the enforcement policy's decisions.",
							 "off enforces nothing, warn raises a WARNING and lets the operation run, block raises an ERROR.",
							 &tracelab_enforce_mode,
							 TL_ENFORCE_OFF,
							 enforce_mode_options,
							 PGC_SUSET,
							 0,
							 NULL,
							 assign_enforce_mode,
							 NULL);

	DefineCustomStringVariable("tracelab.enforce_policy",
							   "Sets the compiled policy file the probe enforces.",
							   "Written by \"tracelab policies compile\". An empty string enforces nothing. A relative path is relative to the data directory.",
							   &enforce_policy_path,
							   "",
							   PGC_SUSET,
							   0,
							   check_enforce_policy,
							   assign_enforce_policy,
							   NULL);
}

/*
 * tracelab_enforce_check_startup
 *		Stop the server from starting with a policy file it cannot load.
 *
 * Called from _PG_init while shared_preload_libraries is processed, where
 * an ERROR is fatal to the postmaster.
 */
void
tracelab_enforce_check_startup(void)
{
	char	   *newline;

	if (startup_failure == NULL)
		return;
	newline = strchr(startup_failure, '\n');
	*newline = '\0';
	ereport(ERROR,
			(errcode(ERRCODE_CONFIG_FILE_ERROR),
			 errmsg("could not load enforcement policy from file \"%s\"",
					startup_failure),
			 errdetail("%s", newline + 1),
			 errhint("Write the file with \"tracelab policies compile\", or set tracelab.enforce_policy to an empty string.")));
}

/*
 * tracelab_enforcement
 *		The policy this backend has in force and the enforcement mode.
 *
 * policy_name is NULL when no policy is set.  checksum is the file
 * header's CRC-32C, as eight lower-case hex digits.
 */
Datum
tracelab_enforcement(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[6];
	bool		nulls[6];
	const TracelabPolicy *policy = tracelab_enforce_policy();
	HeapTuple	tuple;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	memset(nulls, true, sizeof(nulls));
	values[2] = CStringGetTextDatum(enforce_mode_options[tracelab_enforce_mode].name);
	nulls[2] = false;
	if (policy != NULL && parsed_image != NULL)
	{
		const unsigned char *crc = (const unsigned char *)
			parsed_image->data + TL_POLICY_CHECKSUM_OFFSET;

		values[0] = CStringGetTextDatum(policy->name);
		values[1] = CStringGetTextDatum(enforce_policy_path);
		values[3] = Int32GetDatum(policy->nrules);
		values[4] = CStringGetTextDatum(psprintf("%02x%02x%02x%02x",
												 crc[3], crc[2], crc[1],
												 crc[0]));
		values[5] = TimestampTzGetDatum(parsed_image->loaded_at);
		nulls[0] = nulls[1] = nulls[3] = nulls[4] = nulls[5] = false;
	}
	tuple = heap_form_tuple(tupdesc, values, nulls);
	PG_RETURN_DATUM(HeapTupleGetDatum(tuple));
}
