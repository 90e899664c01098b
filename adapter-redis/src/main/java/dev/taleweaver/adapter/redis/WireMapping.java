package dev.taleweaver.adapter.redis;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Converts one cached shape between its domain type {@code T} and the record Jackson reads and writes {@code W}.
 * A list shape is its element's mapping applied to each item, so every entity is described exactly once.
 *
 * <p>The step between two schema versions of one shape is a mapping too: {@code WireMapping<Current, Previous>},
 * whose {@code fromWire} is the upcaster (previous to current, on reading) and {@code toWire} the downcaster
 * (current to previous, on writing while the fleet may still run the previous release).
 */
interface WireMapping<T, W> {

    JavaType wireType(TypeFactory types);

    W toWire(T value);

    /** @throws RuntimeException (usually the domain's ValidationException) when the wire form is not a valid T */
    T fromWire(W wire);

    static <T, W> WireMapping<T, W> of(Class<W> wireClass, Function<T, W> toWire, Function<W, T> fromWire) {
        return new WireMapping<>() {
            @Override
            public JavaType wireType(TypeFactory types) {
                return types.constructType(wireClass);
            }

            @Override
            public W toWire(T value) {
                return toWire.apply(value);
            }

            @Override
            public T fromWire(W wire) {
                return fromWire.apply(wire);
            }
        };
    }

    /** A wire form that did not change between two schema versions: the step between them does nothing. */
    static <W> WireMapping<W, W> unchanged(Class<W> wireClass) {
        return of(wireClass, Function.identity(), Function.identity());
    }

    static <T, W> WireMapping<List<T>, List<W>> listOf(WireMapping<T, W> element) {
        return new WireMapping<>() {
            @Override
            public JavaType wireType(TypeFactory types) {
                return types.constructCollectionType(List.class, element.wireType(types));
            }

            @Override
            public List<W> toWire(List<T> values) {
                List<W> wire = new ArrayList<>(values.size());
                for (T value : values) {
                    wire.add(element.toWire(value));
                }
                return wire;
            }

            @Override
            public List<T> fromWire(List<W> wire) {
                List<T> values = new ArrayList<>(wire.size());
                for (W item : wire) {
                    if (item == null) {
                        throw new IllegalArgumentException("a cached list holds a null item");
                    }
                    values.add(element.fromWire(item));
                }
                return Collections.unmodifiableList(values);
            }
        };
    }
}
