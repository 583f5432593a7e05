package io.sharedatomic.collections;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.sharedatomic.BytesValue;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.internal.BitLayoutCodec;

/**
 * A small set shared atomically as one whole value: the original's atomic_set, in its bit layout.
 *
 * <p>Elements are {@link Boolean}, {@link Integer} 0 to 127, {@link String} (encoded in the value's charset) and
 * {@link ByteString}, at most 7 bytes each; {@code true} and {@code 1} are distinct elements. A set is encoded in one
 * canonical order (booleans, integers ascending, strings by their encoded bytes, byte strings), so equal sets give
 * equal encodings and compare-and-set between equal sets succeeds, which the original's hash order did not promise.
 * Up to 8 encoded bytes the set is one word (every operation one CAS); a larger capacity chosen at creation makes it a
 * wide value with the same encoding. Empty sets cannot be encoded in this layout and are rejected, like integers
 * above 127 and other element types, with an {@link IllegalArgumentException} that changes nothing.
 *
 * <p><b>Safety:</b> the handle may be used by any thread; the value is safe across threads and processes, and every
 * operation is linearizable and sequentially consistent.
 */
public final class SharedSet extends EncodedCollection<Set<Object>, SharedSet>
{
    private static final String KIND = "set";

    private SharedSet(final BytesValue bytes, final Charset charset)
    {
        super(bytes, charset);
    }

    /**
     * The set of this name in UTF-8, created with {@code initial} if absent, in the original's width (4 or 8 bytes)
     * for its encoding.
     *
     * @param region  the region.
     * @param name    entry name.
     * @param initial initial elements.
     * @return a handle on the set.
     */
    public static SharedSet of(final SharedRegion region, final String name, final Collection<?> initial)
    {
        return of(region, name, 0, StandardCharsets.UTF_8, initial);
    }

    /**
     * The set of this name, created with {@code initial} if absent.
     *
     * @param region   the region.
     * @param name     entry name.
     * @param capacity most encoded bytes: up to 8 gives one word of the original's 4 or 8 bytes, above 8 a wide value;
     *                 0 chooses the original's width for {@code initial}, or attaches a one-word value of either.
     * @param charset  strings' charset, fixed for the value's lifetime.
     * @param initial  initial elements.
     * @return a handle on the set.
     * @throws IllegalArgumentException               if {@code initial} cannot be encoded or does not fit.
     * @throws io.sharedatomic.IncompatibleEntryException if the name exists as another type, capacity or charset.
     */
    public static SharedSet of(final SharedRegion region, final String name, final int capacity, final Charset charset,
        final Collection<?> initial)
    {
        final byte[] encoded = BitLayoutCodec.encode(BitLayoutCodec.canonicalOrder(initial, charset), charset);
        return new SharedSet(open(region, name, capacity, format(KIND, charset), encoded), charset);
    }

    @Override
    List<?> order(final Collection<?> elements)
    {
        return BitLayoutCodec.canonicalOrder(elements, charset());
    }

    @Override
    Set<Object> wrap(final List<Object> elements)
    {
        return Collections.unmodifiableSet(new LinkedHashSet<>(elements));
    }

    /**
     * The original's reencode, as a new value: {@code newName} holds this set encoded in {@code newCharset}, with
     * this set's capacity.
     *
     * @param newName    name of the new value.
     * @param newCharset its charset.
     * @return the new value; this one is unchanged.
     * @throws IllegalArgumentException if an element cannot be encoded in {@code newCharset} (the message says so,
     *                                  unlike the original's "took larger space").
     */
    public SharedSet reencode(final String newName, final Charset newCharset)
    {
        return of(bytes().region(), newName, capacity(), newCharset, get());
    }
}
