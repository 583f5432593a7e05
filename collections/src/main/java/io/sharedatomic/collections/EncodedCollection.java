package io.sharedatomic.collections;

import java.nio.charset.Charset;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

import io.sharedatomic.BytesValue;
import io.sharedatomic.IncompatibleEntryException;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.StructureEntries;
import io.sharedatomic.collections.internal.BitLayoutCodec;

/**
 * A whole-value atomic collection encoded in the original's bit layout ({@link BitLayoutCodec}) and held in a byte
 * value of core made by {@link StructureEntries#bytes}, tagged with a format that names the kind and the charset so
 * that no process attaches it as something else. Up to 8 bytes it is one word (the original's widths of 4 and 8
 * bytes, so a word written by the original decodes here and the reverse); above that it is a wide value with the
 * same encoding.
 *
 * @param <C> the collection type read back.
 * @param <S> the concrete handle type.
 */
abstract class EncodedCollection<C extends Collection<Object>, S extends EncodedCollection<C, S>>
{
    private final BytesValue bytes;
    private final Charset charset;

    EncodedCollection(final BytesValue bytes, final Charset charset)
    {
        this.bytes = bytes;
        this.charset = charset;
    }

    static String format(final String kind, final Charset charset)
    {
        return kind + ":" + charset.name();
    }

    /**
     * Creates or attaches the bytes of a collection.
     *
     * @param capacity most encoded bytes; 0 to choose the original's width (4 or 8) from the initial value, or to
     *                 attach a one-word value of either width.
     */
    static BytesValue open(final SharedRegion region, final String name, final int capacity, final String format, final byte[] initial)
    {
        Objects.requireNonNull(region, "region");
        if (capacity == 0)
        {
            final int width = BitLayoutCodec.widthFor(initial.length);
            try
            {
                return StructureEntries.bytes(region, name, width, initial, format);
            }
            catch (final IncompatibleEntryException ex)
            {
                // An existing 8-byte value attached with a small initial value: attach it as it is.
                if (width == Long.BYTES)
                {
                    throw ex;
                }
                return StructureEntries.bytes(region, name, Long.BYTES, initial, format);
            }
        }
        if (capacity <= Long.BYTES && initial.length > capacity)
        {
            throw new IllegalArgumentException("the initial value needs " + initial.length + " bytes but the capacity is " + capacity);
        }
        // Capacities 1 to 8 become the original's widths of 4 or 8 bytes.
        return StructureEntries.bytes(region, name, capacity <= Long.BYTES ? BitLayoutCodec.widthFor(capacity) : capacity, initial, format);
    }

    /** Puts the elements in the order they are encoded in: canonical for sets, as given for lists. */
    abstract List<?> order(Collection<?> elements);

    /** Wraps decoded elements in the collection type read back. */
    abstract C wrap(List<Object> elements);

    final byte[] encode(final Collection<?> elements)
    {
        Objects.requireNonNull(elements, "elements");
        final byte[] encoded = BitLayoutCodec.encode(order(elements), charset);
        if (encoded.length > bytes.capacity())
        {
            throw new IllegalArgumentException("'" + bytes.name() + "' holds " + bytes.capacity() + " bytes but " + elements +
                " needs " + encoded.length + "; create the value with a larger capacity");
        }
        return encoded;
    }

    final C decode(final byte[] encoded)
    {
        return wrap(BitLayoutCodec.decode(encoded, charset));
    }

    /**
     * @return the entry name.
     */
    public final String name()
    {
        return bytes.name();
    }

    /**
     * @return the charset strings are encoded in, fixed at creation.
     */
    public final Charset charset()
    {
        return charset;
    }

    /**
     * @return most encoded bytes: 4 or 8 for a one-word value, or the capacity of a wide one.
     */
    public final int capacity()
    {
        return bytes.capacity();
    }

    /**
     * @return the current value (unmodifiable).
     */
    public final C get()
    {
        return decode(bytes.get());
    }

    /**
     * @param elements the new value.
     * @throws IllegalArgumentException if it cannot be encoded or does not fit; nothing changes.
     */
    public final void set(final Collection<?> elements)
    {
        bytes.set(encode(elements));
    }

    /**
     * @param elements the new value.
     * @return the previous value.
     */
    public final C getAndSet(final Collection<?> elements)
    {
        return decode(bytes.getAndSet(encode(elements)));
    }

    /**
     * Compares encodings, so equal collections (equal sets in any order) compare equal.
     *
     * @param expected the value expected.
     * @param update   the new value.
     * @return true if successful.
     */
    public final boolean compareAndSet(final Collection<?> expected, final Collection<?> update)
    {
        final byte[] updateBytes = encode(update);
        final byte[] expectedBytes;
        try
        {
            expectedBytes = encode(expected);
        }
        catch (final IllegalArgumentException ex)
        {
            // A value that cannot be stored cannot be the current value.
            return false;
        }
        return bytes.compareAndSet(expectedBytes, updateBytes);
    }

    /**
     * @param expected the value expected.
     * @param update   the new value.
     * @return the value before the operation.
     */
    public final C compareAndExchange(final Collection<?> expected, final Collection<?> update)
    {
        return decode(bytes.compareAndExchange(encode(expected), encode(update)));
    }

    /**
     * The original's compare_and_set: compares with {@code expected}'s value; on failure writes the current value
     * into {@code expected}.
     *
     * @param expected a value of the same kind, capacity and charset.
     * @param update   the new value.
     * @return true if successful.
     * @throws IllegalArgumentException if the capacities or charsets differ.
     */
    public final boolean compareAndSet(final S expected, final Collection<?> update)
    {
        return bytes.compareAndSet(expected.bytes(), encode(update));
    }

    /**
     * The original's store: sets this value to {@code source}'s.
     *
     * @param source a value of the same kind, capacity and charset.
     */
    public final void store(final S source)
    {
        bytes.store(source.bytes());
    }

    /**
     * The original's shift: atomically takes {@code source}'s value and writes the previous one into
     * {@code previousOut}.
     *
     * @param source      a value of the same kind, capacity and charset.
     * @param previousOut a value of the same kind, capacity and charset.
     */
    public final void shift(final S source, final S previousOut)
    {
        bytes.shift(source.bytes(), previousOut.bytes());
    }

    /**
     * Atomically applies {@code function} (a CAS loop for a one-word value, it may run more than once; once under
     * the writer lock for a wide value).
     *
     * @param function maps the current value to the new one.
     * @return the new value.
     */
    public final C updateAndGet(final UnaryOperator<C> function)
    {
        return decode(bytes.updateAndGet(current -> encode(function.apply(decode(current)))));
    }

    final BytesValue bytes()
    {
        return bytes;
    }

    /**
     * @return the current value, or "closed" once the region is closed.
     */
    @Override
    public final String toString()
    {
        return bytes.region().isClosed() ? "closed" : get().toString();
    }

}
