// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.table.api;

public final class TableConfig {
    /** Since Flink 1.15. */
    public TableConfig set(String key, String value) {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }
}
