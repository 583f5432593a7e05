package io.sharedatomic.layout;

import java.util.Objects;

/**
 * What an entry is, as its record stores it: two processes asking for one name must ask for the same shape.
 *
 * @param typeId      type id (see {@code io.sharedatomic.ValueType}).
 * @param valueLength bytes of the value.
 * @param parameter   a type-specific number (a width, a capacity, a length), 0 if the type has none.
 * @param format   a type-specific ASCII text (a charset name), empty if the type has none.
 */
public record EntryShape(int typeId, long valueLength, long parameter, String format)
{
    /**
     * @param typeId      type id.
     * @param valueLength bytes of the value, positive.
     * @param parameter   type-specific number.
     * @param format   type-specific ASCII text, at most {@link EntryDescriptor#MAX_FORMAT_LENGTH} characters.
     */
    public EntryShape
    {
        Objects.requireNonNull(format, "format");
        if (valueLength <= 0)
        {
            throw new IllegalArgumentException("value length must be positive: " + valueLength);
        }
        if (format.length() > EntryDescriptor.MAX_FORMAT_LENGTH || !isPrintableAscii(format))
        {
            throw new IllegalArgumentException("format must be at most " + EntryDescriptor.MAX_FORMAT_LENGTH +
                " printable ASCII characters: '" + format + "'");
        }
    }

    // A plain loop: shapes are built on every lookup, and a stream here cost more than the rest of the lookup.
    private static boolean isPrintableAscii(final String text)
    {
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    // equals and hashCode are written out: a record's generated ones bootstrap method handles on their first call,
    // which cost about 25 ms of every JVM's first lookup.

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof EntryShape that && typeId == that.typeId && valueLength == that.valueLength &&
            parameter == that.parameter && format.equals(that.format);
    }

    @Override
    public int hashCode()
    {
        return ((31 * typeId + Long.hashCode(valueLength)) * 31 + Long.hashCode(parameter)) * 31 + format.hashCode();
    }

    /**
     * @param typeId      type id.
     * @param valueLength bytes of the value.
     * @return a shape without parameter or format.
     */
    public static EntryShape of(final int typeId, final long valueLength)
    {
        return new EntryShape(typeId, valueLength, 0, "");
    }
}
