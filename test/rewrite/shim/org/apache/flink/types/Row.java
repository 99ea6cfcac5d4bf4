// Flink API shim for compiling generated union rewrites (test/rewrite): declares only what the
// generator and the replay harness use, with the signatures of Apache Flink 1.20's public API.
// Not Flink: bodies are either the harness's (state, Row) or throw (the job wiring never runs here).
package org.apache.flink.types;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Flink's Row in its two modes: by position (ofKind) and by name (withNames). */
public final class Row implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private RowKind kind;
    private final Object[] fieldByPosition;
    private final Map<String, Object> fieldByName;

    private Row(RowKind kind, Object[] byPosition, Map<String, Object> byName) {
        this.kind = kind;
        this.fieldByPosition = byPosition;
        this.fieldByName = byName;
    }

    public static Row ofKind(RowKind kind, Object... values) {
        return new Row(kind, values, null);
    }

    public static Row withNames(RowKind kind) {
        return new Row(kind, null, new LinkedHashMap<>());
    }

    public RowKind getKind() {
        return kind;
    }

    public void setKind(RowKind kind) {
        this.kind = kind;
    }

    public int getArity() {
        return fieldByPosition != null ? fieldByPosition.length : fieldByName.size();
    }

    public Object getField(int pos) {
        if (fieldByPosition == null) throw new IllegalArgumentException("Accessing a field by position is not supported in name-based field mode.");
        return fieldByPosition[pos];
    }

    public Object getField(String name) {
        if (fieldByName == null) throw new IllegalArgumentException("Accessing a field by name is not supported in position-based field mode.");
        if (!fieldByName.containsKey(name)) throw new IllegalArgumentException("Unknown field name '" + name + "' for mapping to a row position.");
        return fieldByName.get(name);
    }

    @SuppressWarnings("unchecked")
    public <T> T getFieldAs(int pos) {
        return (T) getField(pos);
    }

    @SuppressWarnings("unchecked")
    public <T> T getFieldAs(String name) {
        return (T) getField(name);
    }

    public void setField(int pos, Object value) {
        fieldByPosition[pos] = value;
    }

    public void setField(String name, Object value) {
        if (fieldByName == null) throw new IllegalArgumentException("Accessing a field by name is not supported in position-based field mode.");
        fieldByName.put(name, value);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Row)) return false;
        Row r = (Row) o;
        return kind == r.kind && Arrays.deepEquals(fieldByPosition, r.fieldByPosition) && Objects.equals(fieldByName, r.fieldByName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.deepHashCode(fieldByPosition), fieldByName);
    }
}
