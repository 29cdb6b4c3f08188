cd /work/wt-workers
export TRACELAB_HOME=/work/wt-workers/.tracelab-test CI=true
eval "$(./tracelab status --format env)"
export TRACELAB_TEST_DB="$TRACELAB_CONNECTION" TRACELAB_TEST_SPOOL="$TRACELAB_SPOOL" TRACELAB_TEST_SOCKET="$PGHOST" TRACELAB_TEST_PORT="$PGPORT"
