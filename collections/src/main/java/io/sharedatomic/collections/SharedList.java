package io.sharedatomic.collections;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import io.sharedatomic.BytesValue;
import io.sharedatomic.SharedRegion;
import io.sharedatomic.collections.internal.BitLayoutCodec;

/**
 * A small list shared atomically as one whole value: the original's atomic_list, in its bit layout.
 *
 * <p>Elements are {@link Boolean}, {@link Integer} 0 to 127, {@link String} (encoded in the value's charset) and
 * {@link ByteString}, at most 7 bytes each; order and duplicates are kept, and {@code true} and {@code 1} are distinct
 * elements. Up to 8 encoded bytes the list is one word (every operation one CAS); a larger capacity chosen at creation makes it a
 * wide value with the same encoding. Empty lists cannot be encoded in this layout and are rejected, like integers
 * above 127 and other element types, with an {@link IllegalArgumentException} that changes nothing.
 *
 * <p><b>Safety:</b> the handle may be used by any thread; the value is safe across threads and processes, and every
 * operation is linearizable and sequentially consistent.
 */
public final class SharedList extends EncodedCollection<List<Object>, SharedList>
{
    private static final String KIND = "list";

    private SharedList(final BytesValue bytes, final Charset charset)
    {
        super(bytes, charset);
    }

    /**
     * The list of this name in UTF-8, created with {@code initial} if absent, in the original's width (4 or 8 bytes)
     * for its encoding.
     *
     * @param region  the region.
     * @param name    entry name.
     * @param initial initial elements.
     * @return a handle on the list.
     */
    public static SharedList of(final SharedRegion region, final String name, final Collection<?> initial)
    {
        return of(region, name, 0, StandardCharsets.UTF_8, initial);
    }

    /**
     * The list of this name, created with {@code initial} if absent.
     *
     * @param region   the region.
     * @param name     entry name.
     * @param capacity most encoded bytes: up to 8 gives one word of the original's 4 or 8 bytes, above 8 a wide value;
     *                 0 chooses the original's width for {@code initial}, or attaches a one-word value of either.
     * @param charset  strings' charset, fixed for the value's lifetime.
     * @param initial  initial elements.
     * @return a handle on the list.
     * @throws IllegalArgumentException               if {@code initial} cannot be encoded or does not fit.
     * @throws io.sharedatomic.IncompatibleEntryException if the name exists as another type, capacity or charset.
     */
    public static SharedList of(final SharedRegion region, final String name, final int capacity, final Charset charset,
        final Collection<?> initial)
    {
        final byte[] encoded = BitLayoutCodec.encode(new ArrayList<>(initial), charset);
        return new SharedList(open(region, name, capacity, format(KIND, charset), encoded), charset);
    }

    @Override
    List<?> order(final Collection<?> elements)
    {
        return new ArrayList<>(elements);
    }

    @Override
    List<Object> wrap(final List<Object> elements)
    {
        return Collections.unmodifiableList(elements);
    }

    /**
     * The original's reencode, as a new value: {@code newName} holds this list encoded in {@code newCharset}, with
     * this list's capacity.
     *
     * @param newName    name of the new value.
     * @param newCharset its charset.
     * @return the new value; this one is unchanged.
     * @throws IllegalArgumentException if an element cannot be encoded in {@code newCharset} (the message says so,
     *                                  unlike the original's "took larger space").
     */
    public SharedList reencode(final String newName, final Charset newCharset)
    {
        return of(bytes().region(), newName, capacity(), newCharset, get());
    }
}
