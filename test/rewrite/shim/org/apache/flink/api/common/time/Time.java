// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.api.common.time;

/** Deprecated since Flink 1.19 (java.time.Duration replaces it), removed in 2.0. */
@Deprecated
public final class Time implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final long millis;

    private Time(long millis) {
        this.millis = millis;
    }

    public static Time seconds(long seconds) {
        return new Time(seconds * 1000L);
    }

    public long toMilliseconds() {
        return millis;
    }
}
