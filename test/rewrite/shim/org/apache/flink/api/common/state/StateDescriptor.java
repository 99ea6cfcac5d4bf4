// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.api.common.state;

public abstract class StateDescriptor<S extends State, T> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    protected final String name;
    private StateTtlConfig ttlConfig = StateTtlConfig.DISABLED;

    protected StateDescriptor(String name, Class<T> type, T defaultValue) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void enableTimeToLive(StateTtlConfig ttlConfig) {
        this.ttlConfig = ttlConfig;
    }

    public StateTtlConfig getTtlConfig() {
        return ttlConfig;
    }
}
