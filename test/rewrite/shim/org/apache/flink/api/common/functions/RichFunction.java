// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.api.common.functions;

import org.apache.flink.configuration.Configuration;

public interface RichFunction extends Function {
    /** Deprecated since Flink 1.19 (open(OpenContext) replaces it). */
    @Deprecated
    void open(Configuration parameters) throws Exception;

    /** Since Flink 1.19; by default it calls the deprecated open(Configuration). */
    default void open(OpenContext openContext) throws Exception {
        open(new Configuration());
    }

    void close() throws Exception;

    RuntimeContext getRuntimeContext();

    void setRuntimeContext(RuntimeContext t);
}
