// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.streaming.api.environment;

import org.apache.flink.api.common.JobExecutionResult;

public class StreamExecutionEnvironment {
    public static StreamExecutionEnvironment getExecutionEnvironment() {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }

    public JobExecutionResult execute(String jobName) throws Exception {
        throw new UnsupportedOperationException("Flink API shim: compile only");
    }
}
