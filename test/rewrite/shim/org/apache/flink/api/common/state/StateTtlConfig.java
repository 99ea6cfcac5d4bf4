// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.api.common.state;

import java.time.Duration;
import org.apache.flink.api.common.time.Time;

public class StateTtlConfig implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public static final StateTtlConfig DISABLED = new StateTtlConfig(UpdateType.Disabled, StateVisibility.NeverReturnExpired, Duration.ofMillis(Long.MAX_VALUE));

    public enum UpdateType { Disabled, OnCreateAndWrite, OnReadAndWrite }

    public enum StateVisibility { ReturnExpiredIfNotCleanedUp, NeverReturnExpired }

    private final UpdateType updateType;
    private final StateVisibility stateVisibility;
    private final Duration ttl;

    private StateTtlConfig(UpdateType updateType, StateVisibility stateVisibility, Duration ttl) {
        this.updateType = updateType;
        this.stateVisibility = stateVisibility;
        this.ttl = ttl;
    }

    /** Since Flink 1.19. */
    public static Builder newBuilder(Duration ttl) {
        return new Builder(ttl);
    }

    /** Deprecated since Flink 1.19, removed in 2.0. */
    @Deprecated
    public static Builder newBuilder(Time ttl) {
        return new Builder(Duration.ofMillis(ttl.toMilliseconds()));
    }

    public Duration getTimeToLive() {
        return ttl;
    }

    public static class Builder {
        private UpdateType updateType = UpdateType.OnCreateAndWrite;
        private StateVisibility stateVisibility = StateVisibility.NeverReturnExpired;
        private final Duration ttl;

        public Builder(Duration ttl) {
            this.ttl = ttl;
        }

        public Builder setUpdateType(UpdateType updateType) {
            this.updateType = updateType;
            return this;
        }

        public Builder setStateVisibility(StateVisibility stateVisibility) {
            this.stateVisibility = stateVisibility;
            return this;
        }

        public StateTtlConfig build() {
            return new StateTtlConfig(updateType, stateVisibility, ttl);
        }
    }
}
